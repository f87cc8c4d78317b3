"""A regional report as tables: the one source of every file format (`report_tables`), so they all show the
same numbers, in the reader's language: each text goes through `t` (English by default)."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.figures import SDGS, RegionalReport, country_name
from schemas.reference import PRIZE_CATEGORIES, SDG_NAMES, action_line_names
from schemas.translation import translator

Translate = Callable[..., str]  # t("English {name}", name=value) → the text in the reader's language
ENGLISH: Translate = translator("en")
Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    name: str  # short name: the XLSX sheet, the CSV section
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _prize(prize: str | None, t: Translate) -> str:
    return {"winner": t("Winner"), "champion": t("Champion")}.get(prize or "", "")


def _change(now: int, before: int) -> str:
    return f"{now - before:+d}"


def report_tables(report: RegionalReport, t: Translate = ENGLISH) -> list[Table]:
    now, before = report.current, report.previous
    period, previous = report.scope.period, report.scope.previous().period
    names = action_line_names()
    countries = sorted(set(now.per_country) | set(before.per_country),
                       key=lambda c: (-now.per_country.get(c, 0), -before.per_country.get(c, 0), c))
    total = now.submissions or 1
    in_previous = t("Projects {period}", period=previous)
    return [
        Table("Key figures", t("Key figures"), (t("Figure"), period, previous, t("Change"), t("Change %")),
              [(t(k.label), k.value, k.previous, _change(k.value, k.previous),
                "" if k.change_percent is None else f"{k.change_percent:+.1f}") for k in report.key_figures()]),
        Table("Per year", t("Submissions per year"), (t("Year"), t("Submissions")), list(now.per_year.items())),
        Table("Action lines", t("Submissions per action line"),
              (t("Code"), t("Action line"), t("Projects"), in_previous, t("Change")),
              [(code, t(names[code]), n, before.per_action_line[code], _change(n, before.per_action_line[code]))
               for code, n in now.per_action_line.items()]),
        Table("SDGs", t("Submissions per SDG"), (t("SDG"), t("Goal"), t("Projects"), in_previous, t("Change")),
              [(sdg, t(SDG_NAMES[sdg]), n, before.per_sdg[sdg], _change(n, before.per_sdg[sdg]))
               for sdg, n in now.per_sdg.items()]),
        Table("Heat map", t("Action lines × SDGs: projects linked to both"),
              (t("Action line"), *(t("SDG {number}", number=sdg) for sdg in SDGS)),
              [(code, *row.values()) for code, row in now.heatmap.items()]),
        Table("Countries", t("Projects per country"), (t("Country"), t("Code"), t("Projects"), in_previous,
                                                       t("Change")),
              [(t(country_name(c)), c, now.per_country.get(c, 0), before.per_country.get(c, 0),
                _change(now.per_country.get(c, 0), before.per_country.get(c, 0))) for c in countries]),
        Table("Stakeholders", t("Stakeholder mix"), (t("Stakeholder type"), t("Projects"), t("Share %"),
                                                      in_previous),
              [(t(kind), n, round(100 * n / total, 1), before.stakeholders[kind])
               for kind, n in now.stakeholders.items()]),
        Table("Top projects", t("Top projects"),
              (t("Rank"), t("Title"), t("Organisation"), t("Country"), t("Year"), t("Prize"), t("Action lines"),
               t("SDGs"), t("Tag strength"), t("Copies folded")),
              [(rank, p.title, p.organisation, t(p.country) if p.country else "", p.year, _prize(p.prize, t),
                ", ".join(p.action_lines), ", ".join(map(str, p.sdgs)), p.tag_strength, p.folded)
               for rank, p in enumerate(report.top_projects, 1)]),
        Table("Prizes", t("WSIS Prizes: winners and champions"), (t("Year"), t("Category"), t("Result"), t("Title"),
                                                                  t("Organisation"), t("Country")),
              [(p.year, t(PRIZE_CATEGORIES[p.category]["name"]) if p.category in PRIZE_CATEGORIES else p.category,
                t("Winner") if p.winner else t("Champion"), p.title, p.organisation, t(p.country) if p.country else "")
               for p in report.prizes]),
    ]


def title(report: RegionalReport, t: Translate = ENGLISH) -> str:
    region = t(report.scope.region) if report.scope.region else t("All regions")
    return t("WSIS Stocktaking regional report: {region}, {period}", region=region, period=report.scope.period)


def subtitle(report: RegionalReport, t: Translate = ENGLISH) -> str:
    previous = report.scope.previous()
    return t("Changes are against the previous period of the same length, {start}–{end}. A project counts under "
             "every action line and SDG it is linked to (declared by the submitter or detected by the tagger), in "
             "the year it started.", start=previous.year_from, end=previous.year_to)



def method_notes(t: Translate = ENGLISH) -> list[str]:
    """How the report places projects in regions and ranks the top projects: stated in every format."""
    return [
        t("Countries count in their ITU region. A territory counts in the region of the member state that "
          "administers it (Réunion and Mayotte: France, so Europe); a place with no administering member state, or "
          "a disputed one (Western Sahara, Antarctica), counts in no region, only in the report on all regions."),
        t("Top projects: WSIS Prize winners first, then champions, then the projects whose action-line and SDG tags "
          "are strongest (the tagger's confidence and the variety of its evidence, bounded: repeated keywords add "
          "nothing), the most recent first among equals. Copies of a project (the same title and organisation, or "
          "nearly the same title and description) count once; \"Copies folded\" says how many were set aside."),
    ]
