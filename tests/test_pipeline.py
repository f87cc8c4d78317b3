"""The walking skeleton end to end over real connections: producer → Kafka → Faust worker → Kafka → indexer
→ Elasticsearch, with the worker and indexer running as the `wsis` commands do in production."""

import json
import time

from conftest import read_all, read_topic, wait_until

from producers.demo import generate, publish_demo
from producers.publisher import SubmissionPublisher
from schemas.clients import search_client
from schemas.reference import ACTION_LINES
from storage.submission_index import SubmissionIndex


def searchable(settings) -> SubmissionIndex:
    return SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)


def count_when_settled(index: SubmissionIndex, expected: int, timeout: float = 120) -> int:
    def reached() -> bool:
        try:
            index.refresh()
            return index.count() >= expected
        except Exception:  # the index appears with the first batch
            return False

    wait_until(reached, timeout)
    index.refresh()
    return index.count()


def test_thousand_submissions_end_to_end(settings, start_stage) -> None:
    worker = start_stage("worker", settings)
    start_stage("index", settings)
    records = generate(1000, invalid=100, seed=11)
    publisher = SubmissionPublisher(settings)
    publish_demo(publisher, records)

    index = searchable(settings)
    assert count_when_settled(index, 900) == 900
    valid = {r.submission_id: r for r in records if r.valid}
    for region in {r.region for r in valid.values()}:
        expected = sum(1 for r in valid.values() if r.region == region)
        assert index.count({"term": {"region": region}}) == expected
    # Every document carries its tags: the demo's declared action line is detected, with evidence.
    assert index.count({"bool": {"must_not": {"exists": {"field": "action_lines"}}}}) == 0
    assert index.count({"bool": {"must_not": {"exists": {"field": "prize_category"}}}}) == 0
    for submission_id in list(valid)[:50]:
        doc = index.client.get(index=settings.index_alias, id=submission_id)["_source"]
        assert valid[submission_id].action_line in doc["action_lines"]
        assert set(doc["action_lines"]) <= set(ACTION_LINES)
        assert all(t["evidence"] for t in doc["sdg_tags"] + doc["action_line_tags"])
        assert "contact_email" not in doc and "submitter" not in doc

    # Topics are at-least-once (a rebalance under load may re-send a record); ids are what must match.
    rejected = read_topic(settings, settings.topic_rejected, 100)
    invalid = {r.submission_id: r for r in records if not r.valid}
    assert {r.key.decode() for r in rejected} == set(invalid)
    for message in rejected:
        body = json.loads(message.value)
        fields = {error["field"].split(".")[0] for error in body["errors"]}
        assert invalid[body["submission_id"]].broken_field in fields
        assert body["raw"]

    # Publishing the same thousand again changes nothing: writes are keyed by submission id.
    publish_demo(publisher, records)
    assert wait_until(lambda: len(read_all(settings, settings.topic_rejected)) >= 200, 60)
    assert wait_until(lambda: len(read_all(settings, settings.topic_tagged)) >= 1800, 60)
    assert {r.key.decode() for r in read_all(settings, settings.topic_rejected)} == set(invalid)
    time.sleep(2)  # let the indexer catch up with the second round
    index.refresh()
    assert index.count() == 900
    assert worker.alive
    publisher.close()


def test_worker_stopped_mid_stream_loses_nothing(settings, start_stage) -> None:
    start_stage("index", settings)
    worker = start_stage("worker", settings)
    records = generate(3000, seed=12)
    publisher = SubmissionPublisher(settings)
    publish_demo(publisher, records[:1500])
    wait_until(lambda: len(read_topic(settings, settings.topic_tagged, 1, timeout=2)) > 0, 60)
    worker.kill()  # kill -9 mid-stream: no chance to commit what it was doing
    publish_demo(publisher, records[1500:])
    start_stage("worker", settings)
    assert count_when_settled(searchable(settings), 3000) == 3000
    publisher.close()
