"""Sign in: judges, organisers, regional offices and registered voters."""

import streamlit as st

from dashboard.i18n import t
from dashboard.session import current_user
from dashboard.sign_in_form import ROLE_PAGES, sign_in_form

st.title(t("Sign in"))
user = current_user()
if user is None:
    sign_in_form()
elif user.role in ROLE_PAGES:
    st.switch_page(ROLE_PAGES[user.role][0])  # signed in: on to the role's own page
else:
    st.success(t("Signed in as {name} ({role})", name=user.name or user.username, role=t(user.role)))
