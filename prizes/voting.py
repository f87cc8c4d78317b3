"""Public voting: one vote per registered voter per category (the first one counts), a per-voter cap on votes
in a minute, and a burst guard that holds votes for an entry arriving faster than a human campaign can make them.
Time is the vote event's own time, so a replay decides exactly as the live stream did."""

from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

WINDOW_SECONDS = 60.0

Outcome = Literal["counted", "duplicate", "voter_cap", "held"]


@dataclass(frozen=True)
class VoteLimits:
    voter_per_minute: int  # votes one voter may cast in a minute; more are refused (not counted, ballot unused)
    entry_per_minute: int  # votes an entry may receive in a minute; more are held for review (not counted)


def recent(times: list[float], now: float) -> int:
    """How many of `times` (sorted, seconds) lie in the minute before `now`: later than now - 60 s. A time after
    `now` (a vote that reached the stream before an earlier one) counts too, so the answer depends only on the
    votes cast, never on the order the stream saw them in."""
    return len(times) - bisect_right(times, now - WINDOW_SECONDS)


def decide(already_voted: bool, voter_recent: int, entry_recent: int, limits: VoteLimits) -> Outcome:
    """What happens to a vote, given the voter's and the entry's counted or held votes of the last minute."""
    if already_voted:
        return "duplicate"
    if voter_recent >= limits.voter_per_minute:
        return "voter_cap"
    if entry_recent >= limits.entry_per_minute:
        return "held"
    return "counted"
