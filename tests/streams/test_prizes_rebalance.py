"""Two prizes workers in one consumer group (`wsis prizes-worker` child processes sharing a worker id, each with
its own instance id), over the real Kafka and Elasticsearch, as the cluster tests run them on three brokers: a
second worker joins while votes are published, or both start together; the active one dies by kill -9 and the
other takes over; the killed one comes back as itself. Every vote is counted each time: the stall once seen on the
cluster (the active worker assigned every prize topic, consuming nothing) must not come back."""

import datetime as dt
import json
import random
import threading
import time
from collections import Counter
from pathlib import Path

from cluster.test_cluster import active_prizes_worker, prizes_group
from conftest import make_settings, record_figure, wait_until
from kafka import KafkaProducer
from test_prize_cycle import ORGANISER, submission

from producers.prize_actions import PrizeActions, entry_from_document
from schemas.clients import search_client
from schemas.prizes import PHASES, VoteCast
from schemas.search_document import submission_document
from schemas.settings import Settings
from storage.prize_index import PrizeIndex
from streams.processing import process_raw
from wsis.local_servers import free_port
from wsis.stage_process import StageProcess

YEAR = 2026
CATEGORIES = 3
WAIT_SECONDS = 240  # generous: a kill -9 is noticed only when the group's session times out (30 s)


def voting_settings(engines) -> Settings:
    """Settings of a run of its own (make_settings names its prize topics, index and group), with limits a burst of
    votes stays under."""
    return make_settings(*engines, prize_votes_per_voter_per_minute=1_000, prize_votes_per_entry_per_minute=1_000_000)


def worker(settings: Settings, instance: str, folder: Path) -> StageProcess:
    own = settings.model_copy(update={"instance_id": instance, "prizes_web_port": free_port()})
    return StageProcess("prizes-worker", own, folder / f"prizes-worker-{instance}").start()


class Voting:
    """Votes of new voters (one each, so each counts) for the shortlisted entries, and the tallies they should
    give."""

    def __init__(self, settings: Settings, index: PrizeIndex, shortlist: list[tuple[str, int]]) -> None:
        self.settings, self.index, self.shortlist = settings, index, shortlist
        self.producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all", enable_idempotence=True,
                                      linger_ms=5)
        self.sent: Counter[str] = Counter()
        self.rng = random.Random(5)

    def cast(self, count: int) -> None:
        for _ in range(count):
            entry_id, category = self.rng.choice(self.shortlist)
            voter = f"voter{sum(self.sent.values()):05d}"
            vote = VoteCast(actor=voter, year=YEAR, entry_id=entry_id, category=category, voter=voter)
            self.producer.send(self.settings.topic_prize_votes, key=entry_id.encode(),
                               value=vote.model_dump_json().encode())
            self.sent[entry_id] += 1
        self.producer.flush(60)

    def cast_until(self, stopping: threading.Event) -> None:
        """A few votes every tenth of a second, until told to stop."""
        while not stopping.wait(0.1):
            self.cast(3)

    def tallies(self) -> dict[str, int]:
        try:
            return {d.entry_id: d.votes for d in self.index.entries(YEAR) if d.votes}
        except Exception:  # the index appears with the worker's first write
            return {}

    def all_counted(self, timeout: float = WAIT_SECONDS) -> bool:
        return wait_until(lambda: self.tallies() == dict(self.sent), timeout, every=1)


def open_voting(actions: PrizeActions, index: PrizeIndex) -> list[tuple[str, int]]:
    """A prize year in its voting phase, its eligible entries (two per category, as planted) on the shortlist."""
    rng = random.Random(11)
    actions.open_cycle(ORGANISER, YEAR, {p: dt.date(2026, 1, 1 + i) for i, p in enumerate(PHASES)})
    assert wait_until(lambda: index.cycle(YEAR) is not None, 120)
    for i in range(2 * CATEGORIES):
        raw = json.dumps({"submission_id": f"R{i:03d}", "received_at": "2025-11-01T00:00:00Z",
                          "payload": submission(i, rng)}).encode()
        document = submission_document(process_raw(f"R{i:03d}".encode(), raw))
        actions.enter(ORGANISER, entry_from_document(document, YEAR, i % CATEGORIES + 1))
    assert wait_until(lambda: len(index.entries(YEAR)) == 2 * CATEGORIES, 120)
    actions.advance_phase(ORGANISER, YEAR)
    assert wait_until(lambda: index.cycle(YEAR).phase == "nomination", 60)
    eligible = [e.entry_id for e in index.entries(YEAR) if e.eligible]
    assert len(eligible) >= CATEGORIES
    actions.nominate(ORGANISER, eligible)
    assert wait_until(lambda: sum(e.nominated for e in index.entries(YEAR)) == len(eligible), 60)
    actions.advance_phase(ORGANISER, YEAR)
    assert wait_until(lambda: index.cycle(YEAR).phase == "voting", 60)
    return [(e.entry_id, e.category) for e in index.entries(YEAR) if e.nominated]


def test_a_second_prizes_worker_joins_then_the_active_one_is_killed(engines, tmp_path: Path) -> None:
    settings = voting_settings(engines)
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    actions = PrizeActions(settings, index)  # creates the prize topics
    workers = [worker(settings, "1", tmp_path)]
    voting: Voting | None = None
    try:
        voting = Voting(settings, index, open_voting(actions, index))
        voting.cast(200)
        assert voting.all_counted(), "one worker alone did not count the votes"

        # A second worker joins the group while votes keep coming.
        stopping = threading.Event()
        steady = threading.Thread(target=voting.cast_until, args=(stopping,))
        steady.start()
        try:
            workers.append(worker(settings, "2", tmp_path))
            joined = wait_until(lambda: set(prizes_group(settings)) == {"1", "2"}, WAIT_SECONDS)
            time.sleep(5)  # votes sent while the group settles
        finally:
            stopping.set()
            steady.join()
        assert joined, f"the second worker never joined the group: {prizes_group(settings)}"
        settled = time.monotonic()
        counted = voting.all_counted()
        record_figure(f"prizes workers, a second one joins: {sum(voting.sent.values())} votes sent, "
                      f"{sum(voting.tallies().values())} counted {time.monotonic() - settled:.0f} s after both were "
                      f"in the group")
        assert counted, f"votes not counted once a second worker joined: {voting.tallies()} != {dict(voting.sent)}"

        # The active one dies; the other takes its partitions and counts what follows.
        active = active_prizes_worker(settings)
        assert active in ("1", "2"), "no member of the group is assigned the votes topic"
        killed = next(w for w in workers if w.settings.instance_id == active)
        killed.kill()
        died = time.monotonic()
        voting.cast(200)
        counted = voting.all_counted()
        takeover = time.monotonic() - died
        record_figure(f"prizes workers, the active one ({active}) killed: {sum(voting.sent.values())} votes sent, "
                      f"{sum(voting.tallies().values())} counted {takeover:.0f} s after the kill "
                      f"(group session timeout 30 s)")
        assert counted, f"the surviving worker did not take over: {voting.tallies()} != {dict(voting.sent)}"
        survivor = ({"1", "2"} - {active}).pop()
        assert active_prizes_worker(settings) == survivor

        # The killed one comes back as itself (static membership) while votes keep coming.
        stopping.clear()
        steady = threading.Thread(target=voting.cast_until, args=(stopping,))
        steady.start()
        try:
            restarted = time.monotonic()
            killed.start()
            back = wait_until(lambda: set(prizes_group(settings)) == {"1", "2"}, WAIT_SECONDS)
            time.sleep(5)
        finally:
            stopping.set()
            steady.join()
        assert back, f"the restarted worker never rejoined the group: {prizes_group(settings)}"
        counted = voting.all_counted()
        record_figure(f"prizes workers, the killed one restarted: {sum(voting.sent.values())} votes sent, "
                      f"{sum(voting.tallies().values())} counted {time.monotonic() - restarted:.0f} s after its "
                      f"restart")
        assert counted, f"votes not counted once the killed worker came back: {voting.tallies()} != {dict(voting.sent)}"
    finally:
        if voting:
            voting.producer.close()
        actions.close()
        for stage in workers:
            stage.stop()


def test_two_prizes_workers_started_together_count_every_vote(engines, tmp_path: Path) -> None:
    """As `wsis up` on two machines, or the cluster tests, start them: one just after the other, so that the second
    one joins while the first is still recovering its tables."""
    settings = voting_settings(engines)
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    actions = PrizeActions(settings, index)
    workers: list[StageProcess] = []
    voting: Voting | None = None
    try:
        workers += [worker(settings, "1", tmp_path), worker(settings, "2", tmp_path)]
        voting = Voting(settings, index, open_voting(actions, index))
        voting.cast(300)
        assert voting.all_counted(), f"votes not counted: {voting.tallies()} != {dict(voting.sent)}"
        assert set(prizes_group(settings)) == {"1", "2"}
    finally:
        if voting:
            voting.producer.close()
        actions.close()
        for stage in workers:
            stage.stop()


def test_entries_published_while_a_second_worker_joins_are_all_applied(engines, tmp_path: Path) -> None:
    """As on the cluster: the cycle is applied by the first worker alone, then the entries (a topic nothing was
    read from yet, so without a committed offset) are published while the second worker joins."""
    settings = voting_settings(engines)
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    actions = PrizeActions(settings, index)
    workers = [worker(settings, "1", tmp_path)]
    try:
        actions.open_cycle(ORGANISER, YEAR, {p: dt.date(2026, 1, 1 + i) for i, p in enumerate(PHASES)})
        assert wait_until(lambda: index.cycle(YEAR) is not None, 120)
        joining = threading.Thread(target=lambda: workers.append(worker(settings, "2", tmp_path)))
        joining.start()
        rng = random.Random(13)
        for i in range(30):
            raw = json.dumps({"submission_id": f"J{i:03d}", "received_at": "2025-11-01T00:00:00Z",
                              "payload": submission(i, rng)}).encode()
            actions.enter(ORGANISER, entry_from_document(submission_document(process_raw(f"J{i:03d}".encode(), raw)),
                                                         YEAR, i % CATEGORIES + 1))
            time.sleep(0.5)
        joining.join()

        def applied() -> int:
            try:
                return len(index.entries(YEAR))
            except Exception:
                return 0
        assert wait_until(lambda: applied() == 30, WAIT_SECONDS), f"{applied()} of 30 entries applied"
    finally:
        actions.close()
        for stage in workers:
            stage.stop()
