"""The dashboard's connection to the search server, made once per process."""

import streamlit as st

from indexer.search import SearchRequest, SearchResult, search
from indexer.submission_index import SubmissionIndex, connect
from wsis.settings import get_settings


@st.cache_resource
def submission_index() -> SubmissionIndex:
    settings = get_settings()
    return SubmissionIndex(connect(settings, request_timeout=10), settings.index_alias)


@st.cache_data(ttl=5, show_spinner=False)
def run_search(request: SearchRequest) -> SearchResult:
    return search(submission_index(), request)
