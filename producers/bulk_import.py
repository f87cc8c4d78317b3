"""Bulk import: read submissions from CSV, JSON or JSON Lines and publish them through the one producer path.

Rows that cannot be read are reported with their reasons; rows the broker did not acknowledge are written to
a retry file in the same format, never dropped. Ids are stable (given in the file or derived from the
content), so importing the same file twice is one submission per row.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafka.errors import KafkaError

from producers.publisher import SubmissionPublisher

LIST_COLUMNS = {"action_lines", "sdgs"}  # in CSV: separated by ";" or ","


@dataclass
class ImportSummary:
    published: list[str] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    undelivered: list[dict[str, Any]] = field(default_factory=list)


def _csv_row(row: dict[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value is None or value.strip() == "":
            continue
        if key in LIST_COLUMNS:
            items = [item.strip() for item in value.replace(",", ";").split(";") if item.strip()]
            payload[key] = [int(i) if key == "sdgs" and i.isdigit() else i for i in items]
        else:
            payload[key] = value.strip()
    return payload


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(row number, payload) for each row; a string instead of a payload says why the row is unreadable."""
    suffix = path.suffix.lower()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if suffix == ".csv":
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield number, _csv_row(row)
        elif suffix in {".jsonl", ".ndjson"}:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except ValueError as exc:
                    yield number, f"not valid JSON: {exc}"
                    continue
                yield number, value if isinstance(value, dict) else "expected a JSON object"
        elif suffix == ".json":
            data = json.load(handle)
            rows = data if isinstance(data, list) else [data]
            for number, value in enumerate(rows, start=1):
                yield number, value if isinstance(value, dict) else "expected a JSON object"
        else:
            raise ValueError(f"unsupported file type {suffix!r}: use .csv, .json or .jsonl")


def import_file(
    path: Path, publisher: SubmissionPublisher, submitter: str | None = None,
    on_row: Callable[[], None] = lambda: None,
) -> ImportSummary:
    summary = ImportSummary()
    pending = []
    for number, row in read_rows(path):
        if isinstance(row, str):
            summary.unreadable.append((number, row))
        else:
            submission_id = row.pop("submission_id", None) or None
            envelope, future = publisher.publish(row, submission_id=submission_id, submitter=submitter)
            pending.append((row | {"submission_id": envelope.submission_id}, future))
        on_row()
    publisher.flush()
    for row, future in pending:
        try:
            future.get(timeout=30)
            summary.published.append(row["submission_id"])
        except KafkaError:
            summary.undelivered.append(row)
    return summary


def count_rows(path: Path) -> int:
    return sum(1 for _ in read_rows(path))
