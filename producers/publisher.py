"""Publish submissions to the raw topic, keyed by submission id, acknowledged by all replicas, with retries."""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from kafka import KafkaProducer
from kafka.producer.future import FutureRecordMetadata

from schemas.submission import RawSubmission
from wsis.settings import Settings


def content_id(payload: Mapping[str, Any]) -> str:
    """A stable id derived from the content, so that publishing the same submission twice is one submission."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return "S-" + hashlib.sha256(canonical.encode()).hexdigest()[:20]


class SubmissionPublisher:
    """The one producer path: API, bulk import, web form and demo data all publish through this class."""

    def __init__(self, settings: Settings, **producer_options: Any) -> None:
        self.topic = settings.topic_raw
        # kafka-python 3 defaults: idempotent, retried until delivery_timeout_ms (2 min), so a broker restart
        # neither loses nor duplicates nor reorders records; acks="all" makes every replica hold them first.
        options: dict[str, Any] = {"acks": "all", "linger_ms": 5, "enable_idempotence": True}
        options.update(producer_options)
        self.producer = KafkaProducer(bootstrap_servers=settings.kafka, client_id="wsis-publisher", **options)

    def publish(
        self,
        payload: Mapping[str, Any],
        submission_id: str | None = None,
        version: int = 1,
        submitter: str | None = None,
    ) -> tuple[RawSubmission, FutureRecordMetadata]:
        """Queue one submission; the returned future resolves once the broker has it."""
        envelope = RawSubmission(
            submission_id=submission_id or content_id(payload),
            version=version,
            received_at=dt.datetime.now(dt.UTC),
            submitter=submitter,
            payload=dict(payload),
        )
        return envelope, self.publish_bytes(envelope.submission_id, envelope.model_dump_json().encode())

    def publish_bytes(self, key: str, value: bytes) -> FutureRecordMetadata:
        """Publish a record as it is, unchecked: the stream decides whether it is valid."""
        return self.producer.send(self.topic, key=key.encode(), value=value)

    def flush(self, timeout: float | None = 30.0) -> None:
        self.producer.flush(timeout)

    def close(self) -> None:
        self.producer.close()
