"""Create the pipeline's topics explicitly, with their partition counts and retention (the broker creates none
by itself)."""

from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from schemas.clients import kafka_admin
from schemas.settings import Settings


def pipeline_topics(settings: Settings) -> list[str]:
    return [settings.topic_raw, settings.topic_tagged, settings.topic_rejected, settings.topic_dead_letter]


# The topics are the system of record: `wsis reindex` and a prizes replay read them from offset 0, so nothing is
# ever deleted for its age (Kafka's default is 7 days).
KEEP_FOREVER = {"retention.ms": "-1"}


def leader_topic(app_id: str) -> NewTopic:
    """The topic a Faust app elects its leader through (Faust would declare it; here the pipeline does)."""
    return NewTopic(f"{app_id}-__assignor-__leader", num_partitions=1, replication_factor=1)


def ensure_topics(settings: Settings) -> None:
    create_missing(settings, [NewTopic(name, num_partitions=settings.topic_partitions, replication_factor=1,
                                       topic_configs=KEEP_FOREVER) for name in pipeline_topics(settings)]
                   + [leader_topic(settings.worker_id)])


def create_missing(settings: Settings, topics: list[NewTopic]) -> None:
    """Create those of `topics` the broker does not have yet (others may be creating them at the same time)."""
    admin = kafka_admin(settings, "wsis-admin")
    try:
        existing = set(admin.list_topics())
        missing = [topic for topic in topics if topic.name not in existing]
        if missing:
            try:
                admin.create_topics(missing)
            except TopicAlreadyExistsError:  # another process created them meanwhile
                pass
    finally:
        admin.close()


MATRIX_TABLES = ("matrix_last", "matrix_counts")


def matrix_worker_id(settings: Settings) -> str:
    return settings.matrix_worker_id or f"{settings.worker_id}-matrix"


def ensure_matrix_topics(settings: Settings) -> None:
    """The matrix worker's table changelogs (named as Faust names them), partitioned as the tagged topic it reads:
    each table's changes go to the partition of the record that made them."""
    app_id = matrix_worker_id(settings)
    create_missing(settings, [NewTopic(f"{app_id}-{table}-changelog", num_partitions=settings.topic_partitions,
                                       replication_factor=1, topic_configs={"cleanup.policy": "compact"})
                              for table in MATRIX_TABLES] + [leader_topic(app_id)])
