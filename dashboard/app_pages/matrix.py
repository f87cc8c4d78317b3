"""WSIS–SDG Matrix: which links between action lines and SDGs the projects support, which the agencies proposed
with no project behind them yet, and which the projects show without a proposal (emerging), by the rule of
matrix/rule.py. A heat map of the three states (colour-blind-safe colours, a letter in each cell) with its
table; filters for regions, years, stakeholder types and WSIS Prizes finalists; a cell's projects with the
phrases that evidence each tag; the matrix as CSV, XLSX, PDF or Markdown. Filters and cell live in the URL.
Under it, the draft of the WSIS contribution to a year's HLPF (reports/hlpf.py), as `wsis report --hlpf` writes it."""

import datetime as dt
from functools import partial

import altair as alt
import pandas as pd
import streamlit as st
from elasticsearch import ApiError, TransportError

from dashboard.i18n import action_line_label, choose, current_language, region_label, sdg_label, t, translator
from dashboard.render import escape_markdown
from reports.hlpf import build_hlpf, hlpf_document, hlpf_reviews
from reports.hlpf_files import RENDERERS, STATE_COLOURS, render
from reports.hlpf_matrix import (
    STATE_NAMES,
    STATES,
    MatrixScope,
    build_matrix,
    matrix_document,
    prize_results,
    rule_text,
)
from schemas.clients import search_client
from schemas.reference import ACTION_LINES, ITU_REGIONS, STAKEHOLDER_TYPES
from schemas.settings import get_settings
from storage.matrix_index import MatrixIndex, matrix_index_name
from storage.prize_index import PrizeIndex

FIRST_YEAR = 2000


@st.cache_resource
def indices() -> tuple[MatrixIndex, PrizeIndex]:
    settings = get_settings()
    client = search_client(settings, "door")
    layout = settings.index_layout
    return MatrixIndex(client, matrix_index_name(settings), layout), PrizeIndex(client, settings.prize_index, layout)


def start_from_url() -> None:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    years = [int(v[0]) for v in (params.get("from"), params.get("to")) if v and v[0].isdigit()]
    st.session_state["matrix_regions"] = [r for r in params.get("region", []) if r in ITU_REGIONS]
    st.session_state["matrix_types"] = [s for s in params.get("type", []) if s in STAKEHOLDER_TYPES]
    st.session_state["matrix_from"] = years[0] if len(years) == 2 else FIRST_YEAR
    st.session_state["matrix_to"] = years[-1] if len(years) == 2 else dt.date.today().year
    st.session_state["matrix_finalists"] = params.get("finalists") == ["1"]
    st.session_state["matrix_cell_wanted"] = (params.get("cell") or [None])[0]


def write_url(scope: MatrixScope, cell: str | None) -> None:
    wanted = {"lang": st.query_params.get_all("lang")} if "lang" in st.query_params else {}
    wanted |= {"region": list(scope.regions), "type": list(scope.stakeholder_types)}
    wanted |= {"from": [str(scope.years[0])], "to": [str(scope.years[1])]} if scope.years else {}
    wanted |= {"finalists": ["1"]} if scope.finalists_only else {}
    wanted |= {"cell": [cell]} if cell else {}
    wanted = {k: v for k, v in wanted.items() if v}
    if {key: st.query_params.get_all(key) for key in st.query_params} != wanted:
        st.query_params.from_dict(wanted)


def cell_label(cell: str) -> str:
    line, goal = cell.split("|", 1)
    return f"{action_line_label(line)} × {sdg_label(int(goal))}"


if "matrix_from" not in st.session_state:
    start_from_url()
st.title(t("WSIS–SDG Matrix"))
st.caption(rule_text(t))
region_column, type_column = st.columns(2)
region_column.multiselect(t("ITU regions"), list(ITU_REGIONS), key="matrix_regions", format_func=region_label,
                          placeholder=choose(ITU_REGIONS, many=True))
type_column.multiselect(t("Stakeholder types"), list(STAKEHOLDER_TYPES), key="matrix_types", format_func=t,
                        placeholder=choose(STAKEHOLDER_TYPES, many=True))
from_column, to_column, finalists_column = st.columns([1, 1, 2])
from_column.number_input(t("From year"), min_value=1990, max_value=2100, step=1, key="matrix_from")
to_column.number_input(t("To year"), min_value=1990, max_value=2100, step=1, key="matrix_to")
finalists_column.checkbox(t("WSIS Prizes finalists only"), key="matrix_finalists")
year_from, year_to = int(st.session_state["matrix_from"]), int(st.session_state["matrix_to"])
if year_from > year_to:
    st.error(t("The period starts after it ends."))
    st.stop()
scope = MatrixScope(tuple(st.session_state["matrix_regions"]), (year_from, year_to),
                    tuple(st.session_state["matrix_types"]), bool(st.session_state["matrix_finalists"]))
try:
    matrix_index, prize_index = indices()
    results = prize_results(prize_index)
    report = build_matrix(matrix_index, prize_index, scope, results)
except (ApiError, TransportError) as error:
    st.error(t("The search server did not answer: {error}", error=error))
    st.stop()

counts = report.state_counts()
for column, (label, value) in zip(st.columns(4), [(t("Projects"), report.totals.projects)]
                                  + [(t(STATE_NAMES[s]), counts[s]) for s in STATES], strict=True):
    column.metric(label, value, border=True)

shown = [c for c in report.cells if c.state != "observed"]
names = {s: t(STATE_NAMES[s]) for s in STATES}
rows = pd.DataFrame([{"cell": f"{c.line}|{c.goal}", "line": c.line, "goal": int(c.goal), "state": names[c.state],
                      "letter": STATE_COLOURS[c.state][1], "projects": c.projects, "lift": c.lift}
                     for c in sorted(shown, key=lambda c: (ACTION_LINES.index(c.line), int(c.goal)))])
chosen = None
chart_column, table_column = st.columns([3, 2])
if shown:
    base = alt.Chart(rows).encode(x=alt.X("goal:O", title=t("SDG")),
                                  y=alt.Y("line:N", title=t("Action line"), sort=list(ACTION_LINES),
                                          axis=alt.Axis(labelOverlap=False)))
    pick = alt.selection_point(fields=["cell"], name="pick")
    chart = (base.mark_rect().encode(
        color=alt.Color("state:N", title=t("State"), scale=alt.Scale(
            domain=[names[s] for s in STATES], range=[STATE_COLOURS[s][0] for s in STATES])),
        tooltip=[alt.Tooltip("line:N", title=t("Action line")), alt.Tooltip("goal:O", title=t("SDG")),
                 alt.Tooltip("state:N", title=t("State")), alt.Tooltip("projects:Q", title=t("Projects")),
                 alt.Tooltip("lift:Q", title=t("Lift"))]).add_params(pick)
             + base.mark_text(fontSize=9).encode(text="letter:N")).properties(
        description=t("WSIS–SDG Matrix"), height=22 * rows["line"].nunique() + 40)
    event = chart_column.altair_chart(chart, on_select="rerun", key="matrix_chart")
    picked = (event or {}).get("selection", {}).get("pick") or []
    chosen = picked[0].get("cell") if picked else None
    chart_column.caption(t("S: supported · P: proposed, no evidence yet · E: emerging"))
    table_column.dataframe(rows[["line", "goal", "state", "projects", "lift"]].rename(columns={
        "line": t("Action line"), "goal": t("SDG"), "state": t("State"), "projects": t("Projects"),
        "lift": t("Lift")}), hide_index=True)
else:
    st.info(t("No project matches these filters yet."))

cells = [f"{c.line}|{c.goal}" for c in report.cells if c.projects or c.state != "observed"]
wanted = chosen or st.session_state.pop("matrix_cell_wanted", None)
if wanted in cells:
    st.session_state["matrix_cell"] = wanted
elif st.session_state.get("matrix_cell") not in cells:  # the filters changed: that cell is gone
    st.session_state["matrix_cell"] = None
st.selectbox(t("Cell"), [None, *cells], key="matrix_cell", placeholder=choose(cells),
             format_func=lambda c: cell_label(c) if c else t("Choose a cell to see its projects"))
cell = st.session_state.get("matrix_cell")
write_url(scope, cell)

language = current_language()
document = matrix_document(report, translator(language))
for column, fmt in zip(st.columns(len(RENDERERS)), RENDERERS, strict=True):  # each file made when it is asked for
    column.download_button(t("Download {format}", format=fmt.upper()),
                           partial(render, document, fmt, translator(language)),
                           file_name=f"wsis-sdg-matrix-{language}.{fmt}", mime=RENDERERS[fmt][1],
                           on_click="ignore", key=f"matrix_download_{fmt}")

if cell:
    line, goal = cell.split("|", 1)
    view = next(c for c in report.cells if f"{c.line}|{c.goal}" == cell)
    st.subheader(cell_label(cell), anchor=False)
    st.caption(t("{state}: {projects} projects, {expected} expected by chance (lift {lift}).",
                 state=t(STATE_NAMES[view.state]), projects=view.projects, expected=view.expected, lift=view.lift))
    ids = sorted(results) if scope.finalists_only else None
    for project in matrix_index.projects(cell, scope.filter(), ids, limit=200):
        st.markdown(f"**{escape_markdown(project.title)}** — {escape_markdown(project.organisation)} · "
                    f"{escape_markdown(region_label(project.region))} · {project.year}")
        st.markdown(t("Why {line}: {phrases}", line=line,
                      phrases=escape_markdown("; ".join(project.evidence.get(line, []))))
                    + "  \n" + t("Why SDG {goal}: {phrases}", goal=goal,
                                 phrases=escape_markdown("; ".join(project.evidence.get(goal, [])))))

st.divider()
if st.toggle(t("HLPF contribution draft"), key="matrix_hlpf"):
    reviews = hlpf_reviews(get_settings())
    hlpf_year = st.selectbox(t("HLPF year"), sorted(reviews, reverse=True), key="matrix_hlpf_year",
                             placeholder=choose(reviews))
    draft = hlpf_document(build_hlpf(matrix_index, prize_index, hlpf_year, reviews), translator(language))
    st.subheader(draft.title, anchor=False)
    st.caption(draft.subtitle)
    overview = draft.tables[0]
    st.dataframe(pd.DataFrame(overview.rows, columns=list(overview.header)), hide_index=True)
    for column, fmt in zip(st.columns(3), ("pdf", "xlsx", "md"), strict=True):
        column.download_button(t("Download {format}", format=fmt.upper()),
                               partial(render, draft, fmt, translator(language)),
                               file_name=f"wsis-hlpf-{hlpf_year}-{language}.{fmt}", mime=RENDERERS[fmt][1],
                               on_click="ignore", key=f"hlpf_download_{fmt}")
