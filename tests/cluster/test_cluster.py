"""Scale-out over a local cluster of real processes on 127.0.0.1 (wsis/engines/cluster.py): three Kafka KRaft
nodes (every topic with 3 copies, min.insync.replicas 2), two Elasticsearch data nodes and a master-only node
(every index with 1 replica), and two processes of each stage, each with its own instance id. One of each dies
by kill -9 while records flow; nothing may be lost or counted twice.

Too heavy for CI on two cores (the cluster alone is six JVMs): run with `scripts/test -m cluster`."""

import datetime as dt
import itertools
import json
import random
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import read_all, record_figure, wait_until
from faults.test_faults import all_documents, expected_fingerprint, fingerprint, publish_steadily
from kafka import KafkaAdminClient, KafkaProducer
from test_prize_cycle import ORGANISER, submission

from producers.demo import generate
from producers.prize_actions import PrizeActions, entry_from_document
from schemas.clients import search_client
from schemas.prizes import PHASES, VoteCast
from schemas.search_document import submission_document
from schemas.settings import Settings, get_settings
from storage.prize_index import PrizeIndex
from storage.prize_topics import ensure_prize_topics
from storage.submission_index import SubmissionIndex
from storage.topics import ensure_topics, pipeline_topics
from streams.processing import process_raw
from wsis.engines.cluster import LocalCluster
from wsis.local_servers import free_port
from wsis.stage_process import StageProcess
from wsis.supervisor import keep_running

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(1500)]
# The sizes (20,000 submissions, 50,000 votes from 5,000 voters) scaled down so that the whole module
# runs in about 15 minutes on two cores next to six JVMs; the README states these.
SUBMISSIONS = 5_000
INVALID = 250
VOTERS, VOTES_PER_VOTER, REPEATS, CATEGORIES = 1_000, 10, 500, 18
YEAR = 2026
_unique = itertools.count()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    started = time.monotonic()
    local = LocalCluster(tmp_path_factory.mktemp("cluster"), get_settings().engines_dir).start()
    record_figure(f"cluster: 3 Kafka nodes and 2+1 Elasticsearch nodes started in {time.monotonic() - started:.0f} s")
    yield local
    local.stop()


def cluster_settings(cluster: LocalCluster, **overrides: object) -> Settings:
    """Settings of a run of its own (topics, indices, groups), laid out for the cluster."""
    run = f"c{next(_unique)}-{uuid.uuid4().hex[:6]}"
    return Settings(
        kafka_bootstrap=cluster.kafka.bootstrap, es_url=cluster.elasticsearch.url,
        kafka_replication_factor=3, kafka_min_insync_replicas=2, es_replicas=1,
        data_dir=Path(tempfile.gettempdir()) / "wsis-tests" / run,
        topic_raw=f"{run}.raw", topic_tagged=f"{run}.tagged", topic_rejected=f"{run}.rejected",
        topic_dead_letter=f"{run}.deadletter", index_alias=f"{run}-submissions",
        status_index=f"{run}-status", ledger_index=f"{run}-ledger",
        worker_id=f"{run}-worker", indexer_group=f"{run}-indexer", worker_stall_seconds=60, **overrides,
    )


def two_of_each(settings: Settings, commands: tuple[str, ...], folder: Path) -> list[StageProcess]:
    """Two processes of each stage, each with its own instance id (static membership) and web port."""
    stages = []
    for command, instance in itertools.product(commands, ("1", "2")):
        own = settings.model_copy(update={"instance_id": instance, "worker_web_port": free_port(),
                                          "prizes_web_port": free_port()})
        stages.append(StageProcess(command, own, folder / f"{command}-{instance}").start())
    return stages


class Run:
    """Two workers and two indexers on the cluster, restarted by a process manager if they exit (except those
    `unmanaged`: a test that kills one for good)."""

    def __init__(self, cluster: LocalCluster, folder: Path, unmanaged: int = 0) -> None:
        self.cluster, self.settings = cluster, cluster_settings(cluster)
        ensure_topics(self.settings)
        self.stages = two_of_each(self.settings, ("worker", "index"), folder)
        self.stopping = threading.Event()
        managed = self.stages[unmanaged:]
        self.manager = threading.Thread(target=keep_running, args=(managed, self.stopping), daemon=True)
        self.manager.start()
        self.index = SubmissionIndex(search_client(self.settings), self.settings.index_alias,
                                     self.settings.index_layout)

    def count(self) -> int:
        try:
            self.index.refresh()
            return self.index.count()
        except Exception:  # not created yet, or a node is the thing we broke
            return -1

    def stop(self) -> None:
        self.stopping.set()
        self.manager.join()
        for stage in self.stages:
            stage.terminate()
        for stage in self.stages:
            stage.stop()


def check_everything_indexed(run: Run, records: list, failures: list, fault: str, at: int) -> None:
    expected_ids, expected_checksum = expected_fingerprint(records)
    assert not failures, f"the producer lost submissions: {failures!r}"
    wait_until(lambda: run.count() >= len(expected_ids), 600, every=2)
    time.sleep(2)  # anything still in flight would show up as a duplicate or an unexpected document
    ids, checksum = fingerprint(all_documents(run.index))
    lost, unexpected = len(set(expected_ids) - set(ids)), len(set(ids) - set(expected_ids))
    duplicated = len(ids) - len(set(ids))
    on_topics = {topic: len({r.key for r in read_all(run.settings, topic)})
                 for topic in (run.settings.topic_raw, run.settings.topic_tagged, run.settings.topic_rejected)}
    restarts = sum(stage.restarts for stage in run.stages)
    record_figure(f"cluster, {fault}: {SUBMISSIONS} submissions ({INVALID} invalid), fault at {at} indexed; "
                  f"documents {len(ids)}, lost {lost}, duplicated {duplicated}, unexpected {unexpected}, "
                  f"checksum {'equal' if checksum == expected_checksum else 'DIFFERENT'}, stage restarts {restarts}")
    assert (lost, duplicated, unexpected) == (0, 0, 0), f"distinct keys per topic: {on_topics}"
    assert checksum == expected_checksum


def start_flow(run: Run, seed: int) -> tuple[list, list, threading.Thread, int]:
    records = generate(SUBMISSIONS, invalid=INVALID, seed=seed)
    failures: list[BaseException] = []
    publisher = publish_steadily(run.settings, records, failures)
    assert wait_until(lambda: run.count() >= 1000, 300), "the pipeline never got going"
    return records, failures, publisher, run.count()


def test_broker_kill_of_the_partition_leader(cluster: LocalCluster, tmp_path: Path) -> None:
    run = Run(cluster, tmp_path)
    try:
        records, failures, publisher, at = start_flow(run, seed=19)
        leader = next(p["leader"] for p in cluster.kafka.partitions([run.settings.topic_raw]) if p["partition"] == 0)
        cluster.kafka.kill(leader - 1)
        time.sleep(10)  # the other two carry on: a new leader from the in-sync replicas, writes need two of them
        down_at = run.count()
        cluster.kafka.start(leader - 1)
        restarted = time.monotonic()
        topics = pipeline_topics(run.settings)
        caught_up = wait_until(lambda: all(len(p["isr"]) == 3 for p in cluster.kafka.partitions(topics)), 300, 2)
        isr_seconds = time.monotonic() - restarted
        publisher.join(timeout=600)
        check_everything_indexed(run, records, failures, f"kill -9 of broker {leader} (leader of raw/0)", at)
        record_figure(f"cluster, broker kill: {down_at - at} indexed while it was down 10 s; its replicas back in "
                      f"every ISR {isr_seconds:.0f} s after its restart")
        assert caught_up, "the restarted broker never rejoined every partition's in-sync replicas"
    finally:
        run.stop()


def test_worker_kill_the_other_takes_its_partitions(cluster: LocalCluster, tmp_path: Path) -> None:
    run = Run(cluster, tmp_path, unmanaged=1)  # the first worker, killed below, stays dead
    try:
        records, failures, publisher, at = start_flow(run, seed=20)
        run.stages[0].kill()
        publisher.join(timeout=600)
        check_everything_indexed(run, records, failures, "kill -9 of one of two workers (not restarted)", at)
        assert run.stages[1].alive and not run.stages[0].alive
    finally:
        run.stop()


def test_elasticsearch_node_kill_searches_keep_answering(cluster: LocalCluster, tmp_path: Path) -> None:
    run = Run(cluster, tmp_path)
    nodes = cluster.elasticsearch
    try:
        records, failures, publisher, at = start_flow(run, seed=21)
        nodes.kill(0)
        answered, failed, deadline = 0, [], time.monotonic() + 20
        searches = search_client(run.settings, "door")
        while time.monotonic() < deadline:
            try:
                searches.search(index=run.settings.index_alias, query={"match": {"title": "health"}}, size=5)
                answered += 1
            except Exception as exc:  # a search the reader would have seen fail
                failed.append(repr(exc)[:200])
            time.sleep(0.2)
        nodes.start(0)
        health = nodes.wait_green()
        publisher.join(timeout=600)
        check_everything_indexed(run, records, failures, "kill -9 of Elasticsearch data node es-1", at)
        record_figure(f"cluster, Elasticsearch node down 20 s: {answered} searches answered, {len(failed)} failed; "
                      f"green again after its restart: {not health['timed_out']}")
        assert not failed, failed[:3]
        assert not health["timed_out"], health
    finally:
        run.stop()


def assigned_topics(assignment: object) -> set[str]:
    """The topics of a member's assignment as describe_groups decodes it (an object or its dict form). Its
    user data, which Faust fills with every member's topics, is not looked at."""
    if isinstance(assignment, dict):
        partitions = assignment.get("assigned_partitions") or assignment.get("assignment") or []
    else:
        partitions = getattr(assignment, "assigned_partitions", None) or []
    def topic_and_partitions(p: object) -> tuple[str, object]:
        if isinstance(p, dict):
            return p["topic"], p.get("partitions")
        if hasattr(p, "topic"):
            return p.topic, getattr(p, "partitions", None)
        return p[0], p[1] if len(p) > 1 else None  # type: ignore[index, arg-type]

    # A Faust member's assignment names every topic, those it holds no partition of with an empty list: the standby
    # is "assigned" the votes topic with no partition. Only topics with partitions count.
    return {topic for topic, held in map(topic_and_partitions, partitions) if held is None or len(held) > 0}


def prizes_group(settings: Settings) -> dict[str, set[str]]:
    """Each member of a stable prizes group, by instance id, with the topics it is assigned (actives and
    standbys); empty while the group rebalances."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka)
    try:
        group = admin.describe_groups([settings.prizes_worker_id])[settings.prizes_worker_id]
    finally:
        admin.close()
    if group.get("group_state", group.get("state")) != "Stable":
        return {}
    return {(member.get("group_instance_id") or "").rsplit("-", 1)[-1]: assigned_topics(member.get("member_assignment"))
            for member in group.get("members", [])}


def active_prizes_worker(settings: Settings) -> str | None:
    """The instance id of the group member assigned the (single) votes partition: the other one only has standby
    copies of the tables' changelogs."""
    return next((instance for instance, topics in prizes_group(settings).items()
                 if settings.topic_prize_votes in topics), None)


def test_voting_burst_with_a_prizes_worker_killed(cluster: LocalCluster, tmp_path: Path) -> None:
    run = f"v{uuid.uuid4().hex[:8]}"
    topics = {f"topic_prize_{t}": f"{run}.prize.{t}" for t in ("cycle", "entries", "assignments", "scores",
                                                                  "votes", "audit")}
    settings = cluster_settings(cluster, prize_index=f"{run}-prizes", prizes_worker_id=f"{run}-prizes",
                                prize_votes_per_voter_per_minute=1_000, prize_votes_per_entry_per_minute=1_000_000,
                                users_file=tmp_path / "users.toml", **topics)
    ensure_prize_topics(settings)
    workers = two_of_each(settings, ("prizes-worker",), tmp_path)
    stopping = threading.Event()
    manager = threading.Thread(target=keep_running, args=(workers, stopping), daemon=True)
    manager.start()
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    actions = PrizeActions(settings, index)
    rng = random.Random(19)
    killed: StageProcess | None = None

    def entries() -> list:
        try:
            return index.entries(YEAR)
        except Exception:  # the index appears with the worker's first write
            return []

    try:
        actions.open_cycle(ORGANISER, YEAR, {p: dt.date(2026, 1, 1 + i)
                                             for i, p in enumerate(PHASES)})
        assert wait_until(lambda: index.cycle(YEAR) is not None, 120)
        for i in range(2 * CATEGORIES):
            raw = json.dumps({"submission_id": f"V{i:03d}", "received_at": "2025-11-01T00:00:00Z",
                              "payload": submission(i, rng)}).encode()
            document = submission_document(process_raw(f"V{i:03d}".encode(), raw))
            actions.enter(ORGANISER, entry_from_document(document, YEAR, i % CATEGORIES + 1))
        assert wait_until(lambda: len(entries()) == 2 * CATEGORIES, 180)
        actions.advance_phase(ORGANISER, YEAR)
        assert wait_until(lambda: index.cycle(YEAR).phase == "nomination", 60)
        eligible = [e.entry_id for e in entries() if e.eligible]
        actions.nominate(ORGANISER, eligible)
        # every nomination in the index before the shortlist is read from it: the phase change (another topic)
        # can reach the index first
        assert wait_until(lambda: sum(e.nominated for e in entries()) == len(eligible), 120)
        actions.advance_phase(ORGANISER, YEAR)
        assert wait_until(lambda: index.cycle(YEAR).phase == "voting", 60)
        shortlist: dict[int, list[str]] = {}
        for entry in entries():
            if entry.nominated:
                shortlist.setdefault(entry.category, []).append(entry.entry_id)

        ballots = []
        for v in range(VOTERS):
            for category in rng.sample(sorted(shortlist), VOTES_PER_VOTER):
                ballots.append((f"voter{v:05d}", category, rng.choice(shortlist[category])))
        for voter, category, _ in rng.sample(ballots, REPEATS):  # voting again in a category: must not count
            ballots.append((voter, category, rng.choice(shortlist[category])))
        rng.shuffle(ballots)
        producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all", enable_idempotence=True, linger_ms=5)
        for n, (voter, category, entry_id) in enumerate(ballots):
            vote = VoteCast(actor=voter, year=YEAR, entry_id=entry_id, category=category, voter=voter)
            producer.send(settings.topic_prize_votes, key=entry_id.encode(), value=vote.model_dump_json().encode())
            if n == len(ballots) // 3:
                producer.flush(60)
                active = active_prizes_worker(settings) or "1"
                killed = next(w for w in workers if w.settings.instance_id == active)
                killed.kill()  # the process manager starts it again; meanwhile the other one may take over
        producer.flush(120)
        producer.close()

        cast = [json.loads(r.value) for r in read_all(settings, settings.topic_prize_votes)]
        first, counted, repeated = set(), Counter(), Counter()
        for vote in cast:
            key = (vote["voter"], vote["category"])
            (repeated if key in first else counted)[vote["entry_id"]] += 1
            first.add(key)
        assert sum(counted.values()) == VOTERS * VOTES_PER_VOTER and sum(repeated.values()) == REPEATS

        def tallies() -> tuple[dict, dict]:
            docs = entries()
            return ({d.entry_id: d.votes for d in docs if d.votes},
                    {d.entry_id: d.duplicate_votes for d in docs if d.duplicate_votes})

        wait_until(lambda: sum(tallies()[0].values()) + sum(tallies()[1].values()) >= len(cast), 600, every=2)
        time.sleep(3)
        votes, duplicates = tallies()
        record_figure(f"cluster, voting burst: {len(cast)} votes from {VOTERS} voters over {len(shortlist)} "
                      f"categories, prizes worker {killed.settings.instance_id if killed else '?'} killed at "
                      f"{len(ballots) // 3}; counted {sum(votes.values())} (expected {sum(counted.values())}), "
                      f"repeats {sum(duplicates.values())} (expected {REPEATS}), restarts "
                      f"{sum(w.restarts for w in workers)}")
        assert votes == dict(counted)
        assert duplicates == dict(repeated)
    finally:
        actions.close()
        stopping.set()
        manager.join()
        for worker in workers:
            worker.stop()
