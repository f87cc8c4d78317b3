"""WSIS Prizes results: each category's winner and champions, once announced."""

import streamlit as st

from dashboard.i18n import category_label, choose, country_label, t
from dashboard.prize_data import results
from dashboard.render import escape_markdown
from dashboard.session import current_user, prize_index, prize_years

st.title(t("WSIS Prizes results"))
years = prize_years()
year = st.selectbox(t("Prize year"), years, placeholder=choose(years)) if years else None
finalists = results(prize_index(), current_user(), year) if year else []
if not finalists:
    st.info(t("The results are not announced yet."))
for category in sorted({f.category for f in finalists}):
    st.subheader(category_label(category), anchor=False)
    for finalist in (f for f in finalists if f.category == category):
        badge = t("Winner") if finalist.winner else t("Champion")
        place = " · ".join(filter(None, [finalist.organisation, finalist.country and
                                         country_label(finalist.country)]))
        st.markdown(f"**{badge}**: {escape_markdown(finalist.title)} — {escape_markdown(place)}")
