"""Bulk import: read submissions from CSV, JSON or JSON Lines, check each row against the schema and publish the
valid ones through the intake path; report what happened to every row.

Reports written beside the file (`write_reports`): `<name>.rejected.csv` lists each rejected row with its
reasons (one line per reason), `<name>.retry.jsonl` holds the rows the broker did not acknowledge, ready for
`wsis submit` again (never dropped), and `<name>.submitted.csv` maps each published row to its submission id,
whose status (`wsis status ID`, GET /submissions/ID) shows whether the stream accepted or rejected it. Ids are
stable (given in the file or derived from the content), so importing the same file twice is one submission per row.
"""

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafka.errors import KafkaError

from producers.intake import BrokerUnavailable, Intake, check
from schemas.field_errors import FieldError, field_error
from schemas.submission import SUBMISSION_ID_PATTERN, RawSubmission

LIST_COLUMNS = {"action_lines", "sdgs"}  # in CSV: separated by ";" or ","


@dataclass
class ImportSummary:
    published: list[tuple[int, str]] = field(default_factory=list)  # (row number, submission id)
    rejected: list[tuple[int, list[FieldError]]] = field(default_factory=list)  # (row number, reasons)
    undelivered: list[dict[str, Any]] = field(default_factory=list)  # rows with their submission_id, for retry

    def line(self) -> str:
        return (f"published {len(self.published)}, rejected {len(self.rejected)}, "
                f"undelivered {len(self.undelivered)}")


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


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | FieldError]]:
    """(row number, payload) for each row; an error instead of a payload says why the row is unreadable."""
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
                except (ValueError, RecursionError) as exc:
                    yield number, field_error("row", "not_json", error=str(exc)[:300])
                    continue
                yield number, value if isinstance(value, dict) else field_error("row", "not_an_object")
        elif suffix == ".json":
            try:
                data = json.load(handle)
            except (ValueError, RecursionError) as exc:
                yield 1, field_error("file", "not_json", error=str(exc)[:300])
                return
            rows = data if isinstance(data, list) else [data]
            for number, value in enumerate(rows, start=1):
                yield number, value if isinstance(value, dict) else field_error("row", "not_an_object")
        else:
            raise ValueError(f"unsupported file type {suffix!r}: use .csv, .json or .jsonl")


def import_file(
    path: Path, intake: Intake, submitter: str | None = None, on_row: Callable[[], None] = lambda: None,
) -> ImportSummary:
    summary = ImportSummary()
    pending: list[tuple[int, dict[str, Any], RawSubmission, Any]] = []
    broker_down = False
    for number, row in read_rows(path):
        on_row()
        if isinstance(row, FieldError):
            summary.rejected.append((number, [row]))
            continue
        submission_id = str(row.pop("submission_id", "") or "") or None
        errors = check(row)
        if submission_id is not None and not re.match(SUBMISSION_ID_PATTERN, submission_id):
            errors.append(field_error("submission_id", "id_form"))
        if errors:
            summary.rejected.append((number, errors))
            continue
        if not broker_down:
            try:
                envelope, future = intake.publisher().publish(row, submission_id=submission_id, submitter=submitter)
                pending.append((number, row, envelope, future))
                continue
            except (KafkaError, BrokerUnavailable):
                broker_down = True  # each further send would block until it times out: keep the rest for retry
        summary.undelivered.append(row | ({"submission_id": submission_id} if submission_id else {}))
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


def write_reports(summary: ImportSummary, path: Path) -> list[Path]:
    """The report files beside `path` (only those with something in them)."""
    written = []
    if summary.rejected:
        rejected = path.with_name(f"{path.stem}.rejected.csv")
        with rejected.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["row", "field", "message"])
            writer.writerows([number, e.field, e.message] for number, errors in summary.rejected for e in errors)
        written.append(rejected)
    if summary.undelivered:
        retry = path.with_name(f"{path.stem}.retry.jsonl")
        retry.write_text("".join(json.dumps(row) + "\n" for row in summary.undelivered), encoding="utf-8")
        written.append(retry)
    if summary.published:
        submitted = path.with_name(f"{path.stem}.submitted.csv")
        with submitted.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["row", "submission_id"])
            writer.writerows(summary.published)
        written.append(submitted)
    return written


def count_rows(path: Path) -> int:
    return sum(1 for _ in read_rows(path))
