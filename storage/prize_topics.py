"""The prize topics, created explicitly with one partition each: a prize year is small (about a thousand
entries) and its rules are global (per-judge normalisation, one project per entity), so one ordered log per
topic keeps every decision deterministic and replayable. The worker's table changelogs are created here too,
named as Faust names them (`<app id>-<table>-changelog`), with the same single partition."""

from prizes.state import TABLES
from schemas.settings import Settings
from storage.topics import COMPACTED, KEEP_FOREVER, create_missing, leader_topic, new_topic


def event_topics(settings: Settings) -> list[str]:
    return [settings.topic_prize_cycle, settings.topic_prize_entries, settings.topic_prize_assignments,
            settings.topic_prize_scores, settings.topic_prize_votes]


def changelog_topics(settings: Settings) -> list[str]:
    return [f"{settings.prizes_worker_id}-{table}-changelog" for table in TABLES]


def ensure_prize_topics(settings: Settings) -> None:
    create_missing(settings, [new_topic(settings, name, 1, KEEP_FOREVER)
                              for name in [*event_topics(settings), settings.topic_prize_audit]]
                   + [new_topic(settings, name, 1, COMPACTED) for name in changelog_topics(settings)]
                   + [leader_topic(settings, settings.prizes_worker_id)])
