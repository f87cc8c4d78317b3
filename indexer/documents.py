"""The search index: its mapping, and how a tagged submission becomes a document.

Contact details (email, phone, submitter) never enter the index: it backs public search.
"""

from typing import Any

from schemas.reference import PRIZE_CATEGORIES
from schemas.submission import TaggedSubmission

_MULTILINGUAL_TEXT = {
    "type": "text",
    "analyzer": "english",
    "fields": {lang: {"type": "text", "analyzer": analyzer} for lang, analyzer in
               {"fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic", "std": "standard"}.items()},
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
        "stakeholder_type": {"type": "keyword"},
        "country": {"type": "keyword"},
        "country_code": {"type": "keyword"},
        "region": {"type": "keyword"},
        "status": {"type": "keyword"},
        "start_date": {"type": "date"},
        "end_date": {"type": "date"},
        "year": {"type": "integer"},
        "website": {"type": "keyword", "index": False},
        "language": {"type": "keyword"},
        "action_lines": {"type": "keyword"},
        "sdgs": {"type": "integer"},
        "declared_action_lines": {"type": "keyword"},
        "declared_sdgs": {"type": "integer"},
        "prize_category": {"type": "integer"},
        "prize_category_name": {"type": "keyword"},
        "disagreements": {"type": "keyword"},
        "sdg_tags": _EVIDENCE,
        "action_line_tags": _EVIDENCE,
    },
}


def to_document(record: TaggedSubmission) -> dict[str, Any]:
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
        "action_lines": [t.code for t in tags.action_lines],
        "sdgs": [t.sdg for t in tags.sdgs],
        "declared_action_lines": s.action_lines,
        "declared_sdgs": s.sdgs,
        "prize_category": tags.category,
        "prize_category_name": PRIZE_CATEGORIES[tags.category]["name"] if tags.category else None,
        "disagreements": tags.disagreements,
        "sdg_tags": [t.model_dump() for t in tags.sdgs],
        "action_line_tags": [t.model_dump() for t in tags.action_lines],
    }
