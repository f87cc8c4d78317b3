"""The demo prize cycles over real servers: the demo driver acts as the organiser and the demo judges, the
prizes worker (a child process) turns the events into the prize index, and the index then holds a current-year
cycle whose eligible entries the demo judges can score, and a previous-year cycle in public voting, with nominees
the demo voter can vote on. A second run publishes nothing new."""

import json
from collections import Counter

from conftest import read_all

from producers.demo import generate
from producers.demo_cycle import DEMO_YEAR, JUDGES_PER_ENTRY, VOTING_YEAR, demo_entries, marks, run_demo_cycles
from producers.prize_actions import PrizeActions
from schemas.clients import search_client
from storage.prize_index import PrizeIndex
from storage.users import DEMO_USERS

JUDGES = {u.username: u for u in DEMO_USERS if u.role == "judge"}
VOTER = next(u for u in DEMO_USERS if u.role == "public")


def kinds(settings, topic: str) -> Counter:
    return Counter(json.loads(record.value)["kind"] for record in read_all(settings, topic))


def test_demo_cycles_give_judges_and_voters_something_to_do(prize_settings, start_stage) -> None:
    settings = prize_settings
    start_stage("prizes-worker", settings)
    records = generate(400, 20)
    planned = demo_entries(records)
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    actions = PrizeActions(settings, index)
    cycles = run_demo_cycles(actions, records, DEMO_USERS, wait_seconds=180)
    assert {year: sorted(ids) for year, ids in cycles.items()} == {
        year: sorted(e.entry_id for e in entries) for year, entries in planned.items()}

    # This year: in expert nomination, every entry eligible and assigned to two demo judges, none of them from
    # the entry's own organisation; a demo judge can score an entry straight away.
    assert index.cycle(DEMO_YEAR).phase == "nomination"
    current = index.entries(DEMO_YEAR)
    assert len(current) == len(planned[DEMO_YEAR]) >= 8
    for entry in current:
        assert entry.eligible, entry.reasons
        assert len(entry.judges) == JUDGES_PER_ENTRY and set(entry.judges) <= set(JUDGES)
        assert not any(JUDGES[j].organisation == entry.organisation for j in entry.judges)
    loads = Counter(j for entry in current for j in entry.judges)
    assert set(loads) == set(JUDGES) and max(loads.values()) - min(loads.values()) <= 2, loads
    first = next(e for e in current if "judge1" in e.judges)
    scored = actions.score(JUDGES["judge1"], first.entry_id, marks(first.entry_id, "judge1"))
    assert scored.entry_id == first.entry_id

    # Last year: in public voting; each entry scored by its judges; the best of each category nominated, and
    # the demo voter's vote is taken.
    assert index.cycle(VOTING_YEAR).phase == "voting"
    previous = index.entries(VOTING_YEAR)
    assert all(e.eligible and e.score_count == JUDGES_PER_ENTRY for e in previous)
    nominees = [e for e in previous if e.nominated]
    assert len({e.category for e in nominees}) == len({e.category for e in previous}) >= 5
    vote = actions.vote(VOTER, nominees[0].entry_id)
    assert vote.entry_id == nominees[0].entry_id

    # Again (a second `wsis up --demo`): nothing new is published; the cycles stay where they are.
    published = {topic: kinds(settings, topic) for topic in (settings.topic_prize_cycle, settings.topic_prize_entries,
                                                             settings.topic_prize_assignments,
                                                             settings.topic_prize_scores)}
    assert published[settings.topic_prize_entries]["entry_submitted"] == len(current) + len(previous)
    assert published[settings.topic_prize_assignments]["judge_assigned"] == JUDGES_PER_ENTRY * (
        len(current) + len(previous))
    again = PrizeActions(settings, index)
    assert run_demo_cycles(again, records, DEMO_USERS, wait_seconds=180) == cycles
    assert {topic: kinds(settings, topic) for topic in published} == published
    assert (index.cycle(DEMO_YEAR).phase, index.cycle(VOTING_YEAR).phase) == ("nomination", "voting")
    actions.close()
    again.close()
