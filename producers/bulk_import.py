"""Bulk import: read submissions from CSV, JSON or JSON Lines, check each row against the schema and publish the
valid ones through the intake path; report what happened to every row.

The columns (or keys) are the fields of a submission, read without regard to case or spacing; a file with other
column names is mapped with `Columns` (producers/bulk_columns.py), and a CSV header that leaves columns unknown
or required fields out is refused before any row is sent. The reports (producers/bulk_report.py) keep each
rejected row as it was, ready to fix and submit again. Ids are stable (given in the file or derived from the
content), so importing the same file twice is one submission per row.
"""

import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kafka.errors import KafkaError

from producers.bulk_columns import Columns, ColumnsError
from producers.bulk_report import ImportSummary, Rejected, write_reports
from producers.intake import BrokerUnavailable, Intake, check
from schemas.field_errors import FieldError, field_error
from schemas.inert import spreadsheet_cell
from schemas.submission import SUBMISSION_ID_PATTERN, RawSubmission

__all__ = ["Columns", "ColumnsError", "ImportSummary", "SourceFile", "import_file", "write_reports"]
LIST_COLUMNS = {"action_lines", "sdgs"}  # in CSV: separated by ";" or ","


def _cell(value: str) -> str:
    """A cell as typed: the apostrophe a rejected file put before a formula-like cell (schemas/inert.py) goes."""
    value = value.strip()
    return value[1:] if value.startswith("'") and spreadsheet_cell(value[1:]) == value else value


def _csv_payload(row: dict[str, str], columns: Columns) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for key, value in row.items():
        name = columns.field_of(key)
        if name is None or value is None or not (value := _cell(value)):
            continue
        if name in LIST_COLUMNS:
            items = [item.strip() for item in value.replace(",", ";").split(";") if item.strip()]
            payload[name] = [int(i) if name == "sdgs" and i.isdigit() else i for i in items]
        else:
            payload[name] = value
    return columns.payload_keys(payload)


class SourceFile:
    """The rows of a file: (row number, the row as read, its payload or why it is unreadable)."""

    def __init__(self, path: Path, columns: Columns | None = None) -> None:
        self.path, self.columns = path, columns or Columns()
        self.kind = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}.get(path.suffix.lower())
        if self.kind is None:
            raise ValueError(f"unsupported file type {path.suffix!r}: use .csv, .json or .jsonl")
        self.headers: list[str] | None = None

    def check_columns(self) -> list[str]:
        """What is wrong with a CSV file's header (nothing is known of a JSON file's keys before its rows)."""
        if self.kind != "csv":
            return []
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            return self.columns.problems(next(csv.reader(handle), []))

    def rows(self) -> Iterator[tuple[int, Any, dict[str, Any] | FieldError]]:
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            if self.kind == "csv":
                reader = csv.DictReader(handle)
                self.headers = [h for h in reader.fieldnames or [] if h is not None]
                problems = self.columns.problems(self.headers)
                if problems:
                    raise ColumnsError("\n".join(problems))
                for number, row in enumerate(reader, start=2):
                    yield number, {h: row.get(h) or "" for h in self.headers}, _csv_payload(row, self.columns)
            elif self.kind == "jsonl":
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield number, *self._object(line.rstrip("\n"))
            else:
                try:
                    data = json.load(handle)
                except (ValueError, RecursionError) as exc:
                    yield 1, None, field_error("file", "not_json", error=str(exc)[:300])
                    return
                for number, value in enumerate(data if isinstance(data, list) else [data], start=1):
                    yield number, value, self._payload(value)

    def _object(self, line: str) -> tuple[Any, dict[str, Any] | FieldError]:
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            return line, field_error("row", "not_json", error=str(exc)[:300])
        return value, self._payload(value)

    def _payload(self, value: Any) -> dict[str, Any] | FieldError:
        return self.columns.payload_keys(value) if isinstance(value, dict) else field_error("row", "not_an_object")


def read_rows(path: Path, columns: Columns | None = None) -> Iterator[tuple[int, dict[str, Any] | FieldError]]:
    """(row number, payload) for each row; an error instead of a payload says why the row is unreadable."""
    for number, _, payload in SourceFile(path, columns).rows():
        yield number, payload


def import_file(
    path: Path, intake: Intake, submitter: str | None = None, on_row: Callable[[], None] = lambda: None,
    columns: Columns | None = None,
) -> ImportSummary:
    """Raises ColumnsError, before anything is sent, when a CSV file's header does not fit the fields."""
    source = SourceFile(path, columns)
    summary = ImportSummary()
    pending: list[tuple[int, dict[str, Any], RawSubmission, Any]] = []
    broker_down = False
    for number, original, row in source.rows():
        on_row()
        if isinstance(row, FieldError):
            summary.rejected.append(Rejected(number, original, [row]))
            continue
        submission_id = str(row.pop("submission_id", "") or "") or None
        errors = check(row)
        if submission_id is not None and not re.match(SUBMISSION_ID_PATTERN, submission_id):
            errors.append(field_error("submission_id", "id_form"))
        if errors:
            summary.rejected.append(Rejected(number, original, errors))
            continue
        if not broker_down:
            try:
                envelope, future = intake.publisher().publish(row, submission_id=submission_id, submitter=submitter)
                pending.append((number, row, envelope, future))
                continue
            except (KafkaError, BrokerUnavailable):
                broker_down = True  # each further send would block until it times out: keep the rest for retry
        summary.undelivered.append(row | ({"submission_id": submission_id} if submission_id else {}))
    summary.headers = source.headers
    delivered = []
    for number, row, envelope, future in pending:
        try:
            future.get(timeout=intake.ack_timeout)
            summary.published.append((number, envelope.submission_id))
            delivered.append(envelope)
        except KafkaError:
            summary.undelivered.append(row | {"submission_id": envelope.submission_id})
    intake.record_received(delivered)
    return summary


def count_rows(path: Path, columns: Columns | None = None) -> int:
    return sum(1 for _ in SourceFile(path, columns).rows())
