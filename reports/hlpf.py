"""The WSIS contribution to the UN High-level Political Forum: for each SDG the forum reviews in depth that year,
the projects that evidence it and their trend, the action lines that most support it with the matrix state of
each link, the strongest projects per ITU region, the WSIS Prize winners and champions linked to it, and the
emerging links. The years and their SDGs are data: `hlpf_sdg_review` in schemas/data/reference.json, which a
file named by WSIS_HLPF_REVIEW_FILE extends or overrides ({"2026": [6, 7, 17]}), no code needed."""

import json
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files

from matrix.counts import parse_key
from reports.hlpf_files import Document, render
from reports.hlpf_matrix import STATE_NAMES, MatrixReport, build_matrix, prize_results, sdg_title
from reports.tables import ENGLISH, Table, Translate
from schemas.clients import search_client
from schemas.matrix import CellView, Contribution
from schemas.reference import ITU_REGIONS, action_line_names
from schemas.settings import Settings
from schemas.translation import LANGUAGES, translator
from storage.matrix_index import MatrixIndex, matrix_index_name
from storage.prize_index import PrizeIndex

PERIOD = 4  # years: the trend compares the last PERIOD years up to the forum's with the PERIOD before
TOP_LINES, TOP_PER_REGION = 5, 3


def hlpf_reviews(settings: Settings | None = None) -> dict[int, list[int]]:
    """HLPF year → the SDGs it reviews in depth."""
    data = json.loads((files("schemas") / "data" / "reference.json").read_text(encoding="utf-8"))
    reviews = dict(data.get("hlpf_sdg_review", {}))
    if settings is not None and settings.hlpf_review_file is not None:
        reviews |= json.loads(settings.hlpf_review_file.read_text(encoding="utf-8"))
    return {int(year): sorted({int(s) for s in sdgs}) for year, sdgs in reviews.items() if year.isdigit()}


@dataclass
class SdgReview:
    sdg: int
    per_year: dict[int, int]  # the last PERIOD years
    recent: int  # projects that started in the last PERIOD years
    earlier: int  # in the PERIOD years before
    lines: list[CellView]
    strongest: dict[str, list[Contribution]]  # region → its strongest projects
    laureates: list[tuple[Contribution, str]]  # (project, winner or champion)
    emerging: list[CellView]


@dataclass
class HlpfContribution:
    year: int
    sdgs: list[SdgReview]
    matrix: MatrixReport


def strength(project: Contribution, goal: str) -> tuple[int, int, str]:
    """Most phrases evidencing the SDG first, then most cells; the id settles ties."""
    return (-len(project.evidence.get(goal, [])), -len(project.cells), project.submission_id)


def build_hlpf(index: MatrixIndex, prizes: PrizeIndex | None, year: int,
               reviews: dict[int, list[int]]) -> HlpfContribution:
    if year not in reviews:
        raise ValueError(f"no SDGs are listed for HLPF {year}: add them to hlpf_sdg_review")
    results = prize_results(prizes)
    matrix = build_matrix(index, prizes, results=results)
    per_year: Counter[tuple[str, int]] = Counter()
    for key, n in index.table().items():
        if (k := parse_key(key)).measure == "goal":
            per_year[(k.goal, k.year)] += n
    reviewed = []
    for sdg in reviews[year]:
        goal = str(sdg)
        projects = index.projects(goal=goal)
        strongest = {region: sorted((p for p in projects if p.region == region),
                                    key=lambda p: strength(p, goal))[:TOP_PER_REGION] for region in ITU_REGIONS}
        cells = sorted((c for c in matrix.cells if c.goal == goal), key=lambda c: (-c.projects, c.line))
        reviewed.append(SdgReview(
            sdg, {y: per_year[(goal, y)] for y in range(year - PERIOD + 1, year + 1)},
            sum(per_year[(goal, y)] for y in range(year - PERIOD + 1, year + 1)),
            sum(per_year[(goal, y)] for y in range(year - 2 * PERIOD + 1, year - PERIOD + 1)),
            [c for c in cells if c.projects or c.proposed][:TOP_LINES],
            {r: ps for r, ps in strongest.items() if ps},
            [(p, results[p.submission_id]) for p in projects if results.get(p.submission_id) in ("winner", "champion")],
            [c for c in cells if c.state == "emerging"]))
    return HlpfContribution(year, reviewed, matrix)


def _trend(review: SdgReview) -> str:
    if not review.earlier:
        return "+" if review.recent else "0"
    return f"{(review.recent - review.earlier) / review.earlier:+.0%}"


def hlpf_tables(contribution: HlpfContribution, t: Translate = ENGLISH) -> list[Table]:
    names = action_line_names()
    y = contribution.year
    tables = [Table("Overview", t("SDGs under in-depth review"),
                    (t("SDG"), t("Projects, {start}–{end}", start=y - PERIOD + 1, end=y),
                     t("Projects, {start}–{end}", start=y - 2 * PERIOD + 1, end=y - PERIOD), t("Trend")),
                    [(sdg_title(str(r.sdg), t), r.recent, r.earlier, _trend(r)) for r in contribution.sdgs])]
    for r in contribution.sdgs:
        head = sdg_title(str(r.sdg), t)
        tables += [
            Table(f"SDG{r.sdg} years", f"{head} — {t('Projects per year')}", (t("Year"), t("Projects")),
                  list(r.per_year.items())),
            Table(f"SDG{r.sdg} lines", f"{head} — {t('Action lines that most support it')}",
                  (t("Code"), t("Action line"), t("Projects"), t("State")),
                  [(c.line, t(names.get(c.line, c.line)), c.projects, t(STATE_NAMES[c.state])) for c in r.lines]),
            Table(f"SDG{r.sdg} regions", f"{head} — {t('Strongest projects per ITU region')}",
                  (t("ITU region"), t("Title"), t("Organisation"), t("Year")),
                  [(t(region), p.title, p.organisation, p.year) for region, ps in r.strongest.items() for p in ps]),
            Table(f"SDG{r.sdg} prizes", f"{head} — {t('WSIS Prizes: winners and champions')}",
                  (t("Result"), t("Title"), t("Organisation"), t("ITU region")),
                  [(t("Winner") if result == "winner" else t("Champion"), p.title, p.organisation, t(p.region))
                   for p, result in r.laureates]),
            Table(f"SDG{r.sdg} emerging", f"{head} — {t('Emerging links')}",
                  (t("Code"), t("Action line"), t("Projects"), t("Lift"), t("Lift, 95% lower bound")),
                  [(c.line, t(names.get(c.line, c.line)), c.projects, c.lift, c.lift_lower) for c in r.emerging]),
        ]
    return tables


def hlpf_document(contribution: HlpfContribution, t: Translate = ENGLISH) -> Document:
    sdgs = ", ".join(str(r.sdg) for r in contribution.sdgs)
    return Document(t("WSIS contribution to the HLPF {year}", year=contribution.year),
                    t("The SDGs under in-depth review: {sdgs}. Evidence from the WSIS Stocktaking projects and the "
                      "WSIS Prizes; a project counts under an SDG when its text evidences it, in the year it started.",
                      sdgs=sdgs),
                    hlpf_tables(contribution, t))


def hlpf_file(settings: Settings, year: int, format: str, language: str) -> tuple[bytes, str]:
    """`wsis report --hlpf YEAR`: the contribution as a file, and its default name. ValueError: a wrong choice."""
    if format not in ("pdf", "xlsx", "md"):
        raise ValueError("--format: expected one of pdf, xlsx, md")
    if language not in LANGUAGES:
        raise ValueError(f"--language: expected one of {', '.join(LANGUAGES)}")
    reviews = hlpf_reviews(settings)
    if year not in reviews:
        raise ValueError(f"--hlpf: expected one of {', '.join(map(str, sorted(reviews)))}")
    client = search_client(settings)
    contribution = build_hlpf(MatrixIndex(client, matrix_index_name(settings), settings.index_layout),
                              PrizeIndex(client, settings.prize_index, settings.index_layout), year, reviews)
    t = translator(language)
    return render(hlpf_document(contribution, t), format, t), f"wsis-hlpf-{year}-{language}.{format}"
