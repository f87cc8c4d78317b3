"""`wsis reindex`: rebuild the search index from the tagged topic, then switch the alias to it with zero downtime.

1. A new concrete index is created from the current template (so a mapping change is deployed this way).
2. The tagged topic is read from offset 0 by a consumer of its own — no group, nothing committed, the running
   indexer's offsets untouched — up to the end offsets seen at the start, and bulk-written to the new index with the
   same ids and external versions as the running indexer: the newest version of each submission wins.
3. The alias moves to the new index and the old one is deleted, in one atomic step: searches never miss an index.
4. A catch-up pass reads what arrived since step 2's end offsets, which the running indexer may have written to the
   old index only; from the switch on it writes through the alias to the new index itself.

If anything fails before the switch, the new index is deleted and the old one goes on serving.
"""

import logging
from dataclasses import dataclass, field

from kafka import TopicPartition
from pydantic import ValidationError

from schemas.clients import kafka_consumer, search_client
from schemas.search_document import to_document, tombstone
from schemas.settings import Settings
from schemas.submission import WithdrawnSubmission, read_trusted_record
from storage.submission_index import SubmissionIndex

log = logging.getLogger(__name__)


class ReindexError(RuntimeError):
    pass


@dataclass
class ReindexOutcome:
    index: str = ""  # the new concrete index behind the alias
    deleted: list[str] = field(default_factory=list)
    read: int = 0  # records read from the tagged topic
    written: int = 0
    stale: int = 0  # an older version of a submission read after a newer one
    unreadable: int = 0  # not a tagged submission (the running indexer dead-lettered them)
    documents: int = 0  # documents behind the alias afterwards


class _TopicCopy:
    """Reads the tagged topic from the beginning and writes each batch into a concrete index."""

    def __init__(self, settings: Settings, index: SubmissionIndex, outcome: ReindexOutcome) -> None:
        self.index, self.outcome = index, outcome
        self.batch_size = max(settings.indexer_batch_size, 1000)
        self.consumer = kafka_consumer(settings, group_id=None, enable_auto_commit=False,
                                       max_poll_records=self.batch_size, client_id="wsis-reindex")
        partitions = self.consumer.partitions_for_topic(settings.topic_tagged)
        if not partitions:
            self.consumer.close()
            raise ReindexError(f"the tagged topic {settings.topic_tagged!r} does not exist")
        self.partitions = [TopicPartition(settings.topic_tagged, p) for p in sorted(partitions)]
        self.consumer.assign(self.partitions)
        self.consumer.seek_to_beginning(*self.partitions)

    def copy_to_end(self, target: str) -> None:
        """Copy every record up to the end offsets as they are now into the `target` index."""
        end = self.consumer.end_offsets(self.partitions)
        while any(self.consumer.position(tp) < end[tp] for tp in self.partitions):
            batches = self.consumer.poll(timeout_ms=1000, max_records=self.batch_size)
            self._write([record for batch in batches.values() for record in batch], target)

    def _write(self, records: list, target: str) -> None:
        documents = []
        for record in records:
            try:
                record_read = read_trusted_record(record.value)
                documents.append(tombstone(record_read) if isinstance(record_read, WithdrawnSubmission)
                                 else to_document(record_read))
            except (ValidationError, ValueError):
                self.outcome.unreadable += 1
        result = self.index.write(documents, index=target)
        if result.refused:
            reasons = "; ".join(f"{sid}: {reason[:200]}" for sid, reason in result.refused[:5])
            raise ReindexError(f"the new index refused {len(result.refused)} document(s): {reasons}")
        self.outcome.read += len(records)
        self.outcome.written += result.written
        self.outcome.stale += result.stale

    def close(self) -> None:
        self.consumer.close()


def reindex(settings: Settings) -> ReindexOutcome:
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout,
                            settings.search_refresh_seconds)
    index.ensure()
    outcome = ReindexOutcome()
    copy = _TopicCopy(settings, index, outcome)
    try:
        outcome.index = index.create_next()
        log.info("rebuilding %s into %s from %s", index.alias, outcome.index, settings.topic_tagged)
        try:
            copy.copy_to_end(outcome.index)
            index.refresh(outcome.index)
        except BaseException:
            index.client.indices.delete(index=outcome.index)
            raise
        outcome.deleted = index.switch_to(outcome.index)
        copy.copy_to_end(outcome.index)
    finally:
        copy.close()
    index.refresh()
    outcome.documents = index.count()
    return outcome
