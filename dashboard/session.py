"""The signed-in user of this browser session, and the prize connections shared by the dashboard process.

Signing in also sets a cookie with a signed, expiring token (dashboard/session_token.py): the first run of a
reloaded page or an opened link reads it back (st.context.cookies, sent with the page's request), so the user
stays signed in. Streamlit cannot set a cookie from Python, so a constant script (st.html) sets it in the browser;
signing out revokes the token on the server and clears the cookie.
"""

import json

import streamlit as st

from dashboard.session_token import SessionTokens
from producers.prize_actions import PrizeActions
from schemas.clients import search_client
from schemas.settings import get_settings
from schemas.users import User
from storage.prize_index import PrizeIndex
from storage.sign_in import Outcome, SignInGuard
from storage.users import load_users

COOKIE = "wsis_session"


def current_user() -> User | None:
    return st.session_state.get("user")


@st.cache_resource
def session_tokens() -> SessionTokens:
    return SessionTokens(get_settings())


def _signed_in(user: User, token: str) -> None:
    st.session_state["user"] = user
    st.session_state["user_region"] = user.region  # the search and report pages default to it
    st.session_state["session_token"] = token


def restore_user() -> User | None:
    """The signed-in user, or the one whose valid token the browser's cookie holds (after a reload or a link)."""
    user = current_user()
    if user is not None or st.session_state.get("cookie_checked"):
        return user
    st.session_state["cookie_checked"] = True  # once per browser session: its cookies never change
    token = st.context.cookies.get(COOKIE)
    token = token if isinstance(token, str) else None  # no browser (a test harness): no cookie
    username = session_tokens().verify(token) if token else None
    found = load_users(get_settings().users_path).get(username) if username else None
    if found is None:
        if token:
            st.session_state["clear_cookie"] = True  # expired, revoked, or its user is gone
        return None
    _signed_in(found[0], token)
    return found[0]


def keep_cookie() -> None:
    """The browser's cookie follows the session: the token while signed in, cleared after signing out. Our own
    constant script: the token is base64url and a dot; json.dumps quotes it."""
    token = st.session_state.get("session_token")
    if token and current_user() is not None:
        age = int(get_settings().session_hours * 3600)
        value = f"{COOKIE}={token}; Path=/; Max-Age={age}; SameSite=Strict"
    elif st.session_state.get("clear_cookie"):
        value = f"{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict"
    else:
        return
    st.html(f"<script>document.cookie = {json.dumps(value)} + (location.protocol === 'https:' ? '; Secure' : '');"
            "</script>", unsafe_allow_javascript=True)


@st.cache_resource
def sign_in_guard() -> SignInGuard:
    """One per dashboard process: it counts failures across every browser session."""
    return SignInGuard(get_settings().users_path)


def sign_in(username: str, password: str) -> Outcome:
    outcome = sign_in_guard().attempt(username, password, client=st.context.ip_address)
    if outcome.user is not None:
        _signed_in(outcome.user, session_tokens().issue(outcome.user.username))
        st.session_state.pop("clear_cookie", None)
    return outcome


def sign_out() -> None:
    token = st.session_state.get("session_token")
    if token:
        session_tokens().revoke(token)
    for key in ("user", "user_region", "session_token"):
        st.session_state.pop(key, None)
    st.session_state["clear_cookie"] = True


@st.cache_resource
def prize_index() -> PrizeIndex:
    settings = get_settings()
    return PrizeIndex(search_client(settings, "door"), settings.prize_index, settings.index_layout)


@st.cache_resource
def prize_actions() -> PrizeActions:
    return PrizeActions(get_settings(), prize_index())


def prize_years() -> list[int]:
    """The prize years with a cycle, newest first."""
    return [c.year for c in prize_index().cycles()]
