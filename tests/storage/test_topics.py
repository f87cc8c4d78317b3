"""Topics on the real broker: created with the layout the settings ask for, and an existing topic laid out
otherwise is reported (what differs, which settings) instead of being used as it is."""

import uuid

import pytest

from schemas.clients import kafka_admin
from storage.topics import TopologyMismatch, described, ensure_topics, pipeline_topics


def renamed(settings, **layout):
    run = uuid.uuid4().hex[:8]
    return settings.model_copy(update={"worker_id": f"w-{run}", **{
        f"topic_{name}": f"{run}.{name}" for name in ("raw", "tagged", "rejected", "dead_letter")}, **layout})


def test_topics_are_created_as_the_settings_lay_them_out(settings) -> None:
    ours = renamed(settings, topic_partitions=3)
    ensure_topics(ours)
    admin = kafka_admin(ours, "test")
    try:
        topics = described(admin, pipeline_topics(ours))
    finally:
        admin.close()
    assert {name: len(t["partitions"]) for name, t in topics.items()} == dict.fromkeys(pipeline_topics(ours), 3)
    ensure_topics(ours)  # again: nothing to create, nothing differs


def test_a_topic_laid_out_otherwise_is_reported_not_used(settings) -> None:
    ours = renamed(settings, topic_partitions=2)
    ensure_topics(ours)
    with pytest.raises(TopologyMismatch, match=rf"{ours.topic_raw}: 2 partitions, replication 1, "
                                               r"min.insync.replicas 1; the settings ask for 4, 1, 1"):
        ensure_topics(ours.model_copy(update={"topic_partitions": 4}))
    with pytest.raises(TopologyMismatch, match="WSIS_KAFKA_REPLICATION_FACTOR"):
        ensure_topics(ours.model_copy(update={"kafka_min_insync_replicas": 2}))
