"""Search projects: full text with highlighted snippets; facets with counts in the sidebar, combinable; sorted by
relevance or date; pages over a point in time; a detail view with every tag and its evidence.

The search lives in the URL (?q=…&region=…&sdg=…&sort=…&id=…), so a link shares it. Without one, a regional
office user starts on their own region: sign-in (dashboard/session.py) puts it in st.session_state["user_region"].
"""

from typing import Any

import streamlit as st
from elasticsearch import ApiError, TransportError

from dashboard.data import (
    FACETS,
    ResultPages,
    request_from_params,
    request_to_params,
    search_facets,
    submission,
    url_params,
)
from dashboard.i18n import (
    action_line_label,
    alphabetical,
    category_label,
    choose,
    country_label,
    current_language,
    labelled,
    listed,
    region_label,
    sdg_label,
    t,
    tn,
)
from dashboard.render import escape_markdown, highlighted
from dashboard.tagger_notes import tagger_note
from reports.figures import STATUSES, country_name
from schemas.countries import NOT_ITU_MEMBER
from schemas.reference import ACTION_LINES, ITU_REGIONS, PRIZE_CATEGORIES, SDG_NAMES, STAKEHOLDER_TYPES
from schemas.search_document import SubmissionDocument
from schemas.snippets import snippets
from schemas.submission import GLOBAL_REGION
from schemas.tags import ActionLineTag, SdgTag
from search.submissions import SORTS, Hit, SearchRequest

FACET_TITLES = {"region": "ITU region", "country": "Country", "stakeholder_type": "Stakeholder type",
                "action_line": "Action line", "sdg": "SDG", "year": "Year", "status": "Status",
                "prize_category": "Prize category"}
FIXED_OPTIONS: dict[str, list] = {"region": list(ITU_REGIONS),
                                  "stakeholder_type": list(STAKEHOLDER_TYPES), "action_line": list(ACTION_LINES),
                                  "sdg": sorted(SDG_NAMES),
                                  "status": list(STATUSES), "prize_category": sorted(PRIZE_CATEGORIES)}
# Shown when some project has them: global projects, and territories of no ITU member state (schemas/countries.py)
OCCASIONAL: dict[str, list] = {"region": [GLOBAL_REGION, NOT_ITU_MEMBER]}
LABELS = {"region": region_label, "country": lambda code: country_label(country_name(code)), "stakeholder_type": t,
          "action_line": action_line_label, "sdg": sdg_label, "year": str, "status": t,
          "prize_category": category_label}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
URL_KEYS = {"q", "sort", "id", *FACETS}  # this page's part of the URL; the rest (e.g. ?lang=) is left alone


def start_from_url() -> None:
    """First run of this session: the widgets start from the URL, else from the user's region."""
    params = {key: values for key, values in url_params().items() if key in URL_KEYS}
    start = request_from_params(params)
    if not params and st.session_state.get("user_region") in ITU_REGIONS:
        start = SearchRequest(region=(st.session_state["user_region"],))
    st.session_state["search_text"], st.session_state["search_sort"] = start.text, start.sort
    for facet in FACETS:
        st.session_state[f"search_{facet}"] = list(getattr(start, facet))
    st.session_state["search_detail"] = (params.get("id") or [None])[0]


def current_request() -> SearchRequest:
    return SearchRequest(text=st.session_state["search_text"], sort=st.session_state["search_sort"],
                         language=current_language(),
                         **{facet: tuple(st.session_state[f"search_{facet}"]) for facet in FACETS})


def facet_filter(facet: str, counts: dict[Any, int]) -> None:
    selected = st.session_state[f"search_{facet}"]
    options = FIXED_OPTIONS.get(facet, []) + [v for v in OCCASIONAL.get(facet, []) if counts.get(v) or v in selected] \
        or sorted(set(counts) | set(selected), reverse=facet == "year",
                                                 key=lambda v: v if facet == "year" else alphabetical(LABELS[facet](v)))
    st.multiselect(t(FACET_TITLES[facet]), options, key=f"search_{facet}", placeholder=choose(options, many=True),
                   format_func=lambda value: f"{LABELS[facet](value)} ({counts.get(value, 0)})")


def tag_lines(codes: list, tags: dict[Any, SdgTag | ActionLineTag], declared: list, label: Any) -> None:
    """Each tag: declared and/or detected with its score, and the evidence for it."""
    for code in codes:
        tag = tags.get(code)
        how = [t("declared by the submitter")] if code in declared else []
        how += [t("detected, score {score:.2f}", score=tag.score)] if tag else []
        st.markdown(f"**{escape_markdown(label(code))}** — {escape_markdown(listed(how) or t('via a C7 sub-line'))}")
        for evidence in tag.evidence if tag else []:
            targets = f" ({t('targets')} {listed(evidence.targets)})" if evidence.targets else ""
            detail = evidence.detail if evidence.kind == "phrase" else tagger_note(evidence.detail)
            st.markdown(f"- {escape_markdown(t(evidence.kind))}: {escape_markdown(detail + targets)}")


def back_to_results() -> None:
    st.session_state["search_detail"] = None
    if "id" in st.query_params:  # the results' widgets restart from the URL: it must not reopen the detail
        del st.query_params["id"]


def place(doc: SubmissionDocument) -> str:
    country = doc.country and country_label(doc.country)
    return " · ".join(filter(None, [doc.organisation, country, doc.region and region_label(doc.region)]))


def show_detail(doc: SubmissionDocument) -> None:
    st.button(t("← Back to the results"), on_click=back_to_results)
    st.header(escape_markdown(doc.title), anchor=False)
    dates = " – ".join(str(day) for day in (doc.start_date, doc.end_date) if day)
    st.caption(escape_markdown(" · ".join(filter(None, [place(doc), t(doc.stakeholder_type), t(doc.status),
                                                          dates]))))
    st.markdown(escape_markdown(doc.description))
    if doc.website:
        st.text(labelled(t("Website"), doc.website))
    st.subheader(t("Action lines"), anchor=False)
    tag_lines(doc.action_lines, {tag.code: tag for tag in doc.action_line_tags}, doc.declared_action_lines,
              action_line_label)
    st.subheader(t("SDGs"), anchor=False)
    tag_lines(doc.sdgs, {tag.sdg: tag for tag in doc.sdg_tags}, doc.declared_sdgs, sdg_label)
    if doc.prize_category:
        st.text(labelled(t("Suggested WSIS Prize category"), category_label(doc.prize_category)))
    for note in doc.disagreements:
        st.warning(escape_markdown(tagger_note(note)))


def show_hit(hit: Hit) -> None:
    doc = hit.document
    with st.container(border=True):
        st.subheader(escape_markdown(doc.title), anchor=False)
        st.caption(escape_markdown(f"{place(doc)} · {t(doc.stakeholder_type)} · {t(doc.status)} · {doc.year}"))
        shown = snippets(hit.highlight.get("description") or [], doc.description, limit=300)  # "…" where cut
        st.markdown(" ".join(highlighted(s) for s in shown))
        st.text(labelled(t("Action lines"), listed(action_line_label(c) for c in doc.action_lines)))
        st.text(labelled(t("SDGs"), listed(sdg_label(n) for n in doc.sdgs)))
        st.button(t("Details, tags and evidence"), key=f"detail_{doc.submission_id}",
                  on_click=lambda: st.session_state.update(search_detail=doc.submission_id))


if "search_text" not in st.session_state:
    start_from_url()
st.title(t("WSIS Stocktaking: search projects"))
request = current_request()
detail = st.session_state["search_detail"]
others = {key: values for key, values in url_params().items() if key not in URL_KEYS}
wanted_url = others | request_to_params(request) | ({"id": [detail]} if detail else {})
if url_params() != wanted_url:
    st.query_params.from_dict(wanted_url)

try:
    if detail:
        found = submission(detail)
        if found:
            show_detail(found)
            st.stop()
        st.warning(t("No project with the id {id}.", id=escape_markdown(detail)))
        st.session_state["search_detail"] = None
    counts = search_facets(request)
    with st.sidebar:
        st.header(t("Filter"), anchor=False)
        for facet in FACETS:
            facet_filter(facet, counts[facet])
    left, right = st.columns([3, 1])
    left.text_input(t("Search text"), key="search_text",
                    placeholder=t("e.g. telemedicine, broadband, digital literacy"))
    right.selectbox(t("Sort by"), list(SORTS), key="search_sort", format_func=lambda s: t(SORT_LABELS[s]),
                    placeholder=choose(SORTS))
    pages = ResultPages(request)
    page = pages.current()
except (ApiError, TransportError) as error:
    st.error(t("The search server did not answer: {error}", error=error))
    st.stop()

st.caption(t("more than {count} projects", count=page.total) if page.more
           else tn("{count} project", "{count} projects", page.total, count=page.total))
for hit in page.hits:
    show_hit(hit)
previous, number, following = st.columns([1, 2, 1])
previous.button(t("← Previous"), disabled=pages.number == 1, on_click=pages.back)
number.caption(t("Page {number}", number=pages.number))
following.button(t("Next →"), disabled=page.next is None, on_click=pages.forward, args=(page.next,))
