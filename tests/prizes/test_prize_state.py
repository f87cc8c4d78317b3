"""The worker's tables as plain dicts: events in, a prize year's documents out (votes, winners, past winners)."""

import datetime as dt
import json

from prizes.documents import eligibility_of, voting_over, with_tallies, year_documents
from prizes.state import (
    JOURNAL,
    STEPS_PER_VALUE,
    TABLES,
    VALUE_BYTES,
    all_entries,
    apply,
    flush_votes,
    tallies,
    year_state,
)
from prizes.voting import VoteLimits, decide, recent
from schemas.prizes import (
    CRITERIA,
    CycleOpened,
    EntryNominated,
    EntrySubmitted,
    JudgeAssigned,
    PhaseChanged,
    ScoreSubmitted,
    VoteCast,
    WinnerSelected,
    entry_id,
)
from schemas.settings import Settings
from storage.prize_topics import changelog_topics
from streams.prizes_app import create_app

LIMITS = VoteLimits(voter_per_minute=3, entry_per_minute=4)
T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def submitted(year: int, project: str) -> EntrySubmitted:
    return EntrySubmitted(actor="org", year=year, entry_id=entry_id(year, 1, project), category=1,
                          project_id=project, title=f"Project {project}", organisation=f"Org {project}",
                          stakeholder_type="Academia", status="completed", language="en",
                          short_description=" ".join(["w"] * 150), description=f"unique text {project} " * 5)


def run(events: list) -> dict:
    """The events applied as the prizes worker applies a batch of them: the batch's votes flushed at its end."""
    tables: dict = {name: {} for name in TABLES}
    for event in events:
        apply(tables, event, LIMITS)
    flush_votes(tables)
    return tables


def restarted(tables: dict) -> dict:
    """What a restarted worker has: the changelogged tables alone, its vote state derived from them again."""
    again = {name: dict(tables[name]) for name in TABLES}
    tallies(again)
    return again


def derived(tables: dict) -> dict:
    """Everything but the journal's own layout (how its steps fell into values)."""
    return {k: v for k, v in tables.items() if k not in (JOURNAL, "journal_next")}


def documents(tables: dict, year: int) -> dict[str, dict]:
    entries = all_entries(tables)
    state = year_state(tables, year, entries)
    docs = year_documents(state, eligibility_of(state, entries))
    return {d.entry_id: d for d in docs}


def vote(voter: str, project: str, seconds: float) -> VoteCast:
    return VoteCast(actor=voter, year=2026, at=T0 + dt.timedelta(seconds=seconds), entry_id=entry_id(2026, 1, project),
                    category=1, voter=voter)


def test_last_years_winner_is_not_eligible_this_year() -> None:
    tables = run([submitted(2025, "P1"), WinnerSelected(actor="org", year=2025, entry_id=entry_id(2025, 1, "P1")),
                  submitted(2026, "P1"), submitted(2026, "P2")])
    docs = documents(tables, 2026)
    assert docs["2026-01-P1"].reasons == ["past winners are not eligible: this project won in 2025"]
    assert docs["2026-01-P2"].eligible and documents(tables, 2025)["2025-01-P1"].winner


def test_only_the_first_vote_per_category_counts_and_bursts_are_held() -> None:
    events = [CycleOpened(actor="org", year=2026, dates={}), submitted(2026, "A"), submitted(2026, "B"),
              EntryNominated(actor="org", year=2026, entry_id=entry_id(2026, 1, "A")),
              EntryNominated(actor="org", year=2026, entry_id=entry_id(2026, 1, "B")),
              vote("v1", "A", 0), vote("v1", "A", 1), vote("v1", "B", 2)]  # v1 votes once; twice more ignored
    events += [vote(f"w{i}", "B", 10 + i) for i in range(6)]  # six votes for B within a minute: 4 count, 2 held
    events += [vote("w0", "A", 100)]  # w0 already voted in category 1
    events += [PhaseChanged(actor="org", year=2026, phase=p) for p in ("nomination", "voting", "selection")]
    docs = documents(run(events), 2026)
    a, b = docs["2026-01-A"], docs["2026-01-B"]
    assert (a.votes, a.duplicate_votes, b.votes, b.held_votes, b.duplicate_votes) == (1, 2, 4, 2, 1)
    assert (b.vote_rank, a.vote_rank) == (1, 2) and a.champion and b.champion


def test_a_voter_casting_too_fast_is_refused_without_using_their_ballot() -> None:
    assert decide(False, recent([0.0, 1.0, 2.0], 3.0), 0, LIMITS) == "voter_cap"
    assert decide(False, recent([0.0, 1.0, 2.0], 61.0), 0, LIMITS) == "counted"
    assert decide(True, 0, 0, LIMITS) == "duplicate"
    assert decide(False, 0, recent([1.0] * 4, 2.0), LIMITS) == "held"


def test_scores_count_only_from_assigned_judges_and_the_last_one_wins() -> None:
    a = entry_id(2026, 1, "A")
    events = [submitted(2026, "A"), JudgeAssigned(actor="org", year=2026, entry_id=a, judge="j1")]
    events += [ScoreSubmitted(actor=j, year=2026, entry_id=a, judge=j, criteria=dict.fromkeys(CRITERIA, mark))
               for j, mark in (("j1", 2), ("j2", 9), ("j1", 6))]
    doc = documents(run(events), 2026)[a]
    assert (doc.score_count, doc.mean, [s.judge for s in doc.scores]) == (1, 6.0, ["j1"])


def test_changelog_topics_are_named_as_faust_names_them() -> None:
    settings = Settings(prizes_worker_id="wsis-prizes-test")
    app = create_app(settings)
    assert sorted(changelog_topics(settings)) == sorted(t.changelog_topic.get_topic_name() for t in app.tables.values())


def test_an_event_delivered_twice_changes_nothing() -> None:
    events = [CycleOpened(actor="org", year=2026, dates={}), submitted(2026, "A"),
              PhaseChanged(actor="org", year=2026, phase="nomination"), vote("v1", "A", 0), vote("v1", "A", 1)]
    once, twice = run(events), run(events + events)
    assert twice == once


def test_a_vote_cast_after_voting_closed_is_not_counted_in_whichever_order_the_stream_sees_them() -> None:
    """Security finding 8: the phase is enforced where events are applied."""
    entry = submitted(2026, "p1")
    opened = CycleOpened(actor="org", year=2026, dates={p: T0.date() for p in ("submission", "nomination", "voting",
                                                                           "selection", "results")}, at=T0)
    voting = PhaseChanged(actor="org", year=2026, phase="voting", at=T0 + dt.timedelta(days=1))
    closed = PhaseChanged(actor="org", year=2026, phase="selection", at=T0 + dt.timedelta(days=2))
    in_time = VoteCast(actor="v1", voter="v1", year=2026, category=1, entry_id=entry.entry_id,
                       at=closed.at - dt.timedelta(seconds=1))
    late = VoteCast(actor="v2", voter="v2", year=2026, category=1, entry_id=entry.entry_id,
                    at=closed.at + dt.timedelta(milliseconds=5))
    for order in ([in_time, late, closed], [closed, in_time, late], [in_time, closed, late]):
        tables = run([opened, entry, voting, *order])
        assert tables["tallies"][entry.entry_id]["votes"] == 1, order
        assert tables["tallies"][entry.entry_id]["late"] == 1
        assert tables["refused"][late.event_id] == {"outcome": "late", "entry_id": entry.entry_id}
        assert derived(restarted(tables)) == derived(tables)
        again = dict(tables)
        apply(again, late, LIMITS)  # delivered twice: still not counted
        assert again["tallies"][entry.entry_id]["votes"] == 1


def test_after_a_restart_the_tallies_and_limits_come_back_from_the_vote_journal_alone() -> None:
    """A restarted worker has only the changelogged tables (TABLES); it is then handed again the events whose
    offsets were not committed, some of them applied already. It ends where a worker never stopped ends."""
    a, b = entry_id(2026, 1, "A"), entry_id(2026, 1, "B")
    events = [CycleOpened(actor="org", year=2026, dates={}), submitted(2026, "A"), submitted(2026, "B"),
              PhaseChanged(actor="org", year=2026, phase="nomination"),
              PhaseChanged(actor="org", year=2026, phase="voting")]
    events += [vote(f"w{i}", "B", i) for i in range(6)] + [vote("w0", "A", 7), vote("v1", "A", 8)]
    events += [VoteCast(actor="v1", voter="v1", year=2026, category=c, entry_id=a, at=T0 + dt.timedelta(seconds=9))
               for c in (2, 3, 4)]  # v1's fourth vote within a minute: refused
    events += [vote("w5", "B", 20), vote("late", "A", 10_000)]
    events += [PhaseChanged(actor="org", year=2026, phase="selection", at=T0 + dt.timedelta(seconds=5_000))]
    never_stopped = run(events)
    for stop in (8, 12, len(events) - 2):
        changelogged = restarted(run(events[:stop]))
        for event in events[stop - 3:]:  # three events applied already, delivered again
            apply(changelogged, event, LIMITS)
        flush_votes(changelogged)
        assert derived(changelogged) == derived(never_stopped), stop
        assert derived(restarted(changelogged)) == derived(never_stopped), stop
    tallies = never_stopped["tallies"]
    assert tallies[b] == {"votes": 4, "held": 2, "duplicates": 1, "refused": 0}
    assert tallies[a] == {"votes": 3, "held": 0, "duplicates": 1, "refused": 1, "late": 1}  # v1: 3 of 4


def test_redoing_only_the_votes_of_a_years_documents_gives_what_building_them_anew_gives() -> None:
    """The index publisher's path for a year where only votes changed."""
    events = [CycleOpened(actor="org", year=2026, dates={})]
    for project in "ABCDEFG":
        nominated = EntryNominated(actor="org", year=2026, entry_id=entry_id(2026, 1, project))
        events += [submitted(2026, project), nominated]
    events += [PhaseChanged(actor="org", year=2026, phase=p) for p in ("nomination", "voting")]
    first = [vote(f"v{i}", "ABCDEF"[i % 6], i) for i in range(9)]
    more = [vote(f"w{i}", "FFEEDB"[i], 60 + i) for i in range(6)] + [vote("v1", "A", 70)]
    for closing in ([], [PhaseChanged(actor="org", year=2026, phase="selection")]):
        tables = run(events + first)
        before = list(documents(tables, 2026).values())
        for event in more + closing:
            apply(tables, event, LIMITS)
        redone = with_tallies(before, tables["tallies"], voting_over(tables["cycles"]["2026"]["phase"]))
        assert redone == list(documents(tables, 2026).values())
        untouched = {d.entry_id for d, old in zip(redone, before, strict=True) if d is old}
        assert untouched == {entry_id(2026, 1, "G")}  # no vote, last either way


def test_a_batch_of_votes_is_one_journal_value_and_a_big_one_is_cut() -> None:
    """The point of the journal: one changelog record per batch of votes, not one per vote (and never a record
    near Kafka's size limit). Replayed, the values give back every ballot and refusal."""
    events = [CycleOpened(actor="org", year=2026, dates={}), submitted(2026, "A"),
              PhaseChanged(actor="org", year=2026, phase="voting")]
    many = VoteLimits(voter_per_minute=10, entry_per_minute=10_000)
    tables: dict = {name: {} for name in TABLES}
    for event in events + [vote(f"v{i}", "A", i / 100) for i in range(STEPS_PER_VALUE + 10)]:
        apply(tables, event, many)
    flush_votes(tables)
    assert [len(v) for v in tables[JOURNAL].values()] == [STEPS_PER_VALUE, 10]
    for event in [vote("w", "A", 20), vote("w", "A", 21)]:  # a vote and a duplicate: the next batch
        apply(tables, event, many)
    flush_votes(tables)
    assert sorted(tables[JOURNAL]) == ["000000000000.", "000000000001.", "000000000002."]
    assert [step[0] for step in tables[JOURNAL]["000000000002."]] == ["ballot", "refusal"]
    assert tables["tallies"][entry_id(2026, 1, "A")] == {"votes": STEPS_PER_VALUE + 11, "held": 0, "duplicates": 1,
                                                         "refused": 0}
    assert derived(restarted(tables)) == derived(tables)


def test_ballots_written_one_per_vote_by_the_earlier_worker_still_count() -> None:
    """A worker upgraded in mid-voting finds its ballots and refusals in the tables the earlier version wrote (one
    value per vote): they still count, a second vote in their category is still a duplicate, and closing the vote
    still withdraws a late one."""
    a = entry_id(2026, 1, "A")
    opened = CycleOpened(actor="org", year=2026, dates={}, at=T0)
    setup = [opened, submitted(2026, "A"), PhaseChanged(actor="org", year=2026, phase="voting", at=T0)]
    early, refused, late = vote("v1", "A", 1), vote("v2", "A", 2), vote("v3", "A", 500)
    closed = PhaseChanged(actor="org", year=2026, phase="selection", at=T0 + dt.timedelta(seconds=100))
    tables = restarted(run(setup))
    tables["ballots"] |= {f"2026|1|{v.voter}": {"entry_id": a, "event": v.event_id, "at": v.at.timestamp(),
                                                "outcome": "counted"} for v in (early, late)}
    tables["rejected_votes"][refused.event_id] = {"outcome": "voter_cap", "entry_id": a}
    tables = restarted(tables)
    assert tables["tallies"][a] == {"votes": 2, "held": 0, "duplicates": 0, "refused": 1}
    for event in (vote("v1", "A", 3), closed):
        apply(tables, event, LIMITS)
    flush_votes(tables)
    expected = {"votes": 1, "held": 0, "duplicates": 1, "refused": 1, "late": 1}
    assert tables["tallies"][a] == expected and restarted(tables)["tallies"][a] == expected
    assert "2026|1|v3" not in restarted(tables)["cast"] and tables["ballots"]["2026|1|v3"]  # never rewritten


def test_a_closing_saved_without_its_withdrawals_withdraws_them_when_delivered_again() -> None:
    """The closing's cycle step and the batch's journal value are two changelog records: a worker killed between
    them restarts with the closing recorded and the late vote still cast. The closing comes again (its offset was
    not committed) and withdraws it then."""
    a = entry_id(2026, 1, "A")
    setup = [CycleOpened(actor="org", year=2026, dates={}, at=T0), submitted(2026, "A"),
             PhaseChanged(actor="org", year=2026, phase="voting", at=T0), vote("v1", "A", 1), vote("v2", "A", 500)]
    closed = PhaseChanged(actor="org", year=2026, phase="selection", at=T0 + dt.timedelta(seconds=100))
    never_stopped = run([*setup, closed])
    assert never_stopped["tallies"][a] == {"votes": 1, "held": 0, "duplicates": 0, "refused": 0, "late": 1}
    tables = run(setup)
    apply(tables, closed, LIMITS)  # the cycle step reached its changelog; the journal value did not
    killed = restarted({**tables, JOURNAL: dict(run(setup)[JOURNAL])})
    assert killed["tallies"][a]["votes"] == 2
    apply(killed, closed, LIMITS)
    flush_votes(killed)
    assert derived(killed) == derived(never_stopped)
    assert derived(restarted(killed)) == derived(never_stopped)


def test_journal_values_stay_small_and_two_writers_never_overwrite_each_other() -> None:
    """A value is cut by size as well as by steps; a key carries its writer, so a worker put out of its group that
    still flushes a batch adds a value beside its successor's instead of replacing it."""
    setup = [CycleOpened(actor="org", year=2026, dates={}), submitted(2026, "A"),
             PhaseChanged(actor="org", year=2026, phase="voting")]
    many = VoteLimits(voter_per_minute=10, entry_per_minute=10_000)
    tables = restarted(run(setup))
    for i in range(3_000):
        apply(tables, vote(f"{i:05d}" + "v" * 190, "A", i / 100), many)
    flush_votes(tables, "worker-1")
    sizes = [len(json.dumps(v, separators=(",", ":"))) for v in tables[JOURNAL].values()]
    assert len(sizes) >= 3 and max(sizes) <= VALUE_BYTES
    assert sum(len(v) for v in tables[JOURNAL].values()) == 3_000
    stale = restarted(tables)  # a copy of the tables, as the worker put out of its group still holds them
    apply(stale, vote("late-batch", "A", 40), many)
    apply(tables, vote("successor", "A", 41), many)
    flush_votes(tables, "worker-2")
    flush_votes(stale, "worker-1")  # the same number, its own key
    merged = restarted({**tables, JOURNAL: tables[JOURNAL] | stale[JOURNAL]})
    assert {"2026|1|late-batch", "2026|1|successor"} <= set(merged["cast"])
    assert merged["tallies"][entry_id(2026, 1, "A")]["votes"] == 3_002
