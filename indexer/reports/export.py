"""A regional report as a file: PDF (charts, heat map and map), XLSX (one sheet per table, native charts), CSV
(one row per figure) or Markdown. Every format is rendered from the same tables (`report_tables`), so they all
show the same numbers."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Group, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from indexer.reports.figures import SDGS, RegionalReport, country_name
from indexer.reports.world import country_shapes
from schemas.countries import countries_in_region
from schemas.reference import PRIZE_CATEGORIES, SDG_NAMES, action_line_names

Format = Literal["pdf", "xlsx", "csv", "md"]
Cell = str | int | float | None
BLUE = colors.HexColor("#1f5fa8")
PALE = colors.HexColor("#b8cde6")


@dataclass(frozen=True)
class Table:
    name: str  # short name: the XLSX sheet, the CSV section
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _change(now: int, before: int) -> str:
    return f"{now - before:+d}"


def report_tables(report: RegionalReport) -> list[Table]:
    now, before = report.current, report.previous
    period, previous = report.scope.label.split(", ")[-1], report.scope.previous().label.split(", ")[-1]
    names = action_line_names()
    countries = sorted(set(now.per_country) | set(before.per_country),
                       key=lambda c: (-now.per_country.get(c, 0), -before.per_country.get(c, 0), c))
    total = now.submissions or 1
    return [
        Table("Key figures", "Key figures", ("Figure", period, previous, "Change", "Change %"),
              [(k.label, k.value, k.previous, _change(k.value, k.previous),
                "" if k.change_percent is None else f"{k.change_percent:+.1f}") for k in report.key_figures()]),
        Table("Per year", "Submissions per year", ("Year", "Submissions"), list(now.per_year.items())),
        Table("Action lines", "Submissions per action line",
              ("Code", "Action line", "Projects", f"Projects {previous}", "Change"),
              [(code, names[code], n, before.per_action_line[code], _change(n, before.per_action_line[code]))
               for code, n in now.per_action_line.items()]),
        Table("SDGs", "Submissions per SDG", ("SDG", "Goal", "Projects", f"Projects {previous}", "Change"),
              [(sdg, SDG_NAMES[sdg], n, before.per_sdg[sdg], _change(n, before.per_sdg[sdg]))
               for sdg, n in now.per_sdg.items()]),
        Table("Heat map", "Action lines × SDGs: projects linked to both",
              ("Action line", *(f"SDG {sdg}" for sdg in SDGS)),
              [(code, *row.values()) for code, row in now.heatmap.items()]),
        Table("Countries", "Projects per country", ("Country", "Code", "Projects", f"Projects {previous}", "Change"),
              [(country_name(c), c, now.per_country.get(c, 0), before.per_country.get(c, 0),
                _change(now.per_country.get(c, 0), before.per_country.get(c, 0))) for c in countries]),
        Table("Stakeholders", "Stakeholder mix", ("Stakeholder type", "Projects", "Share %", f"Projects {previous}"),
              [(kind, n, round(100 * n / total, 1), before.stakeholders[kind])
               for kind, n in now.stakeholders.items()]),
        Table("Top projects", "Top projects (strongest action-line and SDG tags)",
              ("Rank", "Title", "Organisation", "Country", "Year", "Action lines", "SDGs", "Tag strength"),
              [(rank, p.title, p.organisation, p.country or "", p.year, ", ".join(p.action_lines),
                ", ".join(map(str, p.sdgs)), p.tag_strength) for rank, p in enumerate(report.top_projects, 1)]),
        Table("Prizes", "WSIS Prizes: winners and champions", ("Year", "Category", "Result", "Title", "Organisation",
                                                               "Country"),
              [(p.year, PRIZE_CATEGORIES[p.category]["name"] if p.category in PRIZE_CATEGORIES else p.category,
                "Winner" if p.winner else "Champion", p.title, p.organisation, p.country or "")
               for p in report.prizes]),
    ]


def title(report: RegionalReport) -> str:
    return f"WSIS Stocktaking regional report: {report.scope.label}"


def subtitle(report: RegionalReport) -> str:
    previous = report.scope.previous()
    return (f"Changes are against the previous period of the same length, {previous.year_from}–{previous.year_to}. "
            "A project counts under every action line and SDG it is linked to (declared by the submitter or "
            "detected by the tagger), in the year it started.")


def to_markdown(report: RegionalReport) -> str:
    def cell(value: Cell) -> str:
        return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")

    lines = [f"# {title(report)}", "", subtitle(report), ""]
    for table in report_tables(report):
        lines += [f"## {table.title}", "", "| " + " | ".join(table.header) + " |",
                  "|" + "---|" * len(table.header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def to_csv(report: RegionalReport) -> str:
    """One row per figure: section, row, column, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "row", "column", "value"])
    for table in report_tables(report):
        for row in table.rows:
            for column, value in zip(table.header[1:], row[1:], strict=True):
                writer.writerow([table.name, row[0], column, value])
    return out.getvalue()


def to_xlsx(report: RegionalReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report):
        sheet = book.create_sheet(table.name)
        sheet.append([title(report) + f" — {table.title}"])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(table.header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------------------

def _bar_chart(categories: list[str], series: list[list[int]], width: float, horizontal: bool = False) -> Drawing:
    height = 9 * len(categories) * len(series) + 50 if horizontal else 170
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = (70 if horizontal else 30), 25, width - 100, height - 40
    chart.data = series
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontSize = 7
    if horizontal:
        chart.categoryAxis.reverseDirection = 1  # first category on top
    else:
        chart.categoryAxis.labels.angle, chart.categoryAxis.labels.boxAnchor = 45, "ne"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(1, *(max(s) for s in series)) * 1.15
    chart.valueAxis.labels.fontSize = 7
    chart.barLabelFormat, chart.barLabels.fontSize = "%d", 6
    chart.barLabels.boxAnchor = "w" if horizontal else "s"
    chart.barLabels.dx, chart.barLabels.dy = (3, 0) if horizontal else (0, 2)
    for i, color in enumerate([PALE, BLUE] if horizontal else [BLUE]):  # horizontal: previous period first
        chart.bars[i].fillColor, chart.bars[i].strokeColor = color, None
    drawing = Drawing(width, height)
    drawing.add(chart)
    return drawing


def _shade(value: int, highest: int) -> colors.Color:
    if not value:
        return colors.HexColor("#f4f4f4")
    share = value / max(highest, 1)
    return colors.Color(1 - share * 0.88, 1 - share * 0.63, 1 - share * 0.34)


def _heatmap(report: RegionalReport, width: float) -> Drawing:
    rows = report.current.heatmap
    label_width, cell_w, cell_h = 70, (width - 70) / len(SDGS), 13
    height = cell_h * (len(rows) + 1) + 4
    highest = max(n for row in rows.values() for n in row.values())
    drawing = Drawing(width, height)
    for j, sdg in enumerate(SDGS):
        drawing.add(String(label_width + (j + 0.5) * cell_w, height - cell_h + 3, str(sdg), fontSize=7,
                           textAnchor="middle"))
    for i, (code, row) in enumerate(rows.items()):
        y = height - cell_h * (i + 2)
        drawing.add(String(0, y + 3, code, fontSize=7))
        for j, sdg in enumerate(SDGS):
            value = row[sdg]
            x = label_width + j * cell_w
            drawing.add(Rect(x, y, cell_w - 1, cell_h - 1, fillColor=_shade(value, highest), strokeColor=None))
            if value:
                ink = colors.white if value > highest * 0.55 else colors.black
                drawing.add(String(x + cell_w / 2, y + 3, str(value), fontSize=6, textAnchor="middle", fillColor=ink))
    return drawing


def _map(report: RegionalReport, width: float) -> Drawing:
    """Countries shaded by number of projects; the view is the region's extent (the world for every region)."""
    shapes, counts = country_shapes(), report.current.per_country
    region = {c.code for c in countries_in_region(report.scope.region)} if report.scope.region else set(shapes)
    if report.scope.region:
        centres = [shapes[code].centre for code in region if code in shapes and shapes[code].centre]
        xs, ys = [x for x, _ in centres], [y for _, y in centres]
        west, east = max(-180, min(xs) - 12), min(180, max(xs) + 12)
        south, north = max(-60, min(ys) - 10), min(85, max(ys) + 10)
    else:
        west, east, south, north = -180, 180, -58, 85
    height = max(160.0, min(360.0, width * (north - south) / (east - west)))
    scale = min(width / (east - west), height / (north - south))

    def point(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * scale, (lat - south) * scale

    highest = max(counts.values(), default=0)
    frame = Path(isClipPath=1, strokeColor=None, fillColor=None)
    for x, y in [(0, 0), (width, 0), (width, height), (0, height)]:
        (frame.lineTo if frame.points else frame.moveTo)(x, y)
    frame.closePath()
    group = Group(frame, Rect(0, 0, width, height, fillColor=colors.HexColor("#eef3f8"), strokeColor=None))
    for shape in shapes.values():
        fill = _shade(counts.get(shape.code, 0), highest) if shape.code in region else colors.HexColor("#d6d6d6")
        for ring in shape.outlines:
            points = [v for lon, lat in ring for v in point(lon, lat)]
            group.add(Polygon(points, fillColor=fill, strokeColor=colors.white, strokeWidth=0.3))
        if not shape.outlines and shape.code in counts and shape.centre:
            x, y = point(*shape.centre)
            group.add(Circle(x, y, 2.5, fillColor=_shade(counts[shape.code], highest), strokeColor=BLUE,
                             strokeWidth=0.4))
    drawing = Drawing(width, height + 14)
    drawing.add(group)
    drawing.add(String(0, height + 3, f"Projects per country (darkest: {highest}; pale: none; grey: other regions)",
                       fontSize=7))
    return drawing


def _pdf_table(table: Table, styles: dict) -> PdfTable:
    small = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)

    def cell(value: Cell) -> Paragraph | str:
        return Paragraph(escape(str(value)), small) if isinstance(value, str) and len(value) > 18 else \
            ("" if value is None else str(value))

    pdf_table = PdfTable([list(table.header)] + [[cell(v) for v in row] for row in table.rows], repeatRows=1)
    pdf_table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5), ("FONT", (0, 1), (-1, -1), "Helvetica", 7),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BLUE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6fa")]),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return pdf_table


def to_pdf(report: RegionalReport) -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, title=title(report), author="ITU — WSIS Stocktaking",
                                 leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    width = document.width
    tables = {table.name: table for table in report_tables(report)}
    now, before = report.current, report.previous
    previous = report.scope.previous()

    def section(heading: str, *content: Flowable) -> KeepTogether:
        head = [Paragraph(escape(heading), styles["Heading2"])] if heading else []
        return KeepTogether([*head, *content, Spacer(1, 8)])

    legend = Paragraph(f"Dark bars: {report.scope.year_from}–{report.scope.year_to}; "
                       f"pale bars: {previous.year_from}–{previous.year_to}.", styles["Italic"])

    def compared(counts: dict, before_counts: dict, label: Callable[[object], str]) -> Drawing:
        return _bar_chart([label(k) for k in counts], [list(before_counts.values()), list(counts.values())], width,
                          horizontal=True)

    def table(name: str) -> PdfTable:
        return _pdf_table(tables[name], styles)

    story: list[Flowable] = [
        Paragraph(escape(title(report)), styles["Title"]),
        Paragraph(escape(subtitle(report)), styles["BodyText"]), Spacer(1, 8),
        section("Key figures", table("Key figures")),
        section("Submissions per year",
                _bar_chart([str(y) for y in now.per_year], [list(now.per_year.values())], width)),
        section("Submissions per action line", legend, compared(now.per_action_line, before.per_action_line, str)),
        section("", table("Action lines")),
        section("Submissions per SDG", legend, compared(now.per_sdg, before.per_sdg, lambda s: f"SDG {s}")),
        section("", table("SDGs")),
        section("Action lines × SDGs: projects linked to both", _heatmap(report, width)),
        section("Map of countries", _map(report, width)),
        section(tables["Countries"].title, table("Countries")),
        section("Stakeholder mix", table("Stakeholders")),
        section(tables["Top projects"].title, table("Top projects")),
    ]
    if report.prizes:
        story.append(section(tables["Prizes"].title, table("Prizes")))
    document.build(story)
    return out.getvalue()


RENDERERS: dict[str, tuple[Callable[[RegionalReport], str | bytes], str]] = {
    "pdf": (to_pdf, "application/pdf"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (to_csv, "text/csv"),
    "md": (to_markdown, "text/markdown"),
}


def render(report: RegionalReport, format: Format) -> bytes:
    content = RENDERERS[format][0](report)
    return content.encode("utf-8") if isinstance(content, str) else content


def file_name(report: RegionalReport, format: Format) -> str:
    region = (report.scope.region or "all-regions").lower().replace(" ", "-")
    return f"wsis-report-{region}-{report.scope.year_from}-{report.scope.year_to}.{format}"
