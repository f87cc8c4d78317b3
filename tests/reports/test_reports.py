"""Regional reports against the real search server: every figure is checked against the truth counted here from
the generated records, and the PDF, XLSX, CSV and Markdown files are read back."""

import csv
import io
import json
from collections import Counter

import arabic_reshaper
import pytest
from conftest import index_demo, make_settings
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import SimpleDocTemplate
from typer.testing import CliRunner

from dashboard.i18n import catalog, translator
from prizes.eligibility import shingles, similarity
from reports.export import render
from reports.figures import Scope, build_report
from reports.files import to_markdown
from reports.pdf import _paragraph, _pdf_table, shaped
from reports.ranking import normalised
from reports.tables import Table, title
from schemas.prize_documents import PrizeEntryDocument
from schemas.reference import ACTION_LINES, STAKEHOLDER_TYPES
from schemas.search_document import tag_strength
from storage.prize_index import PrizeIndex
from wsis.cli import app

SCOPE = Scope("Africa", 2018, 2022)


@pytest.fixture(scope="module")
def dataset(engines):
    """600 generated submissions indexed, with what each one is in truth: from its payload and its tags."""
    settings = make_settings(*engines)
    index, records = index_demo(settings, 600, seed=51)
    truth = []
    for record in records:
        payload = json.loads(record.model_dump_json())["submission"]
        lines = set(payload["action_lines"]) | {tag.code for tag in record.tags.action_lines}
        lines |= {"C7"} if any(code.startswith("C7.") for code in lines) else set()
        truth.append({
            "id": record.submission_id, "region": payload["region"], "country": payload["country_code"],
            "year": int(payload["start_date"][:4]), "organisation": payload["organisation"],
            "stakeholder": payload["stakeholder_type"], "status": payload["status"], "lines": lines,
            "sdgs": set(payload["sdgs"]) | {tag.sdg for tag in record.tags.sdgs},
            "strength": tag_strength(record.tags), "title": payload["title"],
            "description": payload["description"], "received_at": record.received_at.isoformat(),
        })
    return settings, index, truth


def prize_entry(**fields: object) -> PrizeEntryDocument:
    """A prize entry as the prizes worker writes it: eligible, with `fields`."""
    base = {"submitted_at": "2024-01-15T00:00:00Z", "stakeholder_type": "government", "status": "completed",
            "language": "en", "description": "A project.", "eligible": True}
    return PrizeEntryDocument.model_validate(base | fields)


def in_scope(truth: list[dict], scope: Scope) -> list[dict]:
    return [p for p in truth if p["region"] == scope.region and scope.year_from <= p["year"] <= scope.year_to]


def test_figures_equal_the_truth_of_the_generated_records(dataset) -> None:
    _, index, truth = dataset
    report = build_report(index, SCOPE)
    for figures, scope in ((report.current, SCOPE), (report.previous, Scope("Africa", 2013, 2017))):
        projects = in_scope(truth, scope)
        assert len(projects) > 20
        assert figures.submissions == len(projects)
        assert figures.organisations == len({p["organisation"] for p in projects})
        assert figures.per_year == {y: sum(p["year"] == y for p in projects) for y in scope.years}
        assert figures.per_action_line == {c: sum(c in p["lines"] for p in projects) for c in ACTION_LINES}
        assert figures.per_sdg == {s: sum(s in p["sdgs"] for p in projects) for s in range(1, 18)}
        assert figures.heatmap == {c: {s: sum(c in p["lines"] and s in p["sdgs"] for p in projects)
                                       for s in range(1, 18)} for c in ACTION_LINES}
        assert figures.per_country == dict(Counter(p["country"] for p in projects))
        assert list(figures.per_country.values()) == sorted(figures.per_country.values(), reverse=True)
        assert figures.stakeholders == {k: sum(p["stakeholder"] == k for p in projects) for k in STAKEHOLDER_TYPES}
        assert figures.statuses["completed"] == sum(p["status"] == "completed" for p in projects)

    key = {k.label: (k.value, k.previous, k.change) for k in report.key_figures()}
    now, before = in_scope(truth, SCOPE), in_scope(truth, SCOPE.previous())
    assert key["Submissions"] == (len(now), len(before), len(now) - len(before))
    assert key["Countries"][:2] == (len({p["country"] for p in now}), len({p["country"] for p in before}))

    assert [p.submission_id for p in report.top_projects] == [p["id"] for p in strongest_once(now)[:10]]


def strongest_once(projects: list[dict]) -> list[dict]:
    """The truth of "Top projects" without prizes: strongest tags first, the most recent first among equals, each
    project once (a copy has the same title and organisation, or nearly the same title and description)."""
    ordered = sorted(projects, key=lambda p: p["id"])
    ordered.sort(key=lambda p: p["received_at"], reverse=True)
    ordered.sort(key=lambda p: (-p["strength"], -p["year"]))
    kept: list[dict] = []
    for p in ordered:
        text = shingles(f"{p['title']}\n{p['description']}")
        if not any((normalised(p["title"]), normalised(p["organisation"])) == (normalised(k["title"]),
                                                                              normalised(k["organisation"]))
                   or similarity(text, shingles(f"{k['title']}\n{k['description']}")) >= 0.8 for k in kept):
            kept.append(p)
    return kept


def test_prize_winners_and_champions_of_the_region_and_period(dataset) -> None:
    settings, index, _ = dataset
    prizes = PrizeIndex(index.client, f"{settings.index_alias}-prizes", settings.index_layout)
    prizes.ensure()
    entry = {"project_id": "P", "organisation": "Org", "country": "Kenya", "category": 4}
    prizes.write([
        prize_entry(**entry, entry_id="won", year=2020, region="Africa", title="Winner 2020", winner=True,
                    champion=True),
        prize_entry(**entry, entry_id="champion", year=2022, region="Africa", title="Champion 2022", winner=False,
                    champion=True),
        prize_entry(**entry, entry_id="nominated", year=2021, region="Africa", title="Only nominated"),
        prize_entry(**entry, entry_id="elsewhere", year=2021, region="Europe", title="Europe", winner=True),
        prize_entry(**entry, entry_id="too-early", year=2015, region="Africa", title="Too early", winner=True),
    ], [])
    report = build_report(index, SCOPE, prize_index=prizes.entries_index)
    assert [(p.year, p.title, p.winner) for p in report.prizes] == [(2022, "Champion 2022", False),
                                                                    (2020, "Winner 2020", True)]
    sheet = load_workbook(io.BytesIO(render(report, "xlsx")))["Prizes"]
    assert [row[:4] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        (2022, "Capacity building", "Champion", "Champion 2022"), (2020, "Capacity building", "Winner", "Winner 2020")]
    assert build_report(index, SCOPE, prize_index="no-such-index").prizes == []


def test_every_region_and_the_whole_world(dataset) -> None:
    _, index, truth = dataset
    world = build_report(index, Scope(None, 2008, 2025))
    assert world.current.submissions == len(truth)
    by_region = Counter(p["region"] for p in truth)
    for region, count in by_region.items():
        assert build_report(index, Scope(region, 2008, 2025), top=1).current.submissions == count


def tokens(pdf: bytes) -> list[str]:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()


def has_row(words: list[str], first: str, values: list[str], within: int = 14) -> bool:
    """`first`, then `values` in that order and next to each other, in the next few words (cells wrap)."""
    for i, word in enumerate(words):
        if word == first:
            following = words[i + 1:i + 1 + within]
            if any(following[j:j + len(values)] == values for j in range(len(following))):
                return True
    return False


def test_pdf_and_xlsx_open_and_hold_the_figures(dataset) -> None:
    _, index, _ = dataset
    report = build_report(index, SCOPE)
    now, before = report.current, report.previous

    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    words = tokens(pdf)
    for figure in report.key_figures():
        assert has_row(words, figure.label.split()[-1], [str(figure.value), str(figure.previous)]), figure
    for code, count in now.per_action_line.items():
        assert has_row(words, code, [str(count), str(before.per_action_line[code])], within=30), code
    for country, count in now.per_country.items():
        assert has_row(words, country, [str(count)]), country

    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert {"Key figures", "Per year", "Action lines", "SDGs", "Heat map", "Countries", "Stakeholders",
            "Top projects"} <= set(book.sheetnames)
    rows = {sheet: list(book[sheet].iter_rows(min_row=3, values_only=True)) for sheet in book.sheetnames}
    assert [(r[0], r[1], r[2]) for r in rows["Key figures"]] == [(k.label, k.value, k.previous)
                                                                  for k in report.key_figures()]
    assert {r[0]: r[1] for r in rows["Per year"]} == now.per_year
    assert {r[0]: (r[2], r[3]) for r in rows["Action lines"]} == {
        c: (n, before.per_action_line[c]) for c, n in now.per_action_line.items()}
    assert {r[0]: list(r[1:]) for r in rows["Heat map"]} == {c: list(row.values()) for c, row in now.heatmap.items()}
    assert {r[1]: r[2] for r in rows["Countries"] if r[2]} == now.per_country
    assert [r[1] for r in rows["Top projects"]] == [p.title for p in report.top_projects]


@pytest.mark.parametrize(("language", "font"), [("fr", "Helvetica"), ("ru", "DejaVuSans"),
                                              ("zh", "WenQuanYiMicroHei"), ("ar", "DejaVuSans")])
def test_each_format_in_the_readers_language(dataset, language: str, font: str) -> None:
    _, index, _ = dataset
    report = build_report(index, SCOPE)
    t, words = translator(language), catalog(language)
    heading = t("WSIS Stocktaking regional report: {region}, {period}", region=words["Africa"], period="2018–2022")
    assert heading != title(report) and words["Africa"] in heading

    assert render(report, "md", t).decode().splitlines()[0] == f"# {heading}"
    book = load_workbook(io.BytesIO(render(report, "xlsx", t)))
    assert book["Key figures"]["A1"].value.startswith(heading)
    figures = [row[0] for row in book["Key figures"].iter_rows(min_row=3, values_only=True)]
    assert figures == [words[k.label] for k in report.key_figures()]
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", t).decode())))
    per_sdg = {int(r["row"]): int(r["value"]) for r in rows
               if r["section"] == "SDGs" and r["column"] == words["Projects"]}
    assert per_sdg == report.current.per_sdg

    pdf = PdfReader(io.BytesIO(render(report, "pdf", t)))
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in pdf.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any(name.lstrip("/").startswith(font) for name in fonts), fonts  # a font with the language's letters
    if language == "fr":  # Latin-1 needs no other font than Helvetica
        assert all(name.startswith("/Helvetica") for name in fonts), fonts
    first_page = pdf.pages[0].extract_text()
    joined = arabic_reshaper.reshape if language == "ar" else str  # Arabic letters in their joined forms
    assert joined(words["Key figures"]) in first_page
    assert first_page.startswith(joined(heading.split()[0]))  # right to left too, the title starts the page


def test_csv_and_markdown_hold_the_same_figures(dataset) -> None:
    _, index, _ = dataset
    report = build_report(index, SCOPE)
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode())))
    per_sdg = {int(r["row"]): int(r["value"]) for r in rows if r["section"] == "SDGs" and r["column"] == "Projects"}
    assert per_sdg == report.current.per_sdg
    markdown = render(report, "md").decode()
    submissions = report.key_figures()[0]
    assert f"| Submissions | {submissions.value} | {submissions.previous} |" in markdown


def test_the_command_writes_the_same_report_as_the_function(dataset, tmp_path, use_settings) -> None:
    settings, index, _ = dataset
    use_settings(settings)
    target = tmp_path / "africa.md"
    result = CliRunner().invoke(app, ["report", "--region", "africa", "--from", "2018", "--to", "2022",
                                      "--format", "md", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == to_markdown(build_report(index, SCOPE))
    in_arabic = CliRunner().invoke(app, ["report", "--region", "africa", "--from", "2018", "--to", "2022",
                                         "--format", "md", "--language", "ar", "--output", "-"])
    assert in_arabic.stdout == to_markdown(build_report(index, SCOPE), translator("ar"))
    refused = CliRunner().invoke(app, ["report", "--region", "Atlantis", "--format", "md"])
    assert refused.exit_code != 0 and "Africa" in refused.output
    unknown = CliRunner().invoke(app, ["report", "--region", "africa", "--format", "md", "--language", "klingon"])
    assert unknown.exit_code != 0 and "en, fr, es, ar, zh, ru" in unknown.output


def test_a_long_right_to_left_paragraph_is_split_across_pages_in_reading_order() -> None:
    letters = "بتثجحخسشصضطظعغفقكلمنهي"
    words = [f"{letters[i % 22]}{letters[i // 22 % 22]}{letters[i // 484]}ة" for i in range(1500)]  # all distinct
    out = io.BytesIO()
    SimpleDocTemplate(out).build([_paragraph(" ".join(words), getSampleStyleSheet()["BodyText"])])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]
    assert len(pages) >= 2
    assert pages[0].split()[0] == arabic_reshaper.reshape(words[0])  # the first word opens the first page…
    assert pages[-1].split()[-1] == arabic_reshaper.reshape(words[-1])  # …and the last one closes the last


def test_right_to_left_tables_run_from_the_right() -> None:
    table = Table("Key figures", "الأرقام الرئيسية", ("المؤشر", "2018–2022"), [("البلدان", 10)])
    cells = _pdf_table(table, getSampleStyleSheet(), right_to_left=True)._cellvalues
    assert [cells[1][0], cells[1][1].text] == ["10", shaped("البلدان", "R")]  # the label column is rightmost


def test_right_to_left_text_is_drawn_with_its_brackets_mirrored() -> None:
    assert shaped("أ (ب)", "R") == "(ﺏ) ﺃ"  # drawn left to right, the bracket that opens is on the right
