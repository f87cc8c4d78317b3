"""Aggregating judges' scores into standings, and votes into champions.

Each judge's score for an entry is the mean of the eight criteria. Judges are normalised by z-score over every
entry they scored in the year, so a strict judge and a generous one weigh the same; an entry's normalised score
is the mean of its judges' z-scores. Entries whose judges' scores lie far apart are flagged for discussion.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from schemas.prizes import CHAMPIONS_PER_CATEGORY, ScoreSubmitted

DISAGREEMENT_POINTS = 3.0  # highest minus lowest judge score (0–10 scale) that flags an entry


@dataclass(frozen=True)
class Aggregate:
    scores: int
    mean: float
    normalised: float
    spread: float
    disagreement: bool


def judge_z_scores(scores: list[ScoreSubmitted]) -> dict[tuple[str, str], float]:
    """(entry id, judge) → the judge's score as a z-score among all that judge's scores (0 if they don't vary)."""
    by_judge: dict[str, list[ScoreSubmitted]] = defaultdict(list)
    for score in scores:
        by_judge[score.judge].append(score)
    z: dict[tuple[str, str], float] = {}
    for judge, own in by_judge.items():
        totals = [s.total for s in own]
        mean, deviation = statistics.fmean(totals), statistics.pstdev(totals)
        for score in own:
            z[score.entry_id, judge] = (score.total - mean) / deviation if deviation > 0 else 0.0
    return z


def aggregate(scores: list[ScoreSubmitted]) -> dict[str, Aggregate]:
    """Per-entry aggregates of the valid scores of one prize year (one score per judge and entry)."""
    z = judge_z_scores(scores)
    by_entry: dict[str, list[ScoreSubmitted]] = defaultdict(list)
    for score in scores:
        by_entry[score.entry_id].append(score)
    result = {}
    for entry_id, own in by_entry.items():
        totals = [s.total for s in own]
        spread = max(totals) - min(totals)
        result[entry_id] = Aggregate(
            scores=len(own),
            mean=statistics.fmean(totals),
            normalised=statistics.fmean(z[entry_id, s.judge] for s in own),
            spread=spread,
            disagreement=spread >= DISAGREEMENT_POINTS,
        )
    return result


def vote_ranks(nominees: list[tuple[str, int, float]]) -> dict[str, int]:
    """(entry id, votes, normalised expert score) of one category's nominees → rank by votes (1 = most); the
    expert score, then the entry id, break ties. The first five become the category's champions."""
    ordered = sorted(nominees, key=lambda n: (-n[1], -n[2], n[0]))
    return {entry_id: rank for rank, (entry_id, _, _) in enumerate(ordered, start=1)}


def is_champion(rank: int | None) -> bool:
    return rank is not None and rank <= CHAMPIONS_PER_CATEGORY
