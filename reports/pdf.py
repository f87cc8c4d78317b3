"""A regional report as a PDF: the tables of `report_tables` (laid out by reports/pdf_tables.py) with bar charts,
the action line × SDG heat map and a map of the region's countries, each text drawn in a font that has its script
(reports/pdf_text.py: Arabic shaped and laid out right to left)."""

import io
from collections.abc import Callable
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Group, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from reports.figures import SDGS, RegionalReport
from reports.pdf_tables import pdf_table
from reports.pdf_text import _RIGHT_TO_LEFT, _font, _paragraph, shaped
from reports.tables import ENGLISH, Table, Translate, method_notes, report_tables, subtitle, title
from reports.world import country_shapes
from schemas.countries import countries_in_region

__all__ = ["_RIGHT_TO_LEFT", "_paragraph", "_pdf_table", "_string", "shaped", "to_pdf"]

BLUE = colors.HexColor("#1f5fa8")
PALE = colors.HexColor("#b8cde6")


def _pdf_table(table: Table, styles: dict, right_to_left: bool = False, width: float | None = None) -> PdfTable:
    return pdf_table(table, styles, right_to_left, width)


def _string(x: float, y: float, text: str, **options: Any) -> String:
    return String(x, y, shaped(text), fontName=_font(text), **options)


def _bar_chart(categories: list[str], series: list[list[int]], width: float, horizontal: bool = False) -> Drawing:
    height = 9 * len(categories) * len(series) + 50 if horizontal else 170
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = (70 if horizontal else 30), 25, width - 100, height - 40
    chart.data = series
    chart.categoryAxis.categoryNames = [shaped(c) for c in categories]
    chart.categoryAxis.labels.fontSize, chart.categoryAxis.labels.fontName = 7, _font("".join(categories))
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
        drawing.add(_string(label_width + (j + 0.5) * cell_w, height - cell_h + 3, str(sdg), fontSize=7,
                            textAnchor="middle"))
    for i, (code, row) in enumerate(rows.items()):
        y = height - cell_h * (i + 2)
        drawing.add(_string(0, y + 3, code, fontSize=7))
        for j, sdg in enumerate(SDGS):
            value = row[sdg]
            x = label_width + j * cell_w
            drawing.add(Rect(x, y, cell_w - 1, cell_h - 1, fillColor=_shade(value, highest), strokeColor=None))
            if value:
                ink = colors.white if value > highest * 0.55 else colors.black
                drawing.add(_string(x + cell_w / 2, y + 3, str(value), fontSize=6, textAnchor="middle",
                                    fillColor=ink))
    return drawing


def _map(report: RegionalReport, width: float, t: Translate) -> Drawing:
    """Countries shaded by number of projects; the view is the region's extent (the world for every region)."""
    shapes, counts = country_shapes(), report.current.per_country
    in_region = countries_in_region(report.scope.region) if report.scope.region else []
    region = {c.code for c in in_region} if report.scope.region else set(shapes)
    if report.scope.region:  # the view: the member states, and the territories that have projects (Europe's
        # territories lie in every ocean)
        shown = {c.code for c in in_region if c.rule != "territory" or counts.get(c.code)}
        centres = [shapes[code].centre for code in shown if code in shapes and shapes[code].centre]
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
    drawing.add(_string(0, height + 3, t("Projects per country (darkest: {highest}; pale: none; grey: other regions)",
                                         highest=highest), fontSize=7))
    return drawing


def to_pdf(report: RegionalReport, t: Translate = ENGLISH) -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    heading = title(report, t)
    document = SimpleDocTemplate(out, pagesize=A4, title=heading, author="ITU — WSIS Stocktaking",
                                 leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    width = document.width
    tables = {table.name: table for table in report_tables(report, t)}
    now, before = report.current, report.previous
    previous = report.scope.previous()

    def section(heading: str, *content: Flowable) -> KeepTogether:
        head = [_paragraph(heading, styles["Heading2"])] if heading else []
        return KeepTogether([*head, *content, Spacer(1, 8)])

    legend = _paragraph(t("Dark bars: {now}; pale bars: {before}.", now=report.scope.period,
                          before=previous.period), styles["Italic"])

    def compared(counts: dict, before_counts: dict, label: Callable[[object], str]) -> Drawing:
        return _bar_chart([label(k) for k in counts], [list(before_counts.values()), list(counts.values())], width,
                          horizontal=True)

    right_to_left = bool(_RIGHT_TO_LEFT.search(heading))

    def table(name: str) -> PdfTable:
        return _pdf_table(tables[name], styles, right_to_left, width)

    story: list[Flowable] = [
        _paragraph(heading, styles["Title"]),
        _paragraph(subtitle(report, t), styles["BodyText"]),
        *(_paragraph(note, styles["BodyText"]) for note in method_notes(t)), Spacer(1, 8),
        section(tables["Key figures"].title, table("Key figures")),
        section(tables["Per year"].title,
                _bar_chart([str(y) for y in now.per_year], [list(now.per_year.values())], width)),
        section(tables["Action lines"].title, legend,
                compared(now.per_action_line, before.per_action_line, str)),
        section("", table("Action lines")),
        section(tables["SDGs"].title, legend,
                compared(now.per_sdg, before.per_sdg, lambda s: t("SDG {number}", number=s))),
        section("", table("SDGs")),
        section(tables["Heat map"].title, _heatmap(report, width)),
        section(t("Map of countries"), _map(report, width, t)),
        section(tables["Countries"].title, table("Countries")),
        section(tables["Stakeholders"].title, table("Stakeholders")),
        section(tables["Top projects"].title, table("Top projects")),
    ]
    if report.prizes:
        story.append(section(tables["Prizes"].title, table("Prizes")))
    document.build(story)
    return out.getvalue()
