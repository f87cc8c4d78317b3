"""The prizes worker (`wsis prizes-worker`): every prize event (cycle, entries, assignments, scores, votes) is
recorded in Faust tables, and the prize index is kept in step with them.

One agent reads all five event topics, so the tables change in one place, one event at a time; a timer turns
the prize years that changed into index documents (eligibility, standings, tallies) and writes those that differ
from what it wrote last. Documents are written whole by entry id: a restart or a replay rewrites the same ones.
"""

import asyncio
import logging
from typing import Any

import faust
from faust.types import EventT

from prizes.documents import eligibility_of, voting_over, with_tallies, year_documents
from prizes.eligibility import Eligibility
from prizes.state import (
    JOURNAL,
    LEGACY_VOTES,
    TABLES,
    Tables,
    all_entries,
    apply,
    flush_votes,
    forget_votes,
    tallies,
    year_state,
    years,
)
from prizes.voting import VoteLimits
from schemas.clients import search_client
from schemas.messages import message
from schemas.prize_documents import PrizeCycleDocument, PrizeEntryDocument
from schemas.prizes import PRIZE_EVENT, AuditRecord, VoteCast
from schemas.settings import Settings
from storage.prize_index import PrizeIndex
from storage.prize_topics import event_topics
from streams.faust_app import changelogs_written, new_app

log = logging.getLogger(__name__)
BATCH_SIZE = 500
BATCH_WITHIN_SECONDS = 0.1
PUBLISH_EVERY_SECONDS = 0.5
PRODUCER_LINGER_SECONDS = 0.005
SNAPSHOT_TABLES = ("cycles", "entries", "assignments", "scores")


class IndexPublisher:
    """Turns changed prize years into index documents, writing only documents that changed. The work is done in
    a thread on a copy of the tables, so the worker keeps consuming and heartbeating meanwhile. A year where only
    votes changed since its documents were made (`voted`, not `dirty`) has only its votes and ranks redone."""

    def __init__(self, tables: Tables, index: PrizeIndex) -> None:
        self.tables, self.index = tables, index
        self.dirty: set[int] = set()  # years with any change other than votes
        self.voted: set[int] = set()  # years with new votes
        self.written: dict[str, str] = {}
        self.eligibility: dict[int, tuple[Any, dict[str, Eligibility]]] = {}  # year → (entries seen, result)
        self.built: dict[int, tuple[list[PrizeEntryDocument], bool]] = {}  # year → (documents, voting over)
        self.started = self.ready = False

    async def publish(self) -> None:
        try:
            changed = years(self.tables) if not self.started else self.dirty | (self.voted - set(self.built))
            voted = self.voted - changed
            self.dirty, self.voted, self.started = set(), set(), True
            if changed or voted:
                snapshot = {name: dict(self.tables[name].items()) for name in SNAPSHOT_TABLES if changed}
                snapshot["tallies"] = dict(tallies(self.tables))
                await asyncio.to_thread(self._publish, snapshot, changed, voted)
        except Exception as exc:  # Elasticsearch down or refusing: write everything again on the next tick
            log.warning("prize index not updated (%s); retrying", exc)
            self.written.clear()
            self.started = self.ready = False

    def stand_by(self) -> None:
        """Another worker of the group reads the prize events and this one holds standby copies of the tables,
        which can lag: write nothing, and write every year again from the tables once this one leads."""
        if self.started:
            self.written.clear()
            self.built.clear()
            self.eligibility.clear()
            self.dirty, self.voted, self.started = set(), set(), False

    def _publish(self, snapshot: Tables, changed: set[int], voted: set[int]) -> None:
        documents = []
        everyone = all_entries(snapshot) if changed else []
        for year in sorted(changed):
            state = year_state(snapshot, year, everyone)
            seen = sorted((e.entry.entry_id, e.entry.event_id, e.winner) for e in everyone)
            if self.eligibility.get(year, (None,))[0] != seen:  # only entries and winners change eligibility
                self.eligibility[year] = (seen, eligibility_of(state, everyone))
            built = year_documents(state, self.eligibility[year][1])
            self.built[year] = (built, voting_over(state.phase))
            documents += built
        for year in sorted(voted):
            before, over = self.built[year]
            after = with_tallies(before, snapshot["tallies"], over)
            self.built[year] = (after, over)
            documents += [doc for doc, old in zip(after, before, strict=True) if doc is not old]
        cycles = [PrizeCycleDocument.model_validate(snapshot["cycles"][str(y)])
                  for y in changed if str(y) in snapshot["cycles"]]
        keyed = {d.entry_id: d for d in documents} | {f"year:{c.year}": c for c in cycles}
        fresh = {key: text for key, doc in keyed.items() if self.written.get(key) != (text := doc.model_dump_json())}
        if not fresh:
            return
        if not self.ready:
            self.index.ensure()
            self.ready = True
        self.index.write([d for d in documents if d.entry_id in fresh],
                         [c for c in cycles if f"year:{c.year}" in fresh], wait=not changed)  # votes alone
        self.written |= fresh


def create_app(settings: Settings) -> faust.App:
    # A batch's table changes go to Kafka as a few produce requests, not one each: the producer waits up to
    # PRODUCER_LINGER_SECONDS for more changes (a batch's end waits for them all anyway, changelogs_written).
    app = new_app(settings.prizes_worker_id, settings, settings.prizes_web_port, topic_partitions=1,
                  producer_linger=PRODUCER_LINGER_SECONDS)
    events_topic = app.topic(*event_topics(settings), key_serializer="raw", value_serializer="raw")
    audit_topic = app.topic(settings.topic_prize_audit, key_serializer="raw", value_serializer="raw")
    json_schema = faust.Schema(key_serializer="json", value_serializer="json")
    # The tables live in memory and are rebuilt from their changelog topics on start (created by topics.py)
    tables: Tables = {
        name: app.Table(name, partitions=1, use_partitioner=True, schema=json_schema) for name in TABLES
    }

    async def derive_votes_again() -> None:  # the ballots and tallies are derived from the journal just recovered
        forget_votes(tables)

    for name in (JOURNAL, *LEGACY_VOTES):
        tables[name].on_recover(derive_votes_again)

    limits = VoteLimits(settings.prize_votes_per_voter_per_minute, settings.prize_votes_per_entry_per_minute)
    publisher = IndexPublisher(tables, PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout))

    @app.agent(events_topic, name="prize_events")
    async def prize_events(stream: faust.StreamT) -> None:
        batch: list[EventT]
        async for batch in stream.take_events(BATCH_SIZE, within=BATCH_WITHIN_SECONDS):
            for record in batch:
                try:
                    event = PRIZE_EVENT.validate_json(record.value)
                    apply(tables, event, limits)
                    (publisher.voted if isinstance(event, VoteCast) else publisher.dirty).add(event.year)
                except Exception as exc:  # never stops the worker; the record stays on its topic, the audit says why
                    log.exception("prize event at %s[%d] not applied", record.message.topic, record.message.offset)
                    why = message("event {topic}@{offset} not applied: {error}", topic=record.message.topic,
                                  offset=record.message.offset, error=str(exc)[:2000])
                    audit = AuditRecord(actor="prizes-worker", role="worker", action="read event", outcome="refused",
                                        detail=str(why), detail_message=why)
                    await audit_topic.send(value=audit.model_dump_json().encode())
            flush_votes(tables, settings.instance_id)  # the batch's votes: one journal value
            await changelogs_written(app)  # only then are the batch's offsets acknowledged, hence committed

    @app.agent(audit_topic, name="prize_audit")
    async def prize_audit(stream: faust.StreamT) -> None:
        """The audit topic, indexed for the organisers' audit page; a line is keyed by its place on the topic."""
        batch: list[EventT]
        async for batch in stream.take_events(BATCH_SIZE, within=BATCH_WITHIN_SECONDS):
            lines = {}
            for record in batch:
                try:
                    lines[f"{record.message.partition}-{record.message.offset}"] = \
                        AuditRecord.model_validate_json(record.value)
                except ValueError:
                    log.exception("audit line at %s[%d] unreadable", record.message.topic, record.message.offset)
            await write_audit(lines)

    async def write_audit(lines: dict[str, AuditRecord]) -> None:
        while True:  # an audit line is never skipped: the offsets are committed once it is written
            try:
                await asyncio.to_thread(publisher.index.write_audit, lines)
                return
            except Exception as exc:
                log.warning("audit lines not indexed (%s); retrying", exc)
                await asyncio.sleep(1)

    event_topic_names = set(event_topics(settings))

    @app.timer(PUBLISH_EVERY_SECONDS)
    async def publish_index() -> None:
        if not app.tables.recovery.completed.is_set():
            return
        if any(tp.topic in event_topic_names for tp in app.consumer.assignment()):
            await publisher.publish()
        else:
            publisher.stand_by()

    return app
