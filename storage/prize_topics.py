"""The prize topics, created explicitly with one partition each: a prize year is small (about a thousand
entries) and its rules are global (per-judge normalisation, one project per entity), so one ordered log per
topic keeps every decision deterministic and replayable. The worker's table changelogs are created here too,
named as Faust names them (`<app id>-<table>-changelog`), with the same single partition."""

from kafka.admin import NewTopic

from prizes.state import TABLES
from schemas.settings import Settings
from storage.topics import KEEP_FOREVER, create_missing, leader_topic


def event_topics(settings: Settings) -> list[str]:
    return [settings.topic_prize_cycle, settings.topic_prize_entries, settings.topic_prize_assignments,
            settings.topic_prize_scores, settings.topic_prize_votes]


def changelog_topics(settings: Settings) -> list[str]:
    return [f"{settings.prizes_worker_id}-{table}-changelog" for table in TABLES]


def ensure_prize_topics(settings: Settings) -> None:
    compacted = {"cleanup.policy": "compact"}
    create_missing(settings, [NewTopic(name, num_partitions=1, replication_factor=1, topic_configs=KEEP_FOREVER)
                              for name in [*event_topics(settings), settings.topic_prize_audit]]
                   + [NewTopic(name, num_partitions=1, replication_factor=1, topic_configs=compacted)
                      for name in changelog_topics(settings)]
                   + [leader_topic(settings.prizes_worker_id)])
