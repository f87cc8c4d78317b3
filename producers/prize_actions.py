"""What organisers, judges and voters do in the WSIS Prizes, checked then published as events.

Each action checks the signed-in user's role, the prize year's phase and the entry's state (as the prize index
shows it), then publishes its event(s) to the prize topics and a line to the audit topic (votes excepted: they
are counted, not audited one by one). A refused action raises ActionRefused, which says why in a template and
its values (the dashboard shows it in the user's language), and is audited too.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal, NoReturn

from pydantic import ValidationError

from prizes.assignment import AssignmentPlan, balance
from schemas.clients import kafka_producer, search_client
from schemas.field_errors import field_errors
from schemas.messages import Message, Value, message
from schemas.prize_documents import PrizeCycleDocument, PrizeEntryDocument
from schemas.prizes import (
    PHASE_NAMES,
    PHASES,
    AuditRecord,
    ConflictDeclared,
    CycleOpened,
    EntryNominated,
    EntrySubmitted,
    JudgeAssigned,
    Phase,
    PhaseChanged,
    PrizeEvent,
    ScoreSubmitted,
    VoteCast,
    WinnerSelected,
    entry_id,
)
from schemas.search_document import SubmissionDocument
from schemas.settings import Settings
from schemas.users import Role, User
from storage.prize_index import PrizeIndex
from storage.prize_topics import ensure_prize_topics

PrizeAction = Literal["open cycle", "advance phase", "enter project", "assign judges", "nominate", "select winner",
                      "declare conflict", "score", "vote"]
ROLE_ONLY: dict[Role, str] = {"organiser": "only organisers may {action}", "judge": "only judges may {action}"}


class ActionRefused(Exception):
    """The action is not allowed now, or not to this user. Why: `reason`, an English template whose `{name}`
    placeholders values fill (str() gives the English message), which the dashboard shows translated."""

    def __init__(self, template: str, **values: Value | Message) -> None:
        self.reason = message(template, **values)
        super().__init__(str(self.reason))


def entry_from_document(project: SubmissionDocument, year: int, category: int | None = None,
                        major_phase_completed: bool = False, actor: str = "") -> EntrySubmitted:
    """An indexed project entered for a prize year, in the category the tagger suggests unless one is chosen."""
    chosen = category or project.prize_category
    if chosen is None:
        raise ActionRefused("the tagger suggested no category for this project: choose one")
    return EntrySubmitted(
        actor=actor, year=year, entry_id=entry_id(year, chosen, project.submission_id), category=chosen,
        project_id=project.submission_id, title=project.title, organisation=project.organisation,
        stakeholder_type=project.stakeholder_type, country=project.country, region=project.region,
        status=project.status, major_phase_completed=major_phase_completed, language=project.language,
        short_description=project.short_description, description=project.description,
    )


class PrizeActions:
    def __init__(self, settings: Settings, index: PrizeIndex | None = None) -> None:
        ensure_prize_topics(settings)
        self.index = index or PrizeIndex(search_client(settings, "door"), settings.prize_index, settings.index_layout)
        self.audit_topic = settings.topic_prize_audit
        self.topics: dict[type[PrizeEvent], str] = {
            CycleOpened: settings.topic_prize_cycle, PhaseChanged: settings.topic_prize_cycle,
            EntrySubmitted: settings.topic_prize_entries, EntryNominated: settings.topic_prize_entries,
            WinnerSelected: settings.topic_prize_entries, JudgeAssigned: settings.topic_prize_assignments,
            ConflictDeclared: settings.topic_prize_assignments, ScoreSubmitted: settings.topic_prize_scores,
            VoteCast: settings.topic_prize_votes,
        }
        # Assignments published here, which the index may not show yet: the next assignment counts them in the
        # judges' load straight away.
        self.assigned: dict[str, set[str]] = {}
        self.producer = kafka_producer(settings, "wsis-prize-actions", "door")

    # -- organisers -------------------------------------------------------------------------------------------

    def open_cycle(self, user: User, year: int, dates: dict[Phase, dt.date], blind: bool = False) -> CycleOpened:
        self._role(user, "open cycle", year, "organiser")
        if self.index.cycle(year) is not None:
            self._refuse(user, "open cycle", year, ActionRefused("the {year} prize cycle is already open", year=year))
        if sorted(dates) != sorted(PHASES) or [dates[p] for p in PHASES] != sorted(dates[p] for p in PHASES):
            self._refuse(user, "open cycle", year,
                         ActionRefused("give a start date for each phase, in the order of the phases"))
        event = CycleOpened(actor=user.username, year=year, dates=dates, blind=blind)
        return self._publish(user, "open cycle", [event], message("phases start {dates}",
                                                                  dates=[str(dates[p]) for p in PHASES]))[0]

    def advance_phase(self, user: User, year: int) -> PhaseChanged:
        self._role(user, "advance phase", year, "organiser")
        current = self._cycle(user, "advance phase", year).phase
        if current == PHASES[-1]:
            self._refuse(user, "advance phase", year,
                         ActionRefused("the results are out: this cycle has no further phase"))
        event = PhaseChanged(actor=user.username, year=year, phase=PHASES[PHASES.index(current) + 1])
        done = message("from {current} to {phase}", current=PHASE_NAMES[current].lower(),
                       phase=PHASE_NAMES[event.phase].lower())
        return self._publish(user, "advance phase", [event], done)[0]

    def enter(self, user: User, entry: EntrySubmitted) -> EntrySubmitted:
        """Enter a project (see entry_from_document); the prizes worker then checks its eligibility."""
        self._role(user, "enter project", entry.year, "organiser")
        self._phase(user, "enter project", entry.year, "submission")
        entry = entry.model_copy(update={"actor": user.username})
        return self._publish(user, "enter project", [entry], message("{entry} in category {category}",
                                                                     entry=entry.entry_id, category=entry.category))[0]

    def assign(self, user: User, year: int, category: int, judges: list[User], per_entry: int) -> AssignmentPlan:
        """Top each eligible entry of the category up to `per_entry` judges, balanced, without conflicts."""
        self._role(user, "assign judges", year, "organiser")
        self._phase(user, "assign judges", year, "nomination")
        judges = [j for j in judges if j.role == "judge"]
        everything = self.index.entries(year)
        entries = [e for e in everything if e.category == category and e.eligible]
        in_category = sum(1 for e in everything if e.category == category)
        # Nothing to assign: say why rather than publish "0 assignments"
        if not judges:
            self._refuse(user, "assign judges", year, ActionRefused(
                "no judges are registered: add judges (wsis users add) before assigning them"))
        if not in_category:
            self._refuse(user, "assign judges", year, ActionRefused(
                "category {category} has no entries in {year}", category=category, year=year))
        if not entries:
            self._refuse(user, "assign judges", year, ActionRefused(
                "none of the {count} entries of category {category} is eligible: the standings say why",
                count=in_category, category=category))
        declared = {(e.entry_id, c.judge) for e in entries for c in e.conflicts}
        current = {e.entry_id: sorted(set(e.judges) | self.assigned.get(e.entry_id, set())) for e in everything}
        plan = balance([(e.entry_id, e.organisation) for e in entries], judges, per_entry, current, declared)
        events = [JudgeAssigned(actor=user.username, year=year, entry_id=e, judge=j) for e, j in plan.new]
        done = message("category {category}: {count} assignments; {short} entries lack judges free of conflicts",
                       category=category, count=len(events), short=len(plan.short)) if plan.short else message(
            "category {category}: {count} assignments", category=category, count=len(events))
        self._publish(user, "assign judges", events, done)
        for entry, judge in plan.new:
            self.assigned.setdefault(entry, set()).add(judge)
        return plan

    def nominate(self, user: User, entry_ids: Iterable[str]) -> list[EntryNominated]:
        """Put entries on the shortlist for public voting."""
        entries = [self._entry(user, "nominate", e) for e in entry_ids]
        if not entries:
            return []
        year = entries[0].year
        self._role(user, "nominate", year, "organiser")
        self._phase(user, "nominate", year, "nomination")
        for entry in entries:
            if not entry.eligible:
                self._refuse(user, "nominate", year, ActionRefused(
                    "{entry} is not eligible: {reasons}", entry=entry.entry_id,
                    reasons=entry.reason_messages or entry.reasons))
        events = [EntryNominated(actor=user.username, year=e.year, entry_id=e.entry_id) for e in entries]
        return self._publish(user, "nominate", events, message("nominated {entries}",
                                                               entries=[e.entry_id for e in events]))

    def select_winner(self, user: User, chosen: str) -> WinnerSelected:
        """Record the expert group's choice of one winner among a category's five champions."""
        entry = self._entry(user, "select winner", chosen)
        self._role(user, "select winner", entry.year, "organiser")
        self._phase(user, "select winner", entry.year, "selection")
        if not entry.champion:
            self._refuse(user, "select winner", entry.year,
                         ActionRefused("the winner is chosen among the category's champions"))
        others = self.index.entries(entry.year, category=entry.category, winner=True)
        if any(o.entry_id != chosen for o in others):
            self._refuse(user, "select winner", entry.year,
                         ActionRefused("category {category} already has its winner", category=entry.category))
        event = WinnerSelected(actor=user.username, year=entry.year, entry_id=chosen)
        return self._publish(user, "select winner", [event], message("{entry} wins category {category}",
                                                                     entry=chosen, category=entry.category))[0]

    # -- judges -----------------------------------------------------------------------------------------------

    def declare_conflict(self, user: User, chosen: str, reason: str) -> ConflictDeclared:
        entry = self._entry(user, "declare conflict", chosen)
        self._role(user, "declare conflict", entry.year, "judge")
        current = self._cycle(user, "declare conflict", entry.year).phase
        if current not in ("submission", "nomination"):
            self._refuse(user, "declare conflict", entry.year, ActionRefused(
                "conflicts of interest are declared before public voting; the {year} cycle is in {current}",
                year=entry.year, current=PHASE_NAMES[current].lower()))
        event = ConflictDeclared(actor=user.username, year=entry.year, entry_id=chosen, judge=user.username,
                                 reason=reason.strip())
        done = message("conflict with {entry}: {reason}", entry=chosen, reason=event.reason) if event.reason else \
            message("conflict with {entry}", entry=chosen)
        return self._publish(user, "declare conflict", [event], done)[0]

    def score(self, user: User, chosen: str, criteria: dict[str, int], comment: str = "") -> ScoreSubmitted:
        """A judge scores one of their own assignments; scoring it again replaces the earlier score."""
        entry = self._entry(user, "score", chosen)
        self._role(user, "score", entry.year, "judge")
        self._phase(user, "score", entry.year, "nomination")
        if user.username not in entry.judges:
            self._refuse(user, "score", entry.year, ActionRefused("{entry} is not assigned to you", entry=chosen))
        if entry.conflicted(user.username):
            self._refuse(user, "score", entry.year,
                         ActionRefused("you declared a conflict of interest with {entry}", entry=chosen))
        try:
            event = ScoreSubmitted(actor=user.username, year=entry.year, entry_id=chosen, judge=user.username,
                                   criteria=criteria, comment=comment)
        except ValidationError as exc:
            self._refuse(user, "score", entry.year, ActionRefused("the score is not valid: {errors}",
                                                                     errors=field_errors(exc)))
        return self._publish(user, "score", [event], message("{entry} scored {total:.2f}", entry=chosen,
                                                             total=event.total))[0]

    # -- voters -----------------------------------------------------------------------------------------------

    def vote(self, user: User, chosen: str) -> VoteCast:
        """A registered voter's vote; only the first vote of a voter in a category counts (the worker checks)."""
        entry = self._entry(user, "vote", chosen, audited=False)
        if user.role != "public":
            raise ActionRefused("voting is for registered voters")
        cycle = self.index.cycle(entry.year)
        if cycle is None or cycle.phase != "voting":
            raise ActionRefused("public voting is not open")
        if not (entry.nominated and entry.eligible):
            raise ActionRefused("{entry} is not on the shortlist", entry=chosen)
        event = VoteCast(actor=user.username, year=entry.year, entry_id=chosen, category=entry.category,
                         voter=user.username)
        self._send([event])
        return event

    # -- checks and publishing --------------------------------------------------------------------------------

    def _entry(self, user: User, action: PrizeAction, chosen: str, audited: bool = True) -> PrizeEntryDocument:
        entry = self.index.entry(chosen)
        if entry is None:
            refusal = ActionRefused("no prize entry {entry}", entry=chosen)
            if not audited:
                raise refusal
            self._refuse(user, action, None, refusal)
        return entry

    def _role(self, user: User, action: PrizeAction, year: int, role: Role) -> None:
        if user.role != role:
            self._refuse(user, action, year, ActionRefused(ROLE_ONLY[role], action=action))

    def _cycle(self, user: User, action: PrizeAction, year: int) -> PrizeCycleDocument:
        cycle = self.index.cycle(year)
        if cycle is None:
            self._refuse(user, action, year, ActionRefused("there is no {year} prize cycle", year=year))
        return cycle

    def _phase(self, user: User, action: PrizeAction, year: int, phase: Phase) -> None:
        current = self._cycle(user, action, year).phase
        if current != phase:
            self._refuse(user, action, year, ActionRefused(
                "{action} is done during {phase}; the {year} cycle is in {current}", action=action,
                phase=PHASE_NAMES[phase].lower(), year=year, current=PHASE_NAMES[current].lower()))

    def _refuse(self, user: User, action: PrizeAction, year: int | None, refusal: ActionRefused) -> NoReturn:
        record = AuditRecord(actor=user.username, role=user.role, year=year, action=action, outcome="refused",
                             detail=str(refusal), detail_message=refusal.reason)
        self.producer.send(self.audit_topic, value=record.model_dump_json().encode())
        self.producer.flush(10)
        raise refusal

    def _publish(self, user: User, action: PrizeAction, events: list[PrizeEvent], detail: Message) -> list[Any]:
        audit = [AuditRecord(actor=user.username, role=user.role, year=e.year, action=action, outcome="done",
                             detail=str(detail), detail_message=detail, event_id=e.event_id) for e in events[:1]]
        self._send(events, audit)
        return events

    def _send(self, events: list[PrizeEvent], audit: list[AuditRecord] | None = None) -> None:
        futures = [self.producer.send(self.topics[type(e)], key=getattr(e, "entry_id", str(e.year)).encode(),
                                      value=e.model_dump_json().encode()) for e in events]
        futures += [self.producer.send(self.audit_topic, value=a.model_dump_json().encode()) for a in audit or []]
        self.producer.flush(30)
        for future in futures:
            future.get(timeout=30)  # raises if the broker did not take it: the user sees the action failed

    def close(self) -> None:
        self.producer.close()
