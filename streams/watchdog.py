"""Liveness for the Faust worker: exit when input waits but the worker's committed offsets stop moving.

faust-streaming can hang for good when a rebalance coincides with a broker restart (upstream: "Task timed
out!" then silence). A hung process looks alive, so this thread checks from outside Faust's event loop: if the
group has lag and its committed offsets have not moved for `stall_seconds` while the broker answers, the
process exits with EXIT_STALLED and its process manager (`wsis up`, a container restart policy) starts it
again. Every downstream write is idempotent, so a restart loses and duplicates nothing.
"""

import logging
import os
import threading
import time

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from schemas.clients import kafka_admin, kafka_consumer
from schemas.settings import Settings

log = logging.getLogger(__name__)
EXIT_STALLED = 75
CHECK_EVERY_SECONDS = 5.0


class StallWatchdog(threading.Thread):
    def __init__(self, settings: Settings, group: str, topic: str, stall_seconds: float) -> None:
        super().__init__(name="stall-watchdog", daemon=True)
        self.settings, self.group, self.topic, self.stall_seconds = settings, group, topic, stall_seconds

    def progress(self, admin: KafkaAdminClient, consumer: KafkaConsumer) -> tuple[dict, int]:
        """The group's committed offsets on the topic, and how many records wait beyond them."""
        partitions = [TopicPartition(self.topic, p) for p in sorted(consumer.partitions_for_topic(self.topic) or [])]
        offsets = admin.list_group_offsets(self.group).get(self.group, {})
        committed = {tp: meta.offset for tp, meta in offsets.items() if tp.topic == self.topic}
        end = consumer.end_offsets(partitions)
        lag = sum(end[tp] - max(committed.get(tp, 0), 0) for tp in partitions)
        return committed, lag

    def run(self) -> None:
        admin = kafka_admin(self.settings, "wsis-watchdog")
        consumer = kafka_consumer(self.settings, client_id="wsis-watchdog")
        last_seen: dict = {}
        moved_at = time.monotonic()
        while True:
            time.sleep(CHECK_EVERY_SECONDS)
            try:
                committed, lag = self.progress(admin, consumer)
            except KafkaError:  # the broker is away: that is not the worker's stall
                moved_at = time.monotonic()
                continue
            if committed != last_seen or lag == 0:
                last_seen, moved_at = committed, time.monotonic()
            elif time.monotonic() - moved_at > self.stall_seconds:
                log.critical("no progress for %.0f s with %d records waiting: exiting so that the worker is "
                             "restarted", self.stall_seconds, lag)
                os._exit(EXIT_STALLED)
