"""The search index: its template (settings and explicit mapping), and how a tagged submission becomes a document.

Contact details (email, phone, submitter) never enter the index: it backs public search.
"""

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.reference import ACTION_LINES, PRIZE_CATEGORIES
from schemas.settings import IndexLayout
from schemas.submission import TaggedSubmission, TrustedTaggedRecord, TrustedTags, WithdrawnSubmission
from schemas.tags import ActionLineTag, SdgTag, Tags

# Text is analysed for English, plus a plain `std` sub-field (the standard analyzer), for every project. A project
# written in another UN language is analysed once more with the search server's analyzer for that language
# (Chinese: `cjk`, the bigram analyzer Elasticsearch ships without plugins): the indexer copies its title and
# description under `in_language.<language>`, which the index leaves out of the stored source. Analysing every text
# with all six analyzers, as multi-fields did, cost most of Elasticsearch's indexing time.
LANGUAGE_ANALYZERS = {"fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic", "zh": "cjk"}
_ENGLISH_AND_STANDARD: dict[str, Any] = {
    "type": "text", "analyzer": "english", "fields": {"std": {"type": "text", "analyzer": "standard"}},
}
IN_LANGUAGE = "in_language"  # the copies of a non-English project's text, analysed in its language
_EVIDENCE = {"type": "object", "enabled": False}  # shown in the detail view, not searched

MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "_source": {"excludes": [IN_LANGUAGE]},
    "properties": {
        "submission_id": {"type": "keyword"},
        "version": {"type": "integer"},
        "received_at": {"type": "date"},
        "processed_at": {"type": "date"},
        "title": _ENGLISH_AND_STANDARD | {"fields": _ENGLISH_AND_STANDARD["fields"] | {"raw": {"type": "keyword"}}},
        "description": _ENGLISH_AND_STANDARD,
        IN_LANGUAGE: {"properties": {
            lang: {"properties": {field: {"type": "text", "analyzer": analyzer} for field in ("title", "description")}}
            for lang, analyzer in LANGUAGE_ANALYZERS.items()
        }},
        # not searched (search/submissions.py searches title and description): no language sub-fields, which cost
        # six more analyses of each prize form's 150–200 words; an index made before keeps them (merged mapping)
        "short_description": {"type": "text", "analyzer": "english"},
        "organisation": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
        # the facets: keyword (or integer) fields, aggregated with `terms`
        "stakeholder_type": {"type": "keyword"},
        "country": {"type": "keyword"},
        "country_code": {"type": "keyword"},
        "region": {"type": "keyword"},  # an ITU region, or GLOBAL_REGION for a global project
        "scope": {"type": "keyword"},
        "status": {"type": "keyword"},
        "year": {"type": "integer"},
        "submitted_on": {"type": "date"},
        "action_lines": {"type": "keyword"},
        "sdgs": {"type": "integer"},
        "prize_category": {"type": "integer"},
        "start_date": {"type": "date"},
        "end_date": {"type": "date"},
        "website": {"type": "keyword", "index": False},
        "language": {"type": "keyword"},
        "declared_action_lines": {"type": "keyword"},
        "declared_sdgs": {"type": "integer"},
        "prize_category_name": {"type": "keyword"},
        "tag_strength": {"type": "float"},
        "disagreements": {"type": "keyword"},
        "sdg_tags": _EVIDENCE,
        "action_line_tags": _EVIDENCE,
    },
}
class SubmissionDocument(BaseModel):
    """The read model of the search index: one document per submission, its latest version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    submission_id: str
    version: int
    received_at: dt.datetime
    processed_at: dt.datetime
    title: str
    description: str
    short_description: str | None = None
    organisation: str
    stakeholder_type: str
    country: str | None = None
    country_code: str | None = None
    region: str | None = None
    scope: str | None = None
    status: str
    submitted_on: dt.date | None = None
    year: int
    action_lines: list[str] = []
    sdgs: list[int] = []
    prize_category: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    website: str | None = None
    language: str
    declared_action_lines: list[str] = []
    declared_sdgs: list[int] = []
    prize_category_name: str | None = None
    tag_strength: float = 0.0
    disagreements: list[str] = []
    sdg_tags: list[SdgTag] = []
    action_line_tags: list[ActionLineTag] = []
    # An index made before the copies were left out of the source returns them: read, never shown or written back.
    in_language: dict[str, dict[str, str]] | None = Field(default=None, exclude=True, repr=False)

    def source(self) -> dict[str, Any]:
        """The document as the index stores it."""
        return self.model_dump(mode="json")


class SubmissionSummary(BaseModel):
    """A projection of the search index's documents: what ranking "Top projects" reads of each."""

    model_config = ConfigDict(frozen=True)

    submission_id: str
    title: str
    description: str
    organisation: str
    country: str | None = None
    year: int
    action_lines: list[str] = []
    sdgs: list[int] = []
    tag_strength: float = 0.0
    received_at: dt.datetime


def refresh_interval(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


def index_template(alias: str, layout: IndexLayout, refresh_seconds: float | None) -> dict[str, Any]:
    """The template every concrete index behind `alias` (`<alias>-000001`, `-000002`, …) is created from; without
    `refresh_seconds`, its indices refresh at the server's default interval."""
    settings = layout.index_settings()
    if refresh_seconds is not None:
        settings |= {"refresh_interval": refresh_interval(refresh_seconds)}
    return {
        "index_patterns": [f"{alias}-*"],
        "priority": 200,
        "template": {"settings": settings, "mappings": MAPPING},
        "_meta": {"description": f"WSIS stocktaking submissions, behind the alias {alias}"},
    }


def _action_lines(declared: list[str], detected: list[str]) -> list[str]:
    """Declared and detected lines together; a C7 sub-line also counts under C7 itself."""
    codes = set(declared) | set(detected)
    if any(code.startswith("C7.") for code in codes):
        codes.add("C7")
    return [code for code in ACTION_LINES if code in codes]


def tombstone(record: WithdrawnSubmission) -> dict[str, Any]:
    """What the index writer removes: the document of a withdrawn submission, as of its version."""
    return {"submission_id": record.submission_id, "version": record.version, "withdrawn": True}


def tag_strength(tags: Tags | TrustedTags) -> float:
    """How strongly the tagger ties a project to the WSIS framework, which ranks "Top projects": its best action
    line and its three best SDGs (each scored 0–1), plus the variety of its evidence (distinct phrases, counted
    up to 6). At most 3: a description stuffed with keywords gains more tags, never more strength."""
    tag_lists = tags.model_dump() if isinstance(tags, Tags) else tags
    lines, goals = tag_lists["action_lines"], tag_lists["sdgs"]
    best_line = max((tag["score"] for tag in lines), default=0.0)
    best_goals = sorted((tag["score"] for tag in goals), reverse=True)[:3]
    phrases = {evidence["detail"].casefold() for tag in [*lines, *goals] for evidence in tag["evidence"]
               if evidence["kind"] == "phrase"}
    return round(best_line + sum(best_goals) / 3 + min(len(phrases), 6) / 6, 3)


def to_document(record: TaggedSubmission | TrustedTaggedRecord) -> dict[str, Any]:
    """What the index writer stores for a tagged submission, built from the record's JSON form: the indexer's
    shape-checked record as read (schemas/submission.py: read_trusted_record), or a TaggedSubmission's dump.
    `action_lines` and `sdgs` are the project's links: what the submitter declared and what the tagger found
    (the tags, with their evidence, are kept beside them); `year` is the start date's, else the year submitted
    (`submitted_on`, which a history import keeps), else the year received."""
    data = record.model_dump(mode="json") if isinstance(record, TaggedSubmission) else record
    s, tags = data["submission"], data["tags"]
    category = tags["category"]
    return {
        "submission_id": data["submission_id"],
        "version": data["version"],
        "received_at": data["received_at"],
        "processed_at": data["processed_at"],
        "title": s["title"],
        "description": s["description"],
        "short_description": s["short_description"],
        "organisation": s["organisation"],
        "stakeholder_type": s["stakeholder_type"],
        "country": s["country"],
        "country_code": s["country_code"],
        "region": s["region"],
        "scope": s["scope"],
        "status": s["status"],
        "submitted_on": s["submitted_on"],
        "year": int((s["start_date"] or s["submitted_on"] or data["received_at"])[:4]),
        "action_lines": _action_lines(s["action_lines"], [t["code"] for t in tags["action_lines"]]),
        "sdgs": sorted(set(s["sdgs"]) | {t["sdg"] for t in tags["sdgs"]}),
        "prize_category": category,
        "start_date": s["start_date"],
        "end_date": s["end_date"],
        "website": s["website"],
        "language": tags["language"],
        "declared_action_lines": s["action_lines"],
        "declared_sdgs": s["sdgs"],
        "prize_category_name": PRIZE_CATEGORIES[category]["name"] if category else None,
        "tag_strength": tag_strength(tags),
        "disagreements": tags["disagreements"],
        "sdg_tags": tags["sdgs"],
        "action_line_tags": tags["action_lines"],
    } | _in_language(tags["language"], s["title"], s["description"])


def _in_language(language: str, title: str, description: str) -> dict[str, Any]:
    return {IN_LANGUAGE: {language: {"title": title, "description": description}}} \
        if language in LANGUAGE_ANALYZERS else {}


def submission_document(record: TaggedSubmission) -> SubmissionDocument:
    """The read model of what `to_document` stores."""
    return SubmissionDocument.model_validate(to_document(record))
