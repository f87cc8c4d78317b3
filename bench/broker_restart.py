"""Does the local broker keep every record it acknowledged across a restart of its whole process? Apache Kafka and
noida-db side by side, each stopped with SIGTERM and, separately, killed with SIGKILL (kill -9).

    python bench/broker_restart.py [--scenarios real:term,real:kill,noida:term,noida:kill]
                                   [--seconds-before-stop 3] [--down 2] [--after 3]

For each scenario, on a broker of its own (fresh data directory, free ports): a kafka-python producer (acks=all,
idempotent, retrying) writes keyed records to a 4-partition topic and notes each acknowledgement; the broker
process is stopped (`term`: SIGTERM, waiting for it to exit; `kill`: SIGKILL) mid-stream and, after --down
seconds, started again on the same data directory and ports; the producer goes on for --after seconds. Then every
partition is read back from the beginning and the script prints how many acknowledged records are missing, split
by whether the acknowledgement came before the stop or after the restart, and how many were read more than once.

`real` is Apache Kafka 4.1 (wsis/engines/kafka.py, one KRaft node), `noida` the noida-db emulator
(wsis/local_servers.py). This is the broker alone, without the pipeline: a loss here cannot be prevented by its
clients. The pipeline's own restart faults (kill -9 of each stage and of each server) are in tests/faults.
"""

import argparse
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kafka import KafkaConsumer, KafkaProducer, TopicPartition  # noqa: E402
from kafka.admin import KafkaAdminClient, NewTopic  # noqa: E402

from schemas.settings import get_settings  # noqa: E402
from wsis.engines.kafka import KAFKA_VERSION, start_kafka  # noqa: E402
from wsis.local_servers import LocalServer, free_port, start_noida  # noqa: E402

TOPIC, PARTITIONS = "durability", 4
ENGINES = {"real": f"Apache Kafka {KAFKA_VERSION}", "noida": "noida-db"}
SIGNALS = {"term": signal.SIGTERM, "kill": signal.SIGKILL}


@dataclass
class Outcome:
    scenario: str
    acknowledged: int
    acknowledged_before: int  # before the stop
    read_back: int  # distinct keys
    missing_before: int  # acknowledged before the stop, not read back
    missing_after: int  # acknowledged after the restart, not read back
    duplicated: int  # keys read more than once
    stop_seconds: float  # from the signal until the process had exited
    restart_seconds: float  # from the start until the broker answered metadata requests


def starter(engine: str, data_dir: Path) -> tuple[Callable[[], LocalServer], int]:
    """A function that starts the engine's broker on `data_dir` (the same ports every time), and its Kafka port."""
    if engine == "real":
        port, controller = free_port(), free_port()
        cache = get_settings().engines_dir
        return lambda: start_kafka(data_dir / "kafka", port, controller, cache), port
    kafka_port, es_port = free_port(), free_port()
    return lambda: start_noida(data_dir / "noida", kafka_port, es_port), kafka_port


def read_back(bootstrap: str) -> Counter[str]:
    """How many times each key is in the topic."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
                             auto_offset_reset="earliest")
    partitions = [TopicPartition(TOPIC, p) for p in range(PARTITIONS)]
    consumer.assign(partitions)
    consumer.seek_to_beginning()
    end = consumer.end_offsets(partitions)
    present: Counter[str] = Counter()
    idle = 0  # after a restart a partition's offsets can have gaps, so its position may never reach the end
    while idle < 15 and any(consumer.position(tp) < end[tp] for tp in partitions):
        records = [r for batch in consumer.poll(timeout_ms=1000).values() for r in batch]
        present.update(r.key.decode() for r in records)
        idle = 0 if records else idle + 1
    consumer.close()
    return present


def run(scenario: str, args: argparse.Namespace) -> Outcome:
    engine, how = scenario.split(":")
    data_dir = Path(tempfile.mkdtemp(prefix=f"wsis-durability-{engine}-{how}-"))
    start, port = starter(engine, data_dir)
    bootstrap = f"127.0.0.1:{port}"
    server = start()
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)])
    admin.close()
    acked_at: dict[str, float] = {}
    stopping = threading.Event()

    def produce() -> None:
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, retries=1000,
                                 linger_ms=5, request_timeout_ms=60_000)
        n = 0
        while not stopping.is_set():
            sent = [(f"k{n + i}", producer.send(TOPIC, key=f"k{n + i}".encode(), value=b"v" * 1500))
                    for i in range(200)]
            n += len(sent)
            for key, future in sent:
                try:
                    future.get(timeout=120)
                    acked_at[key] = time.monotonic()
                except Exception:  # not acknowledged: not the broker's promise to keep
                    pass
        producer.close()

    writer = threading.Thread(target=produce)
    writer.start()
    try:
        time.sleep(args.seconds_before_stop)
        stopped_at = time.monotonic()
        server.stop(SIGNALS[how])
        stop_seconds = time.monotonic() - stopped_at
        time.sleep(args.down)
        restarted_at = time.monotonic()
        server = start()
        restart_seconds = time.monotonic() - restarted_at
        time.sleep(args.after)
        stopping.set()
        writer.join()
        present = read_back(bootstrap)
    finally:
        stopping.set()
        server.stop()
    lost = [key for key in acked_at if key not in present]
    before = sum(acked_at[key] < stopped_at for key in lost)
    acked_before = sum(at < stopped_at for at in acked_at.values())
    return Outcome(scenario, len(acked_at), acked_before, len(present), before, len(lost) - before,
                   sum(1 for times in present.values() if times > 1), stop_seconds, restart_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", default="real:term,real:kill,noida:term,noida:kill",
                        help="comma-separated ENGINE:STOP, ENGINE in real, noida and STOP in term (SIGTERM), "
                             "kill (SIGKILL)")
    parser.add_argument("--seconds-before-stop", type=float, default=3.0)
    parser.add_argument("--down", type=float, default=2.0, help="seconds the server stays stopped")
    parser.add_argument("--after", type=float, default=3.0, help="seconds of producing after the restart")
    args = parser.parse_args()
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    for scenario in scenarios:
        engine, _, how = scenario.partition(":")
        if engine not in ENGINES or how not in SIGNALS:
            parser.error(f"unknown scenario {scenario!r}: ENGINE:STOP, ENGINE in {', '.join(ENGINES)}, "
                         f"STOP in {', '.join(SIGNALS)}")
    outcomes = []
    for scenario in scenarios:
        outcomes.append(run(scenario, args))
        o = outcomes[-1]
        print(f"{scenario}: acknowledged {o.acknowledged:,}; read back {o.read_back:,}; acknowledged but missing "
              f"{o.missing_before + o.missing_after:,}", flush=True)

    print(f"\n{'':<20} {'':<8} {'stopped':>8} {'up again':>9} {'acknowledged':>19} {'read back':>10} "
          f"{'acknowledged but missing':>29} {'read':>6}")
    print(f"{'broker':<20} {'signal':<8} {'in':>8} {'in':>9} {'all':>9} {'pre-stop':>9} {'(keys)':>10} "
          f"{'all':>9} {'pre-stop':>9} {'post-restart':>12} {'twice':>6}")
    for o in outcomes:
        engine, how = o.scenario.split(":")
        print(f"{ENGINES[engine]:<20} {SIGNALS[how].name:<8} {o.stop_seconds:>7.1f}s {o.restart_seconds:>8.1f}s "
              f"{o.acknowledged:>9,} {o.acknowledged_before:>9,} {o.read_back:>10,} "
              f"{o.missing_before + o.missing_after:>9,} {o.missing_before:>9,} {o.missing_after:>12,} "
              f"{o.duplicated:>6,}")
    print(f"(stopped {args.seconds_before_stop:g} s into the stream, down {args.down:g} s, "
          f"{args.after:g} s more after the restart; read back = distinct keys found)")


if __name__ == "__main__":
    main()
