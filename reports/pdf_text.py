"""Text in a PDF: each text drawn in a font that has its script (Helvetica for Latin-1, DejaVu Sans for Cyrillic,
Arabic, Greek…, WenQuanYi Micro Hei for CJK, found among the system's fonts), Arabic shaped and laid out right to
left. A project title is in any language, whatever the report's."""

import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display  # the pure-Python one: it mirrors brackets, bidi.get_display does not
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph

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


def text_width(text: str, font: str, size: float) -> float:
    """How wide `text` is drawn in `font` at `size` points."""
    return pdfmetrics.stringWidth(shaped(text), font, size)
