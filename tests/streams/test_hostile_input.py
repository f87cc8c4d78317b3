"""Hostile input: malformed payloads of every kind go through the raw topic; the worker never crashes and each
one ends on the rejected topic with a reason. A property test checks the same of the worker's logic in-process."""

import json
import random

from conftest import read_topic, record_figure
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from producers.demo import generate
from producers.publisher import SubmissionPublisher
from schemas.submission import RejectedSubmission
from streams.processing import process_raw

MALFORMED = 10_000


def _envelope(payload: object) -> dict:
    return {"submission_id": "HOSTILE-ID", "received_at": "2026-01-01T00:00:00Z", "payload": payload}


def malformed_payloads(count: int, seed: int = 5) -> list[bytes]:
    """Deterministic malformed records: not JSON, wrong types, huge strings, deep nesting, control characters,
    other encodings, broken envelopes, and valid JSON with invalid submissions."""
    rng = random.Random(seed)
    base = json.loads(generate(1, seed=seed)[0].value)["payload"]
    makers = [
        lambda: bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 64))),  # random bytes
        lambda: b"{" * rng.randint(1, 5_000),  # deep nesting, unterminated
        lambda: ("[" * 5_000 + "]" * 5_000).encode(),  # deep nesting, valid JSON, not an object
        lambda: json.dumps(_envelope(base | {"title": "A" * rng.choice([301, 5_000, 20_000])})).encode(),
        lambda: json.dumps(_envelope(base | {"title": "".join(chr(rng.randint(0, 31)) for _ in range(8))})).encode(),
        lambda: json.dumps(_envelope(base | {"sdgs": rng.choice(["all", {"a": 1}, [None], 3.5, [1e300]])})).encode(),
        lambda: json.dumps(_envelope(base | {"start_date": rng.choice(["yesterday", 20200101, "2020-02-30"])}))
        .encode(),
        lambda: json.dumps(_envelope(base | {"country": rng.choice(["", "Atlantis", 7, None])})).encode(),
        lambda: json.dumps(_envelope(rng.choice([[], "text", 1, None]))).encode(),  # payload of the wrong type
        lambda: json.dumps({"payload": base}).encode(),  # envelope without id and time
        lambda: json.dumps(_envelope(base | {"title": "Pr\u00f6ject \u00e9t\u00e9"})).encode("utf-16"),
        lambda: json.dumps(_envelope(base | {"title": "Projet d'\u00e9t\u00e9"}), ensure_ascii=False).encode("latin-1"),
        lambda: json.dumps(_envelope(base | {"unexpected": True, "stakeholder_type": ["Government"]})).encode(),
        lambda: b"\x00" * rng.randint(1, 1000),
        lambda: json.dumps(_envelope(base))[: rng.randint(1, 200)].encode(),  # truncated
    ]
    payloads = [makers[i % len(makers)]() for i in range(count)]
    for i in range(0, count, 1000):  # a few strings near Kafka's default 1 MB record limit
        payloads[i] = json.dumps(_envelope(base | {"description": "B" * 900_000})).encode()
    return payloads


def test_every_kind_of_malformed_payload_is_rejected_in_process() -> None:
    for raw in malformed_payloads(len(malformed_payloads(15))):
        outcome = process_raw(b"k", raw)
        assert isinstance(outcome, RejectedSubmission), raw[:80]
        assert outcome.errors and all(e.field and e.message for e in outcome.errors)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


@hypothesis_settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(payload=json_values, raw=st.binary(max_size=200))
def test_any_json_or_bytes_is_handled_without_raising(payload: object, raw: bytes) -> None:
    for record in (json.dumps(_envelope(payload)).encode(), json.dumps(payload).encode(), raw):
        outcome = process_raw(b"key", record)
        if isinstance(outcome, RejectedSubmission):
            assert outcome.errors


def test_ten_thousand_malformed_payloads_through_the_raw_topic(settings, start_stage) -> None:
    worker = start_stage("worker", settings)
    payloads = malformed_payloads(MALFORMED)
    publisher = SubmissionPublisher(settings, max_request_size=2_000_000)
    for number, payload in enumerate(payloads):
        key = f"hostile-{number}"  # the producer path always gives the record's key as its envelope's id
        publisher.publish_bytes(key, payload.replace(b"HOSTILE-ID", key.encode()))
    publisher.close()
    rejected = read_topic(settings, settings.topic_rejected, MALFORMED, timeout=240)
    keys = {r.key.decode() for r in rejected}
    without_reason = [r.key for r in rejected if not json.loads(r.value)["errors"]]
    record_figure(f"hostile input: {MALFORMED} malformed payloads tried, {len(keys)} rejected with a reason, "
                  f"{len(without_reason)} without, worker crashes {0 if worker.alive else 1}")
    assert keys == {f"hostile-{n}" for n in range(MALFORMED)}
    assert not without_reason
    assert worker.alive
    assert read_topic(settings, settings.topic_tagged, 0, timeout=2) == []
