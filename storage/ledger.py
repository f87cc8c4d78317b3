"""The submission ledger: a private index of one document per submission (schemas/ownership.py), written with
Elasticsearch's optimistic concurrency, so that of two doors creating the same id, or updating the same version,
exactly one wins."""

from dataclasses import dataclass

from elasticsearch import ConflictError, Elasticsearch, NotFoundError

from schemas.ownership import LEDGER_MAPPING, LedgerEntry
from schemas.settings import IndexLayout
from storage.layout import ensure_index


class LedgerConflict(Exception):
    """Another door created this submission, or updated it, first."""


@dataclass(frozen=True)
class Held:
    """An entry as read, with what a conditional write needs to replace exactly this one."""

    entry: LedgerEntry
    seq_no: int
    primary_term: int


class SubmissionLedger:
    def __init__(self, client: Elasticsearch, name: str, layout: IndexLayout) -> None:
        self.client, self.name, self.layout, self.ready = client, name, layout, False

    def ensure(self) -> None:
        if self.ready:
            return
        ensure_index(self.client, self.name, LEDGER_MAPPING, self.layout)
        self.ready = True

    def get(self, submission_id: str) -> Held | None:
        self.ensure()
        try:
            found = self.client.get(index=self.name, id=submission_id)
        except NotFoundError:
            return None
        return Held(LedgerEntry.model_validate(found["_source"]), found["_seq_no"], found["_primary_term"])

    def create(self, entry: LedgerEntry) -> None:
        """Raises LedgerConflict when the id exists already."""
        self.ensure()
        try:
            self.client.create(index=self.name, id=entry.submission_id, document=entry.model_dump(mode="json"))
        except ConflictError as exc:
            raise LedgerConflict(entry.submission_id) from exc

    def replace(self, held: Held, entry: LedgerEntry) -> Held:
        """Replace the entry as it was read; raises LedgerConflict when it changed since."""
        try:
            written = self.client.index(index=self.name, id=entry.submission_id, document=entry.model_dump(mode="json"),
                                        if_seq_no=held.seq_no, if_primary_term=held.primary_term)
        except ConflictError as exc:
            raise LedgerConflict(entry.submission_id) from exc
        return Held(entry, written["_seq_no"], written["_primary_term"])
