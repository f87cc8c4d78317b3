"""What the dashboard's pages read: the search server connection (made once per process), cached queries, the
search state kept in the URL, and which page of results a browser session is on."""

import functools
from collections.abc import Callable
from dataclasses import fields
from typing import Any, ParamSpec, TypeVar

import streamlit as st
from elasticsearch import NotFoundError

from dashboard.i18n import translator
from reports.export import Format, render
from reports.figures import RegionalReport, Scope, build_report
from schemas.clients import search_client
from schemas.search_document import SubmissionDocument
from schemas.settings import get_settings
from search.submissions import (
    FACET_FIELDS,
    SORTS,
    Cursor,
    Page,
    SearchRequest,
    close_point_in_time,
    facet_counts,
    first_page,
    get_document,
    get_documents,
    search_page,
    walk_on,
)
from storage.submission_index import SubmissionIndex

PAGE_SIZE = 10
_INT_FACETS = {"sdg", "year", "prize_category"}
_MAX_URL_VALUES = 50  # values kept per URL parameter: a shared link is a person's search, not a bulk query


@st.cache_resource
def submission_index() -> SubmissionIndex:
    settings = get_settings()
    return SubmissionIndex(search_client(settings, "door"), settings.index_alias, settings.index_layout)


P = ParamSpec("P")
R = TypeVar("R")


class _NotKept(Exception):
    """Carries an answer out of a cached function without caching it (Streamlit never caches an exception)."""

    def __init__(self, answer: object) -> None:
        self.answer = answer


def cached_unless_empty(ttl: int, empty: Callable[[R], bool]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """st.cache_data for answers worth keeping: an empty one (the index still filling, a search server that was
    away) is shown once and asked again next time, never served from the cache for `ttl` seconds. Failures are
    never cached either."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @st.cache_data(ttl=ttl, show_spinner=False)
        @functools.wraps(function)
        def kept(*args: P.args, **kwargs: P.kwargs) -> R:
            answer = function(*args, **kwargs)
            if empty(answer):
                raise _NotKept(answer)
            return answer

        @functools.wraps(function)
        def read(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return kept(*args, **kwargs)
            except _NotKept as not_kept:
                return not_kept.answer  # type: ignore[return-value]

        return read

    return decorate


@cached_unless_empty(ttl=10, empty=lambda counts: not any(counts.values()))
def search_facets(request: SearchRequest) -> dict[str, dict[Any, int]]:
    return facet_counts(submission_index(), request)


@cached_unless_empty(ttl=60, empty=lambda page: page.total == 0)
def _search_page(request: SearchRequest, cursor: Cursor, size: int) -> Page:
    return search_page(submission_index(), request, cursor, size)


def projects(submission_ids: set[str]) -> dict[str, SubmissionDocument]:
    """The indexed projects asked for (uncached: an organiser enters what is there now)."""
    return get_documents(submission_index(), submission_ids)


@cached_unless_empty(ttl=10, empty=lambda document: document is None)
def submission(submission_id: str) -> SubmissionDocument | None:
    return get_document(submission_index(), submission_id)


@cached_unless_empty(ttl=60, empty=lambda report: report.current.submissions == 0)
def regional_report(scope: Scope) -> RegionalReport:
    """The one computation of a report's figures (reports/figures.py), as `wsis report` makes it."""
    return build_report(submission_index(), scope, prize_index=get_settings().prize_index)


@cached_unless_empty(ttl=300, empty=lambda made: made[1] == 0)
def _report_file(scope: Scope, format: Format, language: str) -> tuple[bytes, int]:
    report = regional_report(scope)
    return render(report, format, translator(language)), report.current.submissions


def report_file(scope: Scope, format: Format, language: str) -> bytes:
    """The report's file; the file of a report with no project in it is made again next time, never kept."""
    return _report_file(scope, format, language)[0]


# --- the search in the URL: ?q=…&region=Africa&region=Europe&sdg=4&sort=newest&id=… -------------------------

def request_to_params(request: SearchRequest) -> dict[str, list[str]]:
    params = {"q": [request.text]} if request.text else {}
    params |= {facet: [str(v) for v in values] for facet, values in request.selected().items() if values}
    return params | ({"sort": [request.sort]} if request.sort != "relevance" else {})


def request_from_params(params: dict[str, list[str]]) -> SearchRequest:
    """The search a shared link describes; values that are not what a facet holds are dropped."""
    selected: dict[str, tuple] = {}
    for facet in FACET_FIELDS:
        values = [v[:100] for v in params.get(facet, [])][:_MAX_URL_VALUES]
        if facet in _INT_FACETS:
            selected[facet] = tuple(dict.fromkeys(int(v) for v in values if v.isdigit()))
        else:
            selected[facet] = tuple(dict.fromkeys(values))
    sort = (params.get("sort") or ["relevance"])[0]
    text = (params.get("q") or [""])[0][:500]
    return SearchRequest(text=text, sort=sort if sort in SORTS else "relevance", **selected)  # type: ignore[arg-type]


def url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


FACETS = [f.name for f in fields(SearchRequest) if f.name in FACET_FIELDS]


class ResultPages:
    """The pages of one search a browser session has walked through: a stack of cursors, page 1 read from the live
    index and the pages after it from one point in time opened by the first "Next" (the previous search's is
    closed when the search changes), back to page 1 if it expired."""

    _KEY = "search_result_pages"

    def __init__(self, request: SearchRequest) -> None:
        self.request = request
        state = st.session_state.get(self._KEY)
        if state is None or state["request"] != request:
            if state is not None:
                self._close(state["cursors"][-1])
            st.session_state[self._KEY] = {"request": request, "cursors": [first_page()]}
        self.cursors: list[Cursor] = st.session_state[self._KEY]["cursors"]

    @property
    def number(self) -> int:
        return len(self.cursors)

    def current(self) -> Page:
        try:
            return _search_page(self.request, self.cursors[-1], PAGE_SIZE)
        except NotFoundError:  # the point in time expired while the page was idle: start again at page 1
            self.cursors[:] = [first_page()]
            return _search_page(self.request, self.cursors[-1], PAGE_SIZE)

    def forward(self, cursor: Cursor) -> None:
        self.cursors.append(walk_on(submission_index(), cursor))

    def back(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()

    @staticmethod
    def _close(cursor: Cursor) -> None:
        try:
            close_point_in_time(submission_index(), cursor)
        except NotFoundError:
            pass
