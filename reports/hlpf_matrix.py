"""The evidence-based WSIS–SDG Matrix as the dashboard page, its files and the HLPF contribution read it: the
projects the filters admit (from the matrix index), each cell's state by the rule (matrix/rule.py), and the WSIS
Prize winners and champions counted apart (from the prize index)."""

from dataclasses import dataclass, field

from matrix.counts import Filter, Totals
from matrix.rule import EMERGING_LIFT, MIN_EMERGING, MIN_SUPPORT, classify
from reports.hlpf_files import Document
from reports.tables import ENGLISH, Table, Translate
from schemas.matrix import CellView
from schemas.reference import SDG_NAMES, action_line_names
from storage.matrix_index import MatrixIndex
from storage.prize_index import PrizeIndex

STATES = ("supported", "unevidenced", "emerging")
STATE_NAMES = {"supported": "supported", "unevidenced": "proposed, no evidence yet", "emerging": "emerging",
               "observed": "not proposed"}
RESULT_RANK = {"winner": 3, "champion": 2, "finalist": 1}


@dataclass(frozen=True)
class MatrixScope:
    regions: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    stakeholder_types: tuple[str, ...] = ()
    finalists_only: bool = False

    def filter(self) -> Filter:
        return Filter(frozenset(self.regions), self.years, frozenset(self.stakeholder_types))


@dataclass
class MatrixReport:
    scope: MatrixScope
    totals: Totals
    cells: list[CellView]  # action line × SDG
    targets: list[CellView]  # action line × SDG target
    laureates: dict[str, int] = field(default_factory=dict)  # cell → its prize winners and champions

    def state_counts(self) -> dict[str, int]:
        return {state: sum(c.state == state for c in self.cells) for state in STATES}


def prize_results(prizes: PrizeIndex | None) -> dict[str, str]:
    """Submission id → its best WSIS Prizes result in any year: winner, champion or finalist (nominated)."""
    results: dict[str, str] = {}
    for cycle in prizes.cycles() if prizes else []:
        for entry in prizes.entries(cycle.year):
            result = ("winner" if entry.winner else "champion" if getattr(entry, "champion", False)
                      else "finalist" if entry.nominated else None)
            if result and RESULT_RANK[result] > RESULT_RANK.get(results.get(entry.project_id, ""), 0):
                results[entry.project_id] = result
    return results


def build_matrix(index: MatrixIndex, prizes: PrizeIndex | None, scope: MatrixScope = MatrixScope(),
                 results: dict[str, str] | None = None) -> MatrixReport:
    results = prize_results(prizes) if results is None else results
    where = scope.filter()
    totals = index.totals(where, sorted(results) if scope.finalists_only else None)
    laureates = [i for i, r in results.items() if r in ("winner", "champion")]
    return MatrixReport(scope, totals, classify(totals), classify(totals, targets=True),
                        index.totals(where, laureates).cells if laureates else {})


def cell_rows(report: MatrixReport, cells: list[CellView], t: Translate) -> list[tuple]:
    names = action_line_names()
    return [(c.line, t(names.get(c.line, c.line)), c.goal, t(STATE_NAMES[c.state]), c.projects, c.expected, c.lift,
             c.lift_lower, report.laureates.get(f"{c.line}|{c.goal}", 0)) for c in cells]


def matrix_tables(report: MatrixReport, t: Translate = ENGLISH) -> list[Table]:
    header = (t("Code"), t("Action line"), t("SDG"), t("State"), t("Projects"), t("Expected by chance"), t("Lift"),
              t("Lift, 95% lower bound"), t("Prize winners and champions"))
    counts = report.state_counts()
    return [
        Table("Summary", t("WSIS–SDG Matrix: links by state"), (t("State"), t("Links")),
              [(t(STATE_NAMES[s]), counts[s]) for s in STATES] + [(t("Projects"), report.totals.projects)]),
        Table("Matrix", t("Action lines × SDGs"), header,
              cell_rows(report, [c for c in report.cells if c.state != "observed" or c.projects], t)),
        Table("Targets", t("Action lines × SDG targets"), (*header[:2], t("Target"), *header[3:]),
              cell_rows(report, [c for c in report.targets if c.state != "observed"], t)),
    ]


def rule_text(t: Translate = ENGLISH) -> str:
    return t("A link is supported when the agencies proposed it and at least {support} projects evidence it; "
             "proposed, no evidence yet when fewer do; emerging when it was not proposed, at least {emerging} "
             "projects evidence it and the lift against independence exceeds {lift} even at its one-sided 95% "
             "lower bound (Wilson). Only phrases found in a project's text count as evidence.",
             support=MIN_SUPPORT, emerging=MIN_EMERGING, lift=EMERGING_LIFT)


def sdg_title(goal: str, t: Translate = ENGLISH) -> str:
    return t("SDG {number}", number=goal) + (f": {t(SDG_NAMES[int(goal)])}" if goal.isdigit() else "")


def matrix_document(report: MatrixReport, t: Translate = ENGLISH) -> Document:
    scope = report.scope
    where = [", ".join(t(r) for r in scope.regions) or t("All regions"),
             f"{scope.years[0]}–{scope.years[1]}" if scope.years else t("all years"),
             ", ".join(t(s) for s in scope.stakeholder_types) or t("all stakeholder types")]
    if scope.finalists_only:
        where.append(t("WSIS Prizes finalists only"))
    return Document(t("Evidence-based WSIS–SDG Matrix"), " · ".join(where) + ". " + rule_text(t),
                    matrix_tables(report, t), heatmap=[c for c in report.cells if c.state != "observed"],
                    legend=t("S: supported · P: proposed, no evidence yet · E: emerging"))
