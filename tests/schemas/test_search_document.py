"""The search document: security finding 4 ("Top projects" ranks by a strength that keyword stuffing cannot buy),
and the indexer's shape-checked read of the tagged topic, which builds the same document as a full validation."""

import datetime as dt
import json

import pytest
from conftest import valid_submission

from producers.demo import generate
from schemas.search_document import SubmissionDocument, to_document
from schemas.submission import RawSubmission, TaggedSubmission, WithdrawnSubmission, read_trusted_record
from streams.processing import process_raw

KEYWORDS = ("broadband telemedicine e-health e-learning digital skills cybersecurity e-government poverty hunger "
            "clean water renewable energy gender equality climate action biodiversity ocean peace justice "
            "partnerships agriculture jobs innovation infrastructure cities")


def strength(payload: dict, submission_id: str) -> float:
    envelope = RawSubmission(submission_id=submission_id, received_at=dt.datetime.now(dt.UTC), payload=payload)
    return to_document(process_raw(submission_id.encode(), envelope.model_dump_json().encode()))["tag_strength"]


def test_a_description_stuffed_with_keywords_does_not_outrank_genuine_projects() -> None:
    genuine = [to_document(process_raw(r.submission_id.encode(), r.value))["tag_strength"]
               for r in generate(300, 0, seed=3)]
    stuffed = strength(valid_submission(title="Digital everything for everyone",
                                        description=" ".join([KEYWORDS] * 20)), "S-stuffed")
    assert stuffed <= 3 and max(genuine) <= 3
    assert stuffed < max(genuine)
    assert sum(g > stuffed for g in genuine) >= 10  # not even among the top ten of 300


def tagged(payload: dict, submission_id: str, received_at: str = "2024-03-05T10:00:00Z") -> TaggedSubmission:
    envelope = RawSubmission(submission_id=submission_id, received_at=received_at, payload=payload)
    record = process_raw(submission_id.encode(), envelope.model_dump_json().encode())
    assert isinstance(record, TaggedSubmission), record
    return record


def test_the_indexers_shape_checked_read_builds_the_fully_validated_document() -> None:
    """The indexer reads the worker's records without validating them again (read_trusted_record): the document
    is the one a full validation gives, for every kind of record, and reads back as the read model."""
    records = [process_raw(r.submission_id.encode(), r.value) for r in generate(120, 0, seed=5)]
    assert any(r.submission.short_description for r in records)  # prize-ready ones have one
    records += [
        tagged(valid_submission(country="International", submitted_on="2011", website=None), "S-global"),
        tagged(valid_submission(country=None, region="Africa", start_date=None), "S-regional",
               received_at="2019-12-31T23:30:00-05:00"),  # received in 2019 there, 2020 in UTC
    ]
    for record in records:
        full = to_document(record)
        assert to_document(read_trusted_record(record.model_dump_json().encode())) == full
        assert SubmissionDocument.model_validate(full).source() == full
    assert to_document(records[-1])["year"] == 2019


@pytest.mark.parametrize("value", [
    b"\xff\xfe{not json", b"[1, 2]", b'{"not": "a tagged submission"}', b"null",
], ids=["not JSON", "a list", "another object", "null"])
def test_a_record_that_is_not_a_tagged_submission_is_refused(value: bytes) -> None:
    with pytest.raises(ValueError):
        read_trusted_record(value)


def test_a_tagged_record_of_the_wrong_shape_is_refused() -> None:
    """What the search document and its read model need is checked, field by field: a record that would make a
    document the search page cannot read is refused (and dead-lettered), never indexed."""
    good = json.loads(tagged(valid_submission(), "S-shape").model_dump_json())
    read_trusted_record(json.dumps(good).encode())
    breakages = [
        lambda r: r.pop("submission"),
        lambda r: r["submission"].update(title=None),
        lambda r: r["submission"].update(sdgs=["three"]),
        lambda r: r["submission"].update(start_date="next spring"),
        lambda r: r.update(received_at="yesterday"),
        lambda r: r.update(version="two"),
        lambda r: r["tags"].update(category=99),
        lambda r: r["tags"]["sdgs"][0].update(score=7),
        lambda r: r["tags"]["action_lines"][0]["evidence"][0].update(kind="rumour"),
    ]
    for number, breakage in enumerate(breakages):
        broken = json.loads(json.dumps(good))
        breakage(broken)
        with pytest.raises(ValueError):
            read_trusted_record(json.dumps(broken).encode())
            pytest.fail(f"breakage {number} was read")


def test_a_withdrawal_is_read_as_one() -> None:
    record = WithdrawnSubmission(submission_id="S-gone", version=3, received_at="2024-03-05T10:00:00Z")
    assert read_trusted_record(record.model_dump_json().encode()) == record
