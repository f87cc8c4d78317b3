"""The matrix worker (`wsis matrix-worker`): keeps the evidence-based WSIS–SDG Matrix in Faust tables
as tagged submissions arrive, and the matrix index in step with them.

Two tables: `matrix_last`, each submission's last contribution (by id), and `matrix_counts`, the count table
(matrix/counts.py). An update or a withdrawal first takes the previous contribution's counts away, so counts
move; a replay from offset 0 rebuilds the same tables. Tables are rebuilt from their changelogs on start (created
by storage/topics.py); their keys go to changelog partitions by hash (`use_partitioner`), so the worker runs as
one instance, as the prizes worker does. A timer writes the keys that changed to the index.
"""

import asyncio
import logging
from typing import Any

import faust
from faust.types import EventT

from matrix.contribution import contribution
from matrix.counts import move, parse_key
from schemas.clients import search_client
from schemas.matrix import Contribution, MatrixCount
from schemas.settings import Settings
from schemas.submission import WithdrawnSubmission, read_tagged_record
from storage.matrix_index import MatrixIndex, matrix_index_name
from storage.topics import matrix_worker_id
from streams.faust_app import changelogs_written, new_app

log = logging.getLogger(__name__)
BATCH_SIZE = 500
BATCH_WITHIN_SECONDS = 0.1
PUBLISH_EVERY_SECONDS = 0.5


class MatrixPublisher:
    """Writes the count keys and projects that changed since the last tick; the first tick after a start writes
    everything and removes what the index holds beyond the tables."""

    def __init__(self, counts: Any, last: Any, index: MatrixIndex) -> None:
        self.counts, self.last, self.index = counts, last, index
        self.dirty_counts: set[str] = set()
        self.dirty_projects: set[str] = set()
        self.started = False

    async def publish(self) -> None:
        full = not self.started
        keys = set(self.counts.keys()) if full else self.dirty_counts
        ids = set(self.last.keys()) if full else self.dirty_projects
        self.dirty_counts, self.dirty_projects, self.started = set(), set(), True
        if not (keys or ids or full):
            return
        # read synchronously (no await in between): a consistent copy of what changed
        counts = {key: self.counts.get(key, 0) for key in keys}
        projects = {i: (self.last.get(i) or {}).get("contribution") for i in ids}
        try:
            await asyncio.to_thread(self._write, counts, projects, full)
        except Exception as exc:  # Elasticsearch down or refusing: everything again on the next tick
            log.warning("matrix index not updated (%s); retrying", exc)
            self.started = False

    def _write(self, counts: dict[str, int], projects: dict[str, Any], full: bool) -> None:
        self.index.ensure()
        gone_counts = [key for key, n in counts.items() if not n]
        gone_projects = [i for i, c in projects.items() if c is None]
        if full:  # what the index holds that the tables no longer do
            for doc_id in self.index.ids():
                kind, _, key = doc_id.partition(":")
                if kind == "count" and key not in counts:
                    gone_counts.append(key)
                elif kind == "project" and key not in projects:
                    gone_projects.append(key)
        rows = [MatrixCount(key=key, count=n, **parse_key(key)._asdict()) for key, n in counts.items() if n]
        self.index.write(rows, gone_counts, [Contribution.model_validate(c) for c in projects.values() if c],
                         gone_projects)
        log.info("matrix index: %d count keys and %d projects written, %d and %d removed", len(rows),
                 len(projects) - len(gone_projects), len(gone_counts), len(gone_projects))


def create_app(settings: Settings) -> faust.App:
    app = new_app(matrix_worker_id(settings), settings, settings.matrix_web_port,
                  topic_partitions=settings.topic_partitions)
    tagged_topic = app.topic(settings.topic_tagged, key_serializer="raw", value_serializer="raw")
    json_schema = faust.Schema(key_serializer="json", value_serializer="json")
    last = app.Table("matrix_last", use_partitioner=True, schema=json_schema)
    counts = app.Table("matrix_counts", use_partitioner=True, schema=json_schema)
    index = MatrixIndex(search_client(settings), matrix_index_name(settings), settings.index_layout)
    publisher = MatrixPublisher(counts, last, index)

    @app.agent(tagged_topic, name="matrix")
    async def matrix_agent(stream: faust.StreamT) -> None:
        batch: list[EventT]
        async for batch in stream.take_events(BATCH_SIZE, within=BATCH_WITHIN_SECONDS):
            for event in batch:
                try:
                    record = read_tagged_record(event.value)
                    new = None if isinstance(record, WithdrawnSubmission) else contribution(record)
                    changed = move(counts, last, record.submission_id, new, record.version)
                except Exception:  # never stops the worker: the record stays on the tagged topic
                    log.exception("tagged record at %s[%d]@%d not counted", event.message.topic,
                                  event.message.partition, event.message.offset)
                    continue
                publisher.dirty_counts |= changed
                publisher.dirty_projects.add(record.submission_id)
            await changelogs_written(app)  # only then are the batch's offsets acknowledged, hence committed

    @app.timer(PUBLISH_EVERY_SECONDS)
    async def publish_index() -> None:
        if app.tables.recovery.completed.is_set():
            await publisher.publish()

    return app

