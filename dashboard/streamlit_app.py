"""Entry point of the dashboard: `wsis dashboard` (or `streamlit run dashboard/streamlit_app.py`)."""

import streamlit as st

from dashboard.a11y import use_accessible_charts
from dashboard.i18n import language_switch, settle_language, t
from dashboard.session import current_user, sign_out

settle_language()
st.set_page_config(page_title=t("WSIS Stocktaking"), page_icon="🌐", layout="wide")  # the tab, in its language
language_switch()
use_accessible_charts()
pages = [st.Page("app_pages/search.py", title=t("Search projects"), icon="🔎", default=True)]
pages.append(st.Page("app_pages/report.py", title=t("Regional report"), icon="📊"))
pages.append(st.Page("app_pages/matrix.py", title=t("WSIS–SDG Matrix"), icon="🧩", url_path="matrix"))

# Role-gated pages: what a role may not open is not listed (and the data layer refuses it anyway).
user = current_user()
pages.append(st.Page("app_pages/prize_results.py", title=t("WSIS Prizes results"), icon="🏆"))
pages.append(st.Page("app_pages/submit.py", title=t("Submit a project"), icon="📝"))
if user is None:
    pages.append(st.Page("app_pages/sign_in.py", title=t("Sign in"), icon="🔑"))
else:
    st.sidebar.caption(t("Signed in as {name} ({role})", name=user.name or user.username, role=t(user.role)))
    if st.sidebar.button(t("Sign out")):
        sign_out()
        st.rerun()
    role_pages = {"judge": ("app_pages/judge_queue.py", t("My assignments"), "⚖️"),
                  "organiser": ("app_pages/organiser.py", t("Prize organisers' console"), "🗂️"),
                  "public": ("app_pages/voting.py", t("Vote"), "🗳️")}
    if user.role in role_pages:
        path, title, icon = role_pages[user.role]
        pages.append(st.Page(path, title=title, icon=icon))
st.navigation(pages).run()
