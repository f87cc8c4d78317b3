"""Demo WSIS Prizes cycles, for `wsis up --demo`: every role finds something to do as soon as they sign in.

- The current year (DEMO_YEAR) is in expert nomination: the demo's prize-ready projects are entered, and each
  eligible entry is assigned to two of the demo judges, so a judge signing in finds entries to score.
- The year before (VOTING_YEAR) is in public voting: its entries were assigned, scored by the demo judges and the
  best of each category nominated, so the demo voter finds a shortlist to vote on. Voting comes after
  nomination in the phases, so one cycle cannot offer both; two years can.

Everything goes through the organiser's and judges' actions (PrizeActions), as from the dashboard, and the
prizes worker turns the events into the prize index; the driver waits for the index to show each step before
the next (an action checks the phase the index shows). Running it again does only what is missing: no entry,
assignment, score or nomination is published twice once the index shows it.
"""

import datetime as dt
import logging
import random
import time
from collections.abc import Callable

from producers.demo import DemoRecord
from producers.prize_actions import PrizeActions, entry_from_document
from schemas.prizes import CRITERIA, PHASES, EntrySubmitted, Phase
from schemas.reference import CATEGORY_BY_ACTION_LINE
from schemas.search_document import submission_document
from schemas.submission import TaggedSubmission
from schemas.users import User
from streams.processing import process_raw

log = logging.getLogger(__name__)
DEMO_YEAR, VOTING_YEAR = 2026, 2025
ENTRIES_PER_YEAR = 30
JUDGES_PER_ENTRY = 2
NOMINEES_PER_CATEGORY = 3  # the best three of a category go to the public vote
WAIT_SECONDS = 300.0  # for the prizes worker to show a step (it may be starting, like everything under `wsis up`)


class DemoCycleError(RuntimeError):
    """The prize index did not show a step in time (is the prizes worker running?)."""


def _phase_dates(year: int) -> dict[Phase, dt.date]:
    """The WSIS Prizes calendar: submissions open in the autumn before the prize year."""
    starts = ((year - 1, 10, 1), (year, 1, 15), (year, 2, 15), (year, 3, 20), (year, 5, 1))
    return {phase: dt.date(*start) for phase, start in zip(PHASES, starts, strict=True)}


def demo_entries(records: list[DemoRecord]) -> dict[int, list[EntrySubmitted]]:
    """The prize-ready demo projects, each entered once, in the category of the action line it was written for,
    shared between the two years; one project per organisation, as the rules allow one per entity and category."""
    chosen: dict[int, list[EntrySubmitted]] = {DEMO_YEAR: [], VOTING_YEAR: []}
    organisations: set[str] = set()
    for record in records:
        if not (record.valid and record.prize_ready and record.action_line):
            continue
        tagged = process_raw(record.submission_id.encode(), record.value)
        if not isinstance(tagged, TaggedSubmission) or tagged.submission.organisation in organisations:
            continue
        year = DEMO_YEAR if len(chosen[DEMO_YEAR]) <= len(chosen[VOTING_YEAR]) else VOTING_YEAR
        if len(chosen[year]) >= ENTRIES_PER_YEAR:
            break
        organisations.add(tagged.submission.organisation)
        chosen[year].append(entry_from_document(submission_document(tagged), year,
                                                CATEGORY_BY_ACTION_LINE[record.action_line]))
    return chosen


def marks(entry_id: str, judge: str) -> dict[str, int]:
    """A judge's rubric for an entry: the same every time the demo runs."""
    rng = random.Random(f"{entry_id}|{judge}")
    level = rng.randint(4, 8)
    return {criterion: max(0, min(10, level + rng.randint(-2, 2))) for criterion in CRITERIA}


class DemoCycleDriver:
    def __init__(self, actions: PrizeActions, organiser: User, judges: list[User],
                 wait_seconds: float = WAIT_SECONDS) -> None:
        self.actions, self.index, self.organiser, self.judges = actions, actions.index, organiser, judges
        self.wait_seconds = wait_seconds

    def _wait(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + self.wait_seconds
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except Exception:  # the prize index appears with the prizes worker's first write
                pass
            time.sleep(0.5)
        raise DemoCycleError(f"the prize index did not show {what} within {self.wait_seconds:.0f} s")

    def _phase(self, year: int) -> Phase | None:
        cycle = self.index.cycle(year)
        return cycle.phase if cycle else None

    def _advance(self, year: int, to: Phase) -> None:
        self.actions.advance_phase(self.organiser, year)
        self._wait(f"the {year} cycle in {to}", lambda: self._phase(year) == to)

    def open_and_enter(self, year: int, entries: list[EntrySubmitted]) -> None:
        """Open the year's cycle and enter the projects, then close submissions once every entry's eligibility
        is known. Nothing happens to a cycle already past submission."""
        if self._phase(year) is None:
            self.actions.open_cycle(self.organiser, year, _phase_dates(year))
            self._wait(f"the {year} cycle", lambda: self._phase(year) is not None)
        if self._phase(year) != "submission":
            return
        for entry in entries:  # entering again replaces the entry with itself
            self.actions.enter(self.organiser, entry)
        wanted = {e.entry_id for e in entries}
        self._wait(f"the {len(wanted)} entries of {year}",
                   lambda: wanted <= {e.entry_id for e in self.index.entries(year)})
        self._advance(year, "nomination")

    def assign(self, year: int) -> None:
        """Give every eligible entry its judges (a top-up: an entry with its judges gets none)."""
        if self._phase(year) != "nomination":
            return
        eligible = self.index.entries(year, eligible=True)
        for category in sorted({e.category for e in eligible}):
            self.actions.assign(self.organiser, year, category, self.judges, JUDGES_PER_ENTRY)
        self._wait(f"the judges of {year}", lambda: all(
            len(e.judges) >= JUDGES_PER_ENTRY for e in self.index.entries(year, eligible=True)))

    def score_and_nominate(self, year: int) -> None:
        """The judges score their entries, the best of each category are nominated, and voting opens."""
        if self._phase(year) != "nomination":
            return
        by_name = {judge.username: judge for judge in self.judges}
        expected = 0
        for entry in self.index.entries(year, eligible=True):
            scored = {score.judge for score in entry.scores}
            for judge in entry.judges:
                if judge not in by_name or entry.conflicted(judge):
                    continue
                expected += 1
                if judge not in scored:
                    self.actions.score(by_name[judge], entry.entry_id, marks(entry.entry_id, judge),
                                       "Demo score: clear results, worth a closer look at sustainability.")
        self._wait(f"the scores of {year}", lambda: sum(
            e.score_count for e in self.index.entries(year, eligible=True)) >= expected)
        ranked = self.index.entries(year, eligible=True)  # by category, best normalised score first
        best: dict[int, list[str]] = {}
        for entry in ranked:
            if len(best.setdefault(entry.category, [])) < NOMINEES_PER_CATEGORY:
                best[entry.category].append(entry.entry_id)
        nominated = {e.entry_id for e in ranked if e.nominated}
        self.actions.nominate(self.organiser, [e for ids in best.values() for e in ids if e not in nominated])
        self._wait(f"the nominees of {year}", lambda: sum(e.nominated for e in self.index.entries(year)) >= sum(
            len(ids) for ids in best.values()))
        self._advance(year, "voting")

    def run(self, entries: dict[int, list[EntrySubmitted]]) -> dict[int, list[str]]:
        """Entry ids of each demo year, once the cycles are where the demo wants them."""
        for year in (VOTING_YEAR, DEMO_YEAR):
            self.open_and_enter(year, entries[year])
            self.assign(year)
        self.score_and_nominate(VOTING_YEAR)
        return {year: [e.entry_id for e in self.index.entries(year)] for year in entries}


def run_demo_cycles(actions: PrizeActions, records: list[DemoRecord], users: list[User],
                    wait_seconds: float = WAIT_SECONDS) -> dict[int, list[str]]:
    """The demo cycles for these records, the organiser and judges among `users` acting: entry ids per year."""
    organiser = next(user for user in users if user.role == "organiser")
    judges = [user for user in users if user.role == "judge"]
    cycles = DemoCycleDriver(actions, organiser, judges, wait_seconds).run(demo_entries(records))
    log.info("demo prize cycles ready: %s", {year: len(ids) for year, ids in cycles.items()})
    return cycles
