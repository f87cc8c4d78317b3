"""The validation rule: each cell against the matrix the UN agencies proposed (schemas/data/wsis_sdg_matrix.csv).

- supported: proposed, and at least MIN_SUPPORT projects evidence it;
- unevidenced ("proposed, no evidence yet"): proposed, fewer than MIN_SUPPORT projects;
- emerging: not proposed, at least MIN_EMERGING projects, and the lift against independence is above
  EMERGING_LIFT even at its one-sided 95% lower bound: the Wilson lower bound of k/n_line, divided by the goal's
  share n_goal/n of all projects;
- observed: any other cell some project evidences.
"""

import math
from collections.abc import Iterable

from matrix.counts import Totals
from schemas.matrix import CellState, CellView
from tagging.action_lines import MATRIX

MIN_SUPPORT = 3
MIN_EMERGING = 5
EMERGING_LIFT = 1.5
Z = 1.645  # one-sided 95%

PROPOSED: frozenset[str] = frozenset(
    {f"{line}|{sdg}" for line, goals in MATRIX.items() for sdg in goals}
    | {f"{line}|{target}" for line, goals in MATRIX.items() for targets in goals.values() for target in targets}
)


def wilson_lower(k: int, n: int, z: float = Z) -> float:
    if n == 0:
        return 0.0
    p, z2 = k / n, z * z
    centre = p + z2 / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z2 / n))


def state_of(proposed: bool, k: int, lift_lower: float) -> CellState:
    if proposed:
        return "supported" if k >= MIN_SUPPORT else "unevidenced"
    return "emerging" if k >= MIN_EMERGING and lift_lower > EMERGING_LIFT else "observed"


def classify(totals: Totals, proposed: Iterable[str] = PROPOSED, targets: bool = False) -> list[CellView]:
    """Every proposed cell and every evidenced one, at the SDG level (or the target level), with its state."""
    projects, lines, goals, cells = totals
    def at_level(cell: str) -> bool:
        return ("." in cell.split("|", 1)[1]) == targets

    proposed = {cell for cell in proposed if at_level(cell)}
    views = []
    for cell in sorted(proposed | {c for c, k in cells.items() if k and at_level(c)}):
        line, goal = cell.split("|", 1)
        k, n_line, n_goal = cells.get(cell, 0), lines.get(line, 0), goals.get(goal, 0)
        share = n_goal / projects if projects else 0.0
        expected = n_line * share
        lift = k / expected if expected else 0.0
        lift_lower = wilson_lower(k, n_line) / share if share else 0.0
        views.append(CellView(line=line, goal=goal, projects=k, expected=round(expected, 3), lift=round(lift, 3),
                              lift_lower=round(lift_lower, 3), proposed=cell in proposed,
                              state=state_of(cell in proposed, k, lift_lower)))
    return views
