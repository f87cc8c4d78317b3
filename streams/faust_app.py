"""What both Faust apps (the stream worker and the prizes worker) share: how they join the broker, a workaround
for records faust-streaming 0.15.3 drops on a rebalance or restart, and the level of two messages about passing
trouble.

After an assignment Faust resumes the partitions and seeks them to their committed offsets while its fetcher
runs, then resumes flow control, which empties the agents' queues: records fetched in between are thrown away,
the fetch position has moved past them, and the commit check lets a one-record gap through (faust-streaming
issue 596). Seen with the prizes worker: an event skipped after kill -9, its offset committed, lost for good.
Suspending flow control when the rebalance completes (just before those steps) holds fetched records back in
Faust's conductor until that resume, so none is dropped.

Seeking "to the committed offsets" (on that resume, and whenever records are fetched while the flow is stopped for
a rebalance) leaves alone a partition with no committed offset (aiokafka seeks only to offsets above 0): records
fetched from it during a rebalance were thrown away and the next fetch went on past them. Seen on the cluster: the
first entries of a prize year, published while a second prizes worker joined, never applied and their offsets
committed. Such a partition goes back to its beginning, as `consumer_auto_offset_reset="earliest"` says.
"""

import logging
import time
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import GroupCoordinatorNotAvailableError
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

from schemas.settings import Settings
from streams.delivery import deliver_records_inline

GRACE_SECONDS = 30.0  # a message repeated for longer than this stays an ERROR
STREAK_GAP_SECONDS = 5.0  # repeats closer than this are one streak


class PassingTroubleIsAWarning(logging.Filter):
    """Two ERRORs that aiokafka and Faust's thread service log each time they retry or check, about trouble that
    passes: a group-coordinator lookup answered "coordinator not available" (a broker that has just started creates
    its offsets topic on the first lookup; it has a leader a second or two later), and "Thread keepalive is not
    responding" (the consumer thread's event loop did not run for 2 s: the machine's CPU was taken, as when every
    stage starts at once on two cores). They become warnings, unless a streak of them lasts GRACE_SECONDS: a broker
    or a worker that is not well still logs an ERROR."""

    def __init__(self) -> None:
        super().__init__()
        self.streaks: dict[str, tuple[float, float]] = {}  # kind → (first, last) of the current streak

    def filter(self, record: logging.LogRecord) -> bool:
        kind = self._kind(record)
        if kind is not None:
            now = time.monotonic()
            first, last = self.streaks.get(kind, (now, now))
            first = first if now - last < STREAK_GAP_SECONDS else now
            self.streaks[kind] = (first, now)
            if now - first < GRACE_SECONDS:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True

    @staticmethod
    def _kind(record: logging.LogRecord) -> str | None:
        if record.levelno != logging.ERROR or not isinstance(record.msg, str):
            return None
        if (record.msg.startswith("Group Coordinator Request failed") and record.args
                and isinstance(record.args[0], GroupCoordinatorNotAvailableError)):
            return "coordinator"
        if "Thread keepalive is not responding" in record.msg:
            return "keepalive"
        return None


_passing_trouble = PassingTroubleIsAWarning()
_LOGGERS = ("aiokafka.consumer.group_coordinator", "faust.transport.drivers.aiokafka")


def keep_records_fetched_during_rebalance(app: faust.App) -> None:
    @app.on_rebalance_complete.connect
    async def hold_fetched_records(sender: faust.App, **_: Any) -> None:
        sender.flow_control.suspend()


async def _seek_to_committed_or_beginning(consumer: AIOKafkaConsumer) -> Any:
    committed = await consumer.seek_to_committed()
    never = [tp for tp, offset in committed.items() if not offset]  # None (nothing committed yet) or 0
    if never:
        await consumer.seek_to_beginning(*never)
    return committed


async def _seek_to_committed(self: AIOKafkaConsumerThread) -> Any:
    return await self.call_thread(_seek_to_committed_or_beginning, self._ensure_consumer())


def rewind_partitions_never_committed() -> None:
    AIOKafkaConsumerThread.seek_to_committed = _seek_to_committed  # type: ignore[method-assign]


def know_changelog_partitions(app: faust.App) -> None:
    """A table write picks its changelog partition from the producer's metadata (`use_partitioner`), which it
    reads without fetching: a broker that answers a metadata request only for the topics named in it (Apache
    Kafka does) left it empty, and the first write raised. Fetch it before any event is processed."""

    @app.on_rebalance_complete.connect
    async def fetch_changelog_metadata(sender: faust.App, **_: Any) -> None:
        client = sender.producer._ensure_producer().client
        for table in sender.tables.values():
            await client.add_topic(table.changelog_topic.get_topic_name())


def new_app(app_id: str, settings: Settings, web_port: int, **options: Any) -> faust.App:
    app = faust.App(
        app_id,
        datadir=settings.faust_data_dir(app_id),
        broker=f"kafka://{settings.kafka}",
        store="memory://",
        # The web server only says the worker is up (wsis up waits for its port): it listens on 127.0.0.1 unless
        # configured, and serves none of Faust's table, router or graph views, which would hand anyone judges'
        # scores, voters' ballots and blind-judged entries' organisations.
        web_bind=settings.stage_web_host,
        web_host=settings.stage_web_host,
        web_port=web_port,
        web_tables_enabled=False,
        web_router_enabled=False,
        web_graph_enabled=False,
        topic_allow_declare=False,  # topics are created up front (storage/topics.py) with their partition counts
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        # Group timeouts near Kafka's own defaults (45 s sessions, 300 s poll interval), not Faust's (6 s, 30 s):
        # with those a worker busy with a backlog, or on a loaded machine, was put out of its group (and Faust
        # then hung until the watchdog fired). Static membership lets a restarted worker rejoin at once, so
        # these do not slow recovery.
        broker_session_timeout=30.0,
        broker_heartbeat_interval=3.0,
        broker_rebalance_timeout=60.0,
        broker_max_poll_interval=300.0,
        # Static membership: a worker restarted after a crash rejoins as itself and gets its partitions back at
        # once, without a rebalance, instead of waiting for its dead predecessor's session to expire.
        consumer_group_instance_id=f"{app_id}-{settings.instance_id}",
        **options,
    )
    keep_records_fetched_during_rebalance(app)
    rewind_partitions_never_committed()
    deliver_records_inline()
    know_changelog_partitions(app)
    for name in _LOGGERS:
        logging.getLogger(name).addFilter(_passing_trouble)  # added once per process
    return app


async def changelogs_written(app: faust.App) -> None:
    """Wait until the table changes made so far are on their changelog topics. Faust's own flush before a commit
    gives up after 0.1 s (faust-streaming 0.15.3): a worker killed then could have committed offsets whose table
    changes were never written, and would restart without them."""
    while app.producer.buffer.size:
        await app.producer.buffer.flush()
    await app.producer.flush()
