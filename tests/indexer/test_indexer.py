"""The indexer against both Kafka implementations and the real search server."""

import json

from conftest import publish_records, read_topic, run_indexer_until_read
from kafka import KafkaProducer

from indexer.consumer import Indexer
from producers.demo import generate
from schemas.clients import search_client
from schemas.status import received
from schemas.submission import RawSubmission, TaggedSubmission, WithdrawnSubmission
from storage.status_index import StatusIndex
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
    """The indexer checks the shape of what it reads, not the worker's validation again: anything that is not a
    tagged submission, or one of a shape the search document cannot have, is dead-lettered, never indexed."""
    good = tagged_records(6, seed=23)
    misshapen = json.loads(good[5].model_dump_json())
    misshapen["tags"]["sdgs"][0]["score"] = 7  # scores are 0-1: the search page's read model would refuse it
    producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all")
    producer.send(settings.topic_tagged, key=b"broken-1", value=b'{"not": "a tagged submission"}')
    producer.send(settings.topic_tagged, key=b"broken-2", value=b"\xff\xfe{not json")
    producer.send(settings.topic_tagged, key=b"broken-3", value=json.dumps(misshapen).encode())
    producer.flush()
    producer.close()
    publish_records(settings, settings.topic_tagged, good[:5])
    indexer = Indexer(settings)
    indexer.index.ensure()
    run_indexer_until_read(indexer, 8)
    indexer.consumer.close()
    dead = read_topic(settings, settings.topic_dead_letter, 3)
    assert sorted(r.key for r in dead) == [b"broken-1", b"broken-2", b"broken-3"]
    assert all("not a tagged submission" in json.loads(r.value)["reason"] for r in dead)
    indexer.index.refresh()
    assert indexer.index.count() == 5


def test_an_indexed_submissions_status_is_its_search_document(settings) -> None:
    """No second document per submission: the status index keeps what the search index cannot tell (received,
    rejected, refused, withdrawn), and the status of an indexed one, with its tags, is read from its document."""
    settings = settings.model_copy(update={"status_index": settings.index_alias.removesuffix("-submissions") + "-st"})
    records = tagged_records(4, seed=24)
    first, refused, gone = records[0], records[1], records[2]
    refused.submission.title = "x" * 40_000  # over the keyword limit of title.raw: the search index refuses it
    door = StatusIndex(search_client(settings), settings.status_index, settings.index_layout)
    door.write([received(RawSubmission(submission_id=first.submission_id, received_at=first.received_at,
                                       submitter="team@example.org", payload={}))])
    withdrawal = WithdrawnSubmission(submission_id=gone.submission_id, version=2, received_at=gone.received_at)
    publish_records(settings, settings.topic_tagged, [*records, withdrawal])
    indexer = Indexer(settings)
    indexer.index.ensure()
    run_indexer_until_read(indexer, 5)
    indexer.consumer.close()

    door.client.indices.refresh(index=settings.status_index)
    stored = door.client.search(index=settings.status_index, size=10)["hits"]["hits"]
    assert {(h["_id"], h["_source"]["state"]) for h in stored} == {
        (first.submission_id, "received"), (refused.submission_id, "accepted"), (gone.submission_id, "withdrawn")}
    statuses = indexer.statuses  # reads the search index beside the status index
    status = statuses.get(first.submission_id)
    assert (status.state, status.version, status.tags, status.reasons) == ("indexed", 1, first.tags, [])
    assert status.submitter == "team@example.org"  # the door's, kept in the private index
    assert statuses.get(records[3].submission_id).tags == records[3].tags
    not_indexed = statuses.get(refused.submission_id)
    assert (not_indexed.state, not_indexed.tags) == ("accepted", refused.tags)
    assert [r.field for r in not_indexed.reasons] == ["index"]
    assert (statuses.get(gone.submission_id).state, statuses.get(gone.submission_id).version) == ("withdrawn", 2)
    assert [r.key for r in read_topic(settings, settings.topic_dead_letter, 1)] == [refused.submission_id.encode()]
