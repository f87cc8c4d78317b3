"""The search index: its template (settings and explicit mapping), and how a tagged submission becomes a document.

Contact details (email, phone, submitter) never enter the index: it backs public search.
"""

from typing import Any

from schemas.reference import ACTION_LINES, PRIZE_CATEGORIES
from schemas.submission import TaggedSubmission, WithdrawnSubmission
from schemas.tags import Tags

# Text is analysed for English; each other UN language has a sub-field with the search server's analyzer for it
# (Chinese: `cjk`, the bigram analyzer Elasticsearch ships without plugins), plus a plain `std` sub-field.
LANGUAGE_ANALYZERS = {"fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic", "zh": "cjk", "std": "standard"}
_MULTILINGUAL_TEXT: dict[str, Any] = {
    "type": "text",
    "analyzer": "english",
    "fields": {lang: {"type": "text", "analyzer": analyzer} for lang, analyzer in LANGUAGE_ANALYZERS.items()},
}
_EVIDENCE = {"type": "object", "enabled": False}  # shown in the detail view, not searched

MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "submission_id": {"type": "keyword"},
        "version": {"type": "integer"},
        "received_at": {"type": "date"},
        "processed_at": {"type": "date"},
        "title": _MULTILINGUAL_TEXT | {"fields": _MULTILINGUAL_TEXT["fields"] | {"raw": {"type": "keyword"}}},
        "description": _MULTILINGUAL_TEXT,
        "organisation": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
        # the facets: keyword (or integer) fields, aggregated with `terms`
        "stakeholder_type": {"type": "keyword"},
        "country": {"type": "keyword"},
        "country_code": {"type": "keyword"},
        "region": {"type": "keyword"},
        "status": {"type": "keyword"},
        "year": {"type": "integer"},
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
SETTINGS: dict[str, Any] = {"number_of_shards": 1}


def index_template(alias: str) -> dict[str, Any]:
    """The template every concrete index behind `alias` (`<alias>-000001`, `-000002`, …) is created from."""
    return {
        "index_patterns": [f"{alias}-*"],
        "priority": 200,
        "template": {"settings": SETTINGS, "mappings": MAPPING},
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


def tag_strength(tags: Tags) -> float:
    """How strongly the tagger ties a project to the WSIS framework, which ranks "Top projects": its best action
    line and its three best SDGs (each scored 0–1), plus the variety of its evidence (distinct phrases, counted
    up to 6). At most 3: a description stuffed with keywords gains more tags, never more strength."""
    best_line = max((tag.score for tag in tags.action_lines), default=0.0)
    best_goals = sorted((tag.score for tag in tags.sdgs), reverse=True)[:3]
    phrases = {evidence.detail.casefold() for tag in [*tags.action_lines, *tags.sdgs] for evidence in tag.evidence
               if evidence.kind == "phrase"}
    return round(best_line + sum(best_goals) / 3 + min(len(phrases), 6) / 6, 3)


def to_document(record: TaggedSubmission) -> dict[str, Any]:
    """`action_lines` and `sdgs` are the project's links: what the submitter declared and what the tagger found
    (the tags, with their evidence, are kept beside them); `year` is the start date's, else the year received."""
    s, tags = record.submission, record.tags
    year_from = s.start_date or record.received_at.date()
    return {
        "submission_id": record.submission_id,
        "version": record.version,
        "received_at": record.received_at.isoformat(),
        "processed_at": record.processed_at.isoformat(),
        "title": s.title,
        "description": s.description,
        "organisation": s.organisation,
        "stakeholder_type": s.stakeholder_type,
        "country": s.country,
        "country_code": s.country_code,
        "region": s.region,
        "status": s.status,
        "start_date": s.start_date.isoformat() if s.start_date else None,
        "end_date": s.end_date.isoformat() if s.end_date else None,
        "year": year_from.year,
        "website": str(s.website) if s.website else None,
        "language": tags.language,
        "action_lines": _action_lines(s.action_lines, [t.code for t in tags.action_lines]),
        "sdgs": sorted(set(s.sdgs) | {t.sdg for t in tags.sdgs}),
        "declared_action_lines": s.action_lines,
        "declared_sdgs": s.sdgs,
        "prize_category": tags.category,
        "prize_category_name": PRIZE_CATEGORIES[tags.category]["name"] if tags.category else None,
        "tag_strength": tag_strength(tags),
        "disagreements": tags.disagreements,
        "sdg_tags": [t.model_dump() for t in tags.sdgs],
        "action_line_tags": [t.model_dump() for t in tags.action_lines],
    }
