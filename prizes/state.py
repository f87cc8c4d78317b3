"""How each prize event changes the prizes worker's tables, and how a prize year is read back from them.

The tables are plain mappings here (Faust tables in the worker, dicts in a replay or a test); values are JSON.
A value is always replaced, never mutated in place, so that a Faust table writes it to its changelog.
"""

import datetime as dt
from collections.abc import MutableMapping
from typing import Any

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

Tables = dict[str, MutableMapping[str, Any]]
NO_VOTES: dict[str, int] = {"votes": 0, "held": 0, "duplicates": 0, "refused": 0}  # read, never changed
TABLES = ("cycles", "entries", "assignments", "scores", "ballots", "rejected_votes", "tallies", "recent_votes")


def apply(tables: Tables, event: PrizeEvent, limits: VoteLimits) -> None:
    """Record one event. Events arrive already checked by the organiser and judge actions; the stream still
    counts only scores of assigned judges without a conflict, and only the first vote of a voter per category.
    Applying an event a second time (Kafka delivers at least once) changes nothing."""
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
                tables["cycles"][str(event.year)] = cycle | {"phase": event.phase, "history": cycle["history"] + [step]}
                if cycle["phase"] == "voting" and event.phase != "voting":
                    _retract_late_votes(tables, event.year, event.at.timestamp())
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
        case VoteCast():
            _vote(tables, event, limits)


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
    cycle are two topics), come out of the tallies."""
    for ballot, cast in list(tables["ballots"].items()):
        if ballot.startswith(f"{year}|") and cast.get("at", 0.0) >= closed_at:
            tally = tables["tallies"][cast["entry_id"]]
            counted_as = "held" if cast.get("outcome") == "held" else "votes"
            tables["tallies"][cast["entry_id"]] = tally | {counted_as: tally[counted_as] - 1,
                                                           "late": tally.get("late", 0) + 1}
            tables["rejected_votes"][cast["event"]] = "late"
            del tables["ballots"][ballot]


def _vote(tables: Tables, vote: VoteCast, limits: VoteLimits) -> None:
    ballot = f"{vote.year}|{vote.category}|{vote.voter}"
    if vote.event_id in tables["rejected_votes"] or (tables["ballots"].get(ballot) or {}).get("event") == vote.event_id:
        return  # this very vote was counted (or refused) already
    voter_key, entry_key = f"voter|{vote.voter}", f"entry|{vote.entry_id}"
    now = vote.at.timestamp()
    closed_at = _voting_closed_at(tables["cycles"].get(str(vote.year)))
    if closed_at is not None and now >= closed_at:  # the phase is enforced here too, not only at the door
        tally = tables["tallies"].get(vote.entry_id) or NO_VOTES
        tables["tallies"][vote.entry_id] = tally | {"late": tally.get("late", 0) + 1}
        tables["rejected_votes"][vote.event_id] = "late"
        return
    voter_times = recent(tables["recent_votes"].get(voter_key) or [], now)
    entry_times = recent(tables["recent_votes"].get(entry_key) or [], now)
    outcome = decide(ballot in tables["ballots"], voter_times, entry_times, now, limits)
    field = {"counted": "votes", "duplicate": "duplicates", "voter_cap": "refused", "held": "held"}[outcome]
    tally = tables["tallies"].get(vote.entry_id) or NO_VOTES
    tables["tallies"][vote.entry_id] = tally | {field: tally[field] + 1}
    if outcome in ("counted", "held"):
        tables["ballots"][ballot] = {"entry_id": vote.entry_id, "event": vote.event_id, "at": now, "outcome": outcome}
        tables["recent_votes"][voter_key] = voter_times + [now]
        tables["recent_votes"][entry_key] = entry_times + [now]
    else:
        tables["rejected_votes"][vote.event_id] = outcome


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
        tallies={k: v for k, v in tables["tallies"].items() if k in ids},
    )
