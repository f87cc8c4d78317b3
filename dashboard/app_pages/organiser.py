"""The organisers' console: the prize cycle and its phases, entering projects, assigning judges, standings,
the shortlist, the winners, exports and the audit trail."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.data import projects
from dashboard.i18n import category_label, choose, country_label, forward_arrow, t, tn, translated
from dashboard.prize_data import audit_trail, export_rows, standings, to_csv, to_xlsx
from dashboard.render import escape_markdown
from dashboard.session import current_user, prize_actions, prize_index, prize_years
from dashboard.settle import shown_within
from producers.prize_actions import ActionRefused, entry_from_document
from schemas.prizes import PHASE_NAMES, PHASES
from schemas.reference import PRIZE_CATEGORIES
from schemas.settings import get_settings
from storage.users import load_users

# The tables' columns: the field each shows and its heading (the CSV and XLSX exports keep the field names).
STANDINGS = {"category": "Category", "entry_id": "Entry", "title": "Title", "eligible": "Eligible",
             "reasons": "Why not eligible", "organisation": "Organisation", "country": "Country", "judges": "Judges",
             "score_count": "Scores", "mean": "Mean score", "normalised": "Normalised score",
             "disagreement": "Judges disagree", "nominated": "Nominated", "votes": "Votes", "held_votes": "Votes held",
             "duplicate_votes": "Repeated votes", "vote_rank": "Rank in the vote", "champion": "Champion",
             "winner": "Winner"}
AUDIT = {"at": "When", "actor": "Who", "role": "Role", "action": "Action", "outcome": "Outcome", "detail": "Detail"}


st.title(t("WSIS Prizes: organisers' console"))
user = current_user()
said: list[tuple[str, str]] = []  # this run's messages, shown again after the refresh that follows an action
for kind, text in st.session_state.pop("organiser-said", []):
    getattr(st, kind)(text)


def say(kind: str, text: str) -> None:
    said.append((kind, text))
    getattr(st, kind)(text)


def attempt(action: Callable[..., Any], *args: object, done: str | None) -> Any:
    """Run an action and say what happened (see `refresh`)."""
    try:
        result = action(*args)
    except ActionRefused as refusal:
        say("error", translated(refusal.reason))
        return None
    if done:
        say("success", done)
    return result


def refresh(shown: Callable[[], bool], year: int | None = None) -> None:
    """Wait until the prize index shows what the action changed, then draw the page again with it (and with its
    messages); if the prizes worker is slow, say so."""
    if not shown_within(shown):
        say("warning", t("Done, but the prize index does not show it yet: is the prizes worker running? "
                         "Reload the page in a moment."))
        return
    st.session_state["organiser-said"] = said
    if year is not None:
        st.session_state["prize-year"] = year
    st.rerun()


years = prize_years()
with st.expander(t("Open a prize cycle"), expanded=not years):
    with st.form("open-cycle"):
        new_year = st.number_input(t("Prize year"), 2000, 2100, dt.date.today().year + 1)
        starts = {p: st.date_input(t(PHASE_NAMES[p]), dt.date.today() + dt.timedelta(days=60 * i))
                  for i, p in enumerate(PHASES)}
        blind = st.checkbox(t("Blind judging: judges do not see the organisation and country"))
        if st.form_submit_button(t("Open the cycle")):
            if attempt(prize_actions().open_cycle, user, int(new_year), starts, blind, done=t("Cycle opened.")):
                refresh(lambda: prize_index().cycle(int(new_year)) is not None, int(new_year))
if not years:
    st.stop()

if st.session_state.get("prize-year") not in years:
    st.session_state["prize-year"] = years[0]  # the newest
year = st.selectbox(t("Prize year"), years, key="prize-year", placeholder=choose(years))
cycle = prize_index().cycle(year)
phase = cycle.phase if cycle else "submission"
st.subheader(t("Phase: {phase}", phase=t(PHASE_NAMES[phase])), anchor=False)
st.caption(f" {forward_arrow()} ".join(f"{t(PHASE_NAMES[p])} ({cycle.dates[p]})" for p in PHASES
                                       if cycle and p in cycle.dates))
if phase != PHASES[-1] and st.button(t("Move to the next phase")):
    changed = attempt(prize_actions().advance_phase, user, year, done=t("Phase changed."))
    if changed:
        refresh(lambda: getattr(prize_index().cycle(year), "phase", None) == changed.phase)

try:
    entries = standings(prize_index(), user, year)
except ActionRefused as refusal:
    st.error(translated(refusal.reason))
    st.stop()

enter, assign, ranking, shortlist, winners, audit = st.tabs(
    [t("Enter projects"), t("Assign judges"), t("Standings"), t("Shortlist"), t("Winners"), t("Audit trail")])

with enter, st.form("enter"):
    ids = st.text_area(t("Submission ids, one per line"))
    completed_phase = st.checkbox(t("The entrants declare the end of a major phase"))
    if st.form_submit_button(t("Enter into the {year} prizes", year=year)):
        wanted = {line.strip() for line in ids.splitlines() if line.strip()}
        found = projects(wanted)
        for missing in sorted(wanted - set(found)):
            say("error", t("No tagged submission {id}", id=missing))
        if not wanted:
            say("warning", t("Nothing entered: give the submission ids, one per line."))
        entered = []
        for project in found.values():
            try:
                entry = entry_from_document(project, year, major_phase_completed=completed_phase)
            except ActionRefused as refusal:
                say("error", f"{project.submission_id}: {translated(refusal.reason)}")
                continue
            if attempt(prize_actions().enter, user, entry, done=t("{id} entered", id=entry.entry_id)):
                entered.append(entry.entry_id)
        if entered:
            refresh(lambda: all(prize_index().entry(e) is not None for e in entered))

with assign, st.form("assign"):
    category = st.selectbox(t("Category"), list(PRIZE_CATEGORIES), format_func=category_label,
                            placeholder=choose(PRIZE_CATEGORIES))
    per_entry = st.number_input(t("Judges per entry"), 1, 10, 3)
    if st.form_submit_button(t("Assign")):
        judges = [u for u, _ in load_users(get_settings().users_path).values() if u.role == "judge"]
        plan = attempt(prize_actions().assign, user, year, category, judges, int(per_entry), done=None)
        if plan is not None:
            if plan.new:
                say("success", t("Assignments published."))
            say("info", tn("{count} new assignment", "{count} new assignments", len(plan.new), count=len(plan.new)))
            if plan.full:
                say("info", tn("{count} entry already had {per_entry} judges or more",
                               "{count} entries already had {per_entry} judges or more", len(plan.full),
                               count=len(plan.full), per_entry=int(per_entry)))
            for entry_id, missing in plan.short.items():
                say("warning", t("{id} lacks {missing} judges free of conflicts", id=entry_id, missing=missing))
            if plan.new:
                refresh(lambda: all(j in getattr(prize_index().entry(e), "judges", []) for e, j in plan.new))

with ranking:
    table = pd.DataFrame([e.model_dump(include=set(STANDINGS)) for e in entries], columns=list(STANDINGS))
    table["category"] = table["category"].map(category_label)
    table["country"] = table["country"].map(lambda name: country_label(name) if name else name)
    table["reasons"] = ["; ".join(map(translated, e.reason_messages)) or "; ".join(e.reasons)
                        for e in entries]  # in English from an entry indexed before reasons had templates
    st.dataframe(table.rename(columns={field: t(STANDINGS[field]) for field in STANDINGS}), hide_index=True)
    rows = export_rows(entries)
    st.download_button(t("Export CSV"), to_csv(rows), f"wsis-prizes-{year}.csv", "text/csv")
    st.download_button(t("Export XLSX"), to_xlsx(rows), f"wsis-prizes-{year}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

with shortlist, st.form("shortlist"):
    eligible = [e for e in entries if e.eligible and not e.nominated]
    per_category = st.number_input(t("Suggest the best N of each category"), 1, 100, 10)
    suggested = [entry_id for c in PRIZE_CATEGORIES  # entries come best first within each category
                 for entry_id in [e.entry_id for e in eligible if e.category == c and e.score_count]
                 [:int(per_category)]]
    titles = {e.entry_id: e.title for e in eligible}
    chosen = st.multiselect(t("Nominate"), list(titles), default=suggested, placeholder=choose(titles, many=True),
                            format_func=lambda entry: f"{titles[entry]} ({entry})")
    if st.form_submit_button(t("Nominate for public voting")):
        if not chosen:
            say("warning", t("Nothing nominated: choose the entries first."))
        elif attempt(prize_actions().nominate, user, chosen,
                     done=tn("{count} entry nominated", "{count} entries nominated", len(chosen), count=len(chosen))):
            refresh(lambda: all(getattr(prize_index().entry(e), "nominated", False) for e in chosen))

with winners:
    for category in sorted({e.category for e in entries if e.champion}):
        champions = [e for e in entries if e.category == category and e.champion]
        st.markdown(f"**{category_label(category)}**")
        titles = {e.entry_id: escape_markdown(e.title) for e in champions}  # a radio's labels are Markdown
        pick = st.radio(t("Winner"), list(titles), key=f"winner-{category}", format_func=titles.get)
        if st.button(t("Record the expert group's choice"), key=f"select-{category}"):
            if attempt(prize_actions().select_winner, user, pick, done=t("Winner recorded.")):
                refresh(lambda chosen=pick: getattr(prize_index().entry(chosen), "winner", False))

with audit:
    records = audit_trail(prize_index(), user, year)
    trail = pd.DataFrame([r.model_dump(include=set(AUDIT)) for r in records], columns=list(AUDIT))
    for field in ("role", "action", "outcome"):
        trail[field] = trail[field].map(t)
    trail["detail"] = [translated(r.detail_message) if r.detail_message else r.detail for r in records]
    st.dataframe(trail.rename(columns={field: t(AUDIT[field]) for field in AUDIT}), hide_index=True)
