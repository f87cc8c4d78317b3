"""Fault tests over the real engines: kill -9 the worker, the indexer, the Kafka broker or Elasticsearch (the two
servers are then started again on the same data) — each in the middle of 10,000 submissions. Afterwards the index
must hold exactly the expected documents (same ids, same checksum of their content): lost = 0, duplicated = 0.

Stages run under a process manager (`wsis.supervisor.keep_running`, as under `wsis up`) that restarts a stage
that exits; the worker's watchdog exits when Faust hangs (it can, when a rebalance meets a broker restart)."""

import hashlib
import json
import signal
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_settings, read_all, record_figure, wait_until

from producers.demo import DemoRecord, generate
from producers.publisher import SubmissionPublisher
from schemas.clients import search_client
from schemas.search_document import to_document
from schemas.settings import get_settings
from storage.submission_index import SubmissionIndex
from storage.topics import ensure_topics
from streams.processing import process_raw
from wsis.engines.elasticsearch import start_elasticsearch
from wsis.engines.kafka import start_kafka
from wsis.local_servers import LocalServer, free_port
from wsis.stage_process import StageProcess
from wsis.supervisor import keep_running

pytestmark = pytest.mark.faults
SUBMISSIONS = 10_000
INVALID = 500
CHECKED_FIELDS = ("submission_id", "version", "title", "region", "country_code", "sdgs", "action_lines",
                  "prize_category", "stakeholder_type", "year")


def fingerprint(documents: list[dict]) -> tuple[list[str], str]:
    """The ids (one per document), and a checksum of what matters in each document (not its processing time)."""
    rows = sorted(json.dumps([doc[f] for f in CHECKED_FIELDS], sort_keys=True) for doc in documents)
    return [doc["submission_id"] for doc in documents], hashlib.sha256("\n".join(rows).encode()).hexdigest()


def all_documents(index: SubmissionIndex) -> list[dict]:
    """Every document, paged with a point in time and search_after."""
    pit = index.client.open_point_in_time(index=index.alias, keep_alive="1m")["id"]
    documents, after = [], None
    try:
        while True:
            page = index.client.search(size=2000, pit={"id": pit, "keep_alive": "1m"},
                                       sort=[{"submission_id": "asc"}], search_after=after)["hits"]["hits"]
            if not page:
                return documents
            documents.extend(hit["_source"] for hit in page)
            after = page[-1]["sort"]
    finally:
        index.client.close_point_in_time(id=pit)


class FaultRun:
    """A pipeline of its own (server, worker, indexer) that a test can break while submissions flow."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder, self.ports = tmp_path, (free_port(), free_port(), free_port())
        self.kafka = self.start_kafka()
        self.elasticsearch = self.start_elasticsearch()
        self.settings = make_settings(*self.ports[:2], worker_stall_seconds=30)
        ensure_topics(self.settings)
        self.worker = StageProcess("worker", self.settings, tmp_path).start()
        self.indexer = StageProcess("index", self.settings, tmp_path).start()
        self.stopping = threading.Event()
        self.manager = threading.Thread(target=keep_running, args=([self.worker, self.indexer], self.stopping))
        self.manager.start()
        settings = self.settings
        self.index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)

    def count(self) -> int:
        try:
            self.index.refresh()
            return self.index.count()
        except Exception:  # not created yet, or the search server is the thing we broke
            return -1

    def start_kafka(self) -> LocalServer:
        return start_kafka(self.folder / "kafka", self.ports[0], self.ports[2], get_settings().engines_dir)

    def start_elasticsearch(self) -> LocalServer:
        return start_elasticsearch(self.folder / "elasticsearch", self.ports[1], get_settings().engines_dir)

    def kill_kafka(self, down_for: float) -> None:
        self.kafka.stop(signal.SIGKILL)
        time.sleep(down_for)
        self.kafka = self.start_kafka()  # the same data directory and ports

    def kill_elasticsearch(self, down_for: float) -> None:
        self.elasticsearch.stop(signal.SIGKILL)
        time.sleep(down_for)
        self.elasticsearch = self.start_elasticsearch()

    def stop(self) -> None:
        self.stopping.set()
        self.manager.join()
        for stage in (self.worker, self.indexer):
            stage.stop()
        self.kafka.stop()
        self.elasticsearch.stop()


def publish_steadily(settings, records: list[DemoRecord], failures: list[BaseException]) -> threading.Thread:
    """Publish in chunks, as submitters would, so that the fault strikes mid-stream."""

    def run() -> None:
        publisher = SubmissionPublisher(settings)
        try:
            for start in range(0, len(records), 250):
                futures = [publisher.publish_bytes(r.submission_id, r.value) for r in records[start:start + 250]]
                publisher.flush(timeout=150)
                for future in futures:
                    future.get(timeout=150)  # raises if the producer gave up: that would be a lost submission
                time.sleep(0.05)
        except BaseException as exc:
            failures.append(exc)
        finally:
            publisher.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def expected_fingerprint(records: list[DemoRecord]) -> tuple[list[str], str]:
    documents = [to_document(process_raw(r.submission_id.encode(), r.value)) for r in records if r.valid]
    return fingerprint(documents)


@pytest.mark.parametrize("fault", ["kill -9 worker", "kill -9 indexer", "kill -9 Kafka broker",
                                   "kill -9 Elasticsearch"])
def test_fault_mid_stream_loses_and_duplicates_nothing(fault: str, tmp_path: Path) -> None:
    records = generate(SUBMISSIONS, invalid=INVALID, seed=zlib.crc32(fault.encode()) % 1000)
    expected_ids, expected_checksum = expected_fingerprint(records)
    run = FaultRun(tmp_path)
    breaks: dict[str, Callable[[], None]] = {
        "kill -9 worker": run.worker.kill,  # the process manager starts it again
        "kill -9 indexer": run.indexer.kill,
        "kill -9 Kafka broker": lambda: run.kill_kafka(down_for=3),
        "kill -9 Elasticsearch": lambda: run.kill_elasticsearch(down_for=20),
    }
    failures: list[BaseException] = []
    try:
        publisher = publish_steadily(run.settings, records, failures)
        assert wait_until(lambda: run.count() >= 1500, 120), "the pipeline never got going"
        at = run.count()
        breaks[fault]()
        publisher.join(timeout=300)
        assert not failures, f"the producer lost submissions: {failures!r}"
        wait_until(lambda: run.count() >= len(expected_ids), 300, every=1)
        time.sleep(2)  # anything still in flight would show up as a duplicate or an unexpected document
        ids, checksum = fingerprint(all_documents(run.index))
        restarts = {s.command: s.restarts for s in (run.worker, run.indexer)}
        on_topics = {topic: len({r.key for r in read_all(run.settings, topic)})
                     for topic in (run.settings.topic_raw, run.settings.topic_tagged, run.settings.topic_rejected)}
    finally:
        run.stop()
    lost, unexpected = len(set(expected_ids) - set(ids)), len(set(ids) - set(expected_ids))
    duplicated = len(ids) - len(set(ids))
    record_figure(f"{fault}: {SUBMISSIONS} submissions ({INVALID} invalid), fault struck at {at} indexed; "
                  f"documents {len(ids)}, lost {lost}, duplicated {duplicated}, unexpected {unexpected}, "
                  f"checksum {'equal' if checksum == expected_checksum else 'DIFFERENT'}, "
                  f"restarts by the process manager {restarts}")
    assert (lost, duplicated, unexpected) == (0, 0, 0), f"distinct ids per topic: {on_topics}"
    assert checksum == expected_checksum
