"""End-to-end pipeline benchmark on the local default (noida-db started here, worker and indexer as child
processes, exactly as `wsis up` runs them).

    python bench/pipeline.py [--count 50000] [--rate 200] [--seconds 30]

Prints: each stage's own rate (produce; validate+tag in-process on one core; worker; indexer), end-to-end
throughput (published → searchable) for --count submissions published as fast as possible, the worker's peak
RSS, and the latency percentiles submit → searchable at a fixed offered --rate for --seconds.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kafka import KafkaConsumer  # noqa: E402

from indexer.submission_index import SubmissionIndex, connect  # noqa: E402
from producers.demo import DemoRecord, generate  # noqa: E402
from producers.publisher import SubmissionPublisher  # noqa: E402
from streams.processing import process_raw  # noqa: E402
from wsis.local_servers import free_port, start_noida  # noqa: E402
from wsis.settings import Settings  # noqa: E402
from wsis.stage_process import StageProcess  # noqa: E402
from wsis.topics import ensure_topics  # noqa: E402


def fresh_settings(kafka_port: int, es_port: int, data_dir: Path) -> Settings:
    run = f"bench-{uuid.uuid4().hex[:6]}"
    return Settings(
        kafka_bootstrap=f"127.0.0.1:{kafka_port}", es_url=f"http://127.0.0.1:{es_port}",
        topic_raw=f"{run}.raw", topic_tagged=f"{run}.tagged", topic_rejected=f"{run}.rejected",
        topic_dead_letter=f"{run}.deadletter", index_alias=f"{run}-submissions", status_index=f"{run}-status",
        worker_id=f"{run}-worker", indexer_group=f"{run}-indexer", worker_web_port=free_port(), data_dir=data_dir,
    )


class Pipeline:
    def __init__(self, settings: Settings, log_dir: Path) -> None:
        self.settings = settings
        ensure_topics(settings)
        self.worker = StageProcess("worker", settings, log_dir).start()
        self.indexer = StageProcess("index", settings, log_dir).start()
        self.index = SubmissionIndex(connect(settings, request_timeout=60), settings.index_alias)
        self.offsets = KafkaConsumer(bootstrap_servers=settings.kafka)

    def worker_output(self) -> int:
        """Records the worker has produced so far (tagged + rejected)."""
        topics = [self.settings.topic_tagged, self.settings.topic_rejected]
        partitions = [tp for topic in topics for tp in self._partitions(topic)]
        return sum(self.offsets.end_offsets(partitions).values())

    def _partitions(self, topic: str) -> list:
        from kafka import TopicPartition

        return [TopicPartition(topic, p) for p in sorted(self.offsets.partitions_for_topic(topic) or [])]

    def searchable(self) -> int:
        try:
            self.index.refresh()
            return self.index.count()
        except Exception:  # the index appears with the first batch
            return 0

    def stop(self) -> None:
        self.offsets.close()
        self.worker.stop()
        self.indexer.stop()


def stage_rate_in_process(records: list[DemoRecord]) -> float:
    start = time.perf_counter()
    for record in records:
        process_raw(record.submission_id.encode(), record.value)
    return len(records) / (time.perf_counter() - start)


def throughput(settings: Settings, log_dir: Path, count: int) -> None:
    records = generate(count, invalid=count // 20, seed=99)
    valid = sum(r.valid for r in records)
    print(f"validate+tag in process, one core: {stage_rate_in_process(records[:5000]):,.0f} submissions/s")
    pipeline = Pipeline(settings, log_dir)
    peak_rss = [0.0]
    done = threading.Event()

    def sample_rss() -> None:
        while not done.wait(0.5):
            peak_rss[0] = max(peak_rss[0], pipeline.worker.rss_mb())

    threading.Thread(target=sample_rss, daemon=True).start()
    publisher = SubmissionPublisher(settings)
    start = time.perf_counter()
    for record in records:
        publisher.publish_bytes(record.submission_id, record.value)
    publisher.flush(timeout=300)
    produced = time.perf_counter() - start
    worker_done = index_done = None
    while index_done is None and time.perf_counter() - start < 1800:
        now = time.perf_counter() - start
        if worker_done is None and pipeline.worker_output() >= count:
            worker_done = now
        if pipeline.searchable() >= valid:
            index_done = time.perf_counter() - start
        time.sleep(0.5)
    done.set()
    publisher.close()
    pipeline.stop()
    print(f"produce: {count:,} submissions in {produced:.1f} s = {count / produced:,.0f}/s")
    if worker_done is None or index_done is None:
        print(f"did not finish within 30 min (worker done: {worker_done}, index done: {index_done})")
        return
    print(f"worker (validate+tag, Faust): all {count:,} out after {worker_done:.1f} s = {count / worker_done:,.0f}/s")
    print(f"indexer: {valid:,} searchable after {index_done:.1f} s")
    print(f"END TO END: {count:,} published → {valid:,} searchable in {index_done:.1f} s = "
          f"{count / index_done:,.0f} submissions/s")
    print(f"worker peak RSS: {peak_rss[0]:.0f} MB")


def latency(settings: Settings, log_dir: Path, rate: float, seconds: float) -> None:
    count = int(rate * seconds)
    records = generate(count, seed=98)
    pipeline = Pipeline(settings, log_dir)
    published: dict[str, float] = {}
    seen: dict[str, float] = {}
    publisher = SubmissionPublisher(settings)

    def watch() -> None:
        while len(seen) < count:
            pending = [i for i in list(published) if i not in seen][:5000]
            if not pending:
                time.sleep(0.02)
                continue
            if pipeline.searchable() == 0:  # also refreshes; the index appears with the first batch
                time.sleep(0.05)
                continue
            hits = pipeline.index.client.search(
                index=settings.index_alias, query={"terms": {"submission_id": pending}}, source=False,
                size=len(pending),
            )["hits"]["hits"]
            now = time.perf_counter()
            for hit in hits:
                seen.setdefault(hit["_id"], now)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    for n, record in enumerate(records):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        published[record.submission_id] = time.perf_counter()
        publisher.publish_bytes(record.submission_id, record.value)  # sent within linger_ms (5 ms)
    publisher.flush()
    watcher.join(timeout=120)
    publisher.close()
    pipeline.stop()
    latencies = sorted(seen[i] - published[i] for i in seen)
    if len(latencies) < count:
        print(f"latency: only {len(latencies)} of {count} became searchable within 2 min")
    if not latencies:
        return
    q = statistics.quantiles(latencies, n=100)
    print(f"LATENCY submit → searchable at {rate:.0f}/s offered for {seconds:.0f} s ({len(latencies):,} submissions): "
          f"p50 {q[49]:.2f} s, p95 {q[94]:.2f} s, p99 {q[98]:.2f} s, max {latencies[-1]:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wsis-bench-") as tmp:
        server = start_noida(Path(tmp) / "noida", free_port(), free_port())
        try:
            kafka_port, es_port = server.ports
            throughput(fresh_settings(kafka_port, es_port, Path(tmp)), Path(tmp), args.count)
            latency(fresh_settings(kafka_port, es_port, Path(tmp)), Path(tmp) / "latency", args.rate, args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
