"""Search projects: a text box, a region filter, and the matching projects with their tags."""

import streamlit as st
from elasticsearch import ApiError, TransportError

from dashboard.data import run_search
from dashboard.render import escape_markdown, highlighted
from indexer.search import SearchRequest
from schemas.reference import ITU_REGIONS, SDG_NAMES, action_line_names

st.title("WSIS Stocktaking: search projects")
text = st.text_input("Search text", placeholder="e.g. telemedicine, broadband, digital literacy")
regions = st.multiselect("ITU region", ITU_REGIONS)

try:
    result = run_search(SearchRequest(text=text, regions=tuple(regions)))
except (ApiError, TransportError) as error:
    st.error(f"The search server did not answer: {error}")
    st.stop()

st.caption(f"{result.total} projects")


lines = action_line_names()
for hit in result.hits:
    with st.container(border=True):
        st.subheader(escape_markdown(hit["title"]), anchor=False)
        place = " · ".join(filter(None, [hit["organisation"], hit.get("country"), hit["region"]]))
        st.caption(escape_markdown(f"{place} · {hit['stakeholder_type']} · {hit['status']} · since {hit['year']}"))
        snippets = hit["highlight"].get("description") or [hit["description"][:300]]
        st.markdown(" … ".join(highlighted(s) for s in snippets))
        st.text("Action lines: " + ", ".join(f"{c} {lines[c]}" for c in hit["action_lines"]))
        st.text("SDGs: " + ", ".join(f"{n} {SDG_NAMES[n]}" for n in hit["sdgs"]))
