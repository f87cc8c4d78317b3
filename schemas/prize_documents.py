"""The read models of the WSIS Prizes indices, with their mappings: one document per prize entry, one per prize
year (its phase) and one per audit line. The prizes worker writes them; the dashboard and the prize actions read
them back as these models, never as loose dictionaries."""

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from schemas.messages import Message
from schemas.prizes import Phase

_OPAQUE = {"type": "object", "enabled": False}  # shown, never searched


class _Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def source(self) -> dict[str, Any]:
        """The document as the index stores it."""
        return self.model_dump(mode="json")


class ConflictNote(_Document):
    judge: str
    reason: str


class ScoreNote(_Document):
    judge: str
    criteria: dict[str, int]
    total: float
    comment: str = ""
    at: dt.datetime


class PrizeEntryDocument(_Document):
    """A prize entry: what was entered, its eligibility, its judges and scores, its votes and its result."""

    entry_id: str
    year: int
    category: int
    project_id: str
    submitted_at: dt.datetime
    title: str
    organisation: str
    stakeholder_type: str
    country: str | None = None
    region: str | None = None
    status: str
    major_phase_completed: bool = False
    language: str
    short_description: str | None = None
    description: str
    eligible: bool
    reasons: list[str] = []  # in English
    reason_messages: list[Message] = []  # the same, shown in the reader's language
    duplicate_of: str | None = None
    judges: list[str] = []
    conflicts: list[ConflictNote] = []
    scores: list[ScoreNote] = []
    score_count: int = 0
    mean: float | None = None
    normalised: float | None = None
    spread: float | None = None
    disagreement: bool = False
    nominated: bool = False
    votes: int = 0
    held_votes: int = 0
    duplicate_votes: int = 0
    refused_votes: int = 0
    vote_rank: int | None = None
    champion: bool = False
    winner: bool = False

    def conflicted(self, judge: str) -> bool:
        return any(conflict.judge == judge for conflict in self.conflicts)


class PublicEntry(_Document):
    """What anyone may see of an entry: the shortlist voters see, and the results."""

    entry_id: str
    year: int
    category: int
    title: str
    organisation: str
    country: str | None = None
    region: str | None = None
    short_description: str | None = None
    votes: int = 0
    vote_rank: int | None = None
    champion: bool = False
    winner: bool = False


class JudgeEntry(_Document):
    """An entry as one of its judges sees it: their own score and conflict only, nobody's votes or standings;
    blind judging leaves out who entered it and where from (`None`)."""

    blind: bool
    entry_id: str
    year: int
    category: int
    title: str
    organisation: str | None
    stakeholder_type: str | None
    country: str | None
    region: str | None
    status: str
    language: str
    short_description: str | None
    description: str
    scores: list[ScoreNote]
    conflicts: list[ConflictNote]


class PhaseStep(_Document):
    phase: Phase
    at: dt.datetime
    actor: str
    event_id: str | None = None


class PrizeCycleDocument(_Document):
    """A prize year: its phase now, the day each phase starts, and how it got there."""

    year: int
    phase: Phase
    dates: dict[Phase, dt.date]
    blind: bool = False
    history: list[PhaseStep] = []


ENTRY_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "entry_id": {"type": "keyword"},
        "year": {"type": "integer"},
        "category": {"type": "integer"},
        "project_id": {"type": "keyword"},
        "submitted_at": {"type": "date"},
        "title": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
        "organisation": {"type": "keyword"},
        "stakeholder_type": {"type": "keyword"},
        "country": {"type": "keyword"},
        "region": {"type": "keyword"},
        "status": {"type": "keyword"},
        "major_phase_completed": {"type": "boolean"},
        "language": {"type": "keyword"},
        "short_description": {"type": "text"},
        "description": {"type": "text"},
        "eligible": {"type": "boolean"},
        "reasons": {"type": "keyword"},
        "reason_messages": _OPAQUE,
        "duplicate_of": {"type": "keyword"},
        "judges": {"type": "keyword"},
        "conflicts": _OPAQUE,
        "scores": _OPAQUE,
        "score_count": {"type": "integer"},
        "mean": {"type": "double"},
        "normalised": {"type": "double"},
        "spread": {"type": "double"},
        "disagreement": {"type": "boolean"},
        "nominated": {"type": "boolean"},
        "votes": {"type": "integer"},
        "held_votes": {"type": "integer"},
        "duplicate_votes": {"type": "integer"},
        "refused_votes": {"type": "integer"},
        "vote_rank": {"type": "integer"},
        "champion": {"type": "boolean"},
        "winner": {"type": "boolean"},
    },
}
CYCLE_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "year": {"type": "integer"},
        "phase": {"type": "keyword"},
        "dates": _OPAQUE,
        "blind": {"type": "boolean"},
        "history": _OPAQUE,
    },
}
AUDIT_MAPPING: dict[str, Any] = {  # the index of schemas.prizes.AuditRecord
    "dynamic": "strict",
    "properties": {
        "at": {"type": "date"},
        "actor": {"type": "keyword"},
        "role": {"type": "keyword"},
        "year": {"type": "integer"},
        "action": {"type": "keyword"},
        "outcome": {"type": "keyword"},
        "detail": {"type": "text"},
        "detail_message": _OPAQUE,
        "event_id": {"type": "keyword"},
    },
}
