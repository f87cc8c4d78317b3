"""Search over the submissions index, built from structured parameters (never from raw query strings)."""

from dataclasses import dataclass, field
from typing import Any

from indexer.submission_index import SubmissionIndex

TEXT_FIELDS = ["title^3", "title.fr", "title.es", "title.std", "description", "description.fr", "description.es",
               "description.std", "organisation"]


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    regions: tuple[str, ...] = ()
    size: int = 20
    offset: int = 0


@dataclass
class SearchResult:
    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)  # each: the document plus its "highlight"


def build_query(request: SearchRequest) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    if request.text.strip():
        must.append({"multi_match": {"query": request.text.strip(), "fields": TEXT_FIELDS}})
    filters: list[dict[str, Any]] = []
    if request.regions:
        filters.append({"terms": {"region": list(request.regions)}})
    return {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}


def search(index: SubmissionIndex, request: SearchRequest) -> SearchResult:
    response = index.client.search(
        index=index.alias,
        query=build_query(request),
        highlight={"fields": {"title": {}, "description": {"fragment_size": 160, "number_of_fragments": 2}}},
        size=request.size,
        from_=request.offset,
        track_total_hits=True,
    )
    hits = [hit["_source"] | {"highlight": hit.get("highlight", {})} for hit in response["hits"]["hits"]]
    return SearchResult(total=response["hits"]["total"]["value"], hits=hits)
