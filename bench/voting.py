"""Public voting on the real engines: how many votes a second the prizes worker takes and tallies.

    python bench/voting.py [--votes 50000] [--voters 20000] [--nominees 10] [--duplicates 0.1] [--profile DIR]
                            [--warm-up 10000] [--idle 10]

Apache Kafka and Elasticsearch are started here as local processes, then the prizes worker (`wsis prizes-worker`)
as a child process, as `wsis up` runs it. A prize year is set up by publishing its events straight onto the
prize topics: the cycle opened, --nominees entries in each of the 18 categories, all nominated, and the cycle
moved on to public voting; the same for the year before, which gets --warm-up votes first, unmeasured (freshly
started JVMs compile their hot code in the first minute; the measured year's votes come after). Then --votes
VoteCast events are published as fast as the producer goes (acks=all):
distinct voters, each voting in one to three categories, and a share of --duplicates second votes by a voter in
a category where they voted already (new events: the worker counts them as duplicates, not votes).

Prints the rate from the first vote published until the prize index's tallies (votes + held + duplicates +
refused, summed over the entries) equal the number of votes on the topic, the votes counted and the duplicates
against the numbers expected, and the CPU seconds per 1,000 votes of each process (Kafka, Elasticsearch, the
prizes worker), also without what the process spends anyway, votes or not (measured for --idle seconds before the
votes): on a loaded machine the run takes longer and that share grows. The votes are cast within a minute, as in
a campaign's busiest minute: the per-entry burst guard (600 a minute by default) holds votes beyond it, which the
tallies count as held. With --profile DIR, py-spy records the prizes worker meanwhile (see bench/pipeline.py).
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kafka import TopicPartition  # noqa: E402
from pipeline import Engine, Profiles, cpu_seconds, rss_mb, started, wait_for  # noqa: E402

from schemas.clients import kafka_consumer, kafka_producer, search_client  # noqa: E402
from schemas.prizes import (  # noqa: E402
    PHASES,
    CycleOpened,
    EntryNominated,
    EntrySubmitted,
    PhaseChanged,
    PrizeEvent,
    VoteCast,
    entry_id,
)
from schemas.settings import Settings  # noqa: E402
from storage.prize_index import PrizeIndex  # noqa: E402
from storage.prize_topics import ensure_prize_topics  # noqa: E402
from wsis.local_servers import free_port  # noqa: E402
from wsis.stage_process import StageProcess  # noqa: E402

YEAR = 2026
WARM_UP_YEAR, WARM_UP = YEAR - 1, 10_000
CATEGORIES = range(1, 19)


def prize_settings(kafka_port: int, es_port: int, data_dir: Path) -> Settings:
    run = f"bench-{uuid.uuid4().hex[:6]}"
    topics = {f"topic_prize_{t}": f"{run}.prize.{t}" for t in ("cycle", "entries", "assignments", "scores",
                                                                  "votes", "audit")}
    return Settings(kafka_bootstrap=f"127.0.0.1:{kafka_port}", es_url=f"http://127.0.0.1:{es_port}",
                    prize_index=f"{run}-prizes", prizes_worker_id=f"{run}-prizes", prizes_web_port=free_port(),
                    data_dir=data_dir, **topics)


def year_in_voting(nominees: int, year: int = YEAR) -> tuple[list[PrizeEvent], dict[int, list[str]]]:
    """The events of a prize year in public voting, and its nominees by category."""
    dates = {phase: dt.date(year - 1, 10, 1) + dt.timedelta(days=40 * i) for i, phase in enumerate(PHASES)}
    events: list[PrizeEvent] = [CycleOpened(actor="org", year=year, dates=dates)]
    by_category: dict[int, list[str]] = {}
    for category in CATEGORIES:
        for n in range(nominees):
            project = f"P{category:02d}{n:03d}"
            entry = EntrySubmitted(
                actor="org", year=year, entry_id=entry_id(year, category, project), category=category,
                project_id=project, title=f"Project {project}", organisation=f"Organisation {project}",
                stakeholder_type="Civil society", country="Kenya", status="completed", language="en",
                description=f"Project {project} connects schools in rural districts to the internet. " * 4,
            )
            events += [entry, EntryNominated(actor="org", year=year, entry_id=entry.entry_id)]
            by_category.setdefault(category, []).append(entry.entry_id)
    events += [PhaseChanged(actor="org", year=year, phase="nomination"),
               PhaseChanged(actor="org", year=year, phase="voting")]
    return events, by_category


def ballots(count: int, voters: int, duplicates: float, nominees: dict[int, list[str]],
            seed: int = 5, year: int = YEAR) -> tuple[list[VoteCast], int]:
    """`count` votes; the number of them that are a voter's first in their category (the votes that count)."""
    rng = random.Random(seed)
    voted: list[tuple[str, int]] = []
    seen: set[tuple[str, int]] = set()
    votes: list[VoteCast] = []
    while len(votes) < count:
        if voted and rng.random() < duplicates:
            voter, category = rng.choice(voted)  # again, in a category where this voter voted already
        else:
            voter, category = f"voter{rng.randrange(voters):07d}", rng.choice(CATEGORIES)
            if (voter, category) in seen:
                continue
            seen.add((voter, category))
            voted.append((voter, category))
        votes.append(VoteCast(actor=voter, year=year, entry_id=rng.choice(nominees[category]), category=category,
                              voter=voter))
    return votes, len(seen)


def publish(settings: Settings, topics: dict[type, str], events: list[PrizeEvent]) -> float:
    """Publish `events` (acks=all) keyed as the prize actions key them; seconds until all are acknowledged."""
    producer = kafka_producer(settings, "bench-voting")
    start = time.perf_counter()
    futures = [producer.send(topics[type(e)], key=getattr(e, "entry_id", str(e.year)).encode(),
                             value=e.model_dump_json().encode()) for e in events]
    producer.flush()
    for future in futures:
        future.get()
    took = time.perf_counter() - start
    producer.close()
    return took


def votes_on_topic(settings: Settings) -> int:
    consumer = kafka_consumer(settings)
    try:
        return sum(consumer.end_offsets([TopicPartition(settings.topic_prize_votes, 0)]).values())
    finally:
        consumer.close()


def tallied(index: PrizeIndex, year: int = YEAR) -> dict[str, int]:
    try:
        docs = index.entries(year)
    except Exception:  # the index appears with the worker's first write
        return {}
    return {"votes": sum(d.votes for d in docs), "held": sum(d.held_votes for d in docs),
            "duplicates": sum(d.duplicate_votes for d in docs), "refused": sum(d.refused_votes for d in docs),
            "entries": len(docs)}


def decided(index: PrizeIndex, year: int = YEAR) -> int:
    """Votes of the year the prize index has decided on: counted, held, duplicates and refused."""
    found = tallied(index, year)
    return sum(found.get(k, 0) for k in ("votes", "held", "duplicates", "refused"))


def in_voting(index: PrizeIndex, year: int, entries: int) -> Callable[[], bool]:
    """Whether the prize index shows the year's entries and the year in public voting."""
    return lambda: (tallied(index, year).get("entries") == entries
                    and getattr(index.cycle(year), "phase", "") == "voting")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--votes", type=int, default=50_000)
    parser.add_argument("--voters", type=int, default=20_000, help="voters to draw from (distinct names)")
    parser.add_argument("--nominees", type=int, default=10, help="nominees in each of the 18 categories")
    parser.add_argument("--duplicates", type=float, default=0.1, help="share of second votes in a category")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="py-spy records the prizes worker")
    parser.add_argument("--warm-up", type=int, default=WARM_UP, metavar="VOTES",
                        help="votes of another prize year first, unmeasured (the JVMs compile their hot code)")
    parser.add_argument("--idle", type=float, default=10.0, metavar="SECONDS",
                        help="how long each process's CPU is measured with no votes coming, before they come")
    args = parser.parse_args()
    events, nominees = year_in_voting(args.nominees)
    votes, first = ballots(args.votes, args.voters, args.duplicates, nominees)
    warm_events, warm_nominees = year_in_voting(args.nominees, WARM_UP_YEAR)
    warm_votes = ballots(args.warm_up, args.voters, args.duplicates, warm_nominees, seed=6, year=WARM_UP_YEAR)[0]
    print(f"{len(votes):,} votes ({first:,} first in their category, {len(votes) - first:,} duplicates) by "
          f"{len({v.voter for v in votes}):,} voters for {18 * args.nominees} nominees; machine: {os.cpu_count()} "
          f"cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="wsis-bench-voting-") as tmp, started("real", Path(tmp)) as engine:
        settings = prize_settings(engine.kafka_port, engine.es_port, Path(tmp))
        ensure_prize_topics(settings)
        topics = {CycleOpened: settings.topic_prize_cycle, PhaseChanged: settings.topic_prize_cycle,
                  EntrySubmitted: settings.topic_prize_entries, EntryNominated: settings.topic_prize_entries,
                  VoteCast: settings.topic_prize_votes}
        index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
        worker = StageProcess("prizes-worker", settings, Path(tmp) / "logs").start()
        try:
            publish(settings, topics, events + warm_events)
            for year in (YEAR, WARM_UP_YEAR):
                wait_for(in_voting(index, year, 18 * args.nominees), f"{year} in voting", every=0.5)
            # Freshly started JVMs spend their first minute compiling: votes of another year first, unmeasured
            publish(settings, topics, warm_votes)
            wait_for(lambda: decided(index, WARM_UP_YEAR) >= len(warm_votes), "the warm-up votes tallied", every=0.5)
            before_votes = votes_on_topic(settings)
            pids = engine.pids() | {"prizes worker": worker.process.pid}  # type: ignore[union-attr]
            peak = {"prizes worker": rss_mb(pids["prizes worker"])}
            done = threading.Event()

            def sample_rss() -> None:
                while not done.wait(0.5):
                    peak["prizes worker"] = max(peak["prizes worker"], rss_mb(pids["prizes worker"]))

            threading.Thread(target=sample_rss, daemon=True).start()
            profiles = Profiles(args.profile) if args.profile else None
            if profiles:
                profiles.start("prizes-worker", pids["prizes worker"])
            idle_from = ({name: cpu_seconds(pid) for name, pid in pids.items()}, time.perf_counter())
            time.sleep(args.idle)  # what each process spends with no votes coming, a second (timers, polling)
            idle = {name: (cpu_seconds(pid) - idle_from[0][name]) / (time.perf_counter() - idle_from[1])
                    for name, pid in pids.items()}
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            start = time.perf_counter()
            took_publish = publish(settings, topics, list(votes))
            on_topic = votes_on_topic(settings) - before_votes
            wait_for(lambda: decided(index) >= on_topic, "every vote tallied", every=0.2)
            took = time.perf_counter() - start
            cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
            done.set()
            found = tallied(index)
            if profiles:
                profiles.stop()
        finally:
            worker.stop()
    if profiles:
        profiles.report(Engine("real", 0, 0, {}, 0.0), "")
    print(f"  published (acks=all): {len(votes) / took_publish:,.0f}/s")
    print(f"  VOTES ACCEPTED AND TALLIED, first published → in the prize index: {on_topic / took:,.0f}/s "
          f"({on_topic:,} on the topic in {took:.1f} s)")
    print(f"  tallies: counted {found['votes']:,} (expected {first:,}), duplicates {found['duplicates']:,} "
          f"(expected {len(votes) - first:,}), held {found['held']:,}, refused {found['refused']:,}")
    for name, seconds in cpu.items():
        beyond = seconds - idle[name] * took
        print(f"  CPU s per 1,000 votes: {name}: {1000 * seconds / len(votes):.2f} (idle {idle[name]:.3f} CPU s/s; "
              f"beyond idle: {1000 * beyond / len(votes):.2f})")
    print(f"  ceiling on 2 cores: {2 * len(votes) / sum(cpu.values()):,.0f}/s")
    print(f"  peak RSS: prizes worker {peak['prizes worker']:,.0f} MB")
    print(f"  load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
