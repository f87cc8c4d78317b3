"""Security finding 9: sign-in is throttled per username and per client, unknown usernames cost as much as known
ones, and every attempt is audited."""

import logging

import pytest

import storage.users
from schemas.users import User
from storage.sign_in import FREE_FAILURES, SignInGuard
from storage.users import add_user, authenticate


@pytest.fixture
def users(tmp_path):
    path = tmp_path / "users.toml"
    add_user(path, User(username="judge1", role="judge"), "correct horse")
    return path


def test_repeated_failures_lock_the_username_out_even_for_the_right_password(users, caplog) -> None:
    guard = SignInGuard(users)
    caplog.set_level(logging.INFO, logger="wsis.audit.sign_in")
    for _ in range(FREE_FAILURES):
        assert guard.attempt("judge1", "guess", client="10.9.8.7").user is None
    locked = guard.attempt("judge1", "correct horse", client="10.9.8.6")  # another client, the same username
    assert locked.user is None and locked.retry_after >= 29
    assert guard.attempt("judge1", "correct horse", client="10.9.8.6").retry_after > 0
    assert sum("sign-in failed" in r.message for r in caplog.records) == FREE_FAILURES
    assert any("locked out" in r.message for r in caplog.records)


def test_a_client_that_guesses_many_usernames_is_locked_out(users) -> None:
    guard = SignInGuard(users)
    for i in range(FREE_FAILURES):
        guard.attempt(f"user{i}", "guess", client="10.0.0.1")
    assert guard.attempt("judge1", "correct horse", client="10.0.0.1").retry_after > 0
    assert guard.attempt("judge1", "correct horse", client="10.0.0.2").user is not None


def test_a_success_clears_the_count(users) -> None:
    guard = SignInGuard(users)
    for _ in range(FREE_FAILURES - 1):
        guard.attempt("judge1", "guess", client="c")
    assert guard.attempt("judge1", "correct horse", client="c").user is not None
    for _ in range(FREE_FAILURES - 1):
        assert guard.attempt("judge1", "guess", client="c").retry_after == 0


def test_an_unknown_username_costs_one_password_check_as_a_known_one(users, monkeypatch) -> None:
    checked = []
    real = storage.users.verify_password
    monkeypatch.setattr(storage.users, "verify_password", lambda p, h: checked.append(h) or real(p, h))
    assert authenticate(users, "nobody", "correct horse") is None
    assert authenticate(users, "judge1", "wrong") is None
    assert len(checked) == 2 and all(h.startswith("scrypt$") for h in checked)
