"""Entry point of the dashboard: `wsis dashboard` (or `streamlit run dashboard/streamlit_app.py`)."""

from pathlib import Path

import streamlit as st

from dashboard.a11y import use_accessible_charts
from dashboard.i18n import language_switch, settle_language, t
from dashboard.session import keep_cookie, restore_user, sign_out
from dashboard.sign_in_form import ROLE_PAGES, gate

settle_language()
st.set_page_config(page_title=t("WSIS Stocktaking"), page_icon="🌐", layout="wide")  # the tab, in its language
language_switch()
use_accessible_charts()
pages = [st.Page("app_pages/search.py", title=t("Search projects"), icon="🔎", default=True)]
pages.append(st.Page("app_pages/report.py", title=t("Regional report"), icon="📊"))
pages.append(st.Page("app_pages/matrix.py", title=t("WSIS–SDG Matrix"), icon="🧩", url_path="matrix"))

# Role-gated pages: what a role may not open is not listed (and the data layer refuses it anyway), but its address
# is known: a link to it (or a reload) shows the sign-in, then the page asked for.
user = restore_user()
keep_cookie()
pages.append(st.Page("app_pages/prize_results.py", title=t("WSIS Prizes results"), icon="🏆"))
pages.append(st.Page("app_pages/submit.py", title=t("Submit a project"), icon="📝"))
pages.append(st.Page("app_pages/sign_in.py", title=t("Sign in"), icon="🔑",
                     visibility="visible" if user is None else "hidden"))
if user is not None:
    st.sidebar.caption(t("Signed in as {name} ({role})", name=user.name or user.username, role=t(user.role)))
    if st.sidebar.button(t("Sign out")):
        sign_out()
        st.rerun()
for role, (path, title, icon) in ROLE_PAGES.items():
    if user is not None and user.role == role:
        pages.append(st.Page(path, title=t(title), icon=icon))
    else:
        pages.append(st.Page(gate(role), title=t(title), icon=icon, url_path=Path(path).stem, visibility="hidden"))
st.navigation(pages).run()
