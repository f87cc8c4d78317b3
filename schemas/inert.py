"""Text typed by users, made inert in each kind of output: it is shown, never run.

- Spreadsheets (CSV, XLSX): a cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return)
  gets a leading apostrophe, which spreadsheet programs read as "this is text" (OWASP's advice against CSV
  injection); a plain signed number ("+3", "-2.5") stays as it is.
- Markdown (the dashboard's pages, the Markdown report): every character Markdown gives a meaning is
  backslash-escaped, so a title makes no link, image, emphasis, heading, list or autolink; in a Markdown file
  HTML is escaped as well, for renderers that pass HTML through.
"""

import html
import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?%?")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def spreadsheet_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_file_text(value: object) -> str:
    """One line of user text in a Markdown file (a table cell): no line break, HTML and Markdown escaped."""
    return escape_markdown(html.escape(" ".join(str(value).split()), quote=False))
