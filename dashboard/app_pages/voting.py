"""Public voting: registered voters pick one project per category among the nominees; live tallies (a vote given,
the page waits for the prize index to count it and draws itself again)."""

import streamlit as st

from dashboard.i18n import category_label, choose, country_label, t, tn, translated
from dashboard.prize_data import nominees
from dashboard.render import escape_markdown
from dashboard.session import current_user, prize_actions, prize_index
from dashboard.settle import shown_within
from producers.prize_actions import ActionRefused

TALLY_EVERY_SECONDS = 5.0


def tally(entry_id: str) -> tuple[int, int]:
    entry = prize_index().entry(entry_id)
    return (entry.votes, entry.held_votes) if entry else (0, 0)


def refresh_when_counted(entry_id: str, before: tuple[int, int], said: str) -> None:
    """Wait until the prize index counts the vote (or holds it for review), then draw the page again with the new
    tally (and `said`). A second vote in a category changes nothing: after a while the page stays as it is."""
    if shown_within(lambda: tally(entry_id) != before):
        st.session_state["vote-said"] = said
        st.rerun()


@st.fragment(run_every=TALLY_EVERY_SECONDS)
def ballot(year: int, category: int) -> None:
    """The category's nominees with their live tallies, read again every few seconds (a vote is counted by the
    prizes worker, so it shows a moment after it is given: at once when that is quick, or at the next reading)."""
    for nominee in nominees(prize_index(), year, category):
        with st.container(border=True):
            st.subheader(escape_markdown(nominee.title), anchor=False)
            country = nominee.country and country_label(nominee.country)
            st.caption(escape_markdown(" · ".join(filter(None, [nominee.organisation, country]))))
            st.markdown(escape_markdown(nominee.short_description or ""))
            st.text(tn("{votes} vote", "{votes} votes", nominee.votes, votes=nominee.votes))
            if st.button(t("Vote"), key=f"vote-{nominee.entry_id}"):
                before = tally(nominee.entry_id)
                try:
                    prize_actions().vote(current_user(), nominee.entry_id)
                except ActionRefused as refusal:
                    st.error(translated(refusal.reason))
                else:
                    said = t("Thank you: your vote is recorded.")
                    st.success(said)
                    refresh_when_counted(nominee.entry_id, before, said)


st.title(t("WSIS Prizes: public voting"))
if "vote-said" in st.session_state:  # what the last vote said, before the refresh that followed it
    st.success(st.session_state.pop("vote-said"))
open_years = [c.year for c in prize_index().cycles() if c.phase == "voting"]
if not open_years:
    st.info(t("Public voting is not open."))
    st.stop()
# Two cycles can be in public voting at once (a year's voting runs on when the next year's opens): the voter
# chooses, the newest first
year = open_years[0] if len(open_years) == 1 else st.selectbox(t("Prize year"), open_years,
                                                               placeholder=choose(open_years))
st.caption(t("One vote per category: only your first vote in a category counts."))
shortlist = nominees(prize_index(), year)
categories = sorted({n.category for n in shortlist})
category = st.selectbox(t("Category"), categories, format_func=category_label, placeholder=choose(categories))
if category is not None:
    ballot(year, category)
