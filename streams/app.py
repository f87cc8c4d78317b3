"""The Faust worker: raw submissions in, tagged or rejected submissions out.

Delivery is at-least-once: a batch's outputs are acknowledged by the broker before the batch's offsets can be
committed; downstream writes are keyed by submission id and version, so a record processed twice changes nothing.
"""

import asyncio

import faust
from faust.types import EventT

from schemas.settings import Settings
from schemas.submission import RejectedSubmission
from streams.faust_app import new_app
from streams.processing import process_raw

BATCH_SIZE = 500
BATCH_WITHIN_SECONDS = 0.05


def create_app(settings: Settings) -> faust.App:
    app = new_app(
        settings.worker_id, settings, settings.worker_web_port,
        topic_partitions=settings.topic_partitions,
        # Tagged records are ~2 KB: Faust's default 16 KB batches, sent without lingering, hold about eight.
        producer_linger=0.005,
        producer_max_batch_size=256 * 1024,
    )
    raw_topic = app.topic(settings.topic_raw, key_serializer="raw", value_serializer="raw")

    @app.agent(raw_topic, name="validate_and_tag")
    async def validate_and_tag(stream: faust.StreamT) -> None:
        events: list[EventT]
        async for events in stream.take_events(BATCH_SIZE, within=BATCH_WITHIN_SECONDS):
            deliveries = []
            for event in events:
                outcome = process_raw(event.message.key, event.value)
                topic = settings.topic_rejected if isinstance(outcome, RejectedSubmission) else settings.topic_tagged
                # The producer directly: Topic.send outside an event's context waits for each record's
                # acknowledgement in turn, which took more than half of the worker's time.
                deliveries.append(await app.producer.send(
                    topic, outcome.submission_id.encode(), outcome.model_dump_json().encode(), None, None, None))
            # take_events acks the batch's events (their offsets become committable) only after this body
            await asyncio.gather(*deliveries)

    return app
