"""Does the local broker keep every record it acknowledged across a restart of its whole process?

    python bench/broker_restart.py [--seconds-before-stop 3] [--down 2]

A kafka-python producer (acks=all, idempotent, retrying) writes keyed records to a 4-partition topic and notes
each acknowledgement; the noida-db process is stopped (SIGTERM) mid-stream and started again on the same data
directory; the producer goes on. Then every partition is read back and the script prints how many acknowledged
records are missing, split by whether the acknowledgement came before the stop or after the restart.

This is the broker alone, without the pipeline: a loss here cannot be prevented by its clients. The pipeline's
own restart faults (service-level broker restart, kill -9 of each stage) are in tests/faults.
"""

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kafka import KafkaConsumer, KafkaProducer, TopicPartition  # noqa: E402
from kafka.admin import KafkaAdminClient, NewTopic  # noqa: E402

from wsis.local_servers import free_port, start_noida  # noqa: E402

TOPIC, PARTITIONS = "durability", 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds-before-stop", type=float, default=3.0)
    parser.add_argument("--down", type=float, default=2.0, help="seconds the server stays stopped")
    args = parser.parse_args()
    data_dir, ports = Path(tempfile.mkdtemp(prefix="wsis-durability-")), (free_port(), free_port())
    server = start_noida(data_dir, *ports)
    bootstrap = f"127.0.0.1:{ports[0]}"
    KafkaAdminClient(bootstrap_servers=bootstrap).create_topics([NewTopic(TOPIC, PARTITIONS, 1)])
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
        server.stop()
        time.sleep(args.down)
        server = start_noida(data_dir, *ports)
        time.sleep(3)
        stopping.set()
        writer.join()
        consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
                                 auto_offset_reset="earliest")
        partitions = [TopicPartition(TOPIC, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        consumer.seek_to_beginning()
        end = consumer.end_offsets(partitions)
        present: set[str] = set()
        idle = 0  # after a restart a partition's offsets can have gaps, so its position may never reach the end
        while idle < 15 and any(consumer.position(tp) < end[tp] for tp in partitions):
            records = [r for batch in consumer.poll(timeout_ms=1000).values() for r in batch]
            present.update(r.key.decode() for r in records)
            idle = 0 if records else idle + 1
        consumer.close()
    finally:
        stopping.set()
        server.stop()
    lost = [key for key in acked_at if key not in present]
    before = sum(acked_at[key] < stopped_at for key in lost)
    print(f"acknowledged {len(acked_at):,}; read back {len(present):,}; acknowledged but missing {len(lost):,} "
          f"({before:,} acknowledged before the stop, {len(lost) - before:,} after the restart)")


if __name__ == "__main__":
    main()
