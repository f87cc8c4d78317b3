"""What every door (HTTP API, web form, bulk import) does with a submission: check it, publish it through the
one producer path, wait until the broker has it, and record it as `received` in the status index.

A submission counts as received only once the broker acknowledged it: until then the door tells the submitter
to try again (BrokerUnavailable), so nothing is accepted and then lost.
"""

import hashlib
import logging
import threading
import uuid
from collections.abc import Mapping
from typing import Any

from elastic_transport import TransportError
from elasticsearch import ApiError
from kafka.errors import KafkaError
from pydantic import ValidationError

from producers.publisher import SubmissionPublisher
from schemas.clients import DOOR_ACK_TIMEOUT_SECONDS, search_client
from schemas.field_errors import FieldError, field_errors
from schemas.settings import Settings
from schemas.status import SubmissionStatus, received
from schemas.submission import RawSubmission, Submission
from storage.status_index import StatusIndex

log = logging.getLogger(__name__)
StatusUnavailable = (TransportError, ApiError)  # the status index could not be read or written


class BrokerUnavailable(Exception):
    """The broker did not acknowledge the submission: it was not received; the submitter should retry."""


def check(payload: Mapping[str, Any]) -> list[FieldError]:
    """The schema's verdict on a payload, one message per field; empty when it is valid."""
    try:
        Submission.model_validate(payload)
    except ValidationError as exc:
        return field_errors(exc)
    return []


def new_id(submitter: str | None = None, idempotency_key: str | None = None) -> str:
    """A fresh id; the same one for every retry that carries the same idempotency key from the same submitter."""
    if idempotency_key is None:
        return "S-" + uuid.uuid4().hex[:20]
    return "S-" + hashlib.sha256(f"{submitter or ''}\n{idempotency_key}".encode()).hexdigest()[:20]


class Intake:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.statuses = StatusIndex(search_client(settings, "door"), settings.status_index)
        self._publisher: SubmissionPublisher | None = None
        self._lock = threading.Lock()

    def publisher(self) -> SubmissionPublisher:
        """Connected on first use (and again after a failed connection), so a door starts while Kafka is down."""
        with self._lock:
            if self._publisher is None:
                try:
                    self._publisher = SubmissionPublisher(self.settings, "door")
                except KafkaError as exc:
                    raise BrokerUnavailable(str(exc)) from exc
            return self._publisher

    def submit(
        self, payload: Mapping[str, Any], submission_id: str, version: int = 1, submitter: str | None = None
    ) -> RawSubmission:
        """Publish and wait for the broker's acknowledgement; raises BrokerUnavailable when it does not come."""
        try:
            envelope, future = self.publisher().publish(payload, submission_id, version, submitter)
            future.get(timeout=DOOR_ACK_TIMEOUT_SECONDS)
        except KafkaError as exc:
            raise BrokerUnavailable(str(exc) or type(exc).__name__) from exc
        self.record_received([envelope])
        return envelope

    def record_received(self, envelopes: list[RawSubmission]) -> None:
        """Best effort: when the status index is down the indexer's later states still arrive."""
        try:
            self.statuses.write([received(e) for e in envelopes])
        except StatusUnavailable as exc:
            log.warning("could not record %d submissions as received: %s", len(envelopes), exc)

    def status(self, submission_id: str) -> SubmissionStatus | None:
        """Raises one of StatusUnavailable when the status index cannot be read."""
        return self.statuses.get(submission_id)

    def close(self) -> None:
        if self._publisher is not None:
            self._publisher.close()
        self.statuses.client.close()
