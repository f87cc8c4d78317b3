"""Entry point of the dashboard: `wsis dashboard` (or `streamlit run dashboard/streamlit_app.py`)."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit runs this file as a script

st.set_page_config(page_icon="🌐", layout="wide")
from dashboard.a11y import use_accessible_charts  # noqa: E402
from dashboard.i18n import language_switch, t  # noqa: E402

language_switch()
st.set_page_config(page_title=t("WSIS Stocktaking"))  # the browser tab, in the chosen language
use_accessible_charts()
pages = [st.Page("app_pages/search.py", title=t("Search projects"), icon="🔎", default=True)]
pages.append(st.Page("app_pages/report.py", title=t("Regional report"), icon="📊"))

# Role-gated pages: what a role may not open is not listed (and the data layer refuses it anyway).
from dashboard.session import current_user, sign_out  # noqa: E402

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
