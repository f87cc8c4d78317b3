"""A whole WSIS Prizes cycle over real servers: the organiser and judge actions publish events, the prizes
worker (`wsis prizes-worker`, a child process) aggregates them into the prize index, and a second worker
replaying the topics from offset 0 rebuilds identical standings. Expected figures are computed here by hand."""

import datetime as dt
import json
import math
import random
import re

import pytest
from conftest import read_topic, wait_until

from producers.demo_texts import LINES
from producers.prize_actions import ActionRefused, PrizeActions, entry_from_document
from schemas.clients import search_client
from schemas.prize_documents import PrizeEntryDocument
from schemas.prizes import CRITERIA, PHASES, AuditRecord
from schemas.reference import SDG_NAMES, action_line_names
from schemas.search_document import submission_document
from schemas.users import User
from storage.prize_index import PrizeIndex
from storage.prize_topics import ensure_prize_topics
from streams.processing import process_raw
from wsis.local_servers import free_port

YEAR = 2026
CATEGORIES = (1, 2, 3)
WORDS = sorted({w for w in re.findall(r"[a-z]+", " ".join(
    [p for bank in LINES.values() for p in bank.goals + bank.means] + list(action_line_names().values())
    + list(SDG_NAMES.values())).lower()) if len(w) > 3})
ORGANISER = User(username="org", role="organiser")
JUDGES = [User(username="j1", role="judge", organisation="University of Nairobi"),
          User(username="j2", role="judge", organisation="Digital Inclusion Foundation Chile"),
          User(username="j3", role="judge", organisation="Ministry of ICT of Malaysia")]
VOTE_SHARES = (10, 8, 6, 3, 2, 1)  # voters per nominee, best first: 30 voters in each category
STANDING_FIELDS = ("eligible", "reasons", "duplicate_of", "judges", "score_count", "mean", "normalised", "spread",
                   "disagreement", "nominated", "votes", "duplicate_votes", "vote_rank", "champion", "winner")


def submission(i: int, rng: random.Random, **changes) -> dict:
    payload = {
        "title": f"Project {i}: " + " ".join(rng.sample(WORDS, 5)),
        "description": " ".join(rng.sample(WORDS, 60)),
        "short_description": " ".join(rng.choices(WORDS, k=160)),
        "organisation": f"Organisation {i}",
        "stakeholder_type": "Civil society",
        "country": rng.choice(["Kenya", "Chile", "Malaysia", "France", "Egypt"]),
        "status": "completed",
    }
    return payload | changes


def fifty_entries(actions: PrizeActions) -> dict[str, str]:
    """Enter 50 projects; returns entry id → why it is planted (empty for an ordinary entry)."""
    rng = random.Random(7)
    payloads = [submission(i, rng) for i in range(46)]
    for i in range(3):  # the first judge's own organisation enters a project in each category
        payloads[i]["organisation"] = "University of Nairobi"
    payloads[10] |= {"status": "ongoing"}  # eligible all the same: the entrant declares a major phase done
    payloads.append(submission(46, rng, organisation=payloads[7]["organisation"]))  # same entity, same category
    payloads.append(submission(47, rng, status="planned"))
    payloads.append(submission(48, rng, title=payloads[5]["title"] + " again",
                               description=payloads[5]["description"]))  # near-duplicate of entry 5
    planted = {46: "one project per entity", 47: "completed", 48: "near-duplicate"}
    entries: dict[str, str] = {}
    for i, payload in enumerate(payloads):
        record = json.dumps({"submission_id": f"P{i:03d}", "received_at": "2025-11-01T00:00:00Z",
                             "payload": payload}).encode()
        tagged = process_raw(f"P{i:03d}".encode(), record)
        assert tagged.tags.language == "en", tagged
        category = CATEGORIES[(i - 46 + 7) % 3] if i == 46 else CATEGORIES[i % 3]
        entry = entry_from_document(submission_document(tagged), YEAR, category, major_phase_completed=(i == 10))
        actions.enter(ORGANISER, entry)
        entries[entry.entry_id] = planted.get(i, "")
    # the same project as entry 6, entered in a second category
    again = entry_from_document(submission_document(process_raw(b"P006", json.dumps(
        {"submission_id": "P006", "received_at": "2025-11-01T00:00:00Z", "payload": payloads[6]}).encode())),
        YEAR, CATEGORIES[(6 + 1) % 3])
    actions.enter(ORGANISER, again)
    entries[again.entry_id] = "one category per project"
    return entries


def hand_standings(scores: dict[tuple[str, str], dict[str, int]]) -> dict[str, dict]:
    """Per-judge z-scores and per-entry means, computed directly from the rubric marks."""
    total = {key: sum(marks.values()) / 8 for key, marks in scores.items()}
    z = {}
    for judge in {j for _, j in total}:
        own = {k: v for k, v in total.items() if k[1] == judge}
        mean = sum(own.values()) / len(own)
        sd = math.sqrt(sum((v - mean) ** 2 for v in own.values()) / len(own))
        z |= {k: (v - mean) / sd for k, v in own.items()}
    result = {}
    for entry in {e for e, _ in total}:
        mine = [k for k in total if k[0] == entry]
        values = [total[k] for k in mine]
        result[entry] = {"score_count": len(mine), "mean": sum(values) / len(values),
                         "normalised": sum(z[k] for k in mine) / len(mine),
                         "disagreement": max(values) - min(values) >= 3.0}
    return result


def standings(docs: list[PrizeEntryDocument], but: tuple[str, ...] = ()) -> list[dict]:
    return [{k: getattr(d, k) for k in STANDING_FIELDS if k not in but} | {"entry_id": d.entry_id} for d in docs]


def settled(index: PrizeIndex, condition, timeout: float = 60) -> list[PrizeEntryDocument]:
    def check() -> bool:
        try:
            return condition(index.entries(YEAR))
        except Exception:  # the index appears with the worker's first write
            return False
    assert wait_until(check, timeout), "the prize index did not reach the expected state"
    return index.entries(YEAR)


def test_whole_prize_cycle_and_replay(prize_settings, start_stage) -> None:
    settings = prize_settings
    worker = start_stage("prizes-worker", settings)
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    actions = PrizeActions(settings, index)
    j1, j2, j3 = JUDGES

    def advance(to: str) -> None:
        actions.advance_phase(ORGANISER, YEAR)
        assert wait_until(lambda: getattr(index.cycle(YEAR), "phase", None) == to, 30)

    # Submission: 50 entries, each one's eligibility decided in the stream, with the reason.
    with pytest.raises(ActionRefused, match="only organisers"):
        actions.open_cycle(j1, YEAR, {p: dt.date(2025, 10, 1) + dt.timedelta(days=40 * i)
                                      for i, p in enumerate(PHASES)})
    actions.open_cycle(ORGANISER, YEAR, {p: dt.date(2025, 10, 1) + dt.timedelta(days=40 * i)
                                         for i, p in enumerate(PHASES)})
    assert wait_until(lambda: index.cycle(YEAR) is not None, 30)
    actions.producer.send(settings.topic_prize_scores, b'{"kind": "score_submitted", "judge": 1}').get(10)
    planted = fifty_entries(actions)
    entries = settled(index, lambda docs: len(docs) == 50)
    for doc in entries:
        why = planted[doc.entry_id]
        assert doc.eligible == (why == ""), doc
        if why:
            assert any(why in reason for reason in doc.reasons), (why, doc.reasons)
    eligible = {d.entry_id: d for d in entries if d.eligible}
    assert len(eligible) == 46

    # Nomination: conflicts declared before and after assignment, 2 judges per entry, balanced load.
    with pytest.raises(ActionRefused, match="during expert nomination"):
        actions.assign(ORGANISER, YEAR, 1, JUDGES, 2)
    advance("nomination")
    declared_before = sorted(eligible)[20]
    actions.declare_conflict(j2, declared_before, "I advised this project")
    settled(index, lambda docs: any(d.conflicts for d in docs))
    for category in CATEGORIES:
        actions.assign(ORGANISER, YEAR, category, JUDGES, 2)
    entries = settled(index, lambda docs: sum(len(d.judges) for d in docs) == 92)
    loads = [sum(j.username in d.judges for d in entries) for j in JUDGES]
    assert max(loads) - min(loads) <= 1, loads
    own_organisation = {d.entry_id for d in entries if d.organisation == "University of Nairobi"}
    assert len(own_organisation) == 3 and not any("j1" in eligible_doc.judges for eligible_doc in entries
                                                  if eligible_doc.entry_id in own_organisation)
    assert "j2" not in index.entry(declared_before).judges
    declared_after = next(d.entry_id for d in entries if "j3" in d.judges and d.entry_id not in
                          own_organisation | {declared_before})
    actions.declare_conflict(j3, declared_after, "my cousin runs it")
    settled(index, lambda docs: sum(bool(d.conflicts) for d in docs) == 2)
    category = index.entry(declared_after).category
    plan = actions.assign(ORGANISER, YEAR, category, JUDGES, 2)
    assert len(plan.new) == 1 and plan.new[0][0] == declared_after and plan.new[0][1] != "j3"
    entries = settled(index, lambda docs: sum(len(d.judges) for d in docs) == 93)

    # Scoring: each judge scores their own assignments; another judge's entry is refused (and audited).
    rng = random.Random(3)
    marks: dict[tuple[str, str], dict[str, int]] = {}
    for doc in entries:
        for judge in JUDGES:
            if judge.username in doc.judges and not (doc.entry_id == declared_after and judge is j3):
                marks[doc.entry_id, judge.username] = {c: rng.randint(0, 10) for c in CRITERIA}
                actions.score(judge, doc.entry_id, marks[doc.entry_id, judge.username], "seen")
    with pytest.raises(ActionRefused, match="not assigned to you"):
        actions.score(j1, next(d.entry_id for d in entries if "j1" not in d.judges), marks[next(iter(marks))])
    with pytest.raises(ActionRefused, match="conflict of interest"):
        actions.score(j3, declared_after, marks[next(iter(marks))])
    rescored = next(k for k in marks if k[1] == "j2")
    marks[rescored] = {c: 10 for c in CRITERIA}
    actions.score(j2, rescored[0], marks[rescored], "on reflection")  # a later score replaces the earlier one

    expected = hand_standings(marks)
    entries = settled(index, lambda docs: sum(d.score_count for d in docs) == len(marks)
                      and index.entry(rescored[0]).mean == expected[rescored[0]]["mean"])
    for doc in entries:
        if doc.eligible:
            want = expected[doc.entry_id]
            assert doc.score_count == want["score_count"] == 2
            assert doc.mean == pytest.approx(want["mean"], abs=1e-12)
            assert doc.normalised == pytest.approx(want["normalised"], abs=1e-12)
            assert doc.disagreement == want["disagreement"]
        else:
            assert doc.score_count == 0

    # Shortlist the best six of each category, with the worker killed meanwhile: on restart its tables come back
    # from their changelogs and it goes on where it stopped.
    shortlist = {c: [d.entry_id for d in entries if d.category == c and d.eligible][:6] for c in CATEGORIES}
    before_kill = entries
    worker.kill()
    actions.nominate(ORGANISER, [e for ids in shortlist.values() for e in ids])
    index.client.indices.delete(index=settings.prize_index)  # the restarted worker rewrites it from its tables
    worker = start_stage("prizes-worker", settings)
    entries = settled(index, lambda docs: len(docs) == 50 and sum(d.nominated for d in docs) == 18, timeout=90)
    shortlisting = ("nominated", "vote_rank")
    assert standings(entries, but=shortlisting) == standings(before_kill, but=shortlisting)
    advance("voting")
    voters = [User(username=f"voter{i:02d}", role="public") for i in range(30)]
    for ids in shortlist.values():
        choices = [ids[k] for k, share in enumerate(VOTE_SHARES) for _ in range(share)]
        for voter, choice in zip(voters, choices, strict=True):
            actions.vote(voter, choice)
    actions.vote(voters[29], shortlist[1][5])  # the same vote again
    actions.vote(voters[0], shortlist[1][5])  # a second vote in a category already voted in
    with pytest.raises(ActionRefused, match="registered voters"):
        actions.vote(j1, shortlist[1][0])
    entries = settled(index, lambda docs: sum(d.votes + d.duplicate_votes for d in docs) == 92)
    by_id = {d.entry_id: d for d in entries}
    for ids in shortlist.values():
        assert [by_id[e].votes for e in ids] == list(VOTE_SHARES)
    assert by_id[shortlist[1][5]].duplicate_votes == 2

    # Selection: the top five by votes are champions; the expert group picks one winner each.
    advance("selection")
    entries = settled(index, lambda docs: sum(d.champion for d in docs) == 15)
    for ids in shortlist.values():
        assert [index.entry(e).champion for e in ids] == [True] * 5 + [False]
    with pytest.raises(ActionRefused, match="among the category's champions"):
        actions.select_winner(ORGANISER, shortlist[1][5])
    for ids in shortlist.values():
        actions.select_winner(ORGANISER, ids[1])
    advance("results")
    entries = settled(index, lambda docs: sum(d.winner for d in docs) == 3)
    assert {d.entry_id for d in entries if d.winner} == {ids[1] for ids in shortlist.values()}

    # Every organiser and judge action is on the audit topic, refused ones included.
    audit = [json.loads(r.value) for r in read_topic(settings, settings.topic_prize_audit, 60)]
    done = [a["action"] for a in audit if a["outcome"] == "done"]
    assert done.count("enter project") == 50 and done.count("advance phase") == 4
    assert done.count("score") == len(marks) + 1 and done.count("select winner") == 3
    refused = {a["action"] for a in audit if a["outcome"] == "refused"}
    assert {"open cycle", "assign judges", "score", "select winner", "read event"} <= refused
    # ... and in the audit index the organisers' page reads, newest first
    assert wait_until(lambda: len(index.audit()) == len(audit), 30)
    indexed = index.audit()
    assert sorted(r.model_dump_json() for r in indexed) == sorted(
        AuditRecord.model_validate(a).model_dump_json() for a in audit)
    assert [r.at for r in indexed] == sorted((r.at for r in indexed), reverse=True)
    assert worker.alive

    # Replay: a fresh worker reads every prize topic from offset 0 into a new index: identical standings.
    worker.stop()
    replay = settings.model_copy(update={"prizes_worker_id": f"{settings.prizes_worker_id}-replay",
                                         "prize_index": f"{settings.prize_index}-replay",
                                         "prizes_web_port": free_port()})
    ensure_prize_topics(replay)
    start_stage("prizes-worker", replay)
    replayed = PrizeIndex(search_client(replay), replay.prize_index, replay.index_layout)
    settled(replayed, lambda docs: standings(docs) == standings(entries), timeout=90)
