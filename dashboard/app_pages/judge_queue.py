"""A judge's queue: the entries assigned to them, a rubric form per entry (the eight published criteria and a
comment), a conflict-of-interest declaration, and their progress. A score given, the page waits for the prize index
to show it and draws itself again, so the entry and the progress count it."""

import streamlit as st

from dashboard.i18n import category_label, choose, country_label, region_label, t, tn, translated
from dashboard.prize_data import judge_queue
from dashboard.render import escape_markdown
from dashboard.session import current_user, prize_actions, prize_index, prize_years
from dashboard.settle import shown_within
from producers.prize_actions import ActionRefused
from schemas.prizes import CRITERIA, SCORE_MAX, SCORE_MIN

MARKS = list(range(SCORE_MIN, SCORE_MAX + 1))


def refresh_when_shown(entry_id: str, marks: dict[str, int], said: str) -> None:
    """Wait until the prize index shows the judge's new marks on the entry, then draw the page again with them
    (and with `said`); if the prizes worker is slow, say so."""
    if not shown_within(lambda: any(score.judge == user.username and score.criteria == marks
                                    for score in getattr(prize_index().entry(entry_id), "scores", []))):
        st.warning(t("Done, but the prize index does not show it yet: is the prizes worker running? "
                     "Reload the page in a moment."))
        return
    st.session_state["judge-said"] = said
    st.rerun()


st.title(t("My assignments"))
user = current_user()
if "judge-said" in st.session_state:  # what the last action said, before the refresh that followed it
    st.success(st.session_state.pop("judge-said"))
years = prize_years()
if not years:
    st.info(t("No prize cycle is open."))
    st.stop()
year = st.selectbox(t("Prize year"), years, placeholder=choose(years))
try:
    queue = judge_queue(prize_index(), user, year)
except ActionRefused as refusal:
    st.error(translated(refusal.reason))
    st.stop()

scored = sum(1 for entry in queue if entry.scores)
st.progress(scored / len(queue) if queue else 0.0,
            text=tn("{scored} of {total} entry scored", "{scored} of {total} entries scored", len(queue), scored=scored,
                    total=len(queue)))
if not queue:
    st.info(t("No entries are assigned to you yet."))

for number, entry in enumerate(queue, 1):
    # Blind judging: no id that a search could turn into the organisation, on the page or in its widgets' keys
    shown_id = t("Entry {number}", number=number) if entry.blind else entry.entry_id
    key = f"{year}-{number}" if entry.blind else entry.entry_id
    own = entry.scores[0] if entry.scores else None
    status = t("scored {score:.2f}", score=own.total) if own else t("to score")
    with st.expander(f"{category_label(entry.category)} · {escape_markdown(entry.title)} · {status}"):
        country, region = entry.country, entry.region  # blind judging hides both
        where = country_label(country) if country else region and region_label(region)
        st.caption(escape_markdown(" · ".join(filter(None, [shown_id, entry.organisation, where]))))
        st.markdown(escape_markdown(entry.short_description or entry.description))
        if entry.conflicts:
            reason = entry.conflicts[0].reason or t("no reason given")
            st.warning(t("You declared a conflict of interest: {reason}", reason=reason))
            continue
        with st.form(f"score-{key}"):
            # No mark until the judge gives one (an untouched default must not become a score); a score already
            # given fills the form
            marks = {
                criterion: st.radio(t(name), MARKS, horizontal=True,
                                    index=MARKS.index(own.criteria[criterion]) if own else None)
                for criterion, name in CRITERIA.items()
            }
            comment = st.text_area(t("Comment"), own.comment if own else "")
            if st.form_submit_button(t("Submit score")):
                missing = [t(name) for criterion, name in CRITERIA.items() if marks[criterion] is None]
                if missing:
                    st.error(t("Give a mark for every criterion; still without a mark: {criteria}",
                               criteria="; ".join(missing)))
                else:
                    try:
                        prize_actions().score(user, entry.entry_id, marks, comment)
                    except ActionRefused as refusal:
                        st.error(translated(refusal.reason))
                    else:
                        said = t("Score recorded; the standings update in a moment.")
                        st.success(said)
                        refresh_when_shown(entry.entry_id, marks, said)
        with st.form(f"conflict-{key}"):
            reason = st.text_input(t("Reason"), placeholder=t("e.g. I advised this project"))
            if st.form_submit_button(t("Declare a conflict of interest")):
                try:
                    prize_actions().declare_conflict(user, entry.entry_id, reason)
                    st.success(t("Conflict recorded: this entry will be reassigned."))
                except ActionRefused as refusal:
                    st.error(translated(refusal.reason))
