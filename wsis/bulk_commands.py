"""`wsis submit` and `wsis status`: the bulk import and the status of submissions, for the command line."""

import csv
import re
from pathlib import Path

import typer

from producers.bulk_columns import FIELD_GUIDE, Columns, ColumnsError
from schemas.settings import get_settings


def submit_help() -> str:
    """The fields a file may have, for `wsis submit --help` (the README's "Bulk import" has the same table)."""
    rows = "\n".join(f"  {name:<17} {need:<9} {form}" for name, need, form, _ in FIELD_GUIDE)
    return ("Bulk import: check and publish every row of FILE (.csv, .json or .jsonl), with a progress bar, a "
            "summary of the rejected rows by field, and report files beside FILE.\n\n"
            "\b\nColumns (any case or spacing: Stakeholder Type = stakeholder_type):\n" + rows + "\n\n"
            "A row gives its place: a country, a region, or the scope global. Columns with other names: "
            "--columns. Example: examples/bulk_import.csv; a legacy export: wsis submit nominees.csv --columns "
            "\"Project=title,Category=-\" --default stakeholder_type=Other --default submitted_on=2015. "
            "Reports: NAME.rejected.csv (the rejected rows as they were, with import_reasons: fix them and "
            "submit the file again), NAME.submitted.csv (for wsis status --from), NAME.retry.jsonl.")


def run_submit(file: Path, submitter: str | None, columns_text: str | None, columns_file: Path | None,
               defaults: list[str]) -> int:
    """The exit code: 0 when every row was published, 1 when some were not, 2 when the columns do not fit."""
    from rich.progress import Progress

    from producers.bulk_import import SourceFile, count_rows, import_file, write_reports
    from producers.intake import Intake
    from storage.topics import ensure_topics

    try:
        columns = Columns.parse(columns_text, columns_file, defaults)
        problems = SourceFile(file, columns).check_columns()
    except (ColumnsError, ValueError, OSError) as error:
        typer.echo(f"{file}: {error}", err=True)
        return 2
    if problems:
        typer.echo(f"{file}: nothing was sent.", err=True)
        for problem in problems:
            typer.echo(f"  {problem}", err=True)
        typer.echo("  `wsis submit --help` lists the fields.", err=True)
        return 2
    settings = get_settings()
    ensure_topics(settings)
    intake = Intake(settings, "stage")  # a file of thousands of rows: wait through a broker's restart
    try:
        with Progress() as progress:
            task = progress.add_task(f"Submitting {file.name}", total=count_rows(file, columns))
            summary = import_file(file, intake, submitter, on_row=lambda: progress.advance(task), columns=columns)
    finally:
        intake.close()
    typer.echo(summary.line())
    if summary.rejected:
        typer.echo("rejected rows by field (a row may be counted under several fields):", err=True)
        for line in summary.error_lines():
            typer.echo(line, err=True)
    for report in write_reports(summary, file):
        typer.echo(f"  wrote {report}")
    if summary.rejected:
        typer.echo("fix the rows in the .rejected file and submit it again (its import_ columns are left out)",
                   err=True)
    if summary.undelivered:
        typer.echo("rows the broker did not acknowledge are in the .retry.jsonl file: submit it again", err=True)
    return 1 if summary.rejected or summary.undelivered else 0


def _unreadable(submission_id: str) -> str:
    if submission_id.rstrip("\r\n") != submission_id:
        why = "it ends with a carriage return or line feed (a file with Windows line endings? tr -d '\\r')"
    elif submission_id.strip() != submission_id:
        why = "it has spaces around it"
    else:
        why = "an id has 1–100 letters, digits or . _ : -"
    return f"warning: {submission_id!r} is not a submission id: {why}"


def ids_from(path: Path) -> list[str]:
    """The submission ids of a `.submitted.csv` file (its submission_id column)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["submission_id"].strip() for row in csv.DictReader(handle) if row.get("submission_id")]


def run_status(ids: list[str]) -> int:
    """Prints each submission's state; the exit code is 1 when some ids could not be read as ids."""
    from producers.intake import Intake
    from schemas.submission import SUBMISSION_ID_PATTERN

    if not ids:
        typer.echo("give submission ids, or --from NAME.submitted.csv", err=True)
        return 2
    readable = [i for i in ids if re.match(SUBMISSION_ID_PATTERN, i) and "\n" not in i]
    for submission_id in (i for i in ids if i not in readable):
        typer.echo(_unreadable(submission_id), err=True)
    intake = Intake(get_settings())
    try:
        for submission_id in readable:
            found = intake.status(submission_id)
            if found is None:
                typer.echo(f"{submission_id}: unknown")
                continue
            typer.echo(f"{submission_id}: version {found.version} {found.state}")
            for reason in found.reasons:
                typer.echo(f"  {reason.field}: {reason.message}")
            if found.tags:
                typer.echo("  action lines: " + ", ".join(t.code for t in found.tags.action_lines))
                typer.echo("  SDGs: " + ", ".join(str(t.sdg) for t in found.tags.sdgs))
    finally:
        intake.close()
    return 1 if len(readable) < len(ids) else 0
