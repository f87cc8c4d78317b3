"""`wsis reindex` against the real servers: the rebuilt index holds the same documents, searches never fail or
see a partial index while it runs, and submissions arriving meanwhile are not lost."""

import threading
import time

from kafka import KafkaProducer
from typer.testing import CliRunner

from indexer.consumer import Indexer
from indexer.reindex import reindex
from producers.demo import generate
from schemas.clients import search_client
from schemas.submission import TaggedSubmission
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw
from wsis.cli import app


def tagged(count: int, seed: int) -> list[TaggedSubmission]:
    return [process_raw(r.submission_id.encode(), r.value) for r in generate(count, seed=seed)]  # type: ignore[misc]


def publish(settings, records: list[TaggedSubmission], raw: list[tuple[bytes, bytes]] = ()) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all")
    for record in records:
        producer.send(settings.topic_tagged, key=record.submission_id.encode(), value=record.model_dump_json().encode())
    for key, value in raw:
        producer.send(settings.topic_tagged, key=key, value=value)
    producer.flush()
    producer.close()


def documents(index: SubmissionIndex) -> dict[str, dict]:
    index.refresh()
    hits = index.client.search(index=index.alias, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def index_live(settings, expected: int) -> None:
    """What `wsis index` does, until it has read `expected` records."""
    indexer = Indexer(settings)
    indexer.index.ensure()
    read, deadline = 0, time.monotonic() + 60
    while read < expected and time.monotonic() < deadline:
        read += indexer.run_once(poll_timeout_ms=500)
    indexer.consumer.close()
    assert read == expected


def test_reindex_rebuilds_the_same_documents_without_downtime(settings, use_settings) -> None:
    records = tagged(200, seed=61)
    newer = [r.model_copy(deep=True, update={"version": 2}) for r in records[:5]]
    for record in newer:
        record.submission.title = f"Second version of {record.submission_id}"
    publish(settings, newer + records, raw=[(b"broken-1", b"not a tagged submission")])  # old after new
    index_live(settings, 206)
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    before = documents(index)
    assert len(before) == 200 and before[newer[0].submission_id]["title"].startswith("Second version")
    old_indices = index.behind_alias()

    counts, failures, stop = [], [], threading.Event()

    def search_all_along() -> None:
        while not stop.is_set():
            try:
                counts.append(index.count())
            except Exception as exc:  # noqa: BLE001 — any failure is downtime
                failures.append(exc)

    searcher = threading.Thread(target=search_all_along)
    searcher.start()
    use_settings(settings)
    try:
        result = CliRunner().invoke(app, ["reindex"])
    finally:
        stop.set()
        searcher.join()
    assert result.exit_code == 0, result.output
    assert "read 206 records, wrote 200, older versions 5, unreadable 1; 200 documents" in result.output
    assert not failures and counts and set(counts) == {200}
    assert index.behind_alias() != old_indices
    assert not any(index.client.indices.exists(index=name) for name in old_indices)
    assert documents(index) == before


def test_submissions_arriving_during_a_reindex_are_not_lost(settings) -> None:
    first, later = tagged(300, seed=62), tagged(120, seed=63)
    publish(settings, first)
    index_live(settings, 300)
    indexer, stop = Indexer(settings), threading.Event()  # the running indexer, consuming while the index is rebuilt

    def keep_indexing() -> None:
        while not stop.is_set():
            indexer.run_once(poll_timeout_ms=200)

    running = threading.Thread(target=keep_indexing)
    running.start()
    publisher = threading.Thread(target=lambda: [publish(settings, later[i:i + 10]) for i in range(0, 120, 10)])
    try:
        publisher.start()
        outcome = reindex(settings)
        publisher.join()
        index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
        expected = {r.submission_id for r in first + later}
        deadline = time.monotonic() + 60
        while set(documents(index)) != expected and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        stop.set()
        running.join()
        indexer.consumer.close()
    assert set(documents(index)) == expected
    assert index.behind_alias() == [outcome.index]
