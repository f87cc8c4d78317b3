"""Consume the tagged topic and write it to the index; commit offsets only once Elasticsearch has the batch.

The same loop keeps each submission's status (storage/status_index.py): an indexed submission's is its search
document (no second write); the status index gets `rejected` with the stream's reasons for the rejected topic's
records, `withdrawn`, and `accepted` with the refusal for a document the search index refused.

The tagged topic's records are shape-checked only (schemas/submission.py: read_trusted_record): the worker, its only
writer, validated them in full, and validating them again was most of the indexer's time. A record that is not a
tagged submission at all is still dead-lettered, never indexed, never a crash.

A restart re-reads at most one uncommitted batch; writes are keyed by submission id and version, so that
changes nothing. Documents Elasticsearch refuses go to the dead-letter topic with the reason, never silently.
While Elasticsearch is unreachable the indexer backs off and retries the same batch.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from elastic_transport import ConnectionError as ESConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError
from kafka.errors import CommitFailedError, KafkaError

from indexer.freshness import RefreshPacer
from schemas.clients import kafka_consumer, kafka_producer, search_client
from schemas.search_document import to_document, tombstone
from schemas.settings import Settings
from schemas.status import SubmissionStatus, not_indexed, rejected, withdrawn
from schemas.submission import RejectedSubmission, TrustedTaggedRecord, WithdrawnSubmission, read_trusted_record
from storage.status_index import StatusIndex
from storage.submission_index import SubmissionIndex

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_BACKOFF_SECONDS = 10.0


class Indexer:
    def __init__(self, settings: Settings, **consumer_options: object) -> None:
        self.settings = settings
        client = search_client(settings)
        self.index = SubmissionIndex(client, settings.index_alias, settings.index_layout,
                                     settings.search_refresh_seconds)
        self.statuses = StatusIndex(client, settings.status_index, settings.index_layout, settings.index_alias)
        options = {
            "group_id": settings.indexer_group,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            "max_poll_records": settings.indexer_batch_size,
            "session_timeout_ms": 30_000,  # see streams/faust_app.py: short sessions evicted a busy stage
            "heartbeat_interval_ms": 3000,
            # static membership, as in streams/faust_app.py
            "group_instance_id": f"{settings.indexer_group}-{settings.instance_id}",
        } | consumer_options
        self.consumer = kafka_consumer(settings, settings.topic_tagged, settings.topic_rejected, **options)
        self.dead_letters = kafka_producer(settings, "wsis-indexer-dead-letters")
        self.stopping = threading.Event()
        self.indexed = 0
        self.pacer = RefreshPacer(self.index, settings)

    def run(self) -> None:
        self._retry(self.index.ensure)
        # Topic metadata before the first join: joining without it (seen on a loaded machine) got the group an
        # empty assignment, then kafka-python 3.0 hung in the next rebalance, polling in a busy loop.
        for topic in (self.settings.topic_tagged, self.settings.topic_rejected):
            self.consumer.partitions_for_topic(topic)
        try:
            while not self.stopping.is_set():
                try:
                    self.run_once()
                    self._retry(self.pacer.tick)
                except KafkaError as exc:  # broker unreachable or restarting: back off, keep the process
                    log.warning("Kafka error (%s); retrying in 1 s", exc)
                    self.stopping.wait(1.0)
        finally:
            self.consumer.close(autocommit=False)
            self.dead_letters.close()

    def _poll_batch(self, poll_timeout_ms: int) -> list:
        size = self.settings.indexer_batch_size
        records = [r for batch in self.consumer.poll(timeout_ms=poll_timeout_ms).values() for r in batch]
        # A batch is what arrives within the batch wait of its first record (or indexer_batch_size records): one
        # bulk request. Elasticsearch spent about twice the CPU per document on bulks of 20 as on bulks of 100 at the
        # same 200 documents/s (measured): the wait trades a little latency for indexing capacity, more of it while
        # the index is busy (indexer/freshness.py).
        deadline = time.monotonic() + self.pacer.batch_wait()
        while records and len(records) < size and (left := deadline - time.monotonic()) > 0:
            more = self.consumer.poll(timeout_ms=int(1000 * left) + 1, max_records=size - len(records))
            records += [r for batch in more.values() for r in batch]
        return records

    def run_once(self, poll_timeout_ms: int = 500) -> int:
        records = self._poll_batch(poll_timeout_ms)
        if not records:
            return 0
        tagged: list[TrustedTaggedRecord] = []
        statuses: list[SubmissionStatus] = []
        documents, dead = [], []
        for record in records:
            try:
                if record.topic == self.settings.topic_rejected:
                    statuses.append(rejected(RejectedSubmission.model_validate_json(record.value)))
                else:
                    submission = read_trusted_record(record.value)
                    if isinstance(submission, WithdrawnSubmission):
                        documents.append(tombstone(submission))
                        statuses.append(withdrawn(submission))
                    else:
                        documents.append(to_document(submission))
                        tagged.append(submission)
            except (ValueError, LookupError, TypeError) as exc:  # ValidationError is a ValueError
                kind = "rejected" if record.topic == self.settings.topic_rejected else "tagged"
                dead.append(((record.key or b"").decode(errors="replace"), f"not a {kind} submission: {exc}"))
        outcome = self._retry(lambda: self.index.write(documents))
        if outcome is None:  # stopping while Elasticsearch was down: nothing committed, the batch comes again
            return 0
        refusals = dict(outcome.refused)
        statuses += [not_indexed(record, refusals[record["submission_id"]])
                     for record in tagged if record["submission_id"] in refusals]
        status_outcome = self._retry(lambda: self.statuses.write(statuses))
        if status_outcome is None:
            return 0
        for submission_id, reason in status_outcome.refused:
            log.error("status of %s refused by the status index: %s", submission_id, reason)
        for submission_id, reason in dead + outcome.refused:
            log.error("dead-lettering %s: %s", submission_id, reason)
            value = json.dumps({"submission_id": submission_id, "reason": reason}).encode()
            self.dead_letters.send(self.settings.topic_dead_letter, key=submission_id.encode(), value=value)
        self.dead_letters.flush()
        try:
            self.consumer.commit()
        except CommitFailedError as exc:  # e.g. the broker restarted and the group rebalanced
            # The batch is in Elasticsearch; it will be read again from the last commit and rewritten
            # idempotently, so nothing is lost and nothing is duplicated.
            log.warning("offset commit failed (%s); the batch will be re-read", exc)
        self.indexed += outcome.written
        return len(records)

    def _retry(self, action: Callable[[], T]) -> T | None:
        delay = 0.2
        while not self.stopping.is_set():
            try:
                return action()
            except (ESConnectionError, ConnectionTimeout, ApiError) as exc:
                if isinstance(exc, ApiError) and exc.status_code < 500 and exc.status_code != 429:
                    raise
                log.warning("Elasticsearch unavailable (%s); retrying in %.1f s", exc, delay)
                self.stopping.wait(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        return None

    def stop(self) -> None:
        self.stopping.set()


def run_indexer(settings: Settings) -> None:
    indexer = Indexer(settings)
    try:
        indexer.run()
    except KeyboardInterrupt:
        indexer.stop()
    log.info("indexer stopped after %d documents", indexer.indexed)
