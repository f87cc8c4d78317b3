"""A prize year's state (as the prizes worker's tables hold it) → the documents of the prize index."""

from dataclasses import dataclass, field
from typing import Any

from prizes.eligibility import Eligibility, check_entries, past_winner_keys
from prizes.standings import aggregate, is_champion, vote_ranks
from schemas.prize_documents import ConflictNote, PrizeEntryDocument, ScoreNote
from schemas.prizes import PHASES, EntrySubmitted, ScoreSubmitted


@dataclass
class EntryState:
    entry: EntrySubmitted
    nominated: bool = False
    winner: bool = False


@dataclass
class YearState:
    year: int
    phase: str | None
    entries: list[EntryState]
    assignments: dict[str, dict[str, Any]] = field(default_factory=dict)  # entry → {judges: [], conflicts: {}}
    scores: list[ScoreSubmitted] = field(default_factory=list)  # the latest score of each judge for each entry
    tallies: dict[str, dict[str, int]] = field(default_factory=dict)  # entry → votes, held, duplicates, refused


def valid_scores(state: YearState) -> list[ScoreSubmitted]:
    """Scores by a judge assigned to the entry who has not declared a conflict of interest with it."""
    def counts(score: ScoreSubmitted) -> bool:
        assigned = state.assignments.get(score.entry_id, {})
        return score.judge in assigned.get("judges", []) and score.judge not in assigned.get("conflicts", {})
    return [s for s in state.scores if counts(s)]


def eligibility_of(state: YearState, everyone: list[EntryState]) -> dict[str, Eligibility]:
    """The eligibility of the year's entries; `everyone` (every year's entries) tells the past winners."""
    return check_entries([e.entry for e in state.entries], past_winners_before(state.year, everyone))


def voting_over(phase: str | None) -> bool:
    return phase is not None and PHASES.index(phase) > PHASES.index("voting")


def year_documents(state: YearState, eligibility: dict[str, Eligibility]) -> list[PrizeEntryDocument]:
    scores = valid_scores(state)
    aggregates = aggregate(scores)
    by_entry: dict[str, list[ScoreSubmitted]] = {}
    for score in sorted(scores, key=lambda s: s.judge):
        by_entry.setdefault(score.entry_id, []).append(score)
    documents = []
    for item in state.entries:
        e, check, agg = item.entry, eligibility[item.entry.entry_id], aggregates.get(item.entry.entry_id)
        assigned = state.assignments.get(e.entry_id, {})
        documents.append(PrizeEntryDocument(
            entry_id=e.entry_id, year=e.year, category=e.category, project_id=e.project_id, submitted_at=e.at,
            title=e.title, organisation=e.organisation, stakeholder_type=e.stakeholder_type, country=e.country,
            region=e.region, status=e.status, major_phase_completed=e.major_phase_completed, language=e.language,
            short_description=e.short_description, description=e.description,
            eligible=check.eligible, reasons=[str(reason) for reason in check.reasons],
            reason_messages=list(check.reasons), duplicate_of=check.duplicate_of,
            judges=sorted(assigned.get("judges", [])),
            conflicts=[ConflictNote(judge=j, reason=r) for j, r in sorted(assigned.get("conflicts", {}).items())],
            scores=[ScoreNote(judge=s.judge, criteria=s.criteria, total=s.total, comment=s.comment, at=s.at)
                    for s in by_entry.get(e.entry_id, [])],
            score_count=agg.scores if agg else 0,
            mean=agg.mean if agg else None,
            normalised=agg.normalised if agg else None,
            spread=agg.spread if agg else None,
            disagreement=agg.disagreement if agg else False,
            nominated=item.nominated,
            winner=item.winner,
        ))
    return with_tallies(documents, state.tallies, voting_over(state.phase))


def with_tallies(documents: list[PrizeEntryDocument], tallies: dict[str, dict[str, int]],
                 voting_over: bool) -> list[PrizeEntryDocument]:
    """A year's documents with the votes of `tallies`, and the vote ranks (and, once voting is over, the
    champions) they make. A document whose votes and rank are unchanged is the same object, not a copy: when only
    votes changed, this is all that is redone, and only the documents it copies need writing."""
    nominees: dict[int, list[tuple[str, int, float]]] = {}
    for doc in documents:
        if doc.nominated and doc.eligible:
            votes = tallies.get(doc.entry_id, {}).get("votes", 0)
            nominees.setdefault(doc.category, []).append((doc.entry_id, votes, doc.normalised or 0.0))
    ranks = {entry_id: rank for group in nominees.values() for entry_id, rank in vote_ranks(group).items()}
    updated = []
    for doc in documents:
        tally, rank = tallies.get(doc.entry_id, {}), ranks.get(doc.entry_id)
        fields = {"votes": tally.get("votes", 0), "held_votes": tally.get("held", 0),
                  "duplicate_votes": tally.get("duplicates", 0), "refused_votes": tally.get("refused", 0),
                  "vote_rank": rank, "champion": voting_over and is_champion(rank)}
        same = all(getattr(doc, name) == value for name, value in fields.items())
        updated.append(doc if same else doc.model_copy(update=fields))
    return updated


def past_winners_before(year: int, entries: list[EntryState]) -> dict[str, int]:
    """past_winner_keys of every winner of an earlier year → the year it won."""
    winners: dict[str, int] = {}
    for item in entries:
        if item.winner and item.entry.year < year:
            for key in past_winner_keys(item.entry):
                winners[key] = min(winners.get(key, item.entry.year), item.entry.year)
    return winners
