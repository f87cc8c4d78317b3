"""The matrix worker over real servers: tagged demo submissions in, the count table out (in Faust tables and the
matrix index); counts equal those computed from the generator's truth, an update moves a project, and a second
worker replaying the tagged topic from offset 0 rebuilds identical tables."""

import datetime as dt
import json
import time
from collections import Counter

import pytest
from conftest import make_settings, publish_records, record_figure, wait_until

from matrix.contribution import contribution
from matrix.counts import parse_key, recount, totals
from producers.demo import generate
from schemas.clients import search_client
from schemas.settings import Settings
from schemas.submission import RawSubmission, TaggedSubmission
from storage.matrix_index import MatrixIndex, matrix_index_name
from storage.topics import ensure_topics
from streams.processing import process_raw
from wsis.local_servers import free_port

COUNT, SEED = 400, 18


@pytest.fixture
def matrix_settings(engines) -> Settings:
    settings = make_settings(*engines, matrix_web_port=free_port())
    ensure_topics(settings)
    return settings


def demo_records() -> tuple[list, list[TaggedSubmission]]:
    demo = generate(COUNT, seed=SEED)
    tagged = [process_raw(r.submission_id.encode(), r.value) for r in demo]
    assert all(isinstance(t, TaggedSubmission) for t in tagged)
    return demo, tagged


def settled(index: MatrixIndex, expected: dict[str, int], timeout: float = 180) -> dict[str, int]:
    wait_until(lambda: index.table() == expected, timeout, every=1)
    return index.table()


def update(record: TaggedSubmission, like: TaggedSubmission) -> TaggedSubmission:
    """Version 2 of `record`: the text and country of another project."""
    payload = record.submission.model_dump(mode="json", exclude_none=True) | {
        "title": like.submission.title, "description": like.submission.description, "country": "Brazil"}
    envelope = RawSubmission(submission_id=record.submission_id, version=2, payload=payload,
                             received_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    moved = process_raw(record.submission_id.encode(), envelope.model_dump_json().encode())
    assert isinstance(moved, TaggedSubmission)
    return moved


def test_counts_follow_the_truth_move_on_update_and_replay_identically(matrix_settings, start_stage):
    settings = matrix_settings
    demo, tagged = demo_records()
    publish_records(settings, settings.topic_tagged, tagged)
    start_stage("matrix-worker", settings)
    index = MatrixIndex(search_client(settings, "door"), matrix_index_name(settings), settings.index_layout)

    expected = dict(recount(contribution(t) for t in tagged))
    table = settled(index, expected)
    assert table == expected
    # the generator's own truth: projects per region and year
    truth = Counter((r.region, json.loads(r.value)["payload"]["start_date"][:4]) for r in demo)
    projects = Counter()
    for key, n in table.items():
        if (k := parse_key(key)).measure == "projects":
            projects[(k.region, str(k.year))] += n
    assert projects == truth
    # the project documents agree with the count table, under a filter too
    index.refresh()
    assert index.totals() == totals(table)

    # an update moves a project from its cells to the other project's cells
    health = next(t for t in tagged if "C7.e-health|3" in contribution(t).cells)
    farming = next(t for t in tagged if "C7.e-agriculture|2" in contribution(t).cells)
    moved = update(health, farming)
    assert "C7.e-agriculture|2" in contribution(moved).cells and "C7.e-health|3" not in contribution(moved).cells
    final = [moved if t.submission_id == moved.submission_id else t for t in tagged]
    expected = dict(recount(contribution(t) for t in final))
    published = time.monotonic()
    publish_records(settings, settings.topic_tagged, [moved])
    wait_until(lambda: index.client.get(index=index.name, id=f"project:{moved.submission_id}")["_source"]["version"]
               == 2, 120, every=0.02)
    record_figure(f"matrix: an update is in the matrix index {time.monotonic() - published:.2f} s after it is "
                  f"published on the tagged topic ({COUNT} projects; the worker writes every 0.5 s)")
    assert settled(index, expected) == expected
    index.refresh()
    assert health.submission_id not in {p.submission_id for p in index.projects("C7.e-health|3")}
    evidenced = {p.submission_id: p for p in index.projects("C7.e-agriculture|2")}
    assert evidenced[health.submission_id].region == "Americas"
    assert evidenced[health.submission_id].evidence["C7.e-agriculture"]  # the sentences behind the tag
    assert sum(n for k, n in index.table().items() if k.startswith("projects|")) == COUNT

    # a second worker replaying the tagged topic from offset 0 rebuilds the same tables
    replay = settings.model_copy(update={"matrix_worker_id": f"{settings.worker_id}-replay",
                                         "matrix_index": f"{settings.worker_id}-replay-matrix",
                                         "matrix_web_port": free_port()})
    start_stage("matrix-worker", replay)
    replayed = MatrixIndex(search_client(replay, "door"), matrix_index_name(replay), replay.index_layout)
    assert settled(replayed, expected) == index.table()
