"""The WSIS Prizes indices the dashboard reads: one document per prize entry (eligibility, judges, standings,
votes, results), one per prize year (its phase) and one per audit line. The prizes worker is their only writer;
documents are written whole, keyed by entry id, year or the audit record's place on its topic, so writing one
twice changes nothing."""

from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from schemas.prize_documents import (
    AUDIT_MAPPING,
    CYCLE_MAPPING,
    ENTRY_MAPPING,
    PrizeCycleDocument,
    PrizeEntryDocument,
)
from schemas.prizes import AuditRecord
from schemas.settings import IndexLayout
from storage.layout import ensure_index

MAX_ENTRIES = 10_000  # a prize year has about a thousand entries
MAX_AUDIT_LINES = 10_000  # the newest, on the audit page


def _not_started(error: ApiError) -> bool:
    """The index exists but its shard is still starting (the prizes worker has just created it, in another
    process): nothing is in it yet, which is what a reader is told."""
    return error.status_code == 503 and error.error in ("no_shard_available_action_exception",
                                                         "search_phase_execution_exception")


class PrizeIndex:
    def __init__(self, client: Elasticsearch, name: str, layout: IndexLayout) -> None:
        self.client, self.layout = client, layout
        self.entries_index, self.cycles_index, self.audit_index = name, f"{name}-cycles", f"{name}-audit"

    def ensure(self) -> None:
        """Create the indices, or add to an existing one the fields added to its mapping since it was made."""
        for index, mapping in ((self.entries_index, ENTRY_MAPPING), (self.cycles_index, CYCLE_MAPPING),
                               (self.audit_index, AUDIT_MAPPING)):
            ensure_index(self.client, index, mapping, self.layout)

    def write(self, entries: list[PrizeEntryDocument], cycles: list[PrizeCycleDocument], wait: bool = False) -> None:
        actions = [{"_op_type": "index", "_index": self.entries_index, "_id": d.entry_id, "_source": d.source()}
                   for d in entries]
        actions += [{"_op_type": "index", "_index": self.cycles_index, "_id": str(d.year), "_source": d.source()}
                    for d in cycles]
        # Visible to searches when this returns: at once, or (`wait`) at the index's next refresh, without forcing
        # one (the prizes worker writes new vote counts twice a second while votes come in).
        helpers.bulk(self.client, actions, refresh="wait_for" if wait else True)

    def write_audit(self, records: dict[str, AuditRecord]) -> None:
        """Audit lines keyed by their place on the audit topic (`partition-offset`)."""
        if not self.client.indices.exists(index=self.audit_index):
            self.ensure()
        actions = [{"_op_type": "index", "_index": self.audit_index, "_id": place,
                    "_source": record.model_dump(mode="json")} for place, record in records.items()]
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

    def cycle(self, year: int) -> PrizeCycleDocument | None:
        found = self._get(self.cycles_index, str(year))
        return PrizeCycleDocument.model_validate(found) if found else None

    def cycles(self) -> list[PrizeCycleDocument]:
        """Every prize year, the newest first."""
        if not self.client.indices.exists(index=self.cycles_index):
            return []
        found = self._search(self.cycles_index, query={"match_all": {}}, size=1000, sort=[{"year": "desc"}])
        return [PrizeCycleDocument.model_validate(c) for c in found]

    def entry(self, entry_id: str) -> PrizeEntryDocument | None:
        found = self._get(self.entries_index, entry_id)
        return PrizeEntryDocument.model_validate(found) if found else None

    def entries(self, year: int, **terms: object) -> list[PrizeEntryDocument]:
        """Entries of a year matching every `field=value` given (e.g. category=4, judges="alice"), in
        category order, best normalised score first."""
        filters = [{"term": {"year": year}}] + [{"term": {k: v}} for k, v in terms.items() if v is not None]
        found = self._search(
            self.entries_index, query={"bool": {"filter": filters}}, size=MAX_ENTRIES,
            sort=[{"category": "asc"}, {"normalised": {"order": "desc", "missing": "_last"}}, {"entry_id": "asc"}],
        )
        return [PrizeEntryDocument.model_validate(e) for e in found]

    def audit(self, year: int | None = None) -> list[AuditRecord]:
        """The audit trail, newest first: of one prize year (with the lines of no year), or of every year."""
        if not self.client.indices.exists(index=self.audit_index):
            return []
        query: dict[str, Any] = {"match_all": {}}
        if year is not None:
            no_year = {"bool": {"must_not": {"exists": {"field": "year"}}}}
            query = {"bool": {"should": [{"term": {"year": year}}, no_year], "minimum_should_match": 1}}
        found = self._search(self.audit_index, query=query, size=MAX_AUDIT_LINES, sort=[{"at": "desc"}])
        return [AuditRecord.model_validate(r) for r in found]
