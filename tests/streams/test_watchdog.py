"""The stall watchdog against a real broker: it reads a group's committed offsets and lag, and exits the process
when input waits and the offsets do not move."""

import subprocess
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from schemas.settings import Settings
from streams.watchdog import EXIT_STALLED, StallWatchdog


def publish(settings: Settings, count: int) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.kafka, acks="all")
    for n in range(count):
        producer.send(settings.topic_raw, key=f"k{n}".encode(), value=b"{}", partition=0)
    producer.flush()
    producer.close()


def commit(settings: Settings, group: str, offset: int) -> None:
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka, group_id=group, enable_auto_commit=False)
    consumer.commit({TopicPartition(settings.topic_raw, 0): OffsetAndMetadata(offset, "", -1)})
    consumer.close()


def test_progress_reads_committed_offsets_and_lag(settings: Settings) -> None:
    publish(settings, 10)
    group = f"{settings.worker_id}-watched"
    commit(settings, group, 4)
    watchdog = StallWatchdog(settings, group, settings.topic_raw, stall_seconds=60)
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka)
    try:
        committed, lag = watchdog.progress(admin, consumer)
    finally:
        admin.close()
        consumer.close()
    assert committed == {TopicPartition(settings.topic_raw, 0): 4}
    assert lag == 6


def test_exits_the_process_when_offsets_stall_with_input_waiting(settings: Settings) -> None:
    publish(settings, 5)
    group = f"{settings.worker_id}-stalled"
    commit(settings, group, 1)
    code = (
        "import time\n"
        "from schemas.settings import Settings\n"
        "from streams.watchdog import StallWatchdog\n"
        f"settings = Settings(kafka_bootstrap={settings.kafka!r})\n"
        f"StallWatchdog(settings, {group!r}, {settings.topic_raw!r}, stall_seconds=1).start()\n"
        "time.sleep(60)\n"
    )
    finished = subprocess.run([sys.executable, "-c", code], timeout=90, capture_output=True, text=True)
    assert finished.returncode == EXIT_STALLED, finished.stderr[-2000:]
