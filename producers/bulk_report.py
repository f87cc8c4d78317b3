"""What a bulk import tells: a summary with the rejected rows grouped by field, and the report files beside the
imported file, every one with LF line endings:

- `<name>.rejected.csv` (for a CSV file): each rejected row as it was, every original column under its original
  header, plus `import_row` (its line in the file) and `import_reasons`; fix the rows and submit the file again
  (the two added columns are left out). For a JSON or JSON Lines file, `<name>.rejected.jsonl`: each rejected
  object with the same two keys.
- `<name>.retry.jsonl`: the rows the broker did not acknowledge, ready for `wsis submit` again.
- `<name>.submitted.csv`: row → submission id, for `wsis status`.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from producers.bulk_columns import REPORT_COLUMNS, fold
from schemas.field_errors import FieldError
from schemas.inert import spreadsheet_cell

HINTS = {
    "description": "a description says what the project does, in 20 characters or more, and a title alone is not "
                   "one: complete these rows in the rejected file and submit it again",
    "country": "a project with no single country: country International or Global (or scope global); one that "
               "covers an ITU region: region and no country",
    "stakeholder_type": "the same type for every row: --default stakeholder_type=VALUE",
    "submitted_on": "a year (2015) or a date (2015-03-31)",
}


@dataclass
class Rejected:
    row: int  # its line (CSV, JSON Lines) or position (JSON) in the file
    original: Any  # the row as read: {header: cell} (CSV), the object (JSON), or the text of an unreadable line
    errors: list[FieldError]

    def reasons(self) -> str:
        return " | ".join(f"{e.field}: {e.message}" for e in self.errors)


@dataclass
class ImportSummary:
    published: list[tuple[int, str]] = field(default_factory=list)  # (row number, submission id)
    rejected: list[Rejected] = field(default_factory=list)
    undelivered: list[dict[str, Any]] = field(default_factory=list)  # rows with their submission_id, for retry
    headers: list[str] | None = None  # a CSV file's header, as written

    def line(self) -> str:
        return (f"published {len(self.published)}, rejected {len(self.rejected)}, "
                f"undelivered {len(self.undelivered)}")

    def by_field(self) -> list[tuple[str, list[Rejected], FieldError]]:
        """(field, the rejected rows with an error of that field, the first such error), most rows first."""
        groups: dict[str, tuple[list[Rejected], FieldError]] = {}
        for rejected in self.rejected:
            for error in rejected.errors:
                rows, _ = groups.setdefault(error.field, ([], error))
                if not rows or rows[-1] is not rejected:
                    rows.append(rejected)
        return sorted(((name, rows, first) for name, (rows, first) in groups.items()), key=lambda g: -len(g[1]))

    def error_lines(self, shown_rows: int = 8) -> list[str]:
        """The rejected rows counted by field, with an example and what to do: one block per field."""
        lines = []
        for name, rows, first in self.by_field():
            numbers = ", ".join(str(r.row) for r in rows[:shown_rows]) + (", …" if len(rows) > shown_rows else "")
            lines.append(f"  {name}: {len(rows)} row{'s' if len(rows) > 1 else ''} ({numbers}), "
                         f"e.g. {first.message}")
            hint = HINTS.get(name.split(".")[0])
            if hint:
                lines.append(f"      {hint}")
        return lines


def _csv_writer(out: Any) -> Any:
    return csv.writer(out, lineterminator="\n")


def _write_rejected(summary: ImportSummary, path: Path) -> Path:
    if summary.headers is not None:
        target = path.with_name(f"{path.stem}.rejected.csv")
        headers = [h for h in summary.headers if fold(h) not in REPORT_COLUMNS]
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = _csv_writer(out)
            writer.writerow([*headers, *REPORT_COLUMNS[:2]])
            writer.writerows([*(spreadsheet_cell(r.original.get(h) or "") for h in headers), r.row,
                              spreadsheet_cell(r.reasons())] for r in summary.rejected)
        return target
    target = path.with_name(f"{path.stem}.rejected.jsonl")
    lines = []
    for r in summary.rejected:
        report = {"import_row": r.row, "import_reasons": [f"{e.field}: {e.message}" for e in r.errors]}
        if isinstance(r.original, dict):
            kept = {k: v for k, v in r.original.items() if fold(k) not in REPORT_COLUMNS}
            lines.append(json.dumps(kept | report, ensure_ascii=False))
        else:
            lines.append(json.dumps({"import_line": r.original} | report, ensure_ascii=False))
    target.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return target


def write_reports(summary: ImportSummary, path: Path) -> list[Path]:
    """The report files beside `path` (only those with something in them)."""
    written = []
    if summary.rejected:
        written.append(_write_rejected(summary, path))
    if summary.undelivered:
        retry = path.with_name(f"{path.stem}.retry.jsonl")
        retry.write_text("".join(json.dumps(row, ensure_ascii=False, default=str) + "\n"
                                 for row in summary.undelivered), encoding="utf-8")
        written.append(retry)
    if summary.published:
        submitted = path.with_name(f"{path.stem}.submitted.csv")
        with submitted.open("w", encoding="utf-8", newline="") as out:
            writer = _csv_writer(out)
            writer.writerow(["row", "submission_id"])
            writer.writerows(summary.published)
        written.append(submitted)
    return written
