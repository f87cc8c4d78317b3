"""The figures of a regional report, computed by the search server in one multi-search, its searches run side by
side: the aggregations of the period, those of the period of the same length just before it (for the changes), the
first page of candidates for the top projects (reports/ranking.py) and the region's WSIS Prize winners and
champions (prizes index). The prized projects, when there are any, and further pages of candidates, when copies
fill the first, take one more round trip each.

`build_report` is the only place these numbers are computed: the dashboard page and `wsis report` both call it.
A project counts under every action line and SDG it is linked to (declared or detected, see schemas/search_document.py),
and in a year by its `year` (start date, else the year it was submitted).
"""

from dataclasses import dataclass
from typing import Any

from reports.ranking import TopProject, answered, candidates_search, top_projects
from schemas.countries import lookup_country
from schemas.prize_documents import PrizeEntryDocument
from schemas.reference import ACTION_LINES, ITU_REGIONS, SDG_NAMES, STAKEHOLDER_TYPES
from storage.submission_index import SubmissionIndex

SDGS = tuple(sorted(SDG_NAMES))
STATUSES = ("planned", "ongoing", "completed")
MAX_COUNTRIES = 300  # more than there are countries


def country_name(code: str) -> str:
    country = lookup_country(code)
    return country.name if country else code


@dataclass(frozen=True)
class Scope:
    """A region (None: every region) and an inclusive range of years."""

    region: str | None
    year_from: int
    year_to: int

    def __post_init__(self) -> None:
        if self.region is not None and self.region not in ITU_REGIONS:
            raise ValueError(f"unknown ITU region {self.region!r}; expected one of {', '.join(ITU_REGIONS)}")
        if self.year_from > self.year_to:
            raise ValueError(f"the period starts ({self.year_from}) after it ends ({self.year_to})")

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)

    def previous(self) -> "Scope":
        """The period of the same length just before this one, in the same region."""
        return Scope(self.region, self.year_from - len(self.years), self.year_from - 1)

    @property
    def period(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"

    @property
    def label(self) -> str:
        return f"{self.region or 'All regions'}, {self.period}"


@dataclass
class Figures:
    """Counts of projects over one period; every action line, SDG, stakeholder type and year is present."""

    submissions: int
    organisations: int
    per_year: dict[int, int]
    per_action_line: dict[str, int]
    per_sdg: dict[int, int]
    heatmap: dict[str, dict[int, int]]  # action line → SDG → projects linked to both
    per_country: dict[str, int]  # ISO alpha-3 → projects, most first; regional projects have no country
    stakeholders: dict[str, int]
    statuses: dict[str, int]

    @property
    def countries(self) -> int:
        return len(self.per_country)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def change_percent(self) -> float | None:
        return round(100 * self.change / self.previous, 1) if self.previous else None


@dataclass(frozen=True)
class PrizeResult:
    year: int
    category: int
    title: str
    organisation: str
    country: str | None
    winner: bool  # else a champion
    project_id: str | None = None  # the submission the entry was made from


@dataclass
class RegionalReport:
    scope: Scope
    current: Figures
    previous: Figures  # over scope.previous()
    top_projects: list[TopProject]  # prize winners, champions, then the strongest tags; copies folded
    prizes: list[PrizeResult]  # WSIS Prize winners and champions of the region in the period's prize years

    def key_figures(self) -> list[KeyFigure]:
        def covered(counts: dict[Any, int]) -> int:
            return sum(1 for n in counts.values() if n)

        now, before = self.current, self.previous
        return [
            KeyFigure("Submissions", now.submissions, before.submissions),
            KeyFigure("Countries", now.countries, before.countries),
            KeyFigure("Organisations", now.organisations, before.organisations),
            KeyFigure("Action lines covered", covered(now.per_action_line), covered(before.per_action_line)),
            KeyFigure("SDGs covered", covered(now.per_sdg), covered(before.per_sdg)),
            KeyFigure("Completed projects", now.statuses["completed"], before.statuses["completed"]),
        ]


def _query(scope: Scope) -> dict[str, Any]:
    filters: list[dict[str, Any]] = [{"range": {"year": {"gte": scope.year_from, "lte": scope.year_to}}}]
    if scope.region:
        filters.append({"term": {"region": scope.region}})
    return {"bool": {"filter": filters}}


def _terms(field: str, size: int, **sub: dict[str, Any]) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size}} | ({"aggs": sub} if sub else {})


def _counts(aggregation: dict[str, Any]) -> dict[Any, int]:
    return {bucket["key"]: bucket["doc_count"] for bucket in aggregation["buckets"]}


def _aggregations(scope: Scope) -> dict[str, Any]:
    return {
        "per_year": _terms("year", len(scope.years)),
        "per_action_line": _terms("action_lines", len(ACTION_LINES), sdgs=_terms("sdgs", len(SDGS))),
        "per_sdg": _terms("sdgs", len(SDGS)),
        "per_country": _terms("country_code", MAX_COUNTRIES),
        "stakeholders": _terms("stakeholder_type", len(STAKEHOLDER_TYPES)),
        "statuses": _terms("status", len(STATUSES)),
        # exact below the threshold (40,000 distinct organisations per report), approximate above
        "organisations": {"cardinality": {"field": "organisation.raw", "precision_threshold": 40000}},
    }


def _figures(response: dict[str, Any], scope: Scope) -> Figures:
    aggs = response["aggregations"]
    by_line = {bucket["key"]: _counts(bucket["sdgs"]) for bucket in aggs["per_action_line"]["buckets"]}
    per_year, per_line, per_sdg = _counts(aggs["per_year"]), _counts(aggs["per_action_line"]), _counts(aggs["per_sdg"])
    stakeholders, statuses = _counts(aggs["stakeholders"]), _counts(aggs["statuses"])
    countries = _counts(aggs["per_country"])
    return Figures(
        submissions=response["hits"]["total"]["value"],
        organisations=int(aggs["organisations"]["value"]),
        per_year={year: per_year.get(year, 0) for year in scope.years},
        per_action_line={code: per_line.get(code, 0) for code in ACTION_LINES},
        per_sdg={sdg: per_sdg.get(sdg, 0) for sdg in SDGS},
        heatmap={code: {sdg: by_line.get(code, {}).get(sdg, 0) for sdg in SDGS} for code in ACTION_LINES},
        per_country=dict(sorted(countries.items(), key=lambda item: (-item[1], item[0]))),
        stakeholders={kind: stakeholders.get(kind, 0) for kind in STAKEHOLDER_TYPES},
        statuses={status: statuses.get(status, 0) for status in STATUSES},
    )


def _figures_search(index: SubmissionIndex, scope: Scope) -> list[dict[str, Any]]:
    return [{"index": index.alias},
            {"size": 0, "track_total_hits": True, "query": _query(scope), "aggs": _aggregations(scope)}]


def _prizes_search(prize_index: str, scope: Scope) -> list[dict[str, Any]]:
    """Winners and champions from the prizes index (written by the prizes worker); none until there is one."""
    filters: list[dict[str, Any]] = [
        {"range": {"year": {"gte": scope.year_from, "lte": scope.year_to}}},
        {"bool": {"should": [{"term": {"winner": True}}, {"term": {"champion": True}}], "minimum_should_match": 1}},
    ]
    if scope.region:
        filters.append({"term": {"region": scope.region}})
    return [{"index": prize_index, "ignore_unavailable": True, "allow_no_indices": True},
            {"query": {"bool": {"filter": filters}}, "size": 1000}]


def _prize_results(response: dict[str, Any]) -> list[PrizeResult]:
    entries = (PrizeEntryDocument.model_validate(hit["_source"]) for hit in response.get("hits", {}).get("hits", []))
    results = [PrizeResult(e.year, e.category, e.title, e.organisation, e.country, e.winner, e.project_id)
               for e in entries]
    return sorted(results, key=lambda r: (-r.year, r.category, not r.winner, r.title))


def period_figures(index: SubmissionIndex, scope: Scope) -> Figures:
    response = index.client.search(index=index.alias, **_figures_search(index, scope)[1])
    return _figures(response, scope)


def prize_results(index: SubmissionIndex, prize_index: str, scope: Scope) -> list[PrizeResult]:
    header, body = _prizes_search(prize_index, scope)
    return _prize_results(answered(index.client.msearch(searches=[header, body])["responses"][0]))


def build_report(index: SubmissionIndex, scope: Scope, top: int = 10, prize_index: str | None = None) -> RegionalReport:
    """The report's figures; with `prize_index`, the prize winners and champions too (and they lead the top
    projects)."""
    query = _query(scope)
    searches = _figures_search(index, scope) + _figures_search(index, scope.previous())
    searches += candidates_search(index.alias, query, top)
    searches += _prizes_search(prize_index, scope) if prize_index else []
    responses = index.client.msearch(searches=searches)["responses"]
    # a prizes index still starting (just created by the prizes worker) answers with an error: no prizes yet
    prizes = _prize_results(responses[3]) if prize_index and "error" not in responses[3] else []
    figures = [answered(r) for r in responses[:2]]
    awarded: dict[str, str] = {}
    for prize in sorted(prizes, key=lambda p: not p.winner):  # a winner stays a winner if also listed as champion
        if prize.project_id:
            awarded.setdefault(prize.project_id, "winner" if prize.winner else "champion")
    return RegionalReport(scope, _figures(figures[0], scope), _figures(figures[1], scope.previous()),
                          top_projects(index.client, index.alias, query, top, awarded, responses[2]), prizes)
