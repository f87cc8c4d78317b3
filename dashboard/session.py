"""The signed-in user of this browser session, and the prize connections shared by the dashboard process."""

import streamlit as st

from producers.prize_actions import PrizeActions
from schemas.clients import search_client
from schemas.settings import get_settings
from schemas.users import User
from storage.prize_index import PrizeIndex
from storage.sign_in import Outcome, SignInGuard


def current_user() -> User | None:
    return st.session_state.get("user")


@st.cache_resource
def sign_in_guard() -> SignInGuard:
    """One per dashboard process: it counts failures across every browser session."""
    return SignInGuard(get_settings().users_path)


def sign_in(username: str, password: str) -> Outcome:
    outcome = sign_in_guard().attempt(username, password, client=st.context.ip_address)
    if outcome.user is not None:
        st.session_state["user"] = outcome.user
        st.session_state["user_region"] = outcome.user.region  # the search and report pages default to it
    return outcome


def sign_out() -> None:
    for key in ("user", "user_region"):
        st.session_state.pop(key, None)


@st.cache_resource
def prize_index() -> PrizeIndex:
    settings = get_settings()
    return PrizeIndex(search_client(settings, "door"), settings.prize_index)


@st.cache_resource
def prize_actions() -> PrizeActions:
    return PrizeActions(get_settings(), prize_index())


def prize_years() -> list[int]:
    """The prize years with a cycle, newest first."""
    return [c.year for c in prize_index().cycles()]
