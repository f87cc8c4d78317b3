"""Scale-out benchmark on a local cluster (wsis/engines/cluster.py: 3 Kafka KRaft nodes with RF 3 and
min.insync.replicas 2, 2 Elasticsearch data nodes + a master-only node, every index with 1 replica).

    python bench/scale.py [--count 10000] [--down 15]

Three runs, each on topics and indices of its own, the stages as child processes as `wsis up` runs them:
- 1 worker + 1 indexer;
- 2 workers + 2 indexers (each with its own instance id): the partitions split between them;
- 2 + 2 again, with kill -9 of the broker leading raw/0 once a third is indexed; it stays down --down seconds,
  then starts again on its data.
Each run publishes --count demo submissions (5 % invalid) as fast as the producer goes and waits until every valid
one is in the index. Prints the end-to-end rate (valid submissions indexed per second), the rate before, during
and after the broker's absence, and the CPU seconds each process spent per 1,000 submissions (from /proc), which
says where the time goes: on two cores the sum of the CPU of all processes bounds the rate.
"""

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from producers.demo import generate  # noqa: E402
from producers.publisher import SubmissionPublisher  # noqa: E402
from schemas.clients import search_client  # noqa: E402
from schemas.settings import Settings, get_settings  # noqa: E402
from storage.submission_index import SubmissionIndex  # noqa: E402
from storage.topics import ensure_topics  # noqa: E402
from wsis.engines.cluster import LocalCluster  # noqa: E402
from wsis.local_servers import free_port  # noqa: E402
from wsis.stage_process import StageProcess  # noqa: E402
from wsis.supervisor import keep_running  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (Linux /proc), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (100 a second on Linux)


def settings_for(cluster: LocalCluster, folder: Path) -> Settings:
    run = f"s{uuid.uuid4().hex[:8]}"
    return Settings(kafka_bootstrap=cluster.kafka.bootstrap, es_url=cluster.elasticsearch.url,
                    kafka_replication_factor=3, kafka_min_insync_replicas=2, es_replicas=1, data_dir=folder / run,
                    topic_raw=f"{run}.raw", topic_tagged=f"{run}.tagged", topic_rejected=f"{run}.rejected",
                    topic_dead_letter=f"{run}.deadletter", index_alias=f"{run}-submissions",
                    status_index=f"{run}-status", ledger_index=f"{run}-ledger", worker_id=f"{run}-worker",
                    indexer_group=f"{run}-indexer")


class Processes:
    """CPU seconds per process over a run: the cluster's JVMs, the stages, and this benchmark (its producer)."""

    def __init__(self, cluster: LocalCluster, stages: list[StageProcess]) -> None:
        self.cluster, self.stages = cluster, stages
        self.start = self.sample()

    def pids(self) -> dict[str, int]:
        pids = {f"kafka-{i + 1}": n.process.pid for i, n in enumerate(self.cluster.kafka.nodes) if n}
        pids |= {name: n.process.pid for name, n in zip(self.cluster.elasticsearch.names,
                                                          self.cluster.elasticsearch.nodes, strict=True) if n}
        for stage in self.stages:
            if stage.process is not None:
                pids[f"{stage.command}-{stage.settings.instance_id}"] = stage.process.pid
        return pids | {"bench (producer)": 0}

    def sample(self) -> dict[str, float]:
        return {name: cpu_seconds(pid) if pid else time.process_time() for name, pid in self.pids().items()}

    def spent(self) -> dict[str, float]:
        end = self.sample()
        return {name: end[name] - self.start.get(name, 0.0) for name in end}


def run(cluster: LocalCluster, folder: Path, count: int, per_stage: int, kill_broker: bool, down: float) -> dict:
    settings = settings_for(cluster, folder)
    ensure_topics(settings)
    stages = []
    for command in ("worker", "index"):
        for instance in range(1, per_stage + 1):
            own = settings.model_copy(update={"instance_id": str(instance), "worker_web_port": free_port()})
            stages.append(StageProcess(command, own, folder / f"{settings.topic_raw}-{command}-{instance}").start())
    stopping = threading.Event()
    manager = threading.Thread(target=keep_running, args=(stages, stopping), daemon=True)
    manager.start()
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    records = generate(count, invalid=count // 20, seed=per_stage + 10 * kill_broker)
    valid = sum(r.valid for r in records)

    def indexed() -> int:
        try:
            return index.count()
        except Exception:
            return 0

    warm = generate(1, seed=99)[0]
    publisher = SubmissionPublisher(settings)
    publisher.publish_bytes("warm-up", warm.value).get(timeout=120)
    while indexed() < 1:  # every stage has joined its group
        time.sleep(0.5)
    valid += 1
    cpu = Processes(cluster, stages)
    began = time.monotonic()
    sending = threading.Thread(target=lambda: [publisher.publish_bytes(r.submission_id, r.value) for r in records]
                               + [publisher.flush(timeout=600)])
    sending.start()
    marks: dict[str, tuple[float, int]] = {}
    killed = None
    while (done := indexed()) < valid:
        now = time.monotonic() - began
        if kill_broker and killed is None and done >= valid // 3:
            partitions = cluster.kafka.partitions([settings.topic_raw])
            killed = next(p["leader"] for p in partitions if p["partition"] == 0) - 1
            marks["kill"] = (now, done)
            victim = f"kafka-{killed + 1}"
            before_kill = cpu.sample()[victim] - cpu.start[victim]
            cluster.kafka.kill(killed)
            cpu.start[victim] = -before_kill  # the restarted process counts from 0: add what the killed one spent
        if killed is not None and "restart" not in marks and now - marks["kill"][0] >= down:
            marks["restart"] = (time.monotonic() - began, indexed())
            cluster.kafka.start(killed)  # blocks until it answers: part of "during"
            marks["back"] = (time.monotonic() - began, indexed())
        if now > 1800:
            raise TimeoutError(f"{done} of {valid} indexed after 30 minutes")
        time.sleep(0.5)
    elapsed = time.monotonic() - began
    spent = cpu.spent()
    sending.join()
    publisher.close()
    stopping.set()
    manager.join()
    for stage in stages:
        stage.stop()
    result = {"label": f"{per_stage} per stage" + (", broker kill" if kill_broker else ""), "valid": valid,
              "seconds": elapsed, "rate": valid / elapsed, "cpu": spent,
              "restarts": sum(s.restarts for s in stages)}
    if killed is not None:
        (t_kill, n_kill), (t_back, n_back) = marks["kill"], marks["back"]
        result |= {"before": n_kill / t_kill, "during": (n_back - n_kill) / (t_back - t_kill),
                   "down": t_back - t_kill}
        if valid > n_back:  # else everything was indexed before the broker was back
            result["after"] = (valid - n_back) / (elapsed - t_back)
    return result


def print_table(results: list[dict], count: int) -> None:
    print(f"\nEND TO END, {count} submissions (5 % invalid), valid ones indexed per second")
    print(f"{'run':<28}{'seconds':>9}{'rate/s':>9}{'before':>9}{'during':>9}{'after':>9}{'restarts':>10}")
    for r in results:
        extra = "".join(f"{r[k]:>9.0f}" if k in r else f"{'':>9}" for k in ("before", "during", "after"))
        print(f"{r['label']:<28}{r['seconds']:>9.1f}{r['rate']:>9.0f}{extra}{r['restarts']:>10}")
    for r in results:
        if "down" in r:
            print(f"'during' = from the kill until the broker answers again ({r['down']:.0f} s)")
    print("\nCPU seconds per 1,000 submissions, per process")
    names = sorted({name for r in results for name in r["cpu"]})
    print(f"{'process':<20}" + "".join(f"{r['label']:>28}" for r in results))
    for name in names:
        print(f"{name:<20}" + "".join(f"{r['cpu'][name] * 1000 / r['valid']:>28.2f}" if name in r["cpu"]
                                      else f"{'':>28}" for r in results))
    print(f"{'total':<20}" + "".join(f"{sum(r['cpu'].values()) * 1000 / r['valid']:>28.2f}" for r in results))
    print(f"{'(2 cores: seconds)':<20}" + "".join(f"{2 * r['seconds'] * 1000 / r['valid']:>28.2f}"
                                                   for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--down", type=float, default=15.0, help="seconds the killed broker stays down")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wsis-scale-"))
    started = time.monotonic()
    cluster = LocalCluster(folder / "cluster", get_settings().engines_dir).start()
    print(f"cluster started in {time.monotonic() - started:.0f} s: Kafka {cluster.kafka.bootstrap}, "
          f"Elasticsearch {cluster.elasticsearch.url}", flush=True)
    results = []
    try:
        for per_stage, kill in ((1, False), (2, False), (2, True)):
            results.append(run(cluster, folder, args.count, per_stage, kill, args.down))
            print(f"{results[-1]['label']}: {results[-1]['rate']:.0f}/s", flush=True)
    finally:
        cluster.stop()
    print_table(results, args.count)


if __name__ == "__main__":
    main()
