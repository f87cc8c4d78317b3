"""The HLPF contribution over the real search server: a matrix index holding what the matrix worker writes for
300 demo submissions, a prize year with a winner, a champion and a finalist; the figures are checked against
counts made here from the projects, and the files (PDF, XLSX, Markdown, `wsis report --hlpf`) against them."""

import csv
import datetime as dt
import io
import json
import uuid
from collections import Counter

import pytest
from conftest import make_settings
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from matrix.contribution import contribution
from matrix.counts import parse_key, recount
from producers.demo import generate
from reports.hlpf import build_hlpf, hlpf_file, hlpf_reviews
from reports.hlpf_files import render
from reports.hlpf_matrix import build_matrix, matrix_document
from schemas.clients import search_client
from schemas.inert import markdown_file_text
from schemas.matrix import MatrixCount
from schemas.prize_documents import PrizeCycleDocument, PrizeEntryDocument
from schemas.translation import translator
from storage.matrix_index import MatrixIndex, matrix_index_name
from storage.prize_index import PrizeIndex
from storage.topics import ensure_topics
from streams.processing import process_raw
from wsis.cli import app

HOSTILE = "=HYPERLINK(\"http://evil\") *bold* [x](http://e) <b>"


@pytest.fixture(scope="module")
def world(engines):
    settings = make_settings(*engines, prize_index=f"p{uuid.uuid4().hex[:8]}-prizes")
    ensure_topics(settings)
    index = MatrixIndex(search_client(settings), matrix_index_name(settings), settings.index_layout)
    index.ensure()
    projects = [contribution(process_raw(r.submission_id.encode(), r.value)) for r in generate(300, seed=31)]
    health = [p for p in projects if "3" in p.goals]
    # a title no output may run, on the project that evidences SDG 3 most strongly in its region
    strongest = health[0].model_copy(update={"title": HOSTILE, "evidence": health[0].evidence | {"3": ["x"] * 20}})
    projects = [strongest if p.submission_id == strongest.submission_id else p for p in projects]
    rows = [MatrixCount(key=k, count=n, **parse_key(k)._asdict()) for k, n in recount(projects).items()]
    index.write(rows, [], projects, [])
    index.refresh()
    prizes = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    prizes.ensure()
    results = {health[1].submission_id: "winner", health[2].submission_id: "champion",
               health[3].submission_id: "finalist"}
    entries = [PrizeEntryDocument(
        entry_id=f"2025-01-{pid}", year=2025, category=1, project_id=pid, submitted_at=dt.datetime(2025, 1, 1),
        title="t", organisation="o", stakeholder_type="Government", status="ongoing", language="en",
        description="d", eligible=True, nominated=True, winner=result == "winner", champion=result == "champion")
        for pid, result in results.items()]
    prizes.write(entries, [PrizeCycleDocument(year=2025, phase="results", dates={"submission": dt.date(2025, 1, 1)})])
    return settings, index, prizes, projects, results


def test_the_years_are_data_an_organiser_extends(tmp_path, engines) -> None:
    assert hlpf_reviews()[2025] == [3, 5, 8, 14, 17] and 2020 not in hlpf_reviews()
    extra = tmp_path / "hlpf.json"
    extra.write_text(json.dumps({"2026": [6, 7, 17], "2025": [3]}))
    reviews = hlpf_reviews(make_settings(*engines, hlpf_review_file=extra))
    assert reviews[2026] == [6, 7, 17] and reviews[2025] == [3] and reviews[2017] == [1, 2, 3, 5, 9, 14, 17]


def test_the_contribution_counts_what_the_projects_show(world) -> None:
    settings, index, prizes, projects, results = world
    hlpf = build_hlpf(index, prizes, 2025, hlpf_reviews())
    assert [r.sdg for r in hlpf.sdgs] == [3, 5, 8, 14, 17]
    health = hlpf.sdgs[0]
    in_goal = [p for p in projects if "3" in p.goals]
    assert health.recent == sum(2022 <= p.year <= 2025 for p in in_goal)
    assert health.earlier == sum(2018 <= p.year <= 2021 for p in in_goal)
    assert health.per_year == {y: sum(p.year == y for p in in_goal) for y in range(2022, 2026)}
    lines = Counter(cell.split("|")[0] for p in in_goal for cell in p.cells if cell.endswith("|3"))
    assert health.lines[0].line == lines.most_common(1)[0][0]
    assert health.lines[0].projects == lines.most_common(1)[0][1]
    assert all(c.state in ("supported", "unevidenced", "emerging", "observed") for c in health.lines)
    for region, strongest in health.strongest.items():
        assert 0 < len(strongest) <= 3 and all(p.region == region and "3" in p.goals for p in strongest)
    assert HOSTILE in [p.title for ps in health.strongest.values() for p in ps]
    laureates = {p.submission_id: result for p, result in health.laureates}
    assert laureates == {i: r for i, r in results.items() if r != "finalist"}
    assert all(c.state == "emerging" for s in hlpf.sdgs for c in s.emerging)


def test_the_files_in_six_languages_keep_user_text_inert(world) -> None:
    settings, *_ = world
    pdf, name = hlpf_file(settings, 2025, "pdf", "en")
    assert name == "wsis-hlpf-2025-en.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "WSIS contribution to the HLPF 2025" in text and "Strongest projects per ITU region" in text
    book = load_workbook(io.BytesIO(hlpf_file(settings, 2025, "xlsx", "fr")[0]))
    assert book.sheetnames[:3] == ["Overview", "SDG3 years", "SDG3 lines"]
    titles = [row[1] for row in book["SDG3 regions"].iter_rows(min_row=3, values_only=True)]
    assert "'" + HOSTILE in titles and HOSTILE not in titles
    markdown = hlpf_file(settings, 2025, "md", "ar")[0].decode()
    assert HOSTILE not in markdown and "\\*bold\\*" in markdown and "&lt;b&gt;" in markdown
    title = translator("ar")("WSIS contribution to the HLPF {year}", year=2025)
    assert markdown.startswith(f"# {markdown_file_text(title)}\n") and title != "WSIS contribution to the HLPF 2025"
    for language in ("es", "zh", "ru"):
        assert hlpf_file(settings, 2025, "pdf", language)[0].startswith(b"%PDF")


def test_wsis_report_hlpf(world, use_settings, tmp_path) -> None:
    settings, *_ = world
    use_settings(settings)
    result = CliRunner().invoke(app, ["report", "--hlpf", "2025", "--format", "md", "--language", "fr",
                                      "--output", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ") and "ODD 3" in result.stdout
    target = tmp_path / "hlpf.pdf"
    assert CliRunner().invoke(app, ["report", "--hlpf", "2025", "--output", str(target)]).exit_code == 0
    assert target.read_bytes().startswith(b"%PDF")
    refused = CliRunner().invoke(app, ["report", "--hlpf", "2020"])
    assert refused.exit_code == 2 and "2025" in refused.output


def test_the_matrix_files_hold_the_pages_figures(world) -> None:
    _, index, prizes, projects, results = world
    report = build_matrix(index, prizes)
    assert report.totals.projects == len(projects)
    laureates = [p for p in projects if results.get(p.submission_id) in ("winner", "champion")]
    assert report.laureates["C7.e-health|3"] == sum("C7.e-health|3" in p.cells for p in laureates) > 0
    rows = list(csv.reader(io.StringIO(render(matrix_document(report, translator("es")), "csv").decode())))
    summary = {row[1]: row[2] for row in rows if row[0] == "Summary"}
    counts = report.state_counts()
    assert summary == {"respaldado": str(counts["supported"]),
                       "propuesto, aún sin evidencia": str(counts["unevidenced"]),
                       "emergente": str(counts["emerging"]), "Proyectos": str(len(projects))}
    matrix_rows = [row for row in rows if row[0] == "Matrix"]
    assert len(matrix_rows) == sum(c.state != "observed" or c.projects > 0 for c in report.cells)
    book = load_workbook(io.BytesIO(render(matrix_document(report), "xlsx")))
    assert book.sheetnames == ["Summary", "Matrix", "Targets"]
    assert render(matrix_document(report, translator("zh")), "pdf").startswith(b"%PDF")
