"""Security finding 4: "Top projects" ranks by a strength that keyword stuffing cannot buy."""

import datetime as dt

from conftest import valid_submission

from producers.demo import generate
from schemas.search_document import to_document
from schemas.submission import RawSubmission
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
