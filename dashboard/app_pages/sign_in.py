"""Sign in: judges, organisers, regional offices and registered voters."""

import streamlit as st

from dashboard.i18n import t
from dashboard.session import sign_in

st.title(t("Sign in"))
with st.form("sign-in"):
    username = st.text_input(t("Username"))
    password = st.text_input(t("Password"), type="password")
    submitted = st.form_submit_button(t("Sign in"))
if submitted:
    if sign_in(username, password):
        st.rerun()
    st.error(t("Unknown username or wrong password."))
