"""The indexer against both Kafka implementations and the real search server."""

import json

from conftest import publish_records, read_topic, run_indexer_until_read
from kafka import KafkaProducer

from indexer.consumer import Indexer
from producers.demo import generate
from schemas.submission import TaggedSubmission
from streams.processing import process_raw


def tagged_records(count: int, seed: int) -> list[TaggedSubmission]:
    outcomes = [process_raw(r.submission_id.encode(), r.value) for r in generate(count, seed=seed)]
    assert all(isinstance(o, TaggedSubmission) for o in outcomes)
    return outcomes  # type: ignore[return-value]


def test_indexes_commits_and_restarts_without_duplicates(settings) -> None:
    records = tagged_records(300, seed=21)
    publish_records(settings, settings.topic_tagged, records)
    indexer = Indexer(settings)
    indexer.index.ensure()
    run_indexer_until_read(indexer, 300)
    indexer.consumer.close()
    indexer.index.refresh()
    assert indexer.index.count() == 300

    # A second indexer in the same group starts after the committed offsets: nothing left to read.
    again = Indexer(settings)
    assert again.run_once(poll_timeout_ms=3000) == 0
    again.consumer.close()
    again.index.refresh()
    assert again.index.count() == 300


def test_newer_version_wins_and_an_old_one_never_overwrites_it(settings) -> None:
    record = tagged_records(1, seed=22)[0]
    newer = record.model_copy(update={"version": 3})
    newer.submission.title = "Updated title of the project"
    older = record.model_copy(update={"version": 2})
    publish_records(settings, settings.topic_tagged, [newer, older])
    indexer = Indexer(settings)
    indexer.index.ensure()
    run_indexer_until_read(indexer, 2)
    indexer.consumer.close()
    doc = indexer.index.client.get(index=settings.index_alias, id=record.submission_id)
    assert doc["_source"]["version"] == 3 and doc["_source"]["title"] == "Updated title of the project"


def test_unreadable_records_go_to_the_dead_letter_topic(settings) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all")
    producer.send(settings.topic_tagged, key=b"broken-1", value=b'{"not": "a tagged submission"}')
    producer.flush()
    producer.close()
    publish_records(settings, settings.topic_tagged, tagged_records(5, seed=23))
    indexer = Indexer(settings)
    indexer.index.ensure()
    run_indexer_until_read(indexer, 6)
    indexer.consumer.close()
    dead = read_topic(settings, settings.topic_dead_letter, 1)
    assert [r.key for r in dead] == [b"broken-1"]
    assert "not a tagged submission" in json.loads(dead[0].value)["reason"]
    indexer.index.refresh()
    assert indexer.index.count() == 5
