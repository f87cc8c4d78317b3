"""Sign in: judges, organisers, regional offices and registered voters."""

import math

import streamlit as st

from dashboard.i18n import t
from dashboard.session import sign_in

st.title(t("Sign in"))
with st.form("sign-in"):
    username = st.text_input(t("Username"))
    password = st.text_input(t("Password"), type="password")
    submitted = st.form_submit_button(t("Sign in"))
if submitted:
    outcome = sign_in(username, password)
    if outcome.user is not None:
        st.rerun()
    if outcome.retry_after:
        minutes = math.ceil(outcome.retry_after / 60)
        st.error(t("Too many failed sign-ins: try again in {minutes} min.", minutes=minutes))
    else:
        st.error(t("Unknown username or wrong password."))
