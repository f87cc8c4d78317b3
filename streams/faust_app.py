"""What both Faust apps (the stream worker and the prizes worker) share: how they join the broker, a workaround
for records faust-streaming 0.15.3 drops on a rebalance or restart, and the level of one aiokafka message.

After an assignment Faust resumes the partitions and seeks them to their committed offsets while its fetcher
runs, then resumes flow control, which empties the agents' queues: records fetched in between are thrown away,
the fetch position has moved past them, and the commit check lets a one-record gap through (faust-streaming
issue 596). Seen with the prizes worker: an event skipped after kill -9, its offset committed, lost for good.
Suspending flow control when the rebalance completes (just before those steps) holds fetched records back in
Faust's conductor until that resume, so none is dropped.
"""

import logging
import time
from typing import Any

import faust
from aiokafka.errors import GroupCoordinatorNotAvailableError

from schemas.settings import Settings

COORDINATOR_GRACE_SECONDS = 30.0


class CoordinatorStartingIsAWarning(logging.Filter):
    """aiokafka logs every failed group-coordinator lookup as an ERROR, and retries. On a broker that has just
    started, the first lookup creates the offsets topic and gets "coordinator not available" until that topic has
    a leader, a second or two later. Those lookups become warnings; one still failing after
    COORDINATOR_GRACE_SECONDS (a broker that is not well) stays an ERROR."""

    def __init__(self) -> None:
        super().__init__()
        self.failing_since: float | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str):
            return True
        if record.msg.startswith("Discovered coordinator"):
            self.failing_since = None
        elif (record.msg.startswith("Group Coordinator Request failed") and record.args
              and isinstance(record.args[0], GroupCoordinatorNotAvailableError)):
            self.failing_since = self.failing_since or time.monotonic()
            if time.monotonic() - self.failing_since < COORDINATOR_GRACE_SECONDS:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_coordinator_starting = CoordinatorStartingIsAWarning()


def keep_records_fetched_during_rebalance(app: faust.App) -> None:
    @app.on_rebalance_complete.connect
    async def hold_fetched_records(sender: faust.App, **_: Any) -> None:
        sender.flow_control.suspend()


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
    know_changelog_partitions(app)
    logging.getLogger("aiokafka.consumer.group_coordinator").addFilter(_coordinator_starting)  # added once
    return app
