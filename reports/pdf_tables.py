"""A report table in a PDF, laid out for its content: each column as wide as its content needs, numbers and short
codes narrow, and the room left shared among the columns of text (titles, organisations) so that a long title
takes two or three lines, never six. A text longer than MAX_CELL characters is cut at a word boundary with "…"."""

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle
from reportlab.platypus import Table as PdfTable

from reports.pdf_text import _font, _paragraph, text_width
from reports.tables import Cell, Table
from schemas.snippets import cut

BLUE = colors.HexColor("#1f5fa8")
MAX_CELL = 90  # characters of text in one cell: a title of about two lines in a wide column
PADDING = 3.0  # points left and right of each cell's text
MIN_TEXT = 48.0  # points: the narrowest a column of text gets
_CELL_SIZE, _HEAD_SIZE = 7.0, 7.5


def _text(value: Cell) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _wraps(values: list[Cell]) -> bool:
    """A column of words (titles, names), which may wrap; not one of numbers or codes, which stay on one line."""
    return any(isinstance(v, str) and " " in v.strip() and any(c.isalpha() for c in v) for v in values)


def _widest_word(text: str, font: str, size: float) -> float:
    return max((text_width(word, font, size) for word in text.split()), default=0.0)


def column_widths(table: Table, width: float) -> list[float]:
    """Widths that add up to at most `width`: the columns that do not wrap get their content's width; those of
    words share the rest in proportion to their content, so that each takes about as many lines as the others
    (the title, the longest, gets the most room), none narrower than its longest header word."""
    columns = list(zip(table.header, *table.rows, strict=True)) if table.rows else [(h,) for h in table.header]
    natural, least, wraps = [], [], []
    for header, *values in columns:
        texts = [_text(v)[:MAX_CELL + 1] for v in values]
        body = max((text_width(s, _font(s), _CELL_SIZE) for s in texts), default=0.0)
        head_font = _font(header, bold=True)
        head_word = _widest_word(header, head_font, _HEAD_SIZE)
        wrap = _wraps(values)
        wraps.append(wrap)
        natural.append(max(body, text_width(header, head_font, _HEAD_SIZE)) + 2 * PADDING)
        shortest = min(MIN_TEXT, body) if wrap else body
        least.append(max(shortest, head_word) + 2 * PADDING)
    if sum(natural) <= width:
        return natural
    widths = {i: least[i] for i in range(len(columns)) if not wraps[i]}
    shared = [i for i in range(len(columns)) if wraps[i]]
    while shared:  # proportional shares; a column whose share is below its least (or above its need) is fixed
        room = width - sum(widths.values())
        lines = sum(natural[i] for i in shared) / max(room, 1.0)
        fixed = {i: least[i] for i in shared if natural[i] / lines < least[i]}
        fixed |= {i: natural[i] for i in shared if lines <= 1}
        if not fixed:
            widths |= {i: natural[i] / lines for i in shared}
            break
        widths |= fixed
        shared = [i for i in shared if i not in fixed]
    return [widths[i] for i in range(len(columns))]


def pdf_table(table: Table, styles: dict, right_to_left: bool = False, width: float | None = None) -> PdfTable:
    """The table; right to left, its columns run from the right, the first one (the labels) rightmost."""
    small = styles["BodyText"].clone("cell", fontSize=_CELL_SIZE, leading=8.5)
    head = small.clone("head", fontName="Helvetica-Bold", fontSize=_HEAD_SIZE, leading=9)

    def cell(value: Cell, style: ParagraphStyle = small) -> Paragraph | str:
        return _paragraph(cut(value, MAX_CELL), style) if isinstance(value, str) else _text(value)

    rows = [[_paragraph(h, head) for h in table.header]] + [[cell(v) for v in row] for row in table.rows]
    widths = column_widths(table, width) if width else None
    if right_to_left:
        rows, widths = [row[::-1] for row in rows], (widths[::-1] if widths else None)
    pdf = PdfTable(rows, colWidths=widths, repeatRows=1, hAlign="RIGHT" if right_to_left else "LEFT")
    pdf.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "RIGHT" if right_to_left else "LEFT"),
        ("FONT", (0, 1), (-1, -1), "Helvetica", _CELL_SIZE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BLUE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6fa")]),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]))
    return pdf
