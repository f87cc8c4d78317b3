"""The worker's business logic, free of Faust: one raw record in, one tagged or rejected record out.

Never raises: whatever arrives (not JSON, wrong types, huge or hostile strings) ends as a RejectedSubmission
with a reason per field.
"""

import datetime as dt
import json
import logging

from pydantic import ValidationError

from schemas.field_errors import FieldError, field_error, field_errors
from schemas.submission import RawSubmission, RejectedSubmission, Submission, TaggedSubmission, WithdrawnSubmission
from tagging import tag

log = logging.getLogger(__name__)
MAX_RAW_KEPT = 64 * 1024  # bytes of the raw record kept on the rejected topic


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _reject(key: str, raw: bytes, errors: list[FieldError], envelope: RawSubmission | None) -> RejectedSubmission:
    return RejectedSubmission(
        submission_id=envelope.submission_id if envelope else key,
        version=envelope.version if envelope else 1,
        received_at=envelope.received_at if envelope else None,
        rejected_at=_now(),
        errors=errors,
        raw=raw[:MAX_RAW_KEPT].decode("utf-8", errors="replace"),
    )


def process_raw(key: bytes | None, raw: bytes) -> TaggedSubmission | WithdrawnSubmission | RejectedSubmission:
    """Validate, normalise and tag one record from the raw topic."""
    key_text = (key or b"").decode("utf-8", errors="replace")[:100] or "unknown"
    try:
        return _process(key_text, raw)
    except Exception as exc:  # a bug must neither stop the worker nor lose the record
        log.exception("unexpected error processing %s", key_text)
        return _reject(key_text, raw, [field_error("submission", "internal", error=repr(exc)[:300])], None)


def _process(key_text: str, raw: bytes) -> TaggedSubmission | WithdrawnSubmission | RejectedSubmission:
    try:
        text = raw.decode("utf-8")  # JSON between systems is UTF-8 (RFC 8259); json.loads would guess others
    except UnicodeDecodeError as exc:
        return _reject(key_text, raw, [field_error("body", "not_utf8", position=exc.start)], None)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return _reject(key_text, raw, [field_error("body", "not_json", error=str(exc)[:300])], None)
    if not isinstance(data, dict):
        return _reject(key_text, raw, [field_error("body", "not_an_object")], None)
    try:
        envelope = RawSubmission.model_validate(data)
    except ValidationError as exc:
        return _reject(key_text, raw, [e.model_copy(update={"field": f"envelope.{e.field}"})
                                       for e in field_errors(exc)], None)
    if envelope.withdrawn:
        return WithdrawnSubmission(submission_id=envelope.submission_id, version=envelope.version,
                                   received_at=envelope.received_at)
    try:
        submission = Submission.model_validate(envelope.payload)
    except ValidationError as exc:
        return _reject(key_text, raw, field_errors(exc), envelope)
    tags = tag(
        f"{submission.title}\n{submission.description}",
        declared_sdgs=submission.sdgs,
        declared_action_lines=submission.action_lines,
    )
    return TaggedSubmission(
        submission_id=envelope.submission_id,
        version=envelope.version,
        received_at=envelope.received_at,
        processed_at=_now(),
        submitter=envelope.submitter,
        submission=submission,
        tags=tags,
    )
