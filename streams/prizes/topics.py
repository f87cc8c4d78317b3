"""The prize topics, created explicitly with one partition each: a prize year is small (about a thousand
entries) and its rules are global (per-judge normalisation, one project per entity), so one ordered log per
topic keeps every decision deterministic and replayable. The worker's table changelogs are created here too,
named as Faust names them (`<app id>-<table>-changelog`), with the same single partition."""

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

from streams.prizes.state import TABLES
from wsis.settings import Settings


def event_topics(settings: Settings) -> list[str]:
    return [settings.topic_prize_cycle, settings.topic_prize_entries, settings.topic_prize_assignments,
            settings.topic_prize_scores, settings.topic_prize_votes]


def changelog_topics(settings: Settings) -> list[str]:
    return [f"{settings.prizes_worker_id}-{table}-changelog" for table in TABLES]


def ensure_prize_topics(settings: Settings) -> None:
    wanted = [*event_topics(settings), settings.topic_prize_audit]
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka, client_id="wsis-admin")
    try:
        existing = set(admin.list_topics())
        missing = [NewTopic(name, num_partitions=1, replication_factor=1) for name in wanted if name not in existing]
        missing += [NewTopic(name, num_partitions=1, replication_factor=1, topic_configs={"cleanup.policy": "compact"})
                    for name in changelog_topics(settings) if name not in existing]
        if missing:
            try:
                admin.create_topics(missing)
            except TopicAlreadyExistsError:  # another process created them meanwhile
                pass
    finally:
        admin.close()
