"""Create the pipeline's topics explicitly, with their partition counts, replication and retention (the broker
creates none by itself), or check that the topics already there have the layout the settings ask for."""

import time

from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.errors import TopicAlreadyExistsError

from schemas.clients import kafka_admin
from schemas.settings import Settings


class TopologyMismatch(RuntimeError):
    """A topic exists with another layout than the settings ask for: Kafka cannot change it in place safely
    (fewer partitions are impossible, more would move keys to other partitions)."""


def pipeline_topics(settings: Settings) -> list[str]:
    return [settings.topic_raw, settings.topic_tagged, settings.topic_rejected, settings.topic_dead_letter]


# The topics are the system of record: `wsis reindex` and a prizes replay read them from offset 0, so nothing is
# ever deleted for its age (Kafka's default is 7 days).
KEEP_FOREVER = {"retention.ms": "-1"}


COMPACTED = {"cleanup.policy": "compact"}  # a Faust table's changelog: the latest value of each key


def new_topic(settings: Settings, name: str, partitions: int, configs: dict[str, str] | None = None) -> NewTopic:
    """A topic replicated as the settings say; with replicas, a write is acknowledged once `min.insync.replicas`
    of them hold it (the producers ask every in-sync replica: acks=all)."""
    durable = {"min.insync.replicas": str(settings.kafka_min_insync_replicas)}
    return NewTopic(name, num_partitions=partitions, replication_factor=settings.kafka_replication_factor,
                    topic_configs=(configs or {}) | durable)


def leader_topic(settings: Settings, app_id: str) -> NewTopic:
    """The topic a Faust app elects its leader through (Faust would declare it; here the pipeline does)."""
    return new_topic(settings, f"{app_id}-__assignor-__leader", 1)


def ensure_topics(settings: Settings) -> None:
    create_missing(settings, [new_topic(settings, name, settings.topic_partitions, KEEP_FOREVER)
                              for name in pipeline_topics(settings)] + [leader_topic(settings, settings.worker_id)])


def create_missing(settings: Settings, topics: list[NewTopic]) -> None:
    """Create those of `topics` the broker does not have yet (others may be creating them at the same time), and
    check that those it has are laid out as asked: TopologyMismatch says what differs and what to do."""
    admin = kafka_admin(settings, "wsis-admin")
    try:
        existing = set(admin.list_topics())
        missing = [topic for topic in topics if topic.name not in existing]
        created: list[NewTopic] = []
        if missing:
            try:
                admin.create_topics(missing)
                created = missing
            except TopicAlreadyExistsError:  # another process created them meanwhile, or the list was stale
                pass
        others = [topic for topic in topics if topic not in created]
        if others:
            _check_layout(admin, others)
    finally:
        admin.close()


def described(admin: KafkaAdminClient, names: list[str], within: float = 10.0) -> dict[str, dict]:
    """The topics' metadata, once the broker has their partitions (a topic just created by another process has
    none for a moment)."""
    deadline = time.monotonic() + within
    while True:
        found = {t["name"]: t for t in admin.describe_topics(names)}
        if all(found.get(name, {}).get("partitions") for name in names) or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _check_layout(admin: KafkaAdminClient, wanted: list[NewTopic]) -> None:
    topics = described(admin, [t.name for t in wanted])
    resources = [ConfigResource(ConfigResourceType.TOPIC, t.name, configs=None) for t in wanted]
    configs = admin.describe_configs(resources, config_filter="all")["topic"]
    differences = []
    for topic in wanted:
        partitions = topics[topic.name]["partitions"]
        replication = min((len(p["replica_nodes"]) for p in partitions), default=0)
        insync = configs[topic.name].get("min.insync.replicas", {}).get("value")
        want_insync = topic.topic_configs["min.insync.replicas"]
        if (len(partitions), replication, insync) != (topic.num_partitions, topic.replication_factor, want_insync):
            differences.append(f"{topic.name}: {len(partitions)} partitions, replication {replication}, "
                               f"min.insync.replicas {insync}; the settings ask for {topic.num_partitions}, "
                               f"{topic.replication_factor}, {want_insync}")
    if differences:
        raise TopologyMismatch(
            "topics laid out otherwise than the settings ask (WSIS_TOPIC_PARTITIONS, WSIS_KAFKA_REPLICATION_FACTOR, "
            "WSIS_KAFKA_MIN_INSYNC_REPLICAS): " + "; ".join(differences)
            + ". Change the settings back, or move the data to new topics (new names) and `wsis reindex`.")


MATRIX_TABLES = ("matrix_last", "matrix_counts")


def matrix_worker_id(settings: Settings) -> str:
    return settings.matrix_worker_id or f"{settings.worker_id}-matrix"


def ensure_matrix_topics(settings: Settings) -> None:
    """The matrix worker's table changelogs (named as Faust names them), partitioned as the tagged topic it reads:
    each table's changes go to the partition of the record that made them."""
    app_id = matrix_worker_id(settings)
    create_missing(settings, [new_topic(settings, f"{app_id}-{table}-changelog", settings.topic_partitions,
                                        COMPACTED) for table in MATRIX_TABLES] + [leader_topic(settings, app_id)])
