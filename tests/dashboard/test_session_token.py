"""The dashboard's sign-in token: signed, expiring, revocable; a changed byte or another key is refused."""

import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from dashboard.session_token import SessionTokens
from schemas.settings import Settings


@pytest.fixture
def tokens(tmp_path: Path) -> SessionTokens:
    return SessionTokens(Settings(data_dir=tmp_path, session_hours=1))


def test_a_token_names_its_user_until_it_expires(tokens) -> None:
    now = time.time()
    token = tokens.issue("judge1", now=now)
    assert tokens.verify(token, now=now) == "judge1"
    assert tokens.verify(token, now=now + 3599) == "judge1"
    assert tokens.verify(token, now=now + 3600) is None
    assert tokens.issue("judge1", now=now) != token  # each sign-in is its own session


def test_a_tampered_or_foreign_token_is_refused(tokens, tmp_path) -> None:
    token = tokens.issue("judge1")
    payload, signature = token.split(".")
    forged_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    for forged in (f"{forged_payload}.{signature}", f"{payload}.{signature[:-1]}x", payload, "", ".", "a.b.c",
                   token + "x"):
        assert tokens.verify(forged) is None, forged
    other_key = SessionTokens(Settings(data_dir=tmp_path / "other", session_secret=SecretStr("another key")))
    assert other_key.verify(token) is None and other_key.verify(other_key.issue("judge1")) == "judge1"


def test_the_generated_key_is_kept_and_private(tmp_path) -> None:
    first = SessionTokens(Settings(data_dir=tmp_path))
    token = first.issue("org")
    assert SessionTokens(Settings(data_dir=tmp_path)).verify(token) == "org"  # a restarted dashboard keeps it
    assert (tmp_path / "session-secret").stat().st_mode & 0o077 == 0


def test_signing_out_revokes_that_session_only(tokens) -> None:
    mine, other = tokens.issue("judge1"), tokens.issue("judge1")
    tokens.revoke(mine)
    assert tokens.verify(mine) is None and tokens.verify(other) == "judge1"
    tokens.revoke("not a token")
    assert tokens.verify(other) == "judge1"
