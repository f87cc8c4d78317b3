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
from schemas.clients import ACK_TIMEOUT_SECONDS, Use, search_client
from schemas.field_errors import FieldError, field_errors
from schemas.ownership import LedgerEntry, body_hash, holds, new_token, token_hash
from schemas.settings import Settings
from schemas.status import SubmissionStatus, received
from schemas.submission import RawSubmission, Submission
from storage.ledger import LedgerConflict, SubmissionLedger
from storage.status_index import StatusIndex

log = logging.getLogger(__name__)
StatusUnavailable = (TransportError, ApiError)  # the status index could not be read or written


class BrokerUnavailable(Exception):
    """The broker did not acknowledge the submission: it was not received; the submitter should retry."""


class NotFound(Exception):
    """No submission has this id."""


class NotAllowed(Exception):
    """The edit token is missing or is not this submission's (nor the organisers')."""


class VersionMismatch(Exception):
    """The update names another version than the latest: someone changed the submission since it was read."""

    def __init__(self, latest: int) -> None:
        super().__init__(f"the latest version is {latest}")
        self.latest = latest


class KeyReused(Exception):
    """An Idempotency-Key already created a submission with another body."""


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
    def __init__(self, settings: Settings, use: Use = "door") -> None:
        """`door` answers a person within seconds; `stage` (a bulk import) waits through a broker's restart."""
        self.settings, self.use, self.ack_timeout = settings, use, ACK_TIMEOUT_SECONDS[use]
        client = search_client(settings, "door")
        self.statuses = StatusIndex(client, settings.status_index, settings.index_layout, settings.index_alias)
        self.ledger = SubmissionLedger(client, settings.ledger_index, settings.index_layout)
        organiser = settings.api_organiser_token
        self.organiser_token = organiser.get_secret_value() if organiser else None
        self._publisher: SubmissionPublisher | None = None
        self._lock = threading.Lock()

    def publisher(self) -> SubmissionPublisher:
        """Connected on first use (and again after a failed connection), so a door starts while Kafka is down."""
        with self._lock:
            if self._publisher is None:
                try:
                    self._publisher = SubmissionPublisher(self.settings, self.use)
                except KafkaError as exc:
                    raise BrokerUnavailable(str(exc)) from exc
            return self._publisher

    def submit(
        self, payload: Mapping[str, Any], submission_id: str, version: int = 1, submitter: str | None = None,
        withdrawn: bool = False,
    ) -> RawSubmission:
        """Publish and wait for the broker's acknowledgement; raises BrokerUnavailable when it does not come."""
        try:
            envelope, future = self.publisher().publish(payload, submission_id, version, submitter, withdrawn)
            future.get(timeout=self.ack_timeout)
        except KafkaError as exc:
            raise BrokerUnavailable(str(exc) or type(exc).__name__) from exc
        self.record_received([envelope])
        return envelope

    def create(self, payload: Mapping[str, Any], submission_id: str, submitter: str | None = None) -> str:
        """Publish the first version; its edit token. The same id again (an Idempotency-Key retry) with the same
        body replaces the token, which the lost answer carried, and publishes only if the first attempt did not
        reach the broker; with another body it raises KeyReused."""
        token = new_token()
        entry = LedgerEntry(submission_id=submission_id, version=1, token_sha256=token_hash(token),
                            body_sha256=body_hash(payload))
        try:
            self.ledger.create(entry)
        except LedgerConflict:
            held = self.ledger.get(submission_id)
            if held is None or held.entry.body_sha256 != entry.body_sha256:
                raise KeyReused(submission_id) from None
            self.ledger.replace(held, held.entry.model_copy(update={"token_sha256": entry.token_sha256}))
            if self.status(submission_id) is not None:  # received already
                return token
        self.submit(payload, submission_id, 1, submitter)
        return token

    def withdraw(self, submission_id: str, token: str | None, replaces: int) -> RawSubmission:
        """Withdraw the submission, as its next version: the index drops it, its status says `withdrawn`. The
        same checks as an update."""
        return self.update({}, submission_id, token, replaces, withdrawn=True)

    def update(self, payload: Mapping[str, Any], submission_id: str, token: str | None, replaces: int,
               submitter: str | None = None, withdrawn: bool = False) -> RawSubmission:
        """The next version, if the token is the submission's (or the organisers') and `replaces` is its latest
        version. Of concurrent updates of one version exactly one wins; the others raise VersionMismatch."""
        held = self.ledger.get(submission_id)
        if held is None:  # made by the form or a bulk import: only organisers may change it
            status = self.status(submission_id)
            if status is None:
                raise NotFound(submission_id)
            entry = LedgerEntry(submission_id=submission_id, version=status.version, token_sha256="", body_sha256="")
            if not holds(token, entry, self.organiser_token):
                raise NotAllowed(submission_id)
            try:
                self.ledger.create(entry)
            except LedgerConflict:
                raise VersionMismatch(status.version) from None
            held = self.ledger.get(submission_id)
            assert held is not None
        if not holds(token, held.entry, self.organiser_token):
            raise NotAllowed(submission_id)
        if replaces != held.entry.version:
            raise VersionMismatch(held.entry.version)
        try:
            claimed = self.ledger.replace(held, held.entry.model_copy(update={"version": replaces + 1}))
        except LedgerConflict:
            raise VersionMismatch(replaces + 1) from None
        try:
            return self.submit(payload, submission_id, replaces + 1, submitter, withdrawn)
        except BrokerUnavailable:
            self.ledger.replace(claimed, held.entry)  # not received: the version is free again
            raise

    def latest_version(self, submission_id: str) -> int | None:
        """The latest version a door accepted (the status may not show it yet); None if no door recorded one."""
        held = self.ledger.get(submission_id)
        return held.entry.version if held else None

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
