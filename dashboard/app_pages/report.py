"""Regional report: key figures with their change against the previous period, submissions per year, per action
line and per SDG, the action line × SDG heat map, a map of countries, the stakeholder mix, the top projects and
the region's WSIS Prize winners and champions, with the report as PDF, XLSX, CSV or Markdown to download. The
figures come from the same function as `wsis report` (reports/figures.py: build_report), so the page and
the files show the same numbers.

The region and period live in the URL (?region=Africa&from=2021&to=2025). Without them, a regional office user
starts on their own region: sign-in (dashboard/session.py) puts it in st.session_state["user_region"].
"""

import datetime as dt
from functools import partial

import altair as alt
import pandas as pd
import streamlit as st
from elasticsearch import ApiError, TransportError

from dashboard.a11y import SEQUENTIAL, chart_with_table
from dashboard.data import regional_report, report_file, url_params
from dashboard.i18n import (
    action_line_label,
    category_label,
    choose,
    country_label,
    current_language,
    region_label,
    sdg_label,
    t,
    tn,
)
from dashboard.render import escape_markdown
from reports.export import RENDERERS, file_name
from reports.figures import Scope, country_name
from reports.ranking import QueryRefused
from reports.tables import method_notes
from reports.world import geojson
from schemas.countries import countries_in_region
from schemas.reference import ITU_REGIONS, STAKEHOLDER_TYPES

REGIONS: list[str | None] = [None, *ITU_REGIONS]
# the key figures' labels as the page shows them: short enough for a metric's width in every language (the full
# label is the metric's help)
SHORT_LABELS = {"Submissions": "Projects", "Countries": "Countries", "Organisations": "Organisations",
                "Action lines covered": "Action lines", "SDGs covered": "SDGs", "Completed projects": "Completed"}


def start_from_url() -> None:
    params = url_params()
    region = (params.get("region") or [st.session_state.get("user_region")])[0]
    years = [int(v[0]) for v in (params.get("from"), params.get("to")) if v and v[0].isdigit()]
    year_to = years[-1] if len(years) == 2 else dt.date.today().year
    st.session_state["report_region"] = region if region in ITU_REGIONS else None
    st.session_state["report_to"] = year_to
    st.session_state["report_from"] = years[0] if len(years) == 2 else year_to - 4


COUNTS = alt.Axis(format="d", tickMinStep=1)  # projects are counted in whole numbers


def bars(counts: dict, previous: dict, label: str, names: dict, kind: str) -> alt.Chart:
    """Counts of this period (and of the previous one, paler) per category (`kind`: what they are), in the order
    given."""
    period, before = t("this period"), t("previous period")
    rows = [{"key": names[k], label: n, "period": period} for k, n in counts.items()]
    rows += [{"key": names[k], label: n, "period": before} for k, n in previous.items()]
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        y=alt.Y("key:N", sort=[names[k] for k in counts], title=None),
        x=alt.X(f"{label}:Q", title=label, axis=COUNTS),
        yOffset=alt.YOffset("period:N", sort=[period, before]),
        color=alt.Color("period:N", sort=[period, before], title=None),
        tooltip=[alt.Tooltip("key:N", title=kind), alt.Tooltip(f"{label}:Q"),
                 alt.Tooltip("period:N", title=t("Period"))],
    )


def heatmap(rows: dict[str, dict[int, int]]) -> alt.Chart:
    data = pd.DataFrame([{"line": code, "sdg": sdg, "projects": n} for code, row in rows.items()
                         for sdg, n in row.items()])
    base = alt.Chart(data).encode(x=alt.X("sdg:O", title=t("SDG")),
                                  y=alt.Y("line:N", sort=list(rows), title=t("Action line")))
    cells = base.mark_rect().encode(color=alt.Color("projects:Q", title=t("Projects")),
                                    tooltip=[alt.Tooltip("line:N", title=t("Action line")),
                                             alt.Tooltip("sdg:O", title=t("SDG")),
                                             alt.Tooltip("projects:Q", title=t("Projects"))])
    return cells + base.mark_text(fontSize=9).encode(text=alt.condition("datum.projects > 0", "projects:Q",
                                                                        alt.value("")))


def figures(counts: dict, previous: dict | None, label: str, names: dict) -> pd.DataFrame:
    table = {label: [names[k] for k in counts], t("Projects"): list(counts.values())}
    return pd.DataFrame(table | ({t("previous period"): [previous[k] for k in counts]} if previous else {}))


def country_map(counts: dict[str, int], region: str | None) -> dict:
    """The map as a Vega-Lite spec written here: Altair walks every point of the outlines it is given (seconds per
    run), a plain spec goes to the browser as it is."""
    shapes = geojson(counts, {code: t(country_name(code)) for code in counts})
    if region:  # its member states, and its territories that have projects (Europe's lie in every ocean)
        members = {c.code for c in countries_in_region(region) if c.rule != "territory" or counts.get(c.code)}
        shapes["features"] = [f for f in shapes["features"] if f["properties"]["code"] in members]
    projects = {"field": "properties.projects", "type": "quantitative", "title": t("Projects")}
    return {
        "data": {"values": shapes["features"]},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.4},
        "encoding": {"color": projects | {"scale": {"scheme": SEQUENTIAL}},
                     "tooltip": [{"field": "properties.name", "type": "nominal", "title": t("Country")}, projects]},
        "projection": {"type": "equalEarth"}, "height": 420,
    }


def section(title: str, chart: alt.Chart | dict, table: pd.DataFrame) -> None:
    st.subheader(title, anchor=False)
    if isinstance(chart, dict):  # a Vega-Lite spec, with its figures in a table as chart_with_table shows them
        st.vega_lite_chart(spec=chart | {"description": title}, width="stretch")
        with st.expander(t("{title}: the figures as a table", title=title)):
            st.dataframe(table, hide_index=True)
    else:
        chart_with_table(chart, table, title)

if "report_region" not in st.session_state:
    start_from_url()
st.title(t("Regional WSIS stocktaking report"))
region_column, from_column, to_column = st.columns([2, 1, 1])
region_column.selectbox(t("ITU region"), REGIONS, key="report_region", placeholder=choose(REGIONS),
                        format_func=lambda r: region_label(r) if r else t("All regions"))
from_column.number_input(t("From year"), min_value=1990, max_value=2100, step=1, key="report_from")
to_column.number_input(t("To year"), min_value=1990, max_value=2100, step=1, key="report_to")
try:
    scope = Scope(st.session_state["report_region"], int(st.session_state["report_from"]),
                  int(st.session_state["report_to"]))
except ValueError as error:
    st.error(t("The period starts after it ends.") if "after" in str(error) else str(error))
    st.stop()
wanted_url = {key: values for key, values in url_params().items() if key not in {"region", "from", "to"}}
wanted_url |= {"from": [str(scope.year_from)], "to": [str(scope.year_to)]}
wanted_url |= {"region": [scope.region]} if scope.region else {}
if url_params() != wanted_url:
    st.query_params.from_dict(wanted_url)

status = st.status(t("Preparing the report…"), expanded=False)
status.write(t("Counting the projects in the search index…"))
try:
    report = regional_report(scope)
except (ApiError, TransportError, QueryRefused) as error:
    status.update(label=t("The search server did not answer."), state="error")
    st.error(t("The search server did not answer: {error}", error=error))
    st.stop()
status.update(label=t("Drawing the charts…"))

previous = scope.previous()
st.caption(t("Changes are against {start}–{end}, the previous period of the same length.",
             start=previous.year_from, end=previous.year_to))
figures_shown = report.key_figures()
for row in (figures_shown[:3], figures_shown[3:]):
    for column, figure in zip(st.columns(len(row)), row, strict=True):
        column.metric(t(SHORT_LABELS[figure.label]), figure.value, delta=figure.change, border=True,
                      help=t("{figure}: {now} in {period}, {before} in {previous}.", figure=t(figure.label),
                             now=figure.value, period=scope.period, before=figure.previous,
                             previous=previous.period))
language = current_language()
for column, fmt in zip(st.columns(len(RENDERERS)), RENDERERS, strict=True):  # each file made when it is asked for
    column.download_button(t("Download {format}", format=fmt.upper()), partial(report_file, scope, fmt, language),
                           file_name=file_name(report, fmt), mime=RENDERERS[fmt][1], on_click="ignore",
                           key=f"download_{fmt}")

now, before = report.current, report.previous
lines = {code: action_line_label(code) for code in now.per_action_line}
sdgs = {sdg: sdg_label(sdg) for sdg in now.per_sdg}
countries = {code: t(country_name(code)) for code in now.per_country}
stakeholders = {kind: t(kind) for kind in now.stakeholders}
sections = [
    (t("Submissions per year"), alt.Chart(pd.DataFrame({"year": [str(y) for y in now.per_year],
                                                        "projects": list(now.per_year.values())})).mark_bar().encode(
        x=alt.X("year:O", title=t("Year")), y=alt.Y("projects:Q", title=t("Projects"), axis=COUNTS),
        tooltip=[alt.Tooltip("year:O", title=t("Year")), alt.Tooltip("projects:Q", title=t("Projects"))]),
     figures(now.per_year, None, t("Year"), {y: str(y) for y in now.per_year})),
    (t("Submissions per action line"), bars(now.per_action_line, before.per_action_line, t("Projects"), lines,
                                            t("Action line")),
     figures(now.per_action_line, before.per_action_line, t("Action line"), lines)),
    (t("Submissions per SDG"), bars(now.per_sdg, before.per_sdg, t("Projects"), sdgs, t("SDG")),
     figures(now.per_sdg, before.per_sdg, t("SDG"), sdgs)),
    (t("Action lines × SDGs: projects linked to both"), heatmap(now.heatmap),
     pd.DataFrame([[lines[code], *row.values()] for code, row in now.heatmap.items()],
                  columns=[t("Action line"), *(f"{t('SDG')} {s}" for s in sdgs)])),
    (t("Map of countries"), country_map(now.per_country, scope.region),
     figures(now.per_country, None, t("Country"), countries)),
    (t("Stakeholder mix"), alt.Chart(pd.DataFrame({"type": list(stakeholders.values()),
                                                   "projects": list(now.stakeholders.values())})).mark_arc(
        innerRadius=50).encode(theta="projects:Q", color=alt.Color(  # each type keeps its colour in every language
            "type:N", title=t("Stakeholder type"), scale=alt.Scale(domain=[t(kind) for kind in STAKEHOLDER_TYPES])),
                               tooltip=[alt.Tooltip("type:N", title=t("Stakeholder type")),
                                        alt.Tooltip("projects:Q", title=t("Projects"))]),
     figures(now.stakeholders, before.stakeholders, t("Stakeholder type"), stakeholders)),
]
for title, chart, table in sections:
    section(title, chart, table)
st.subheader(t("Top projects"), anchor=False)
region_rule, ranking_rule = method_notes(t)
st.caption(ranking_rule)
for rank, project in enumerate(report.top_projects, 1):
    prize = {"winner": t("Winner"), "champion": t("Champion")}.get(project.prize or "")
    copies = tn("{count} copy folded", "{count} copies folded", project.folded, count=project.folded)
    place = " · ".join(filter(None, [project.organisation, project.country and country_label(project.country),
                                     str(project.year), prize, copies if project.folded else None]))
    st.markdown(f"{rank}\\. **{escape_markdown(project.title)}** — {escape_markdown(place)}")
if report.prizes:
    st.subheader(t("WSIS Prizes: winners and champions"), anchor=False)
    for prize in report.prizes:
        result = t("Winner") if prize.winner else t("Champion")
        place = " · ".join(filter(None, [prize.organisation, prize.country and country_label(prize.country)]))
        st.markdown(f"{prize.year} · {category_label(prize.category)} · **{result}**: "
                    f"{escape_markdown(prize.title)} — {escape_markdown(place)}")
st.caption(region_rule)
status.update(label=t("Report ready: {region}, {period}", region=region_label(scope.region) if scope.region
                      else t("All regions"), period=scope.period), state="complete")
