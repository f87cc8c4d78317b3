"""Dashboard users: scrypt-hashed passwords in a TOML file, `wsis user add`, demo users with fresh passwords."""

import tomllib

from typer.testing import CliRunner

from storage.users import DEMO_USERS, add_demo_users, authenticate, hash_password, load_users, verify_password
from wsis.cli import app


def test_passwords_are_salted_hashes_that_verify() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second and "correct horse" not in first
    assert verify_password("correct horse", first) and not verify_password("wrong", first)
    assert not verify_password("correct horse", "garbage")


def test_wsis_user_add_then_sign_in(tmp_path, monkeypatch) -> None:
    from schemas.settings import get_settings

    users = tmp_path / "users.toml"
    monkeypatch.setenv("WSIS_USERS_FILE", str(users))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["user", "add", "amina.k", "--role", "regional", "--region", "Africa",
                                          "--name", "Amina K."], input="s3cret pass\ns3cret pass\n")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    stored = tomllib.loads(users.read_text())["users"]["amina.k"]
    assert stored["role"] == "regional" and stored["password"].startswith("scrypt$")
    assert "s3cret" not in users.read_text()
    user = authenticate(users, "amina.k", "s3cret pass")
    assert user is not None and (user.role, user.region, user.name) == ("regional", "Africa", "Amina K.")
    assert authenticate(users, "amina.k", "s3cret") is None and authenticate(users, "nobody", "s3cret pass") is None


def test_demo_users_get_fresh_passwords_once(tmp_path) -> None:
    users = tmp_path / "users.toml"
    created = add_demo_users(users)
    assert set(created) == {u.username for u in DEMO_USERS} and len(set(created.values())) == len(created)
    assert all(authenticate(users, name, password) for name, password in created.items())
    assert add_demo_users(users) == {} and len(load_users(users)) == len(DEMO_USERS)
