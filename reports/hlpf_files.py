"""The WSIS–SDG Matrix and the HLPF contribution as files: CSV, XLSX, Markdown and PDF, each rendered from the
same tables (reports/tables.py: Table), in the reader's language; user text is inert in each (schemas/inert.py).
The PDF draws the matrix's states as a heat map in colour-blind-safe colours, each cell marked with a letter."""

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from reports.pdf import _RIGHT_TO_LEFT, _paragraph, _pdf_table, _string
from reports.tables import ENGLISH, Cell, Table, Translate
from schemas.inert import markdown_file_text, spreadsheet_cell
from schemas.matrix import CellView

# Okabe–Ito: told apart with every common colour-vision deficiency; the letter says it again
STATE_COLOURS = {"supported": ("#0072B2", "S"), "unevidenced": ("#E69F00", "P"), "emerging": ("#D55E00", "E")}


@dataclass
class Document:
    title: str
    subtitle: str
    tables: list[Table]
    heatmap: list[CellView] = field(default_factory=list)
    legend: str = ""


def to_markdown(doc: Document, t: Translate = ENGLISH) -> str:
    def cell(value: Cell) -> str:
        return markdown_file_text(value if value is not None else "")

    lines = [f"# {markdown_file_text(doc.title)}", "", markdown_file_text(doc.subtitle), ""]
    for table in doc.tables:
        lines += [f"## {markdown_file_text(table.title)}", "",
                  "| " + " | ".join(cell(h) for h in table.header) + " |", "|" + "---|" * len(table.header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def to_csv(doc: Document, t: Translate = ENGLISH) -> str:
    """Each table under its name: section, then the table's own columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for table in doc.tables:
        writer.writerow(["section", *table.header])
        writer.writerows([spreadsheet_cell(v) for v in (table.name, *row)] for row in table.rows)
    return out.getvalue()


def to_xlsx(doc: Document, t: Translate = ENGLISH) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in doc.tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([spreadsheet_cell(f"{doc.title} — {table.title}")])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([spreadsheet_cell(h) for h in table.header])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([spreadsheet_cell(value) for value in row])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in list(column)[1:])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _heatmap(cells: list[CellView], width: float) -> Drawing:
    lines = list(dict.fromkeys(c.line for c in cells))
    goals = sorted({c.goal for c in cells}, key=int)
    label_width, cell_h = 90, 12
    cell_w = (width - label_width) / max(len(goals), 1)
    height = cell_h * (len(lines) + 1) + 4
    drawing = Drawing(width, height)
    for j, goal in enumerate(goals):
        drawing.add(_string(label_width + (j + 0.5) * cell_w, height - cell_h + 3, goal, fontSize=7,
                            textAnchor="middle"))
    where = {(c.line, c.goal): c for c in cells}
    for i, line in enumerate(lines):
        y = height - cell_h * (i + 2)
        drawing.add(_string(0, y + 3, line, fontSize=7))
        for j, goal in enumerate(goals):
            x, cell = label_width + j * cell_w, where.get((line, goal))
            colour, letter = STATE_COLOURS.get(cell.state if cell else "", ("#f4f4f4", ""))
            drawing.add(Rect(x, y, cell_w - 1, cell_h - 1, fillColor=colors.HexColor(colour), strokeColor=None))
            if letter:
                drawing.add(_string(x + cell_w / 2, y + 3, letter, fontSize=6, textAnchor="middle",
                                    fillColor=colors.white if letter != "P" else colors.black))
    return drawing


def to_pdf(doc: Document, t: Translate = ENGLISH) -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=landscape(A4), title=doc.title, author="ITU — WSIS",
                                 leftMargin=1.4 * cm, rightMargin=1.4 * cm, topMargin=1.3 * cm, bottomMargin=1.3 * cm)
    right_to_left = bool(_RIGHT_TO_LEFT.search(doc.title))
    story: list[Flowable] = [_paragraph(doc.title, styles["Title"]), _paragraph(doc.subtitle, styles["BodyText"]),
                             Spacer(1, 8)]
    if doc.heatmap:
        story += [_heatmap(doc.heatmap, document.width), _paragraph(doc.legend, styles["Italic"]), Spacer(1, 8)]
    for table in doc.tables:
        story.append(_paragraph(table.title, styles["Heading2"]))
        if table.rows:
            story += [_pdf_table(table, styles, right_to_left), Spacer(1, 8)]
    document.build(story)
    return out.getvalue()


RENDERERS = {
    "pdf": (to_pdf, "application/pdf"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (to_csv, "text/csv"),
    "md": (to_markdown, "text/markdown"),
}


def render(doc: Document, format: str, t: Translate = ENGLISH) -> bytes:
    content = RENDERERS[format][0](doc, t)
    return content.encode("utf-8") if isinstance(content, str) else content
