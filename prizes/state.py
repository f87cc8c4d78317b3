"""How each prize event changes the prizes worker's tables, and how a prize year is read back from them.

The tables are plain mappings here (Faust tables in the worker, dicts in a replay or a test); values are JSON.
A value is always replaced, never mutated in place, so that a Faust table writes it to its changelog.

A vote is recorded as one step of the vote journal: its ballot (a counted or held vote, keyed by year, category and
voter, which is also what makes a second vote in the category a duplicate) or its refusal (keyed by the vote's
event id). The steps of a batch of events become one value of the journal table (`flush_votes`), so a batch of 500
votes is one changelog record, not 500 (those writes, through Faust and its producer, were half of what a vote
cost the worker). The ballots, the refusals, the tallies and the last minute's votes of each voter and entry are
derived in memory (DERIVED): rebuilt from the journal (after the ballots and refusals tables an earlier version
wrote, one value per vote) whenever they are missing (`forget_votes` after the tables were recovered), then kept
up to date by each vote. So a vote is recorded whole or not at all, and a tally always equals the ballots and
refusals it counts.
"""

import datetime as dt
from bisect import insort
from collections.abc import MutableMapping
from typing import Any

import orjson

from prizes.documents import EntryState, YearState
from prizes.voting import VoteLimits, decide, recent
from schemas.prizes import (
    ConflictDeclared,
    CycleOpened,
    EntryNominated,
    EntrySubmitted,
    JudgeAssigned,
    PhaseChanged,
    PrizeEvent,
    ScoreSubmitted,
    VoteCast,
    WinnerSelected,
)

Tables = dict[str, Any]  # table name → its mapping; also the derived vote state (DERIVED, PENDING)
NO_VOTES: dict[str, int] = {"votes": 0, "held": 0, "duplicates": 0, "refused": 0}  # read, never changed
JOURNAL = "vote_journal"  # "<batch number, 12 digits>.<writer>" → its steps, in order: ["ballot", ballot, cast],
# ["refusal", event id, refusal] or ["late", ballot, {event, entry_id}] (a cast vote later found late: its ballot
# withdrawn and its refusal recorded, in one step so that no cut between journal values separates the two)
LEGACY_VOTES = ("ballots", "rejected_votes")  # one value per vote, as written before the journal; read, never written
TABLES = ("cycles", "entries", "assignments", "scores", *LEGACY_VOTES, JOURNAL)  # each with its changelog
DERIVED = ("cast", "refused", "tallies", "voter_times", "entry_times", "journal_next")  # "cast": ballot → cast vote;
# "refused": event id → refusal; entry → tally; voter / entry → sorted times of its votes; {"number": the next
# journal value's number} (one past the highest: a number is never written twice)
PENDING = "journal_pending"  # steps not yet in the journal (flush_votes writes them)
STEPS_PER_VALUE = 1_000  # steps in one journal value, at most…
VALUE_BYTES = 256 * 1024  # …and bytes: far below Kafka's 1 MB record limit (a step is 150–250 bytes)
TALLY_FIELD = {"counted": "votes", "held": "held", "duplicate": "duplicates", "voter_cap": "refused", "late": "late"}


def apply(tables: Tables, event: PrizeEvent, limits: VoteLimits) -> None:
    """Record one event. Events arrive already checked by the organiser and judge actions; the stream still
    counts only scores of assigned judges without a conflict, and only the first vote of a voter per category.
    Applying an event a second time (Kafka delivers at least once) changes nothing."""
    if isinstance(event, VoteCast):  # nearly every event: tried first
        _vote(tables, event, limits)
        return
    match event:
        case CycleOpened():
            if str(event.year) not in tables["cycles"]:
                tables["cycles"][str(event.year)] = {
                    "year": event.year, "phase": "submission", "blind": event.blind,
                    "dates": {phase: day.isoformat() for phase, day in event.dates.items()},
                    "history": [{"phase": "submission", "at": event.at.isoformat(), "actor": event.actor}],
                }
        case PhaseChanged():
            cycle = tables["cycles"].get(str(event.year))
            if cycle is not None and all(step.get("event_id") != event.event_id for step in cycle["history"]):
                step = {"phase": event.phase, "at": event.at.isoformat(), "actor": event.actor,
                        "event_id": event.event_id}
                if cycle["phase"] == "voting" and event.phase != "voting":
                    _retract_late_votes(tables, event.year, event.at.timestamp())
                tables["cycles"][str(event.year)] = cycle | {"phase": event.phase, "history": cycle["history"] + [step]}
            elif (closed_at := _voting_closed_at(cycle)) is not None:
                # Delivered again: the step may have reached its changelog without the batch's journal value (the
                # withdrawals), so they are done again; a ballot withdrawn already is not there to withdraw.
                _retract_late_votes(tables, event.year, closed_at)
        case EntrySubmitted():
            previous = tables["entries"].get(event.entry_id) or {"nominated": False, "winner": False}
            entered = event.model_dump(mode="json")
            if "entry" in previous:  # a correction keeps the entry's place in the order of entry
                entered["at"] = previous["entry"]["at"]
            tables["entries"][event.entry_id] = previous | {"entry": entered}
        case EntryNominated() | WinnerSelected():
            flag = "nominated" if isinstance(event, EntryNominated) else "winner"
            if (current := tables["entries"].get(event.entry_id)) is not None:
                tables["entries"][event.entry_id] = current | {flag: True}
        case JudgeAssigned() | ConflictDeclared():
            current = tables["assignments"].get(event.entry_id) or {"judges": [], "conflicts": {}}
            if isinstance(event, JudgeAssigned):
                current = current | {"judges": sorted(set(current["judges"]) | {event.judge})}
            else:
                current = current | {"conflicts": current["conflicts"] | {event.judge: event.reason}}
            tables["assignments"][event.entry_id] = current
        case ScoreSubmitted():
            tables["scores"][f"{event.entry_id}|{event.judge}"] = event.model_dump(mode="json")


def _voting_closed_at(cycle: dict[str, Any] | None) -> float | None:
    """When the cycle left the voting phase, if it has (its history, as far as the stream has seen it)."""
    history = (cycle or {}).get("history", [])
    opened = [i for i, step in enumerate(history) if step["phase"] == "voting"]
    if not opened:
        return None
    after = history[opened[-1] + 1:]
    return dt.datetime.fromisoformat(after[0]["at"]).timestamp() if after else None


def _retract_late_votes(tables: Tables, year: int, closed_at: float) -> None:
    """Votes cast once voting had closed, applied before the closing reached the stream (the votes and the
    cycle are two topics), come out of the tallies: their ballots become refusals."""
    votes = _votes(tables)
    for ballot, cast in list(votes["cast"].items()):
        if ballot.startswith(f"{year}|") and cast.get("at", 0.0) >= closed_at:
            _step(votes, ["late", ballot, {"event": cast["event"], "entry_id": cast["entry_id"]}])
            _count(votes, cast["entry_id"], "held" if cast.get("outcome") == "held" else "counted", -1)
            _count(votes, cast["entry_id"], "late")
            voter = ballot.split("|", 2)[2]
            for times, key in ((votes["voter_times"], voter), (votes["entry_times"], cast["entry_id"])):
                times[key].remove(cast["at"])
                if not times[key]:  # as a state derived anew would have it
                    del times[key]


def _vote(tables: Tables, vote: VoteCast, limits: VoteLimits) -> None:
    votes = _votes(tables)
    ballot = f"{vote.year}|{vote.category}|{vote.voter}"
    cast = votes["cast"].get(ballot)
    if (cast is not None and cast["event"] == vote.event_id) or vote.event_id in votes["refused"]:
        return  # this very vote was counted (or refused) already
    now = vote.at.timestamp()
    closed_at = _voting_closed_at(tables["cycles"].get(str(vote.year)))
    if closed_at is not None and now >= closed_at:  # the phase is enforced here too, not only at the door
        outcome: str = "late"
    else:
        voter_times, entry_times = votes["voter_times"], votes["entry_times"]
        outcome = decide(cast is not None, recent(voter_times.get(vote.voter, []), now),
                         recent(entry_times.get(vote.entry_id, []), now), limits)
    if outcome in ("counted", "held"):
        _step(votes, ["ballot", ballot, {"entry_id": vote.entry_id, "event": vote.event_id, "at": now,
                                         "outcome": outcome}])
        insort(votes["voter_times"].setdefault(vote.voter, []), now)
        insort(votes["entry_times"].setdefault(vote.entry_id, []), now)
    else:
        _step(votes, ["refusal", vote.event_id, {"outcome": outcome, "entry_id": vote.entry_id}])
    _count(votes, vote.entry_id, outcome)


def _step(votes: Tables, step: list[Any]) -> None:
    """Apply a step of the vote journal to the derived ballots and refusals, and keep it for flush_votes."""
    _replay(votes, step)
    votes.setdefault(PENDING, []).append(step)


def _replay(votes: Tables, step: list[Any]) -> None:
    kind, key, value = step
    if kind == "ballot":
        votes["cast"][key] = value
    elif kind == "refusal":
        votes["refused"][key] = value
    else:  # late: the ballot withdrawn if it is still that very vote (not a later one), the vote refused
        if votes["cast"].get(key, {}).get("event") == value["event"]:
            del votes["cast"][key]
        votes["refused"][value["event"]] = {"outcome": "late", "entry_id": value["entry_id"]}


def flush_votes(tables: Tables, writer: str = "") -> None:
    """Write the vote steps taken since the last flush to the journal: one value (one changelog record) per
    STEPS_PER_VALUE steps or VALUE_BYTES. The prizes worker calls it once per batch of events, before committing
    its offsets. `writer` (the worker's instance) makes the keys its own: a worker put out of its group that still
    finishes a batch cannot overwrite a value its successor wrote under the same number. The steps are let go only
    once written (a write that raises leaves them to the next flush; a step replayed twice changes nothing)."""
    steps = tables.get(PENDING)
    while steps:
        cut, size = 0, 0
        while cut < min(len(steps), STEPS_PER_VALUE):
            size += len(orjson.dumps(steps[cut])) + 1  # the step and the comma after it
            if cut and size > VALUE_BYTES:
                break
            cut += 1
        number = tables["journal_next"]["number"]
        tables[JOURNAL][f"{number:012d}.{writer}"] = steps[:cut]
        tables["journal_next"] = {"number": number + 1}
        steps = tables[PENDING] = steps[cut:]
    tables.pop(PENDING, None)


def _count(votes: Tables, entry_id: str, outcome: str, by: int = 1) -> None:
    tally = votes["tallies"].get(entry_id) or NO_VOTES
    field = TALLY_FIELD[outcome]
    votes["tallies"][entry_id] = tally | {field: tally.get(field, 0) + by}  # replaced: a reader may hold the old


def _votes(tables: Tables) -> Tables:
    """The derived vote tables (DERIVED), rebuilt from the vote journal if they are missing."""
    if DERIVED[-1] not in tables:  # all of them or none
        tables.update(_derive_votes(tables))
    return tables


def _derive_votes(tables: Tables) -> Tables:
    votes: Tables = {"cast": dict(tables["ballots"].items()), "refused": dict(tables["rejected_votes"].items()),
                     "tallies": {}, "voter_times": {}, "entry_times": {}}
    keys = sorted(tables[JOURNAL])  # by number; a number two writers used, in writer order (either is right)
    for key in keys:
        for step in tables[JOURNAL][key]:
            _replay(votes, step)
    # Steps of the batch under way, not yet flushed (a recovery while the agent awaits inside its batch: the batch
    # still ends with its flush, so no pending step outlives it)
    for step in tables.get(PENDING, []):
        _replay(votes, step)
    votes["journal_next"] = {"number": int(keys[-1].split(".")[0]) + 1 if keys else 0}
    for ballot, cast in votes["cast"].items():
        _count(votes, cast["entry_id"], "held" if cast.get("outcome") == "held" else "counted")
        votes["voter_times"].setdefault(ballot.split("|", 2)[2], []).append(cast["at"])
        votes["entry_times"].setdefault(cast["entry_id"], []).append(cast["at"])
    for refusal in votes["refused"].values():
        if isinstance(refusal, dict):  # a refusal recorded before refusals named their entry counts nowhere
            _count(votes, refusal["entry_id"], refusal["outcome"])
    for times in (*votes["voter_times"].values(), *votes["entry_times"].values()):
        times.sort()
    return votes


def forget_votes(tables: Tables) -> None:
    """Drop the derived vote tables (the changelogged ones were just recovered); the next vote rebuilds them
    (keeping the steps not flushed yet, which flush_votes still writes)."""
    for name in DERIVED:
        tables.pop(name, None)


def tallies(tables: Tables) -> MutableMapping[str, Any]:
    """Entry id → its tally: votes, held, duplicates, refused and (if any) late. (A copy of the tables made for
    reading may hold the tallies alone.)"""
    return tables["tallies"] if "tallies" in tables else _votes(tables)["tallies"]


def years(tables: Tables) -> set[int]:
    return {int(y) for y in tables["cycles"]} | {e["entry"]["year"] for e in tables["entries"].values()}


def all_entries(tables: Tables) -> list[EntryState]:
    return [EntryState(EntrySubmitted.model_validate(v["entry"]), v["nominated"], v["winner"])
            for v in tables["entries"].values()]


def year_state(tables: Tables, year: int, entries: list[EntryState]) -> YearState:
    own = [e for e in entries if e.entry.year == year]
    ids = {e.entry.entry_id for e in own}
    cycle = tables["cycles"].get(str(year))
    return YearState(
        year=year,
        phase=cycle["phase"] if cycle else None,
        entries=own,
        assignments={k: v for k, v in tables["assignments"].items() if k in ids},
        scores=[ScoreSubmitted.model_validate(v) for v in tables["scores"].values() if v["year"] == year],
        tallies={k: v for k, v in tallies(tables).items() if k in ids},
    )
