"""Score aggregation (mean, per-judge z-score, disagreement) and vote ranking."""

import pytest

from prizes.standings import aggregate, is_champion, judge_z_scores, vote_ranks
from schemas.prizes import CRITERIA, ScoreSubmitted


def score(entry_id: str, judge: str, mark: int) -> ScoreSubmitted:
    marks = dict.fromkeys(CRITERIA, mark)
    return ScoreSubmitted(actor=judge, year=2026, entry_id=entry_id, judge=judge, criteria=marks)


def test_a_strict_and_a_generous_judge_weigh_the_same_once_normalised() -> None:
    scores = [score("A", "strict", 2), score("B", "strict", 4), score("A", "kind", 8), score("B", "kind", 10)]
    result = aggregate(scores)
    assert result["A"].mean == 5.0 and result["B"].mean == 7.0
    assert result["A"].normalised == pytest.approx(-1.0) and result["B"].normalised == pytest.approx(1.0)
    assert result["A"].disagreement and result["A"].spread == 6.0 and result["A"].scores == 2


def test_a_judge_whose_scores_do_not_vary_contributes_zero() -> None:
    z = judge_z_scores([score("A", "flat", 5), score("B", "flat", 5)])
    assert z == {("A", "flat"): 0.0, ("B", "flat"): 0.0}


def test_total_is_the_mean_of_the_eight_criteria() -> None:
    marks = dict(zip(CRITERIA, [0, 1, 2, 3, 4, 5, 6, 7], strict=True))
    assert ScoreSubmitted(actor="j", year=2026, entry_id="A", judge="j", criteria=marks).total == 3.5


@pytest.mark.parametrize("criteria", [{"impact": 5}, dict.fromkeys(CRITERIA, 11), dict.fromkeys([*CRITERIA, "x"], 1)])
def test_a_rubric_needs_each_criterion_once_in_range(criteria: dict) -> None:
    with pytest.raises(ValueError):
        ScoreSubmitted(actor="j", year=2026, entry_id="A", judge="j", criteria=criteria)


def test_vote_ranks_break_ties_by_expert_score_then_id() -> None:
    ranks = vote_ranks([("A", 10, 0.0), ("B", 12, -1.0), ("C", 10, 0.5), ("D", 10, 0.5)])
    assert ranks == {"B": 1, "C": 2, "D": 3, "A": 4}
    assert is_champion(5) and not is_champion(6) and not is_champion(None)
