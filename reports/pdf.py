"""A regional report as a PDF: the tables of `report_tables` with bar charts, the action line × SDG heat map and
a map of the region's countries, each text drawn in a font that has its script (Arabic shaped and laid out right
to left)."""

import io
import re
from collections.abc import Callable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display  # the pure-Python one: it mirrors brackets, bidi.get_display does not
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Group, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from reports.figures import SDGS, RegionalReport
from reports.tables import ENGLISH, Cell, Table, Translate, report_tables, subtitle, title
from reports.world import country_shapes
from schemas.countries import countries_in_region

BLUE = colors.HexColor("#1f5fa8")
PALE = colors.HexColor("#b8cde6")


_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")  # Chinese, Japanese, Korean
_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def _unicode_font(bold: bool) -> str | None:
    name = "DejaVuSans-Bold" if bold else "DejaVuSans"
    try:
        pdfmetrics.registerFont(TTFont(name, f"{name}.ttf"))  # searched in rl_config.TTFSearchPath
    except TTFError:
        return None
    return name


@cache
def _chinese_font() -> str:
    """WenQuanYi Micro Hei, embedded, when the system has it (Debian's fonts-wqy-microhei); else reportlab's Adobe
    font, which only viewers with Adobe's Asian fonts draw well."""
    try:
        pdfmetrics.registerFont(TTFont("WenQuanYiMicroHei", "wqy-microhei.ttc", subfontIndex=0))
        return "WenQuanYiMicroHei"
    except TTFError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"


def _font(text: str, bold: bool = False) -> str:
    latin = "Helvetica-Bold" if bold else "Helvetica"
    if _CJK.search(text):
        return _chinese_font()
    if all(ord(c) < 256 or c in "–—’“”…•×" for c in text):
        return latin
    return _unicode_font(bold) or latin


def shaped(text: str, base_dir: str | None = None) -> str:
    """One line of text as drawn: Arabic letters joined and the line in display order (the PDF draws glyphs left
    to right); `base_dir` "R" for a line of a right-to-left paragraph, else the line's first strong letter says."""
    return get_display(arabic_reshaper.reshape(text), base_dir=base_dir) if _RIGHT_TO_LEFT.search(text) else text


class _RightToLeft(Paragraph):
    """A right-to-left paragraph: wrapped into lines in reading order first, then each line shaped (shaping the
    whole text, then wrapping, would put its end on the first line)."""

    def __init__(self, text: str | None, style: ParagraphStyle, **options: Any) -> None:
        self.reading_order = text  # None for the rest of a paragraph split across pages: laid out already
        super().__init__(None if text is None else escape(shaped(text, "R")), style, **options)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        if self.reading_order is None:
            return super().wrap(availWidth, availHeight)
        font, size = self.style.fontName, self.style.fontSize
        lines: list[list[str]] = [[]]
        for word in self.reading_order.split():
            if lines[-1] and pdfmetrics.stringWidth(shaped(" ".join([*lines[-1], word])), font, size) > availWidth:
                lines.append([])
            lines[-1].append(word)
        super().__init__("<br/>".join(escape(shaped(" ".join(line), "R")) for line in lines), self.style)
        return super().wrap(availWidth, availHeight)


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    font = _font(text, bold="Bold" in style.fontName)
    if _RIGHT_TO_LEFT.search(text):
        return _RightToLeft(text, style.clone(f"{style.name}-{font}-rtl", fontName=font, alignment=TA_RIGHT))
    return Paragraph(escape(text), style.clone(f"{style.name}-{font}", fontName=font))


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
    drawing.add(_string(0, height + 3, t("Projects per country (darkest: {highest}; pale: none; grey: other regions)",
                                         highest=highest), fontSize=7))
    return drawing


def _pdf_table(table: Table, styles: dict, right_to_left: bool = False) -> PdfTable:
    """The table; right to left, its columns run from the right, the first one (the labels) rightmost."""
    small = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)
    head = small.clone("head", fontName="Helvetica-Bold", fontSize=7.5, leading=9)

    def cell(value: Cell, style: ParagraphStyle = small) -> Paragraph | str:
        return _paragraph(value, style) if isinstance(value, str) else ("" if value is None else str(value))

    rows = [[cell(h, head) for h in table.header]] + [[cell(v) for v in row] for row in table.rows]
    pdf_table = PdfTable([row[::-1] for row in rows] if right_to_left else rows, repeatRows=1)
    pdf_table.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "RIGHT" if right_to_left else "LEFT"),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 7),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BLUE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6fa")]),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return pdf_table


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
        return _pdf_table(tables[name], styles, right_to_left)

    story: list[Flowable] = [
        _paragraph(heading, styles["Title"]),
        _paragraph(subtitle(report, t), styles["BodyText"]), Spacer(1, 8),
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
