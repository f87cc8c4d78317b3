"""Where each submission stands: received → accepted or rejected (with the reasons) → indexed, plus its tags:
the documents of the status index (storage/status_index.py) and their mapping.

An indexed submission's status is its search document: the indexer writes no second document for it (that write,
which repeated the tags, cost Elasticsearch as much again per submission); `indexed()` reads the status from the
search document's fields. The status index keeps what the search index cannot tell: received (and who submitted),
rejected with the reasons, accepted but refused by the search index (with its tags: nothing else holds them), and
withdrawn.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field

from schemas.field_errors import FieldError, field_error
from schemas.submission import (
    RawSubmission,
    RejectedSubmission,
    TaggedSubmission,
    TrustedTaggedRecord,
    WithdrawnSubmission,
)
from schemas.tags import Tags

State = Literal["received", "accepted", "rejected", "indexed", "withdrawn"]
STATE_RANK: dict[str, int] = {"received": 1, "accepted": 2, "rejected": 2, "indexed": 3, "withdrawn": 3}

MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "submission_id": {"type": "keyword"},
        "version": {"type": "integer"},
        "state": {"type": "keyword"},
        "reasons": {"type": "object", "enabled": False},
        "tags": {"type": "object", "enabled": False},
        "submitter": {"type": "keyword"},
        "updated_at": {"type": "date"},
    },
}

# Elasticsearch's default refresh (every second). Statuses are read by id (real-time), but a search by submitter
# must see them too. Measured on Elasticsearch 8.19, 50,000 status writes in bulks of 500 after warm-up: 72 ms
# of server CPU per 1,000 with refreshes against 68 without (the refresh_interval -1 that noida-db needed).


class SubmissionStatus(BaseModel):
    submission_id: str
    version: int
    state: State
    reasons: list[FieldError] = Field(default_factory=list, description="why it was rejected (or not indexed)")
    tags: Tags | None = Field(default=None, description="what the tagger detected, once accepted")
    submitter: str | None = None
    updated_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


def received(envelope: RawSubmission) -> SubmissionStatus:
    return SubmissionStatus(submission_id=envelope.submission_id, version=envelope.version, state="received",
                            submitter=envelope.submitter)


def rejected(record: RejectedSubmission) -> SubmissionStatus:
    return SubmissionStatus(submission_id=record.submission_id, version=record.version, state="rejected",
                            reasons=record.errors)


def not_indexed(record: TaggedSubmission | TrustedTaggedRecord, refusal: str) -> SubmissionStatus:
    """`accepted`, with the search index's refusal as the reason, and the tags: it has no search document."""
    data = record.model_dump(mode="json") if isinstance(record, TaggedSubmission) else record
    return SubmissionStatus(
        submission_id=data["submission_id"], version=data["version"], state="accepted", tags=data["tags"],
        submitter=data["submitter"], reasons=[field_error("index", "not_indexed", error=refusal[:1000])],
    )


# What `indexed` reads of a search document (schemas/search_document.py), its only fields a status needs.
INDEXED_FIELDS = ["submission_id", "version", "processed_at", "language", "sdg_tags", "action_line_tags",
                  "prize_category", "declared_sdgs", "declared_action_lines", "disagreements"]


def indexed(document: Mapping[str, Any]) -> SubmissionStatus:
    """The status of a submission in the search index (its `INDEXED_FIELDS` suffice), with the tags it keeps."""
    tags = Tags(language=document["language"], sdgs=document["sdg_tags"], action_lines=document["action_line_tags"],
                category=document["prize_category"], declared_sdgs=document["declared_sdgs"],
                declared_action_lines=document["declared_action_lines"], disagreements=document["disagreements"])
    return SubmissionStatus(submission_id=document["submission_id"], version=document["version"], state="indexed",
                            tags=tags, updated_at=document["processed_at"])


def latest(*statuses: SubmissionStatus | None) -> SubmissionStatus | None:
    """The newest version's, and of one version the later state; the first given wins a tie."""
    found = [status for status in statuses if status is not None]
    return max(found, key=lambda s: s.version * 10 + STATE_RANK[s.state], default=None)


def withdrawn(record: WithdrawnSubmission) -> SubmissionStatus:
    return SubmissionStatus(submission_id=record.submission_id, version=record.version, state="withdrawn")
