"""Who may change a submission, and which version an update replaces: the ledger's documents and mapping.

Creating a submission through the API returns an *edit token*, shown once; the ledger (a private index) keeps
only its SHA-256. An update or a withdrawal carries it (`Authorization: Bearer <token>`) together with the version
it replaces (`If-Match`), so an update never silently overwrites another. Organisers hold a token of their own
(`WSIS_API_ORGANISER_TOKEN`) that acts on any submission.
"""

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field


class LedgerEntry(BaseModel):
    submission_id: str
    version: int = Field(description="the latest version a door accepted")
    token_sha256: str = Field(description="of the edit token; the token itself is never stored")
    body_sha256: str = Field(description="of the first version's body: an Idempotency-Key retry must match it")
    updated_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


LEDGER_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "submission_id": {"type": "keyword"},
        "version": {"type": "integer"},
        "token_sha256": {"type": "keyword", "index": False},
        "body_sha256": {"type": "keyword", "index": False},
        "updated_at": {"type": "date"},
    },
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def holds(token: str | None, entry: LedgerEntry, organiser_token: str | None = None) -> bool:
    """Whether the token is the submission's own, or the organisers'; in constant time."""
    if not token:
        return False
    own = hmac.compare_digest(token_hash(token), entry.token_sha256)
    return own or (organiser_token is not None and hmac.compare_digest(token, organiser_token))


def body_hash(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
