"""Search over the submissions index, built from structured parameters (never from raw query strings).

- Facets count documents per value of region, country, stakeholder type, action line, SDG, year, status and
  prize category. They combine: values of one facet are OR-ed, facets are AND-ed, and each facet counts with every
  *other* facet's selection applied (so a chosen region still shows how many projects the other regions have).
- Pages are walked with `search_after` over a total order (the submission id breaks ties): deep pages cost the
  same as the first. Page 1 is read from the index as it is; the walk past it runs in a point in time (a frozen
  view of the index) opened at the first step, so later pages never shift while documents arrive. A search that
  is never paged (most of them) costs one request, not three (open, search, close).
"""

import uuid
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from schemas.search_document import IN_LANGUAGE, LANGUAGE_ANALYZERS, SubmissionDocument
from storage.submission_index import SubmissionIndex

TEXT_FIELDS = ["title^3", "description", "organisation"]  # English; other languages add their own sub-fields
FACET_FIELDS = {  # facet → document field
    "region": "region", "country": "country_code", "stakeholder_type": "stakeholder_type",
    "action_line": "action_lines", "sdg": "sdgs", "year": "year", "status": "status",
    "prize_category": "prize_category",
}
FACET_SIZE = 300  # more than there are countries: every value of every facet is counted
PIT_KEEP_ALIVE = "5m"
# Matches are counted exactly up to this many; past it a page says "more than". Counting every match kept the
# server from skipping documents that cannot reach the page (at 100,000 documents, a broad text search: p90 44 →
# 22 ms on the server); the facets still count every match.
EXACT_TOTAL_UP_TO = 10_000
Sort = Literal["relevance", "newest", "oldest"]
SORTS: dict[str, list[dict[str, str]]] = {  # the unique submission_id last: a total order for search_after
    "relevance": [{"_score": "desc"}, {"year": "desc"}, {"submission_id": "asc"}],
    "newest": [{"year": "desc"}, {"received_at": "desc"}, {"submission_id": "asc"}],
    "oldest": [{"year": "asc"}, {"received_at": "asc"}, {"submission_id": "asc"}],
}
HIGHLIGHT = {"fields": {"title": {"number_of_fragments": 0},
                        "description": {"fragment_size": 160, "number_of_fragments": 2}}}


@dataclass(frozen=True)
class SearchRequest:
    """Free text, the values selected in each facet (field names = FACET_FIELDS keys), and the order."""

    text: str = ""
    language: str = "en"  # the searcher's language: its analyzer's sub-fields are searched beside the English
    region: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    stakeholder_type: tuple[str, ...] = ()
    action_line: tuple[str, ...] = ()
    sdg: tuple[int, ...] = ()
    year: tuple[int, ...] = ()
    status: tuple[str, ...] = ()
    prize_category: tuple[int, ...] = ()
    sort: Sort = "relevance"

    def selected(self) -> dict[str, tuple]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in FACET_FIELDS}


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the point in time (None on page 1, read from the live index), and the sort
    values of the last hit shown. `search` names the search it belongs to, so pages cached by cursor are never
    shared by two searches started apart."""

    pit_id: str | None = None
    after: tuple | None = None
    search: str = ""


@dataclass(frozen=True)
class Hit:
    document: SubmissionDocument
    highlight: dict[str, list[str]]  # field → fragments with the query's words in <em>, from the search server


@dataclass
class Page:
    total: int  # the matches, or a lower bound of them when `more` (EXACT_TOTAL_UP_TO)
    hits: list[Hit] = field(default_factory=list)
    next: Cursor | None = None  # None on the last page
    more: bool = False  # there are more than `total` matches


def _text_query(text: str, language: str) -> list[dict[str, Any]]:
    """The English fields and their standard-analyzer sub-fields, with every other UN language's fields beside
    them, so that a project is found whichever UN language it is written in; the searcher's own language weighs
    a little more. (`title.<language>` are the multi-fields of an index made before `in_language`, until `wsis
    reindex`; a field an index lacks matches nothing.)"""
    if not text.strip():
        return [{"match_all": {}}]
    fields = TEXT_FIELDS + ["title.std^3", "description.std"]
    for lang in LANGUAGE_ANALYZERS:
        own = 1.5 if lang == language else 1.0
        fields += [f"{IN_LANGUAGE}.{lang}.title^{3 * own}", f"{IN_LANGUAGE}.{lang}.description^{own}",
                   f"title.{lang}^{3 * own}", f"description.{lang}^{own}"]
    return [{"multi_match": {"query": text.strip(), "fields": fields}}]


def _filters(request: SearchRequest, leave_out: str | None = None) -> list[dict[str, Any]]:
    return [{"terms": {FACET_FIELDS[facet]: list(values)}}
            for facet, values in request.selected().items() if values and facet != leave_out]


def build_query(request: SearchRequest) -> dict[str, Any]:
    return {"bool": {"must": _text_query(request.text, request.language), "filter": _filters(request)}}


def facet_counts(index: SubmissionIndex, request: SearchRequest) -> dict[str, dict[Any, int]]:
    """For each facet, {value: number of matching documents}, most frequent first."""
    aggs = {
        facet: {"filter": {"bool": {"filter": _filters(request, leave_out=facet)}},
                "aggs": {"values": {"terms": {"field": path, "size": FACET_SIZE}}}}
        for facet, path in FACET_FIELDS.items()
    }
    response = index.client.search(
        index=index.alias, size=0, query={"bool": {"must": _text_query(request.text, request.language)}}, aggs=aggs
    )
    buckets = {facet: response["aggregations"][facet]["values"]["buckets"] for facet in FACET_FIELDS}
    return {facet: {bucket["key"]: bucket["doc_count"] for bucket in buckets[facet]} for facet in FACET_FIELDS}


def first_page() -> Cursor:
    """The cursor of a new search's first page: the live index, and a name of its own."""
    return Cursor(search=uuid.uuid4().hex)


def open_point_in_time(index: SubmissionIndex) -> Cursor:
    return Cursor(index.client.open_point_in_time(index=index.alias, keep_alive=PIT_KEEP_ALIVE)["id"],
                  search=uuid.uuid4().hex)


def walk_on(index: SubmissionIndex, cursor: Cursor) -> Cursor:
    """The cursor to read the next page with: on the first step past page 1, in a point in time opened now."""
    if cursor.pit_id is not None:
        return cursor
    pit_id = index.client.open_point_in_time(index=index.alias, keep_alive=PIT_KEEP_ALIVE)["id"]
    return replace(cursor, pit_id=pit_id)


def close_point_in_time(index: SubmissionIndex, cursor: Cursor) -> None:
    if cursor.pit_id is not None:
        index.client.close_point_in_time(id=cursor.pit_id)


def _highlight(request: SearchRequest) -> dict[str, Any]:
    """Snippets marked by the words of the query on the English fields only: highlighting the query over every
    language's sub-fields cost most of a page's time (measured at 100,000 documents: p50 33 → 22 ms)."""
    if not request.text.strip():
        return HIGHLIGHT
    return HIGHLIGHT | {"highlight_query": {"multi_match": {"query": request.text.strip(),
                                                             "fields": ["title", "description"]}}}


def search_page(index: SubmissionIndex, request: SearchRequest, cursor: Cursor, size: int = 20,
                exact_up_to: int = EXACT_TOTAL_UP_TO) -> Page:
    """One page of hits from the cursor's point in time, or from the index on page 1; its matches counted exactly up
    to `exact_up_to`. Raises NotFoundError once the point in time expired."""
    where: dict[str, Any] = ({"pit": {"id": cursor.pit_id, "keep_alive": PIT_KEEP_ALIVE}} if cursor.pit_id
                             else {"index": index.alias})
    response = index.client.search(
        **where,
        query=build_query(request),
        sort=SORTS[request.sort],
        search_after=list(cursor.after) if cursor.after is not None else None,
        size=size + 1,  # one more than shown tells whether there is a next page
        highlight=_highlight(request),
        track_total_hits=exact_up_to,
    )
    raw = response["hits"]["hits"]
    hits = [Hit(SubmissionDocument.model_validate(hit["_source"]), hit.get("highlight", {})) for hit in raw[:size]]
    pit_id = response.get("pit_id", cursor.pit_id)
    following = Cursor(pit_id, tuple(raw[size - 1]["sort"]), cursor.search) if len(raw) > size else None
    total = response["hits"]["total"]
    return Page(total=total["value"], hits=hits, next=following, more=total["relation"] == "gte")


def get_documents(index: SubmissionIndex, submission_ids: set[str]) -> dict[str, SubmissionDocument]:
    """The indexed projects asked for, by id (a withdrawn or unknown id is not among them)."""
    if not submission_ids:
        return {}
    response = index.client.search(index=index.alias, query={"ids": {"values": sorted(submission_ids)}},
                                   size=len(submission_ids))
    documents = (SubmissionDocument.model_validate(hit["_source"]) for hit in response["hits"]["hits"])
    return {document.submission_id: document for document in documents}


def get_document(index: SubmissionIndex, submission_id: str) -> SubmissionDocument | None:
    return get_documents(index, {submission_id}).get(submission_id)
