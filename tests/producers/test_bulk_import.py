"""`wsis submit FILE` on CSV, JSON and JSON Lines files with good and bad rows, against the real broker and
search server: the summary, the report of rejected rows, the ids whose status can be followed, and the retry
file of rows the broker did not take."""

import csv
import json

import pytest
from conftest import read_topic
from typer.testing import CliRunner

from producers.bulk_import import import_file, write_reports
from producers.intake import Intake
from schemas.clients import search_client
from schemas.field_errors import field_error
from schemas.status import SubmissionStatus
from storage.status_index import StatusIndex
from wsis.cli import app
from wsis.local_servers import free_port

GOOD = [
    {"title": "Telemedicine for rural clinics", "organisation": "Ministry of Health", "stakeholder_type": "Government",
     "description": "Connects rural clinics to specialist doctors through telemedicine and health records.",
     "country": "Kenya", "sdgs": [3], "action_lines": ["C7.e-health"], "contact_email": "health@example.org"},
    {"title": "Coding clubs for girls", "organisation": "Code Club Foundation", "stakeholder_type": "ngo",
     "description": "Digital skills and coding clubs for girls and young women in secondary schools.",
     "country": "Perú", "sdgs": [4, 5], "action_lines": ["C4"], "website": "https://example.org/clubs"},
    {"title": "Regional cybersecurity drills", "organisation": "Regional CERT network",
     "stakeholder_type": "International organization", "region": "Arab States",
     "description": "Yearly cyber drills for national computer emergency response teams of the region.",
     "sdgs": [16], "action_lines": ["C5"]},
]
BAD = [  # (row, the fields its reasons name)
    (GOOD[0] | {"country": "Atlantis"}, {"country"}),
    ({k: v for k, v in GOOD[1].items() if k != "title"} | {"sdgs": ["five"], "contact_email": "nobody"},
     {"title", "sdgs.0", "contact_email"}),
]


def write_file(path, rows: list) -> None:
    if path.suffix == ".csv":
        columns = sorted({key for row in rows for key in row})
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, columns)
            writer.writeheader()
            writer.writerows({k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
                             for row in rows)
    elif path.suffix == ".json":
        path.write_text(json.dumps(rows + [42]), encoding="utf-8")  # a non-object among the rows
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows) + "{broken json\n", encoding="utf-8")


@pytest.fixture
def cli_settings(settings, use_settings):
    """The `wsis` command reads the test's settings from the environment, as in production."""
    status_index = settings.index_alias.removesuffix("-submissions") + "-status"  # not under the alias' template
    return use_settings(settings.model_copy(update={"status_index": status_index}))


def rejected_report(path) -> dict[int, set[str]]:
    report: dict[int, set[str]] = {}
    with path.with_name(f"{path.stem}.rejected.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            assert line["message"]
            report.setdefault(int(line["row"]), set()).add(line["field"])
    return report


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
def test_good_rows_are_published_and_bad_rows_reported(cli_settings, tmp_path, suffix) -> None:
    path = tmp_path / f"projects{suffix}"
    write_file(path, [GOOD[0], BAD[0][0], GOOD[1], BAD[1][0], GOOD[2]])
    result = CliRunner().invoke(app, ["submit", str(path), "--submitter", "office@example.org"])
    assert result.exit_code == 1, result.output  # some rows were rejected
    unreadable = {".csv": {}, ".json": {6: {"row"}}, ".jsonl": {6: {"row"}}}[suffix]
    assert f"published 3, rejected {2 + len(unreadable)}, undelivered 0" in result.output
    first = 2 if suffix == ".csv" else 1  # CSV rows are numbered as lines, after the header
    assert rejected_report(path) == {first + 1: BAD[0][1], first + 3: BAD[1][1]} | {
        first + n - 1: fields for n, fields in unreadable.items()}

    with path.with_name(f"{path.stem}.submitted.csv").open(encoding="utf-8") as handle:
        submitted = {int(line["row"]): line["submission_id"] for line in csv.DictReader(handle)}
    assert sorted(submitted) == [first, first + 2, first + 4]
    raw = read_topic(cli_settings, cli_settings.topic_raw, 3)
    assert sorted(r.key.decode() for r in raw) == sorted(submitted.values())

    status = CliRunner().invoke(app, ["status", *submitted.values(), "S-never-sent"])
    assert status.exit_code == 0
    assert status.output.count("version 1 received") == 3 and "S-never-sent: unknown" in status.output

    # Importing the same file again is the same three submissions, not three more.
    CliRunner().invoke(app, ["submit", str(path)])
    again = read_topic(cli_settings, cli_settings.topic_raw, 6)
    assert len(again) == 6 and {r.key.decode() for r in again} == set(submitted.values())


def test_rows_the_broker_did_not_take_are_kept_for_retry(cli_settings, tmp_path) -> None:
    path = tmp_path / "projects.jsonl"
    write_file(path, [GOOD[0], BAD[0][0], GOOD[1] | {"submission_id": "ROW-2"}])
    nowhere = cli_settings.model_copy(update={"kafka_bootstrap": f"127.0.0.1:{free_port()}"})
    intake = Intake(nowhere)
    summary = import_file(path, intake)
    intake.close()
    assert (len(summary.published), len(summary.rejected), len(summary.undelivered)) == (0, 2, 2)
    reports = write_reports(summary, path)
    retry = path.with_name("projects.retry.jsonl")
    assert retry in reports and not path.with_name("projects.submitted.csv").exists()

    result = CliRunner().invoke(app, ["submit", str(retry)])  # the broker is reachable again
    assert result.exit_code == 0, result.output
    assert "published 2, rejected 0, undelivered 0" in result.output
    keys = {r.key.decode() for r in read_topic(cli_settings, cli_settings.topic_raw, 2)}
    assert "ROW-2" in keys and len(keys) == 2


def test_status_shows_the_reasons_the_stream_gave(cli_settings) -> None:
    statuses = StatusIndex(search_client(cli_settings), cli_settings.status_index)
    reasons = [field_error("country", "unknown_country", value="Atlantis")]
    statuses.write([SubmissionStatus(submission_id="S-rejected", version=2, state="rejected", reasons=reasons)])
    result = CliRunner().invoke(app, ["status", "S-rejected"])
    assert result.output.splitlines() == ["S-rejected: version 2 rejected", "  country: unknown country 'Atlantis'"]
