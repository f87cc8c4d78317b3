"""Consume the tagged topic and write it to the index; commit offsets only once Elasticsearch has the batch.

A restart re-reads at most one uncommitted batch; writes are keyed by submission id and version, so that
changes nothing. Documents Elasticsearch refuses go to the dead-letter topic with the reason, never silently.
While Elasticsearch is unreachable the indexer backs off and retries the same batch.
"""

import json
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from elastic_transport import ConnectionError as ESConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError
from kafka import KafkaConsumer, KafkaProducer
from pydantic import ValidationError

from indexer.documents import to_document
from indexer.submission_index import SubmissionIndex, connect
from schemas.submission import TaggedSubmission
from wsis.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_BACKOFF_SECONDS = 10.0


class Indexer:
    def __init__(self, settings: Settings, **consumer_options: object) -> None:
        self.settings = settings
        self.index = SubmissionIndex(connect(settings, request_timeout=30), settings.index_alias)
        options = {
            "group_id": settings.indexer_group,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            "max_poll_records": settings.indexer_batch_size,
            "session_timeout_ms": 6000,
            "heartbeat_interval_ms": 1000,
            "group_instance_id": f"{settings.indexer_group}-{settings.instance_id}",  # see streams/app.py
        } | consumer_options
        self.consumer = KafkaConsumer(settings.topic_tagged, bootstrap_servers=settings.kafka, **options)
        self.dead_letters = KafkaProducer(bootstrap_servers=settings.kafka, acks="all", retries=10)
        self.stopping = threading.Event()
        self.indexed = 0

    def run(self) -> None:
        self._retry(self.index.ensure)
        try:
            while not self.stopping.is_set():
                self.run_once()
        finally:
            self.consumer.close(autocommit=False)
            self.dead_letters.close()

    def run_once(self, poll_timeout_ms: int = 500) -> int:
        batches = self.consumer.poll(timeout_ms=poll_timeout_ms)
        records = [record for batch in batches.values() for record in batch]
        if not records:
            return 0
        documents, dead = [], []
        for record in records:
            try:
                documents.append(to_document(TaggedSubmission.model_validate_json(record.value)))
            except (ValidationError, ValueError) as exc:
                dead.append(((record.key or b"").decode(errors="replace"), f"not a tagged submission: {exc}"))
        outcome = self._retry(lambda: self.index.write(documents))
        if outcome is None:  # stopping while Elasticsearch was down: nothing committed, the batch comes again
            return 0
        for submission_id, reason in dead + outcome.refused:
            log.error("dead-lettering %s: %s", submission_id, reason)
            value = json.dumps({"submission_id": submission_id, "reason": reason}).encode()
            self.dead_letters.send(self.settings.topic_dead_letter, key=submission_id.encode(), value=value)
        self.dead_letters.flush()
        self.consumer.commit()
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
