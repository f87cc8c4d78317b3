"""Dashboard users: a TOML file (settings.users_path) of users with their role and a scrypt hash of their
password; `wsis user add` writes it. Nothing here keeps a password in clear."""

import hashlib
import hmac
import json
import os
import secrets
import tomllib
from pathlib import Path

from schemas.users import User

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${key.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(key) // 2)
    except ValueError:
        return False
    return hmac.compare_digest(actual.hex(), key)


def load_users(path: Path) -> dict[str, tuple[User, str]]:
    """username → (user, password hash); no file means no users yet."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("users", {})
    return {name: (User(username=name, **{k: v for k, v in fields.items() if k != "password"}), fields["password"])
            for name, fields in data.items()}


def _write(path: Path, users: dict[str, tuple[User, str]]) -> None:
    lines = []
    for name, (user, password_hash) in sorted(users.items()):
        lines.append(f"[users.{json.dumps(name)}]")
        for key, value in user.model_dump(exclude={"username"}, exclude_none=True).items():
            lines.append(f"{key} = {json.dumps(value)}")
        lines += [f"password = {json.dumps(password_hash)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(lines), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)


def add_user(path: Path, user: User, password: str) -> None:
    """Add the user, or replace the one with the same username."""
    users = load_users(path)
    users[user.username] = (user, hash_password(password))
    _write(path, users)


# scrypt parameters with a hash no password has: what an unknown username is checked against
_UNKNOWN_USER = f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${'5a' * 16}${'0' * 64}"


def authenticate(path: Path, username: str, password: str) -> User | None:
    """The user, if the password is theirs. An unknown username costs the same scrypt as a known one, so the
    time taken does not tell which usernames exist."""
    found = load_users(path).get(username.strip())
    valid = verify_password(password, found[1] if found else _UNKNOWN_USER)
    return found[0] if found and valid else None


DEMO_USERS = [
    User(username="organiser", role="organiser", name="Prize organiser", organisation="ITU"),
    User(username="judge1", role="judge", name="Judge One", organisation="University of Nairobi"),
    User(username="judge2", role="judge", name="Judge Two", organisation="Digital Inclusion Foundation Chile"),
    User(username="judge3", role="judge", name="Judge Three", organisation="Ministry of ICT of Malaysia"),
    User(username="africa-office", role="regional", name="ITU Regional Office, Addis Ababa", region="Africa"),
    User(username="voter", role="public", name="A registered voter"),
]


def add_demo_users(path: Path) -> dict[str, str]:
    """Create the demo users missing from the file, each with a fresh random password, returned to be shown."""
    existing = load_users(path)
    created = {}
    for user in DEMO_USERS:
        if user.username not in existing:
            created[user.username] = secrets.token_urlsafe(9)
            add_user(path, user, created[user.username])
    return created
