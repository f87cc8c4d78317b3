"""Real servers for the tests: Apache Kafka and Elasticsearch, started once per session as child processes on
free ports of 127.0.0.1 and stopped by PID at the end."""

import itertools
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import streamlit as st
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from indexer.consumer import Indexer
from producers.demo import generate
from schemas.clients import search_client
from schemas.search_document import to_document
from schemas.settings import Settings, get_settings
from schemas.submission import TaggedSubmission
from storage.prize_topics import ensure_prize_topics
from storage.submission_index import SubmissionIndex
from storage.topics import ensure_topics
from streams.processing import process_raw
from wsis.engines.elasticsearch import start_elasticsearch
from wsis.engines.kafka import start_kafka
from wsis.local_servers import LocalServer, free_port
from wsis.stage_process import StageProcess, stage_env

REPO = Path(__file__).resolve().parent.parent


class Engines(NamedTuple):
    kafka_port: int
    es_port: int


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    server = start_kafka(tmp_path_factory.mktemp("kafka"), free_port(), free_port(), get_settings().engines_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def elasticsearch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    server = start_elasticsearch(tmp_path_factory.mktemp("elasticsearch"), free_port(), get_settings().engines_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def engines(kafka: LocalServer, elasticsearch: LocalServer) -> Engines:
    return Engines(kafka.ports[0], elasticsearch.ports[0])


_unique = itertools.count()
PRIZE_TOPICS = ("cycle", "entries", "assignments", "scores", "votes", "audit")


def make_settings(kafka_port: int, es_port: int, **overrides: object) -> Settings:
    """Settings with topic, index and group names of their own, so tests never see each other's records."""
    run = f"t{next(_unique)}-{uuid.uuid4().hex[:6]}"
    overrides.setdefault("data_dir", Path(tempfile.gettempdir()) / "wsis-tests" / run)
    overrides.setdefault("prizes_worker_id", f"{run}-prizes")  # a consumer group of its own, as the worker's
    overrides.setdefault("prize_index", f"{run}-prizes")
    for topic in PRIZE_TOPICS:
        overrides.setdefault(f"topic_prize_{topic}", f"{run}.prize.{topic}")
    return Settings(
        kafka_bootstrap=f"127.0.0.1:{kafka_port}",
        es_url=f"http://127.0.0.1:{es_port}",
        topic_raw=f"{run}.raw",
        topic_tagged=f"{run}.tagged",
        topic_rejected=f"{run}.rejected",
        topic_dead_letter=f"{run}.deadletter",
        index_alias=f"{run}-submissions",
        worker_id=f"{run}-worker",
        indexer_group=f"{run}-indexer",
        worker_web_port=free_port(),
        **overrides,
    )


@pytest.fixture
def settings(engines: Engines) -> Settings:
    settings = make_settings(*engines)
    ensure_topics(settings)
    return settings


@pytest.fixture
def prize_settings(engines: Engines, tmp_path: Path) -> Settings:
    """Settings with prize topics, index and consumer group of their own (created), and an empty users file."""
    settings = make_settings(*engines, prizes_web_port=free_port(), users_file=tmp_path / "users.toml")
    ensure_prize_topics(settings)
    return settings


@pytest.fixture
def start_stage(tmp_path: Path) -> Iterator[Callable[[str, Settings], StageProcess]]:
    """Start a pipeline stage (`wsis worker`, `wsis index`, …) as a child process, as in production."""
    stages: list[StageProcess] = []

    def start(command: str, settings: Settings) -> StageProcess:
        stages.append(StageProcess(command, settings, tmp_path).start())
        return stages[-1]

    yield start
    for stage in stages:
        stage.stop()


def read_topic(settings: Settings, topic: str, expected: int, timeout: float = 60.0) -> list:
    """Every record of a topic from the beginning, waiting until at least `expected` have arrived."""
    consumer = KafkaConsumer(
        topic, bootstrap_servers=settings.kafka, auto_offset_reset="earliest", enable_auto_commit=False,
        group_id=None, consumer_timeout_ms=1000,
    )
    records: list = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            records.extend(r for batch in consumer.poll(timeout_ms=500).values() for r in batch)
            if len(records) >= expected:
                # drain what else is there, so that "exactly N" can be checked
                time.sleep(0.5)
                records.extend(r for batch in consumer.poll(timeout_ms=500).values() for r in batch)
                break
    finally:
        consumer.close()
    return records


def publish_records(settings: Settings, topic: str, records: list) -> None:
    """Publish pydantic records (tagged or rejected submissions) keyed by submission id, acks=all."""
    producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all")
    for record in records:
        producer.send(topic, key=record.submission_id.encode(), value=record.model_dump_json().encode())
    producer.flush()
    producer.close()


def run_indexer_until_read(indexer: Indexer, expected: int, timeout: float = 60) -> None:
    """Run the indexer's loop until it has read `expected` records (joining the group takes a few seconds)."""
    read, deadline = 0, time.monotonic() + timeout
    while read < expected and time.monotonic() < deadline:
        read += indexer.run_once(poll_timeout_ms=500)
    assert read == expected


def read_all(settings: Settings, topic: str) -> list:
    """Every record of a topic, up to its end offsets at the time of the call."""
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka, enable_auto_commit=False, group_id=None)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(partitions)
        consumer.seek_to_beginning()
        end = consumer.end_offsets(partitions)
        records: list = []
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            records.extend(r for batch in consumer.poll(timeout_ms=500).values() for r in batch)
        return records
    finally:
        consumer.close()


_figures: list[str] = []


def record_figure(line: str) -> None:
    """A measured figure (faults injected, payloads tried…) printed in the test session's summary."""
    _figures.append(line)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _figures:
        terminalreporter.section("figures measured by the tests")
        for line in _figures:
            terminalreporter.write_line(line)


def wait_until(condition: Callable[[], bool], timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def valid_submission(**changes: object) -> dict:
    """A valid submission payload, with `changes`."""
    payload = {
        "title": "Telemedicine for rural clinics",
        "description": "Connects rural clinics to specialist doctors through telemedicine.",
        "organisation": "Ministry of Health",
        "stakeholder_type": "government",
        "country": "Viet Nam",
        "start_date": "2020-01-01",
        "action_lines": ["c7.E-Health"],
        "sdgs": [3, 3, 10],
    }
    return payload | changes


@pytest.fixture
def use_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Settings], Settings]]:
    """Hand settings to the code that reads them from the environment (the `wsis` commands, the dashboard), as
    in production; the cached settings and the dashboard's caches are dropped before and after."""

    def clear() -> None:
        get_settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()

    def use(settings: Settings) -> Settings:
        for name, value in stage_env(settings).items():
            if name.startswith("WSIS_"):
                monkeypatch.setenv(name, value)
        clear()
        return settings

    yield use
    clear()


def index_demo(settings: Settings, count: int, seed: int) -> tuple[SubmissionIndex, list[TaggedSubmission]]:
    """`count` demo submissions through the worker's logic, written to the settings' index and searchable."""
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    index.ensure()
    records = [process_raw(r.submission_id.encode(), r.value) for r in generate(count, seed=seed)]
    index.write([to_document(r) for r in records])
    index.refresh()
    return index, records
