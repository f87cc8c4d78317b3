"""A regional report as a file, in the reader's language: PDF (reports/pdf.py), XLSX, CSV or Markdown
(reports/files.py), all rendered from the same tables (reports/tables.py)."""

from collections.abc import Callable
from typing import Literal

from reports.figures import RegionalReport
from reports.files import to_csv, to_markdown, to_xlsx
from reports.pdf import to_pdf
from reports.tables import ENGLISH, Translate

Format = Literal["pdf", "xlsx", "csv", "md"]



RENDERERS: dict[str, tuple[Callable[[RegionalReport, Translate], str | bytes], str]] = {
    "pdf": (to_pdf, "application/pdf"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (to_csv, "text/csv"),
    "md": (to_markdown, "text/markdown"),
}


def render(report: RegionalReport, format: Format, t: Translate = ENGLISH) -> bytes:
    content = RENDERERS[format][0](report, t)
    return content.encode("utf-8") if isinstance(content, str) else content


def file_name(report: RegionalReport, format: Format) -> str:
    region = (report.scope.region or "all-regions").lower().replace(" ", "-")
    return f"wsis-report-{region}-{report.scope.year_from}-{report.scope.year_to}.{format}"

