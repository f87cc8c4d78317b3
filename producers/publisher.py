"""Publish submissions to the raw topic, keyed by submission id, acknowledged by all replicas, with retries."""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from kafka.producer.future import FutureRecordMetadata

from schemas.clients import Use, kafka_producer
from schemas.settings import Settings
from schemas.submission import RawSubmission


def content_id(payload: Mapping[str, Any]) -> str:
    """A stable id derived from the content, so that publishing the same submission twice is one submission."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return "S-" + hashlib.sha256(canonical.encode()).hexdigest()[:20]


class SubmissionPublisher:
    """The one producer path: API, bulk import, web form and demo data all publish through this class."""

    def __init__(self, settings: Settings, use: Use = "stage", **producer_options: Any) -> None:
        self.topic = settings.topic_raw
        # idempotent and retried (for 2 minutes at a stage), so a broker restart neither loses nor duplicates nor
        # reorders records; acks="all" makes every in-sync replica hold them first (schemas/clients.py)
        self.producer = kafka_producer(settings, "wsis-publisher", use, **producer_options)

    def publish(
        self,
        payload: Mapping[str, Any],
        submission_id: str | None = None,
        version: int = 1,
        submitter: str | None = None,
        withdrawn: bool = False,
    ) -> tuple[RawSubmission, FutureRecordMetadata]:
        """Queue one submission (or, `withdrawn`, its withdrawal); the future resolves once the broker has it."""
        envelope = RawSubmission(
            submission_id=submission_id or content_id(payload),
            version=version,
            received_at=dt.datetime.now(dt.UTC),
            submitter=submitter,
            payload=dict(payload),
            withdrawn=withdrawn,
        )
        return envelope, self.publish_bytes(envelope.submission_id, envelope.model_dump_json().encode())

    def publish_bytes(self, key: str, value: bytes) -> FutureRecordMetadata:
        """Publish a record as it is, unchecked: the stream decides whether it is valid."""
        return self.producer.send(self.topic, key=key.encode(), value=value)

    def flush(self, timeout: float | None = 30.0) -> None:
        self.producer.flush(timeout)

    def close(self) -> None:
        self.producer.close()
