"""WSIS Prizes events: every organiser, judge and voter action is one of these on a Kafka topic.

The prize year runs through five phases (WSIS Prizes rules, ITU): submission → expert nomination → public voting
→ expert selection → results. Judges score entries on the eight published criteria (2026 edition).
"""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter, field_validator

from schemas.field_errors import invalid
from schemas.messages import Message
from schemas.users import Role

Phase = Literal["submission", "nomination", "voting", "selection", "results"]
PHASES: tuple[Phase, ...] = ("submission", "nomination", "voting", "selection", "results")
PHASE_NAMES: dict[Phase, str] = {
    "submission": "Submission", "nomination": "Expert nomination", "voting": "Public voting",
    "selection": "Expert selection", "results": "Results",
}
CRITERIA: dict[str, str] = {
    "action_line": "Relevance to the chosen action line",
    "impact": "Results and impact",
    "empowerment": "Community empowerment",
    "sdgs": "Relevance to the SDGs",
    "replicability": "Replicability",
    "sustainability": "Sustainability",
    "partnerships": "Partnerships",
    "wsis_values": "Promotion of WSIS values",
}
SCORE_MIN, SCORE_MAX = 0, 10
CHAMPIONS_PER_CATEGORY = 5


def entry_id(year: int, category: int, project_id: str) -> str:
    return f"{year}-{category:02d}-{project_id}"


class PrizeEvent(BaseModel):
    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    actor: str = Field(description="username of whoever acted")
    year: int = Field(ge=2000, le=2100)


class CycleOpened(PrizeEvent):
    kind: Literal["cycle_opened"] = "cycle_opened"
    dates: dict[Phase, dt.date] = Field(description="the day each phase starts")
    blind: bool = Field(default=False, description="judges do not see the organisation and country")


class PhaseChanged(PrizeEvent):
    kind: Literal["phase_changed"] = "phase_changed"
    phase: Phase


class EntrySubmitted(PrizeEvent):
    """A stocktaking submission entered into one prize category for one prize year."""

    kind: Literal["entry_submitted"] = "entry_submitted"
    entry_id: str
    category: int = Field(ge=1, le=18)
    project_id: str = Field(description="the submission id")
    title: str
    organisation: str
    stakeholder_type: str
    country: str | None = None
    region: str | None = None
    status: Literal["planned", "ongoing", "completed"]
    major_phase_completed: bool = Field(default=False, description="the entrant declares a major phase completed")
    language: str
    short_description: str | None = None
    description: str


class EntryNominated(PrizeEvent):
    kind: Literal["entry_nominated"] = "entry_nominated"
    entry_id: str


class WinnerSelected(PrizeEvent):
    kind: Literal["winner_selected"] = "winner_selected"
    entry_id: str


class JudgeAssigned(PrizeEvent):
    kind: Literal["judge_assigned"] = "judge_assigned"
    entry_id: str
    judge: str


class ConflictDeclared(PrizeEvent):
    kind: Literal["conflict_declared"] = "conflict_declared"
    entry_id: str
    judge: str
    reason: str = Field(max_length=500)


class ScoreSubmitted(PrizeEvent):
    """A judge's rubric for one entry; a later score by the same judge for the same entry replaces it."""

    kind: Literal["score_submitted"] = "score_submitted"
    entry_id: str
    judge: str
    criteria: dict[str, int]
    comment: str = Field(default="", max_length=4000)

    @field_validator("criteria")
    @classmethod
    def _all_eight_in_range(cls, criteria: dict[str, int]) -> dict[str, int]:
        missing, unknown = set(CRITERIA) - set(criteria), set(criteria) - set(CRITERIA)
        if missing or unknown:
            raise invalid("score_criteria", missing=sorted(missing), unknown=sorted(unknown))
        out_of_range = [k for k, v in criteria.items() if not SCORE_MIN <= v <= SCORE_MAX]
        if out_of_range:
            raise invalid("score_range", low=SCORE_MIN, high=SCORE_MAX, criteria=out_of_range)
        return {k: criteria[k] for k in CRITERIA}

    @property
    def total(self) -> float:
        """The judge's score for the entry: the mean of the eight criteria."""
        return sum(self.criteria.values()) / len(CRITERIA)


class VoteCast(PrizeEvent):
    kind: Literal["vote_cast"] = "vote_cast"
    entry_id: str = Field(max_length=200)  # bounded: a vote's step in the prizes worker's journal stays small
    category: int = Field(ge=1, le=18)
    voter: str = Field(max_length=200)


AnyPrizeEvent = Annotated[
    CycleOpened | PhaseChanged | EntrySubmitted | EntryNominated | WinnerSelected | JudgeAssigned
    | ConflictDeclared | ScoreSubmitted | VoteCast,
    Field(discriminator="kind"),
]
PRIZE_EVENT = TypeAdapter(AnyPrizeEvent)


class AuditRecord(BaseModel):
    """One line of the audit trail: an action done (with the event it published) or refused (with why)."""

    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    actor: str
    role: Role | Literal["worker"]
    year: int | None = None
    action: str
    outcome: Literal["done", "refused"]
    detail: str = Field(description="in English")
    detail_message: Message | None = Field(default=None, description="the same, to show in the reader's language")
    event_id: str | None = None
