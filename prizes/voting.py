"""Public voting: one vote per registered voter per category (the first one counts), a per-voter cap on votes
in a minute, and a burst guard that holds votes for an entry arriving faster than a human campaign can make them.
Time is the vote event's own time, so a replay decides exactly as the live stream did."""

from dataclasses import dataclass
from typing import Literal

WINDOW_SECONDS = 60.0

Outcome = Literal["counted", "duplicate", "voter_cap", "held"]


@dataclass(frozen=True)
class VoteLimits:
    voter_per_minute: int  # votes one voter may cast in a minute; more are refused (not counted, ballot unused)
    entry_per_minute: int  # votes an entry may receive in a minute; more are held for review (not counted)


def recent(times: list[float], now: float) -> list[float]:
    return [t for t in times if now - t < WINDOW_SECONDS]


def decide(
    already_voted: bool, voter_times: list[float], entry_times: list[float], now: float, limits: VoteLimits
) -> Outcome:
    """What happens to a vote cast at `now` (seconds); the time lists hold the voter's and the entry's counted
    or held votes of the last minute."""
    if already_voted:
        return "duplicate"
    if len(recent(voter_times, now)) >= limits.voter_per_minute:
        return "voter_cap"
    if len(recent(entry_times, now)) >= limits.entry_per_minute:
        return "held"
    return "counted"
