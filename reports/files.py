"""A regional report as a spreadsheet or text file: XLSX (one sheet per table, native charts), CSV (one row per
figure) or Markdown, each rendered from `report_tables` (the sheet and section names stay English, as
identifiers)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font

from reports.figures import RegionalReport
from reports.tables import ENGLISH, Cell, Translate, method_notes, report_tables, subtitle, title
from schemas.inert import markdown_file_text, spreadsheet_cell


def to_markdown(report: RegionalReport, t: Translate = ENGLISH) -> str:
    def cell(value: Cell) -> str:
        return markdown_file_text(value if value is not None else "")

    lines = [f"# {title(report, t)}", "", subtitle(report, t), ""]
    lines += [line for note in method_notes(t) for line in (note, "")]
    for table in report_tables(report, t):
        lines += [f"## {table.title}", "", "| " + " | ".join(table.header) + " |",
                  "|" + "---|" * len(table.header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def to_csv(report: RegionalReport, t: Translate = ENGLISH) -> str:
    """One row per figure: section, row, column, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "row", "column", "value"])
    for table in report_tables(report, t):
        for row in table.rows:
            for column, value in zip(table.header[1:], row[1:], strict=True):
                writer.writerow([spreadsheet_cell(v) for v in (table.name, row[0], column, value)])
    return out.getvalue()


def to_xlsx(report: RegionalReport, t: Translate = ENGLISH) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report, t):
        sheet = book.create_sheet(table.name)
        sheet.append([title(report, t) + f" — {table.title}"])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(table.header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([spreadsheet_cell(value) for value in row])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in list(column)[1:])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        last = len(table.rows) + 2
        if table.name == "Heat map":
            sheet.conditional_formatting.add(
                f"B3:{sheet.cell(row=last, column=len(table.header)).coordinate}",
                ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="1F5FA8"),
            )
        elif table.name in {"Per year", "Action lines", "SDGs"}:
            values_column = 2 if table.name == "Per year" else 3
            chart = BarChart()
            chart.title, chart.legend, chart.height, chart.width = table.title, None, 9, 18
            chart.add_data(Reference(sheet, min_col=values_column, min_row=2, max_row=last), titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))
            sheet.add_chart(chart, f"{sheet.cell(row=2, column=len(table.header) + 2).coordinate}")
    method = book.create_sheet("Method")
    for line in (title(report, t), subtitle(report, t), *method_notes(t)):
        method.append([line])
    method["A1"].font = Font(bold=True, size=12)
    method.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------------------
# Each text is drawn in a font that has its script: Helvetica for Latin-1, DejaVu Sans (Cyrillic, Arabic, Greek…)
# and WenQuanYi Micro Hei (CJK) found among the system's fonts; Arabic is shaped and laid out right to left. A
# project title is in any language, whatever the report's.
