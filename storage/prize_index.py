"""The WSIS Prizes index the dashboard reads: one document per prize entry (eligibility, judges, standings,
votes, results) and one per prize year (its phase). The prizes worker is its only writer; documents are
written whole, keyed by entry id (or year), so writing one twice changes nothing."""

from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

_OPAQUE = {"type": "object", "enabled": False}  # shown, never searched
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
        "reasons": {"type": "keyword"},  # in English
        "reason_messages": _OPAQUE,  # the same as schemas.messages.Message, shown in the reader's language
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
MAX_ENTRIES = 10_000  # a prize year has about a thousand entries


def _not_started(error: ApiError) -> bool:
    """The index exists but its shard is still starting (the prizes worker has just created it, in another
    process): nothing is in it yet, which is what a reader is told."""
    return error.status_code == 503 and error.error in ("no_shard_available_action_exception",
                                                         "search_phase_execution_exception")


class PrizeIndex:
    def __init__(self, client: Elasticsearch, name: str) -> None:
        self.client = client
        self.entries_index, self.cycles_index = name, f"{name}-cycles"

    def ensure(self) -> None:
        """Create the indices, or add to an existing one the fields added to its mapping since it was made."""
        for index, mapping in ((self.entries_index, ENTRY_MAPPING), (self.cycles_index, CYCLE_MAPPING)):
            if self.client.indices.exists(index=index):
                self.client.indices.put_mapping(index=index, properties=mapping["properties"])
            else:
                self.client.indices.create(index=index, mappings=mapping, settings={"number_of_shards": 1})

    def write(self, entries: list[dict[str, Any]], cycles: list[dict[str, Any]]) -> None:
        actions = [{"_op_type": "index", "_index": self.entries_index, "_id": d["entry_id"], "_source": d}
                   for d in entries]
        actions += [{"_op_type": "index", "_index": self.cycles_index, "_id": str(d["year"]), "_source": d}
                    for d in cycles]
        helpers.bulk(self.client, actions, refresh=True)

    def _get(self, index: str, document_id: str) -> dict[str, Any] | None:
        try:
            return self.client.get(index=index, id=document_id)["_source"]
        except NotFoundError:
            return None
        except ApiError as error:
            if _not_started(error):
                return None
            raise

    def _search(self, index: str, **request: Any) -> list[dict[str, Any]]:
        try:
            hits = self.client.search(index=index, **request)["hits"]["hits"]
        except ApiError as error:
            if _not_started(error):
                return []
            raise
        return [hit["_source"] for hit in hits]

    def cycle(self, year: int) -> dict[str, Any] | None:
        return self._get(self.cycles_index, str(year))

    def cycles(self) -> list[dict[str, Any]]:
        if not self.client.indices.exists(index=self.cycles_index):
            return []
        found = self._search(self.cycles_index, query={"match_all": {}}, size=1000)
        return sorted(found, key=lambda c: c["year"], reverse=True)

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        return self._get(self.entries_index, entry_id)

    def entries(self, year: int, **terms: object) -> list[dict[str, Any]]:
        """Entries of a year matching every `field=value` given (e.g. category=4, judges="alice"), in
        category order, best normalised score first."""
        filters = [{"term": {"year": year}}] + [{"term": {k: v}} for k, v in terms.items() if v is not None]
        return self._search(
            self.entries_index, query={"bool": {"filter": filters}}, size=MAX_ENTRIES,
            sort=[{"category": "asc"}, {"normalised": {"order": "desc", "missing": "_last"}}, {"entry_id": "asc"}],
        )
