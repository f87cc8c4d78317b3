"""The shape of a tagging result: for each detected SDG and action line, a score and the evidence for it."""

from typing import Literal

from pydantic import BaseModel, Field

EvidenceKind = Literal["phrase", "matrix", "category", "similarity"]


class Evidence(BaseModel):
    """One reason a tag was given: a phrase found in the text, or a rule that fired."""

    kind: EvidenceKind
    detail: str = Field(description="the phrase matched, or the rule that fired, in words a reviewer reads")
    targets: list[str] = Field(default_factory=list, description="SDG targets it points to, e.g. '4.4'")


class SdgTag(BaseModel):
    sdg: int = Field(ge=1, le=17)
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence]


class ActionLineTag(BaseModel):
    code: str = Field(description="C1..C11 or a C7 sub-line such as 'C7.e-health'")
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence]


class Tags(BaseModel):
    """What the tagger detected, beside what the submitter declared; disagreements are flagged for review."""

    language: str = Field(description="ISO 639-1 code of the text's language, e.g. 'en', 'fr', 'es'")
    sdgs: list[SdgTag] = Field(default_factory=list)
    action_lines: list[ActionLineTag] = Field(default_factory=list)
    category: int | None = Field(default=None, ge=1, le=18, description="suggested WSIS Prize category")
    declared_sdgs: list[int] = Field(default_factory=list)
    declared_action_lines: list[str] = Field(default_factory=list)
    disagreements: list[str] = Field(
        default_factory=list, description="human-readable notes where detected and declared tags differ"
    )
