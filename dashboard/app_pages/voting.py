"""Public voting: registered voters pick one project per category among the nominees; live tallies."""

import streamlit as st

from dashboard.i18n import category_label, choose, country_label, t, tn, translated
from dashboard.prize_data import nominees
from dashboard.render import escape_markdown
from dashboard.session import current_user, prize_actions, prize_index
from producers.prize_actions import ActionRefused

st.title(t("WSIS Prizes: public voting"))
open_years = [c.year for c in prize_index().cycles() if c.phase == "voting"]
if not open_years:
    st.info(t("Public voting is not open."))
    st.stop()
year = open_years[0]
st.caption(t("One vote per category: only your first vote in a category counts."))
shortlist = nominees(prize_index(), year)
categories = sorted({n.category for n in shortlist})
category = st.selectbox(t("Category"), categories, format_func=category_label, placeholder=choose(categories))
for nominee in (n for n in shortlist if n.category == category):
    with st.container(border=True):
        st.subheader(escape_markdown(nominee.title), anchor=False)
        country = nominee.country and country_label(nominee.country)
        st.caption(escape_markdown(" · ".join(filter(None, [nominee.organisation, country]))))
        st.markdown(escape_markdown(nominee.short_description or ""))
        st.text(tn("{votes} vote", "{votes} votes", nominee.votes, votes=nominee.votes))
        if st.button(t("Vote"), key=f"vote-{nominee.entry_id}"):
            try:
                prize_actions().vote(current_user(), nominee.entry_id)
                st.success(t("Thank you: your vote is recorded."))
            except ActionRefused as refusal:
                st.error(translated(refusal.reason))
