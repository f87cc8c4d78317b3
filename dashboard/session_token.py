"""The dashboard's sign-in token, kept in a browser cookie so that a reload or a link keeps the user signed in.

A token is `<payload>.<signature>`: the payload (base64url) names the user, a random session id and the expiry
time; the signature is an HMAC-SHA256 of it under the settings' session secret (or a random key generated once
and kept in `<data_dir>/session-secret`). Nothing else is kept for a live session: the user's role is read again
from the users file on every restore. Signing out revokes the session id (`<data_dir>/revoked-sessions`, one
`<id> <expiry>` a line, expired lines dropped) so a copied cookie stops working too.
"""

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from pathlib import Path

from schemas.settings import Settings

_revoking = threading.Lock()  # the dashboard's sessions are threads of one process


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _secret(settings: Settings) -> bytes:
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value().encode()
    path = settings.data_dir / "session-secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # created once, readable by its owner only; a second process reads the one the first wrote
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(32))
    return path.read_text().strip().encode()


class SessionTokens:
    def __init__(self, settings: Settings) -> None:
        self.key = _secret(settings)
        self.lifetime = settings.session_hours * 3600
        self.revoked_path: Path = settings.data_dir / "revoked-sessions"

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode(), hashlib.sha256).digest())

    def issue(self, username: str, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + self.lifetime)
        payload = _b64(f"{username}|{secrets.token_urlsafe(16)}|{expires}".encode())
        return f"{payload}.{self._sign(payload)}"

    def _read(self, token: str) -> tuple[str, str, int] | None:
        """(username, session id, expiry) of a token signed here, else None."""
        payload, _, signature = token.partition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            username, session, expires = _unb64(payload).decode().split("|")
            return username, session, int(expires)
        except ValueError:
            return None

    def verify(self, token: str, now: float | None = None) -> str | None:
        """The username of a valid token: signed here, not expired, not revoked."""
        read = self._read(token)
        if read is None:
            return None
        username, session, expires = read
        if expires <= (time.time() if now is None else now) or session in self._revoked():
            return None
        return username

    def _revoked(self) -> dict[str, int]:
        if not self.revoked_path.exists():
            return {}
        lines = (line.split() for line in self.revoked_path.read_text().splitlines())
        return {parts[0]: int(parts[1]) for parts in lines if len(parts) == 2 and parts[1].isdigit()}

    def revoke(self, token: str) -> None:
        read = self._read(token)
        if read is None:
            return
        _, session, expires = read
        with _revoking:
            now = time.time()
            kept = {s: e for s, e in self._revoked().items() if e > now} | {session: expires}
            self.revoked_path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.revoked_path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text("".join(f"{s} {e}\n" for s, e in kept.items()))
            temporary.replace(self.revoked_path)
