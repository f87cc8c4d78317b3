"""End-to-end pipeline benchmark, the real engines and noida-db side by side: for each, the servers are started
here (Apache Kafka + Elasticsearch as two Java processes, or noida-db as one), the worker and indexer as child
processes, exactly as `wsis up` runs them. The engines run one after the other, never at the same time.

    python bench/pipeline.py [--engines real,noida] [--count 50000] [--rate 200] [--seconds 30] [--skip-stages]
                             [--skip-latency] [--profile DIR]

Prints, for --count demo submissions (5 % invalid), per engine and then in one table:
- STAGES, each run alone on the records the stage before left: produce (publish all, acks=all), worker
  (validate + tag, Faust) and indexer (Elasticsearch bulk + status), plus validate+tag in process on one core
  (the same for both engines, printed once);
- END TO END: all stages running, the records published as fast as possible, until every valid one is found by
  a search. Nothing forces a refresh: a document counts once the index's own refresh (indexer/freshness.py)
  shows it, as for a user;
- the CPU seconds each process spent per 1,000 submissions in that run (the servers' own processes included:
  the Kafka and Elasticsearch JVMs, or noida-db), which bound the rate two cores can reach; the benchmark's own
  process (mostly its producer) is shown apart;
- the peak RSS of every process during that run (sampled every 0.5 s);
- LATENCY submit → found by a search at a fixed offered --rate for --seconds, after a warm-up record and after
  LATENCY_WARM_UP_SECONDS of the same rate through another pipeline, unmeasured;
- PASS-THROUGH, the bare limit of the same engines, run the same way as END TO END right after it: a plain
  kafka-python consumer copies each raw record unchanged to the tagged topic (acks=all, offsets committed once
  the copies are acknowledged) and a plain bulk writer (elasticsearch helpers.bulk) indexes each one unchanged
  into an index of its own (dynamic mapping, the same shards, the product's refresh interval under load; offsets
  committed once Elasticsearch acknowledged). No validation, no tagging, no Faust. END TO END is printed as a ratio
  of it, and the CPU seconds per 1,000 of every process of both runs (Kafka, Elasticsearch, worker, indexer, copier,
  writer);
- with --profile DIR, py-spy's view of each stage process during those two runs: the functions with the most
  samples of their own (idle threads left out); the raw stacks are kept in DIR.

Before the runs measured, WARM_UP records go once through the product and once through the pass-through, so
that neither pays the JVMs' JIT compilation. Progress is read from Kafka offsets (cheap). On noida-db, which answers
counts and searches by scanning, the index is counted only once the indexer has committed everything and the
latency probe asks every 0.1 s; on Elasticsearch both ask every 0.05 s, which costs it little.
"""

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from elasticsearch import helpers  # noqa: E402
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition  # noqa: E402

from producers.demo import DemoRecord, generate  # noqa: E402
from producers.publisher import SubmissionPublisher  # noqa: E402
from schemas.clients import kafka_consumer, kafka_producer, search_client  # noqa: E402
from schemas.search_document import refresh_interval  # noqa: E402
from schemas.settings import Settings, get_settings  # noqa: E402
from storage.submission_index import SubmissionIndex  # noqa: E402
from storage.topics import ensure_topics  # noqa: E402
from streams.processing import process_raw  # noqa: E402
from wsis.engines.elasticsearch import ES_VERSION, start_elasticsearch  # noqa: E402
from wsis.engines.kafka import KAFKA_VERSION, start_kafka  # noqa: E402
from wsis.local_servers import LocalServer, free_port, start_noida  # noqa: E402
from wsis.stage_process import StageProcess, stage_env  # noqa: E402

TIMEOUT = 1800.0
WARM_UP = 10_000  # records through the product and the pass-through before the runs measured
LATENCY_WARM_UP_SECONDS = 60  # unmeasured, at the latency run's rate, before it
PROBE_IDS = 500  # ids the latency probe asks for at a time
ENGINES = {"real": f"Kafka {KAFKA_VERSION} + ES {ES_VERSION}", "noida": "noida-db"}


@dataclass
class Engine:
    """The servers of one engine choice, started privately: Kafka's and Elasticsearch's ports, and each server
    process by name (one process serves both APIs for noida-db)."""

    kind: str
    kafka_port: int
    es_port: int
    servers: dict[str, LocalServer]
    probe_every: float  # seconds between two looks at the index (count, latency probe)
    figures: dict[str, str] = field(default_factory=dict)  # label → value, in the order measured

    def pids(self) -> dict[str, int]:
        return {name: server.process.pid for name, server in self.servers.items()}

    def note(self, label: str, value: str) -> None:
        self.figures[label] = value
        print(f"  {label}: {value}", flush=True)


@contextlib.contextmanager
def started(kind: str, data_dir: Path) -> Iterator[Engine]:
    servers: dict[str, LocalServer] = {}
    try:
        if kind == "real":
            cache, settings = get_settings().engines_dir, get_settings()
            servers["kafka"] = start_kafka(data_dir / "kafka", free_port(), free_port(), cache,
                                           settings.local_kafka_heap)
            servers["elasticsearch"] = start_elasticsearch(data_dir / "elasticsearch", free_port(), cache,
                                                           settings.local_es_heap)
            yield Engine(kind, servers["kafka"].ports[0], servers["elasticsearch"].ports[0], servers, 0.05)
        else:
            servers["noida-db"] = start_noida(data_dir / "noida", free_port(), free_port())
            yield Engine(kind, *servers["noida-db"].ports, servers, 0.1)
    finally:
        for server in servers.values():
            server.stop()


def fresh_settings(engine: Engine, data_dir: Path) -> Settings:
    run = f"bench-{uuid.uuid4().hex[:6]}"
    return Settings(
        kafka_bootstrap=f"127.0.0.1:{engine.kafka_port}", es_url=f"http://127.0.0.1:{engine.es_port}",
        topic_raw=f"{run}.raw", topic_tagged=f"{run}.tagged", topic_rejected=f"{run}.rejected",
        topic_dead_letter=f"{run}.deadletter", index_alias=f"{run}-submissions", status_index=f"{run}-status",
        worker_id=f"{run}-worker", indexer_group=f"{run}-indexer", worker_web_port=free_port(), data_dir=data_dir,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


ES_ACTIVITY = {  # label → path in a node's stats (indices + thread_pool), summed over the nodes
    "bulk requests": ("thread_pool", "write", "completed"),
    "documents indexed": ("indices", "indexing", "index_total"),
    "indexing ms": ("indices", "indexing", "index_time_in_millis"),
    "refreshes": ("indices", "refresh", "total"),
    "refresh ms": ("indices", "refresh", "total_time_in_millis"),
    "merge ms": ("indices", "merges", "total_time_in_millis"),
    "searches": ("indices", "search", "query_total"),
    "search ms": ("indices", "search", "query_time_in_millis"),
}


def es_activity(client: object) -> dict[str, int]:
    """What Elasticsearch did so far, summed over its nodes (so a run's share is the difference of two reads)."""
    nodes = client.nodes.stats(metric="indices,thread_pool")["nodes"].values()  # type: ignore[attr-defined]
    totals = {}
    for label, (section, group, name) in ES_ACTIVITY.items():
        totals[label] = sum(node[section][group][name] for node in nodes)
    return totals


def wait_for(condition: Callable[[], bool], what: str, every: float = 0.2) -> float:
    """Seconds until `condition` holds; SystemExit after TIMEOUT."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"{what}: not done within {TIMEOUT:.0f} s")
        time.sleep(every)
    return time.perf_counter() - start


class Pipeline:
    """One run's topics, index and stage processes, and cheap ways to see how far the records got."""

    def __init__(self, engine: Engine, log_dir: Path) -> None:
        self.engine, self.log_dir = engine, log_dir
        self.settings = fresh_settings(engine, log_dir)
        ensure_topics(self.settings)
        settings = self.settings
        self.index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
        self.kafka = KafkaConsumer(bootstrap_servers=self.settings.kafka)
        self.admin = KafkaAdminClient(bootstrap_servers=self.settings.kafka)
        self.stages: dict[str, StageProcess] = {}

    def start(self, command: str) -> StageProcess:
        self.stages[command] = StageProcess(command, self.settings, self.log_dir).start()
        return self.stages[command]

    def start_stages(self) -> dict[str, int]:
        """Start the worker and the indexer; their pids by name."""
        worker, indexer = self.start("worker"), self.start("index")
        return {"worker": worker.process.pid, "indexer": indexer.process.pid}  # type: ignore[union-attr]

    def expected(self, valid: int) -> int:
        """Documents a search finds once every record is in (the warm-up record's included)."""
        return valid + 1

    def _partitions(self, *topics: str) -> list[TopicPartition]:
        return [TopicPartition(t, p) for t in topics for p in sorted(self.kafka.partitions_for_topic(t) or [])]

    def worker_output(self) -> int:
        """Records the worker has produced so far (tagged + rejected)."""
        s = self.settings
        return sum(self.kafka.end_offsets(self._partitions(s.topic_tagged, s.topic_rejected)).values())

    def _indexer_offsets(self) -> dict[TopicPartition, int]:
        group = self.settings.indexer_group
        return {tp: o.offset for tp, o in self.admin.list_group_offsets(group).get(group, {}).items()}

    def indexer_committed(self) -> int:
        """Records the indexer has committed (so Elasticsearch acknowledged them)."""
        return sum(max(0, offset) for offset in self._indexer_offsets().values())

    def indexer_done(self) -> bool:
        """The indexer has committed every record the worker produced."""
        s = self.settings
        committed = self._indexer_offsets()
        end = self.kafka.end_offsets(self._partitions(s.topic_tagged, s.topic_rejected))
        return all(committed.get(tp, 0) >= offset for tp, offset in end.items())

    def searchable(self) -> int:
        """Documents a search finds now (no refresh forced)."""
        try:
            return self.index.count()
        except Exception:  # the index appears with the first batch
            return 0

    def publish(self, records: list[DemoRecord]) -> float:
        """Publish as fast as the producer goes (acks=all); seconds until the broker acknowledged them all."""
        publisher = SubmissionPublisher(self.settings)
        start = time.perf_counter()
        for record in records:
            publisher.publish_bytes(record.submission_id, record.value)
        publisher.flush(timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
        publisher.close()
        return elapsed

    def warm_up(self) -> None:
        """One record through every stage, so group joins and index creation are not counted."""
        warm = generate(1, seed=7)
        self.publish(warm)
        wait_for(lambda: self.searchable() >= 1, "warm-up record searchable", every=0.5)

    def stop(self) -> None:
        """Stop the stages and drop this run's indices, so that the next run starts on an empty search server."""
        for stage in self.stages.values():
            stage.stop()
        for index in [*self.index.behind_alias(), self.settings.status_index]:
            self.index.client.indices.delete(index=index, ignore_unavailable=True)
        self.kafka.close()
        self.admin.close()


class PassThrough(Pipeline):
    """The bare limit of the same engines: a plain copier and a plain bulk writer (child processes running this
    script) in place of the worker and the indexer, on topics and an index of their own."""

    def __init__(self, engine: Engine, log_dir: Path) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        super().__init__(engine, log_dir)
        self.written = log_dir / "pass-through-written"
        self.children: list[subprocess.Popen] = []

    def start_stages(self) -> dict[str, int]:
        pids = {}
        for role in ("copier", "writer"):
            with (self.log_dir / f"pass-through-{role}.log").open("ab") as out:
                child = subprocess.Popen(
                    [sys.executable, __file__, "--pass-through", role, "--written-file", str(self.written)],
                    env=stage_env(self.settings), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )
            self.children.append(child)
            pids[role] = child.pid
        return pids

    def expected(self, valid: int) -> int:
        return int(self.written.read_text())  # the raw records Elasticsearch took (the non-JSON ones it refuses)

    def stop(self) -> None:
        for child in self.children:
            child.terminate()
            child.wait(30)
        self.index.client.indices.delete(index=self.settings.index_alias, ignore_unavailable=True)
        self.kafka.close()
        self.admin.close()


def copy_records(settings: Settings) -> None:
    """Pass-through copier: raw → tagged unchanged, offsets committed once every copy is acknowledged."""
    consumer = kafka_consumer(settings, settings.topic_raw, group_id=settings.worker_id, enable_auto_commit=False,
                              auto_offset_reset="earliest", max_poll_records=500)
    producer = kafka_producer(settings, "bench-pass-through-copier")
    while True:
        records = [record for batch in consumer.poll(timeout_ms=500).values() for record in batch]
        if records:
            sent = [producer.send(settings.topic_tagged, key=r.key, value=r.value) for r in records]
            producer.flush()
            for future in sent:
                future.get()  # raises unless the broker acknowledged it
            consumer.commit()


def write_records(settings: Settings, written_file: Path) -> None:
    """Pass-through writer: tagged → a plain index, each record's bytes as the document, offsets committed once
    Elasticsearch acknowledged the bulk; the count of documents it took is kept in `written_file`."""
    client, name, layout = search_client(settings), settings.index_alias, settings.index_layout
    client.indices.create(index=name, settings=layout.index_settings()
                          | {"refresh_interval": refresh_interval(settings.search_refresh_busy_seconds)})
    consumer = kafka_consumer(settings, settings.topic_tagged, group_id=settings.indexer_group,
                              enable_auto_commit=False, auto_offset_reset="earliest",
                              max_poll_records=settings.indexer_batch_size)
    written = 0
    while True:
        records = [record for batch in consumer.poll(timeout_ms=500).values() for record in batch]
        if records:
            actions = ({"_index": name, "_id": r.key.decode(), "_source": r.value} for r in records)
            ok, _ = helpers.bulk(client, actions, chunk_size=500, raise_on_error=False, stats_only=True)
            written += ok
            written_file.write_text(str(written))
            consumer.commit()


class Profiles:
    """py-spy recording each stage process while it runs (raw collapsed stacks, the process never paused;
    idle threads left out, so the samples show where the CPU goes), then the largest costs by function."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir, self.running = out_dir, {}
        out_dir.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, pid: int) -> None:
        spy = Path(sys.executable).with_name("py-spy")
        self.running[name] = subprocess.Popen(
            [str(spy), "record", "--pid", str(pid), "--format", "raw", "--nolineno", "--nonblocking",
             "--rate", "100", "--output", str(self.out_dir / f"{name}.txt")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        for spy in self.running.values():
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        for spy in self.running.values():
            spy.wait(60)

    def report(self, engine: Engine, prefix: str, top: int = 12) -> None:
        for name in self.running:
            own, inclusive, packages, total = Counter[str](), Counter[str](), Counter[str](), 0
            for line in (self.out_dir / f"{name}.txt").read_text().splitlines():
                stack, _, samples = line.rpartition(" ")
                frames, n = stack.split(";")[1:], int(samples)  # the first frame is the thread
                total += n
                if frames:
                    own[frames[-1]] += n
                for frame in set(frames):
                    inclusive[frame] += n
                if frames:  # the package (or standard module) whose code was running
                    packages[frames[-1].rpartition(" (")[2].rstrip(")").split("/")[0].removesuffix(".py")] += n
            print(f"  py-spy {prefix}{name}, own time by package: " + ", ".join(
                f"{package} {100 * n / total:.0f} %" for package, n in packages.most_common(10)))
            print(f"  py-spy {prefix}{name}: {total:,} samples; most time of its own (self %, then the same "
                  "function with what it calls, %):")
            for frame, n in own.most_common(top):
                print(f"    {100 * n / total:5.1f}  {100 * inclusive[frame] / total:5.1f}  {frame}")
            engine.note(f"{prefix}py-spy top cost: {name}",
                        ", ".join(f"{f.split(' (')[0]} {100 * n / total:.0f} %" for f, n in own.most_common(3)))


def in_process_rate(records: list[DemoRecord]) -> float:
    start = time.process_time()
    for record in records:
        process_raw(record.submission_id.encode(), record.value)
    return len(records) / (time.process_time() - start)


def stages_alone(engine: Engine, log_dir: Path, records: list[DemoRecord]) -> None:
    count = len(records)
    pipeline = Pipeline(engine, log_dir)
    try:
        produced = pipeline.publish(records)
        engine.note("produce (acks=all)", f"{count / produced:,.0f}/s")
        pipeline.start("worker")
        wait_for(lambda: pipeline.worker_output() > 0, "worker's first record")  # Faust's start is not counted
        first = pipeline.worker_output()
        took = wait_for(lambda: pipeline.worker_output() >= count, "worker")
        engine.note("worker alone (validate+tag, Faust)", f"{(count - first) / took:,.0f}/s")
        pipeline.start("index")
        wait_for(lambda: pipeline.indexer_committed() > 0, "indexer's first commit")
        first = pipeline.indexer_committed()
        took = wait_for(pipeline.indexer_done, "indexer")
        engine.note("indexer alone (bulk + status, commit after ack)", f"{(count - first) / took:,.0f}/s")
    finally:
        pipeline.stop()


def end_to_end(engine: Engine, log_dir: Path, records: list[DemoRecord], pass_through: bool = False,
               profile: Path | None = None, warm_up: bool = False) -> float:
    """The records published as fast as they go until all are searchable; the rate, with CPU and RSS noted (and
    each stage's profile), unless it is only the `warm_up` of the servers' JIT compilers."""
    count, valid = len(records), sum(r.valid for r in records)
    pipeline = (PassThrough if pass_through else Pipeline)(engine, log_dir)
    title, prefix = ("PASS-THROUGH", "pass-through: ") if pass_through else ("END TO END", "")
    try:
        stages = pipeline.start_stages()
        pipeline.warm_up()
        pids = engine.pids() | stages
        profiles = Profiles(profile / f"{engine.kind}-{log_dir.name}") if profile else None
        for name, pid in stages.items() if profiles else ():
            profiles.start(name, pid)  # type: ignore[union-attr]
        peak_rss = {name: rss_mb(pid) for name, pid in pids.items()}
        done = threading.Event()

        def sample_rss() -> None:
            while not done.wait(0.5):
                for name, pid in pids.items():
                    peak_rss[name] = max(peak_rss[name], rss_mb(pid))

        threading.Thread(target=sample_rss, daemon=True).start()
        cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        es_before = es_activity(pipeline.index.client) if engine.kind == "real" else {}
        own_before = time.process_time()
        start = time.perf_counter()
        pipeline.publish(records)
        wait_for(pipeline.indexer_done, "indexer")
        expected = pipeline.expected(valid)
        wait_for(lambda: pipeline.searchable() >= expected, "searchable", every=engine.probe_every)
        took = time.perf_counter() - start
        cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
        es = {k: v - es_before[k] for k, v in es_activity(pipeline.index.client).items()} if es_before else {}
        own = time.process_time() - own_before
        done.set()
        if profiles:
            profiles.stop()
    finally:
        pipeline.stop()
    if warm_up:
        return count / took
    if profiles:
        profiles.report(engine, prefix)
    engine.note(f"{title}, published → searchable", f"{count / took:,.0f}/s ({took:.1f} s)")
    for name, seconds in cpu.items():
        engine.note(f"{prefix}CPU s per 1,000: {name}", f"{1000 * seconds / count:.2f}")
    total = sum(cpu.values())
    engine.note(f"{prefix}CPU s per 1,000: servers + stages", f"{1000 * total / count:.2f}")
    engine.note(f"{prefix}CPU s per 1,000: this script (producer)", f"{1000 * own / count:.2f}")
    engine.note(f"{prefix}ceiling on 2 cores (servers + stages)", f"{2 * count / total:,.0f}/s")
    if es:
        engine.note(f"{prefix}Elasticsearch: bulk requests, documents per bulk",
                    f"{es['bulk requests']:,}, {es['documents indexed'] / max(1, es['bulk requests']):,.0f}")
        engine.note(f"{prefix}Elasticsearch: indexing / refresh / merge / search ms per 1,000",
                    " / ".join(f"{1000 * es[k] / count:,.0f}" for k in ("indexing ms", "refresh ms", "merge ms",
                                                                          "search ms")))
        engine.note(f"{prefix}Elasticsearch: refreshes, searches", f"{es['refreshes']:,}, {es['searches']:,}")
    for name, mb in peak_rss.items():
        engine.note(f"{prefix}peak RSS: {name}", f"{mb:,.0f} MB")
    engine.note(f"{prefix}load average (1 min) after", f"{os.getloadavg()[0]:.1f}")
    return count / took


def latency(engine: Engine, log_dir: Path, rate: float, seconds: float, warm_up: bool = False) -> None:
    """Submissions published at `rate` for `seconds`, and how long each took to become searchable; a warm-up run
    (another pipeline, other records) notes nothing."""
    records = generate(int(rate * seconds), seed=97 if warm_up else 98)
    pipeline = Pipeline(engine, log_dir)
    published: dict[str, float] = {}
    seen: dict[str, float] = {}

    def watch() -> None:
        while len(seen) < len(records):
            # the oldest not yet seen: records become searchable about in the order published, and asking for
            # thousands of ids 20 times a second would load the search server the run measures
            pending = [i for i in list(published) if i not in seen][:PROBE_IDS]
            if not pending:
                time.sleep(0.02)
                continue
            hits = pipeline.index.client.search(
                index=pipeline.settings.index_alias, query={"ids": {"values": pending}}, source=False,
                size=len(pending),
            )["hits"]["hits"]
            now = time.perf_counter()
            for hit in hits:
                seen.setdefault(hit["_id"], now)
            time.sleep(engine.probe_every)  # the probe's resolution; noida-db answers by scanning: not too often

    try:
        pipeline.start("worker")
        pipeline.start("index")
        pipeline.warm_up()
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        publisher = SubmissionPublisher(pipeline.settings)
        start = time.perf_counter()
        for n, record in enumerate(records):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            published[record.submission_id] = time.perf_counter()
            publisher.publish_bytes(record.submission_id, record.value)  # sent within linger_ms (5 ms)
        publisher.flush()
        publisher.close()
        watcher.join(timeout=120)
    finally:
        pipeline.stop()
    if warm_up:
        return
    latencies = sorted(seen[i] - published[i] for i in seen)
    label = f"LATENCY at {rate:.0f}/s for {seconds:.0f} s, p50 / p95 / p99 / max"
    if not latencies:
        engine.note(label, f"none of {len(records)} searchable within 2 min")
        return
    q = statistics.quantiles(latencies, n=100)
    missing = f" ({len(records) - len(latencies)} never seen)" if len(latencies) < len(records) else ""
    engine.note(label, f"{q[49]:.2f} / {q[94]:.2f} / {q[98]:.2f} / {latencies[-1]:.2f} s{missing}")


def print_table(engines: list[Engine]) -> None:
    labels: list[str] = []  # each engine's order; a label one engine lacks goes before the next label it has
    for engine in engines:
        own = list(engine.figures)
        for n, label in enumerate(own):
            if label not in labels:
                following = next((labels.index(later) for later in own[n + 1:] if later in labels), len(labels))
                labels.insert(following, label)
    width = max(len(label) for label in labels) + 2
    column = max(26, *(len(value) + 2 for engine in engines for value in engine.figures.values()))
    print("\n" + " " * width + "".join(f"{ENGINES[engine.kind]:>{column}}" for engine in engines))
    for label in labels:
        print(f"{label:<{width}}" + "".join(f"{engine.figures.get(label, '—'):>{column}}" for engine in engines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default="real,noida", help="comma-separated: real (Kafka + Elasticsearch), noida")
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--skip-stages", action="store_true", help="only the end-to-end and latency runs")
    parser.add_argument("--skip-latency", action="store_true", help="no latency run")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="py-spy (the test extra) records every stage during END TO END and PASS-THROUGH")
    parser.add_argument("--pass-through", choices=("copier", "writer"), help=argparse.SUPPRESS)  # a child's role
    parser.add_argument("--written-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pass_through:
        settings = get_settings()
        if args.pass_through == "copier":
            copy_records(settings)
        else:
            write_records(settings, args.written_file)
        return
    kinds = [kind.strip() for kind in args.engines.split(",") if kind.strip()]
    if unknown := set(kinds) - set(ENGINES):
        parser.error(f"unknown engine(s) {', '.join(sorted(unknown))}; choose among {', '.join(ENGINES)}")
    records = generate(args.count, invalid=args.count // 20, seed=99)
    valid = sum(r.valid for r in records)
    print(f"{args.count:,} submissions ({valid:,} valid); machine: {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    if not args.skip_stages:
        print(f"validate+tag in process, one core: {in_process_rate(records[:5000]):,.0f}/s (CPU time)")
    wall = time.perf_counter()
    engines: list[Engine] = []
    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix=f"wsis-bench-{kind}-") as tmp, started(kind, Path(tmp)) as engine:
            print(f"\n{ENGINES[kind]} (pids {engine.pids()}):", flush=True)
            if not args.skip_stages:
                stages_alone(engine, Path(tmp) / "stages", records)
            # Freshly started JVMs compile their hot code during the first minute: without a warm-up both ways,
            # the first run measured pays Kafka's and Elasticsearch's JIT compilers (about 15 CPU s for
            # Elasticsearch) and the one after it does not.
            for kind_of_run in (False, True):
                end_to_end(engine, Path(tmp) / f"warm-up-{kind_of_run}", records[:WARM_UP], kind_of_run, warm_up=True)
            product = end_to_end(engine, Path(tmp) / "end-to-end", records, profile=args.profile)
            bare = end_to_end(engine, Path(tmp) / "pass-through", records, pass_through=True, profile=args.profile)
            engine.note("END TO END as a share of PASS-THROUGH", f"{100 * product / bare:.0f} %")
            if not args.skip_latency:
                # The servers' code for a steady trickle (small bulks, frequent refreshes and searches) is compiled
                # in its own first minute: measured right after the bulk runs, Elasticsearch spent 5 CPU s per
                # 1,000 at 200/s, and 1.3–1.6 a minute later
                latency(engine, Path(tmp) / "latency-warm-up", args.rate, LATENCY_WARM_UP_SECONDS, warm_up=True)
                latency(engine, Path(tmp) / "latency", args.rate, args.seconds)
            engine.note("load average at the end", f"{os.getloadavg()[0]:.1f}")
            engines.append(engine)
    print_table(engines)
    print(f"(whole run {time.perf_counter() - wall:.0f} s)")


if __name__ == "__main__":
    main()
