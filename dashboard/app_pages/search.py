"""Search projects: a text box, a region filter, and the matching projects with their tags."""

import streamlit as st
from elasticsearch import ApiError, TransportError

from dashboard.data import run_search
from dashboard.i18n import action_line_label, region_label, sdg_label, t
from dashboard.render import escape_markdown, highlighted
from indexer.search import SearchRequest
from schemas.reference import ITU_REGIONS

st.title(t("WSIS Stocktaking: search projects"))
text = st.text_input(t("Search text"), placeholder=t("e.g. telemedicine, broadband, digital literacy"))
regions = st.multiselect(t("ITU region"), ITU_REGIONS, format_func=region_label)

try:
    result = run_search(SearchRequest(text=text, regions=tuple(regions)))
except (ApiError, TransportError) as error:
    st.error(t("The search server did not answer: {error}", error=error))
    st.stop()

st.caption(t("{count} projects", count=result.total))


for hit in result.hits:
    with st.container(border=True):
        st.subheader(escape_markdown(hit["title"]), anchor=False)
        place = " · ".join(filter(None, [hit["organisation"], hit.get("country"), hit["region"]]))
        st.caption(escape_markdown(f"{place} · {hit['stakeholder_type']} · {hit['status']} · since {hit['year']}"))
        snippets = hit["highlight"].get("description") or [hit["description"][:300]]
        st.markdown(" … ".join(highlighted(s) for s in snippets))
        st.text(t("Action lines") + ": " + ", ".join(action_line_label(c) for c in hit["action_lines"]))
        st.text(t("SDGs") + ": " + ", ".join(sdg_label(n) for n in hit["sdgs"]))
