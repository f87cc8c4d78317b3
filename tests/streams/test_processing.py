"""The worker's logic in-process: every demo record ends tagged or rejected, never raises."""

import json

from producers.demo import generate
from schemas.submission import RejectedSubmission, TaggedSubmission
from streams.processing import process_raw


def test_demo_records_end_where_the_generator_says() -> None:
    for record in generate(200, invalid=20, seed=7):
        outcome = process_raw(record.submission_id.encode(), record.value)
        assert outcome.submission_id == record.submission_id
        if record.valid:
            assert isinstance(outcome, TaggedSubmission)
            assert outcome.submission.region == record.region
        else:
            assert isinstance(outcome, RejectedSubmission)
            fields = {error.field.split(".")[0] for error in outcome.errors}
            assert record.broken_field in fields, (record.broken_field, outcome.errors)


def test_hostile_records_are_rejected_with_a_reason() -> None:
    for raw in [b"", b"\x00\xff", b"[1,2]", b"null", b"[" * 100_000, json.dumps({"payload": 3}).encode(),
                "{\"a\": \"\u202e\"}".encode("utf-16")]:
        outcome = process_raw(b"key-1", raw)
        assert isinstance(outcome, RejectedSubmission)
        assert outcome.errors and all(e.message for e in outcome.errors)
        assert outcome.submission_id == "key-1"


def test_rejection_keeps_the_raw_payload() -> None:
    outcome = process_raw(b"k", b"not json at all")
    assert isinstance(outcome, RejectedSubmission) and outcome.raw == "not json at all"
    assert outcome.errors[0].field == "body"
