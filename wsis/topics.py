"""Create the pipeline's topics explicitly, with their partition counts (auto-created topics get others)."""

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

from wsis.settings import Settings


def pipeline_topics(settings: Settings) -> list[str]:
    return [settings.topic_raw, settings.topic_tagged, settings.topic_rejected, settings.topic_dead_letter]


def ensure_topics(settings: Settings) -> None:
    create_missing(settings, [NewTopic(name, num_partitions=settings.topic_partitions, replication_factor=1)
                              for name in pipeline_topics(settings)])


def create_missing(settings: Settings, topics: list[NewTopic]) -> None:
    """Create those of `topics` the broker does not have yet (others may be creating them at the same time)."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka, client_id="wsis-admin")
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
