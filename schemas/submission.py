"""A stocktaking submission as a submitter sends it, and the envelopes it travels in between the stages.

Validation *is* normalisation: `Submission.model_validate(payload)` either raises a ValidationError with one
error per field (`schemas.field_errors` turns them into messages), or returns the submission with its country
resolved to ISO 3166 and its ITU region, its stakeholder type in the canonical spelling and its dates parsed.

Scope: a national project has a country (and the country's region); a regional one an ITU region and no country;
a global one (scope "global", or the country "International", "Global", "Worldwide" of legacy exports) neither:
its region is GLOBAL_REGION, which no regional report counts as one of the ITU regions.
"""

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)
from typing_extensions import TypedDict  # pydantic validates typing.TypedDict only from Python 3.12 on

from schemas.countries import lookup_country
from schemas.field_errors import FieldError, invalid
from schemas.reference import ACTION_LINES, ITU_REGIONS, STAKEHOLDER_TYPES
from schemas.tags import EvidenceKind, Tags

# Control characters; the bidirectional embeddings, overrides and isolates (U+202A–E, U+2066–9), which can make
# a title read backwards or hide what follows it; and invisible spaces (zero width, word joiner, BOM). The
# zero-width (non-)joiners stay: Arabic, Persian and Indic text needs them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}  # Unicode categories that show nothing by themselves


def _plain_text(value: object) -> object:
    """Text is stored as plain text: control characters go (before the length is checked), and text with
    nothing visible is empty; markup stays literal and is escaped on display."""
    if not isinstance(value, str):
        return value
    text = _CONTROL_CHARS.sub("", value).strip()
    return text if any(unicodedata.category(c) not in _INVISIBLE for c in text) else ""


def _year_or_date(value: object) -> object:
    """A year alone ("2015", 2015) reads as the 1st of January of that year: legacy exports give only the year."""
    if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and value.strip().isdigit():
        year = int(value)
        return dt.date(year, 1, 1) if 1 <= year <= 9999 else value
    return value


def _text(min_length: int, max_length: int) -> type[str]:
    return Annotated[  # type: ignore[return-value]
        str, BeforeValidator(_plain_text), StringConstraints(min_length=min_length, max_length=max_length)
    ]


_STAKEHOLDER_ALIASES = {
    "government": "Government", "public sector": "Government", "gouvernement": "Government",
    "private sector": "Private sector", "business": "Private sector", "company": "Private sector",
    "civil society": "Civil society", "ngo": "Civil society", "non-governmental organization": "Civil society",
    "academia": "Academia", "university": "Academia", "research": "Academia",
    "international organization": "International organization",
    "international organisation": "International organization", "regional organization": "International organization",
    "other": "Other",
}
ProjectStatus = Literal["planned", "ongoing", "completed"]
Scope = Literal["national", "regional", "global"]
GLOBAL_REGION = "Global"  # the region of a global project: not an ITU region, but a value search can filter on
GLOBAL_PLACES = frozenset({"global", "international", "worldwide", "world wide", "world-wide", "world"})
FIRST_SUBMISSION_YEAR = 2003  # the first phase of WSIS, Geneva
SHORT_DESCRIPTION_WORDS = (150, 200)
SUBMISSION_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,100}$"


class Submission(BaseModel):
    """The fields of a WSIS Stocktaking entry (and the WSIS Prizes form's extras, all optional)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: _text(5, 300)  # type: ignore[valid-type]
    description: _text(20, 20_000)  # type: ignore[valid-type]
    organisation: _text(2, 300)  # type: ignore[valid-type]
    stakeholder_type: str = Field(max_length=100, description="one of: " + ", ".join(STAKEHOLDER_TYPES),
                                  json_schema_extra={"enum": list(STAKEHOLDER_TYPES)})
    country: str | None = Field(default=None, max_length=100, description="country name or ISO code")
    country_code: str | None = Field(default=None, max_length=3, description="ISO 3166-1 alpha-3, from country")
    region: str | None = Field(
        default=None, max_length=100, description="ITU region; filled in from the country when given"
    )
    scope: Scope | None = Field(default=None, description="national, regional or global; from the place if not given")
    status: ProjectStatus = "ongoing"
    submitted_on: Annotated[dt.date | None, BeforeValidator(_year_or_date)] = Field(
        default=None, description="when the project was submitted to WSIS (YYYY-MM-DD, or YYYY for the 1st of "
        "January); a history import keeps its date; default: when it is received")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    action_lines: list[str] = Field(default_factory=list, max_length=19, description="declared action lines")
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(default_factory=list, max_length=17)
    website: HttpUrl | None = None
    contact_email: EmailStr | None = None
    contact_phone: str | None = Field(default=None, max_length=40, pattern=r"^\+?[0-9 ()./-]{5,40}$")
    short_description: _text(1, 2_000) | None = None  # type: ignore[valid-type]
    language: str | None = Field(default=None, max_length=8)

    @field_validator("stakeholder_type")
    @classmethod
    def _known_stakeholder_type(cls, value: str) -> str:
        canonical = _STAKEHOLDER_ALIASES.get(value.strip().casefold())
        if canonical is None:
            raise invalid("unknown_stakeholder_type", value=value)
        return canonical

    @field_validator("action_lines")
    @classmethod
    def _known_action_lines(cls, codes: list[str]) -> list[str]:
        by_fold = {code.casefold(): code for code in ACTION_LINES}
        unknown = [c for c in codes if c.strip().casefold() not in by_fold]
        if unknown:
            raise invalid("unknown_action_lines", codes=unknown)
        return sorted({by_fold[c.strip().casefold()] for c in codes}, key=ACTION_LINES.index)

    @field_validator("sdgs")
    @classmethod
    def _distinct_sdgs(cls, sdgs: list[int]) -> list[int]:
        return sorted(set(sdgs))

    @field_validator("short_description")
    @classmethod
    def _prize_word_count(cls, value: str | None) -> str | None:
        low, high = SHORT_DESCRIPTION_WORDS
        if value is not None and not low <= len(value.split()) <= high:
            raise invalid("short_description_words", low=low, high=high, words=len(value.split()))
        return value

    @field_validator("submitted_on")
    @classmethod
    def _plausible_submission_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not (FIRST_SUBMISSION_YEAR <= value.year and value <= dt.date.today()):
            raise invalid("submitted_on_range", low=FIRST_SUBMISSION_YEAR)
        return value

    @model_validator(mode="after")
    def _resolve_place_and_dates(self) -> "Submission":
        worldwide = [v for v in (self.country, self.region) if v and v.strip().casefold() in GLOBAL_PLACES]
        if self.scope == "global" or worldwide:
            if self.country and not worldwide or self.region and self.region not in worldwide:
                raise invalid("global_with_place", field="country" if self.country else "region")
            self.country, self.country_code, self.region, self.scope = None, None, GLOBAL_REGION, "global"
        elif self.country:
            country = lookup_country(self.country)
            if country is None:
                raise invalid("unknown_country", field="country", value=self.country)
            self.country, self.country_code, self.region = country.name, country.code, country.region
            self.scope = self.scope or "national"
        elif self.region:
            matches = [r for r in ITU_REGIONS if r.casefold() == self.region.strip().casefold()]
            if not matches:
                raise invalid("unknown_region", field="region", value=self.region, expected=list(ITU_REGIONS))
            self.region, self.country_code = matches[0], None
            if self.scope == "national":
                raise invalid("national_without_country", field="country")
            self.scope = "regional"
        else:
            raise invalid("place_or_scope_missing", field="country")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise invalid("end_before_start", field="end_date")
        return self


class RawSubmission(BaseModel):
    """What the producer publishes on the raw topic, keyed by submission id."""

    submission_id: str = Field(pattern=SUBMISSION_ID_PATTERN)
    version: int = Field(default=1, ge=1)
    received_at: dt.datetime
    submitter: str | None = Field(default=None, max_length=200)
    payload: dict
    withdrawn: bool = Field(default=False, description="this version withdraws the submission (payload empty)")


class WithdrawnSubmission(BaseModel):
    """A submission its owner withdrew, on the tagged topic as its latest version: the indexer removes it."""

    submission_id: str
    version: int
    received_at: dt.datetime
    withdrawn: Literal[True] = True


class RejectedSubmission(BaseModel):
    """An invalid submission on the rejected topic: its raw payload and one reason per field."""

    submission_id: str
    version: int = 1
    received_at: dt.datetime | None = None
    rejected_at: dt.datetime
    errors: list[FieldError]
    raw: str = Field(description="the raw record as received (decoded leniently, cut at 64 KiB)")


class TaggedSubmission(BaseModel):
    """A valid, normalised submission with its tags, on the tagged topic; the indexer's input."""

    submission_id: str
    version: int
    received_at: dt.datetime
    processed_at: dt.datetime
    submitter: str | None = None
    submission: Submission
    tags: Tags


# The tagged record as the indexer reads it: the worker (the topic's only writer) validated it, so only its shape is
# checked, in pydantic-core, without the Python validators above (text, country, e-mail: most of the indexer's time).
_ISO_DATE = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d\d-\d\d$")]
_ISO_TIME = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d")]


class TrustedEvidence(TypedDict):  # the tags keep the constraints of schemas/tags.py: the search page reads them
    kind: EvidenceKind
    detail: str
    targets: list[str]


class TrustedSdgTag(TypedDict):
    sdg: Annotated[int, Field(ge=1, le=17)]
    score: Annotated[float, Field(ge=0.0, le=1.0)]
    evidence: list[TrustedEvidence]


class TrustedActionLineTag(TypedDict):
    code: str
    score: Annotated[float, Field(ge=0.0, le=1.0)]
    evidence: list[TrustedEvidence]


class TrustedTags(TypedDict):
    language: str
    sdgs: list[TrustedSdgTag]
    action_lines: list[TrustedActionLineTag]
    category: Annotated[int, Field(ge=1, le=18)] | None
    declared_sdgs: list[int]
    declared_action_lines: list[str]
    disagreements: list[str]


class TrustedSubmission(TypedDict):
    title: str
    description: str
    short_description: str | None
    organisation: str
    stakeholder_type: str
    country: str | None
    country_code: str | None
    region: str | None
    scope: str | None
    status: str
    submitted_on: _ISO_DATE | None
    start_date: _ISO_DATE | None
    end_date: _ISO_DATE | None
    action_lines: list[str]
    sdgs: list[int]
    website: str | None


class TrustedTaggedRecord(TypedDict):  # a TaggedSubmission as the worker wrote it; contact details unread
    submission_id: str
    version: int
    received_at: _ISO_TIME
    processed_at: _ISO_TIME
    submitter: str | None
    submission: TrustedSubmission
    tags: TrustedTags


_TRUSTED_TAGGED = TypeAdapter(TrustedTaggedRecord)


def read_trusted_record(value: bytes) -> TrustedTaggedRecord | WithdrawnSubmission:
    """A shape-checked tagged version (above), or a withdrawal. Raises ValidationError or ValueError."""
    if b'"withdrawn":true' in value:
        return WithdrawnSubmission.model_validate_json(value)
    return _TRUSTED_TAGGED.validate_json(value)


def read_tagged_record(value: bytes) -> TaggedSubmission | WithdrawnSubmission:
    """A record of the tagged topic: a tagged version, or a withdrawal (the worker writes both as compact JSON,
    where user text can hold the marker only with its quotes escaped). Raises ValidationError or ValueError."""
    if b'"withdrawn":true' in value:
        return WithdrawnSubmission.model_validate_json(value)
    return TaggedSubmission.model_validate_json(value)
