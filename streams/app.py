"""The Faust worker: raw submissions in, tagged or rejected submissions out.

Delivery is at-least-once: a batch's outputs are acknowledged by the broker before the batch's offsets can be
committed; downstream writes are keyed by submission id and version, so a record processed twice changes nothing.
"""

import asyncio

import faust
from faust.types import EventT

from schemas.submission import TaggedSubmission
from streams.processing import process_raw
from streams.rebalance import keep_records_fetched_during_rebalance
from wsis.settings import Settings

BATCH_SIZE = 500
BATCH_WITHIN_SECONDS = 0.05


def create_app(settings: Settings) -> faust.App:
    app = faust.App(
        settings.worker_id,
        datadir=settings.faust_data_dir(settings.worker_id),
        broker=f"kafka://{settings.kafka}",
        store="memory://",
        web_host="127.0.0.1",
        web_port=settings.worker_web_port,
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=False,  # topics are created up front with their partition counts
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        # Tagged records are ~2 KB: Faust's default 16 KB batches, sent without lingering, hold about eight.
        producer_linger=0.005,
        producer_max_batch_size=256 * 1024,
        # Generous group timeouts: with 6 s sessions and 30 s poll intervals a worker busy with a backlog, or on a
        # loaded machine, was put out of its group (and Faust then hung until the watchdog fired). Static
        # membership below lets a restarted worker rejoin at once, so these do not slow recovery.
        broker_session_timeout=30.0,
        broker_heartbeat_interval=3.0,
        broker_rebalance_timeout=60.0,
        broker_max_poll_interval=300.0,
        # Static membership: a worker restarted after a crash rejoins as itself instead of waiting for its
        # dead predecessor's session to expire (which noida-db never does).
        consumer_group_instance_id=f"{settings.worker_id}-{settings.instance_id}",
    )
    keep_records_fetched_during_rebalance(app)
    raw_topic = app.topic(settings.topic_raw, key_serializer="raw", value_serializer="raw")

    @app.agent(raw_topic, name="validate_and_tag")
    async def validate_and_tag(stream: faust.StreamT) -> None:
        events: list[EventT]
        async for events in stream.take_events(BATCH_SIZE, within=BATCH_WITHIN_SECONDS):
            deliveries = []
            for event in events:
                outcome = process_raw(event.message.key, event.value)
                topic = settings.topic_tagged if isinstance(outcome, TaggedSubmission) else settings.topic_rejected
                # The producer directly: Topic.send outside an event's context waits for each record's
                # acknowledgement in turn, which took more than half of the worker's time.
                deliveries.append(await app.producer.send(
                    topic, outcome.submission_id.encode(), outcome.model_dump_json().encode(), None, None, None))
            # take_events acks the batch's events (their offsets become committable) only after this body
            await asyncio.gather(*deliveries)

    return app
