"""The sign-in form, on the sign-in page and in place of a role's page opened by a link before signing in (or by
another role): once signed in, the same address shows the page asked for, with its query parameters."""

import math
from collections.abc import Callable

import streamlit as st

from dashboard.i18n import t
from dashboard.session import current_user, sign_in
from schemas.users import Role

# The pages only one role opens: the script, its title (translated when shown) and its icon.
ROLE_PAGES: dict[Role, tuple[str, str, str]] = {
    "judge": ("app_pages/judge_queue.py", "My assignments", "⚖️"),
    "organiser": ("app_pages/organiser.py", "Prize organisers' console", "🗂️"),
    "public": ("app_pages/voting.py", "Vote", "🗳️"),
}
FOR_ROLE = {"judge": "This page is for judges: sign in to open it.",
            "organiser": "This page is for prize organisers: sign in to open it.",
            "public": "This page is for registered voters: sign in to open it."}


def sign_in_form() -> None:
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


def gate(role: Role) -> Callable[[], None]:
    """The page shown at a role page's address to whoever may not open it yet."""

    def page() -> None:
        st.title(t(ROLE_PAGES[role][1]))
        st.info(t(FOR_ROLE[role]))
        user = current_user()
        if user is not None:
            st.warning(t("You are signed in as {name} ({role}).", name=user.name or user.username, role=t(user.role)))
        sign_in_form()

    page.__name__ = f"{role}_gate"
    return page
