"""End-to-end pipeline benchmark on the local default (noida-db started here, worker and indexer as child
processes, exactly as `wsis up` runs them).

    python bench/pipeline.py [--count 50000] [--rate 200] [--seconds 30]

Prints, for --count demo submissions (5 % invalid):
- STAGES, each run alone on the records the stage before left: produce (publish all, acks=all), worker
  (validate + tag, Faust) and indexer (Elasticsearch bulk + status), plus validate+tag in process on one core;
- END TO END: all stages running, the records published as fast as possible, until every valid one is found by
  a search. Nothing forces a refresh: a document counts once the index's own 1 s refresh shows it, as for a user;
- the CPU seconds each process spent per 1,000 submissions in that run, which bound the rate two cores can reach;
- the worker's peak RSS;
- LATENCY submit → found by a search at a fixed offered --rate for --seconds, after a warm-up record.

Progress is read from Kafka offsets (cheap) and the index is counted only when the indexer has committed
everything: noida-db counts by scanning, and polling it often would slow the run being measured.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition  # noqa: E402

from indexer.submission_index import SubmissionIndex, connect  # noqa: E402
from producers.demo import DemoRecord, generate  # noqa: E402
from producers.publisher import SubmissionPublisher  # noqa: E402
from streams.processing import process_raw  # noqa: E402
from wsis.local_servers import LocalServer, free_port, start_noida  # noqa: E402
from wsis.settings import Settings  # noqa: E402
from wsis.stage_process import StageProcess  # noqa: E402
from wsis.topics import ensure_topics  # noqa: E402

TIMEOUT = 1800.0


def fresh_settings(kafka_port: int, es_port: int, data_dir: Path) -> Settings:
    run = f"bench-{uuid.uuid4().hex[:6]}"
    return Settings(
        kafka_bootstrap=f"127.0.0.1:{kafka_port}", es_url=f"http://127.0.0.1:{es_port}",
        topic_raw=f"{run}.raw", topic_tagged=f"{run}.tagged", topic_rejected=f"{run}.rejected",
        topic_dead_letter=f"{run}.deadletter", index_alias=f"{run}-submissions", status_index=f"{run}-status",
        worker_id=f"{run}-worker", indexer_group=f"{run}-indexer", worker_web_port=free_port(), data_dir=data_dir,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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

    def __init__(self, server: LocalServer, log_dir: Path) -> None:
        self.server, self.log_dir = server, log_dir
        self.settings = fresh_settings(*server.ports, log_dir)
        ensure_topics(self.settings)
        self.index = SubmissionIndex(connect(self.settings, request_timeout=120), self.settings.index_alias)
        self.kafka = KafkaConsumer(bootstrap_servers=self.settings.kafka)
        self.admin = KafkaAdminClient(bootstrap_servers=self.settings.kafka)
        self.stages: dict[str, StageProcess] = {}

    def start(self, command: str) -> StageProcess:
        self.stages[command] = StageProcess(command, self.settings, self.log_dir).start()
        return self.stages[command]

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


def in_process_rate(records: list[DemoRecord]) -> float:
    start = time.process_time()
    for record in records:
        process_raw(record.submission_id.encode(), record.value)
    return len(records) / (time.process_time() - start)


def stages_alone(server: LocalServer, log_dir: Path, records: list[DemoRecord]) -> None:
    count, valid = len(records), sum(r.valid for r in records)
    print(f"STAGES ({count:,} submissions, {valid:,} valid), each alone:")
    print(f"  validate+tag in process, one core: {in_process_rate(records[:5000]):,.0f}/s (CPU time)")
    pipeline = Pipeline(server, log_dir)
    try:
        produced = pipeline.publish(records)
        print(f"  produce (acks=all): {count / produced:,.0f}/s")
        pipeline.start("worker")
        wait_for(lambda: pipeline.worker_output() > 0, "worker's first record")  # Faust's start is not counted
        first = pipeline.worker_output()
        took = wait_for(lambda: pipeline.worker_output() >= count, "worker")
        print(f"  worker (validate+tag, Faust): {(count - first) / took:,.0f}/s")
        pipeline.start("index")
        wait_for(lambda: pipeline.indexer_committed() > 0, "indexer's first commit")
        first = pipeline.indexer_committed()
        took = wait_for(pipeline.indexer_done, "indexer")
        print(f"  indexer (bulk + status, committed after the acknowledgement): {(count - first) / took:,.0f}/s")
    finally:
        pipeline.stop()


def end_to_end(server: LocalServer, log_dir: Path, records: list[DemoRecord]) -> None:
    count, valid = len(records), sum(r.valid for r in records)
    pipeline = Pipeline(server, log_dir)
    try:
        worker, indexer = pipeline.start("worker"), pipeline.start("index")
        pipeline.warm_up()
        peak_rss = [worker.rss_mb()]
        done = threading.Event()

        def sample_rss() -> None:
            while not done.wait(0.5):
                peak_rss[0] = max(peak_rss[0], worker.rss_mb())

        threading.Thread(target=sample_rss, daemon=True).start()
        pids = {"noida-db": server.process.pid, "worker": worker.process.pid, "indexer": indexer.process.pid}
        cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        start = time.perf_counter()
        pipeline.publish(records)
        wait_for(pipeline.indexer_done, "indexer")
        wait_for(lambda: pipeline.searchable() >= valid + 1, "searchable", every=0.5)
        took = time.perf_counter() - start
        cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
        done.set()
    finally:
        pipeline.stop()
    print(f"END TO END: {count:,} published → {valid:,} searchable in {took:.1f} s = {count / took:,.0f} submissions/s")
    total = sum(cpu.values())
    shares = ", ".join(f"{name} {1000 * seconds / count:.2f}" for name, seconds in cpu.items())
    print(f"  CPU seconds per 1,000 submissions: {shares}; total {1000 * total / count:.2f} "
          f"(+ the benchmark's own producer) → at most {2 * count / total:,.0f}/s on 2 cores")
    print(f"  worker peak RSS: {peak_rss[0]:.0f} MB")


def latency(server: LocalServer, log_dir: Path, rate: float, seconds: float) -> None:
    records = generate(int(rate * seconds), seed=98)
    pipeline = Pipeline(server, log_dir)
    published: dict[str, float] = {}
    seen: dict[str, float] = {}

    def watch() -> None:
        while len(seen) < len(records):
            pending = [i for i in list(published) if i not in seen][:2000]
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
            time.sleep(0.1)  # the probe's resolution; noida-db answers it by scanning, so it must not hammer

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
    latencies = sorted(seen[i] - published[i] for i in seen)
    if len(latencies) < len(records):
        print(f"LATENCY: only {len(latencies)} of {len(records)} became searchable within 2 min")
    if not latencies:
        return
    q = statistics.quantiles(latencies, n=100)
    print(f"LATENCY submit → found by a search, {rate:.0f}/s offered for {seconds:.0f} s ({len(latencies):,} "
          f"submissions): p50 {q[49]:.2f} s, p95 {q[94]:.2f} s, p99 {q[98]:.2f} s, max {latencies[-1]:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--skip-stages", action="store_true", help="only the end-to-end and latency runs")
    args = parser.parse_args()
    records = generate(args.count, invalid=args.count // 20, seed=99)
    with tempfile.TemporaryDirectory(prefix="wsis-bench-") as tmp:
        server = start_noida(Path(tmp) / "noida", free_port(), free_port())
        try:
            if not args.skip_stages:
                stages_alone(server, Path(tmp) / "stages", records)
            end_to_end(server, Path(tmp) / "end-to-end", records)
            latency(server, Path(tmp) / "latency", args.rate, args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
