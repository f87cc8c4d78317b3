"""Sign-in that resists guessing: every answer costs one scrypt (a known user and an unknown one alike, so the
time taken tells nothing), and repeated failures for a username or from a client lock further tries out for a
while that doubles with each failure. Every attempt is logged (`wsis.audit.sign_in`) with its outcome.

The counts live in the dashboard's process (one process serves the dashboard).
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from schemas.users import User
from storage.users import authenticate

audit = logging.getLogger("wsis.audit.sign_in")
FREE_FAILURES = 5  # a person mistyping gets these without any wait
FIRST_LOCKOUT_SECONDS = 30.0
MAX_LOCKOUT_SECONDS = 15 * 60.0
FORGET_AFTER_SECONDS = 60 * 60.0


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0

    def locked_for(self, now: float) -> float:
        if self.count < FREE_FAILURES:
            return 0.0
        lockout = min(FIRST_LOCKOUT_SECONDS * 2 ** (self.count - FREE_FAILURES), MAX_LOCKOUT_SECONDS)
        return max(0.0, self.last + lockout - now)


@dataclass
class Outcome:
    user: User | None = None
    retry_after: float = 0.0  # seconds before another try is heard; > 0: this one was not checked


@dataclass
class SignInGuard:
    users_file: Path
    _failures: dict[str, _Failures] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _now(self) -> float:
        return time.monotonic()

    def attempt(self, username: str, password: str, client: str | None) -> Outcome:
        name = username.strip()
        keys = [f"user:{name.casefold()}"] + ([f"client:{client}"] if client else [])
        now = self._now()
        with self._lock:
            for key in [k for k, f in self._failures.items() if now - f.last > FORGET_AFTER_SECONDS]:
                del self._failures[key]
            wait = max(self._failures.get(key, _Failures()).locked_for(now) for key in keys)
        if wait > 0:
            audit.warning("sign-in refused, locked out for %.0f s: user %r, client %s", wait, name, client)
            return Outcome(retry_after=wait)
        user = authenticate(self.users_file, name, password)
        with self._lock:
            for key in keys:
                if user is not None:
                    self._failures.pop(key, None)
                else:
                    failures = self._failures.setdefault(key, _Failures())
                    failures.count, failures.last = failures.count + 1, now
        if user is not None:
            audit.info("signed in: user %r, client %s", name, client)
        else:
            audit.warning("sign-in failed: user %r, client %s", name, client)
        return Outcome(user=user)
