"""PDF tables laid out for their content: a long title takes at most three lines, numbers stay on one line, and a
title longer than the cell's maximum is cut at a word boundary with "…"."""

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from reports.pdf_tables import MAX_CELL, column_widths, pdf_table
from reports.tables import Table

WIDTH = A4[0] - 3.2 * cm  # the report's text width
LONG = ("Strengthening community broadband networks and digital skills for women entrepreneurs in remote rural "
        "districts through a multi-stakeholder partnership with local universities")
HEADER = ("Rank", "Title", "Organisation", "Country", "Year", "Prize", "Action lines", "SDGs", "Tag strength",
          "Copies folded")


def top_projects(titles: list[str]) -> Table:
    rows = [(rank, title, "Ministry of Information and Communication Technologies", "Tanzania, United Republic of",
             2021, "Champion", "C2, C4, C7, C7.E-Business", "4, 5, 8, 9, 17", 2.845, 1)
            for rank, title in enumerate(titles, 1)]
    return Table("Top projects", "Top projects", HEADER, rows)


def paragraph(cell: object) -> Paragraph | None:
    """A cell's paragraph (a wrapped table holds each in a tuple), or None for plain text."""
    cell = cell[0] if isinstance(cell, list | tuple) and cell else cell
    return cell if isinstance(cell, Paragraph) else None


def widths_used(table: object) -> list[int]:
    return [round(w) for w in table._colWidths]


def lines(cell: object) -> int:
    found = paragraph(cell)
    return len(found.blPara.lines) if found else 1


def test_a_long_title_takes_at_most_three_lines_and_numbers_one() -> None:
    table = pdf_table(top_projects([LONG, "Village radio", LONG[:60]]), getSampleStyleSheet(), width=WIDTH)
    width, _ = table.wrap(WIDTH, 10_000)
    assert width <= WIDTH + 0.5
    for row in table._cellvalues[1:]:
        assert 1 <= lines(row[1]) <= 3, (lines(row[1]), widths_used(table))
        assert lines(row[2]) <= 3 and lines(row[3]) <= 3
        assert all(lines(cell) == 1 for cell in (row[0], row[4], row[5], row[7], row[8], row[9])), row
        assert lines(row[6]) <= 3
    assert lines(table._cellvalues[2][1]) == 1  # a short title: one line
    widths = column_widths(top_projects([LONG]), WIDTH)
    assert widths[1] == max(widths)  # the title has the room
    assert widths[0] < 30 and widths[4] < 30  # rank and year are narrow


def test_a_title_over_the_maximum_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = (LONG + " ") * 2
    table = pdf_table(top_projects([title.strip()]), getSampleStyleSheet(), width=WIDTH)
    table.wrap(WIDTH, 10_000)
    shown = " ".join(word for line in paragraph(table._cellvalues[1][1]).blPara.lines for word in line[1])
    assert shown.endswith("…") and len(shown) <= MAX_CELL
    assert title.startswith(shown.removesuffix("…")) and title[len(shown) - 1] == " "

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=1.6 * cm, rightMargin=1.6 * cm).build([table])
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "Strengthening community broadband" in text and "…" in text


def test_a_table_that_fits_keeps_its_natural_widths() -> None:
    small = Table("Per year", "Submissions per year", ("Year", "Submissions"), [(2020, 4), (2021, 12)])
    widths = column_widths(small, WIDTH)
    assert sum(widths) < WIDTH / 2
