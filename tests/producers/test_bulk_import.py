"""`wsis submit FILE` on CSV, JSON and JSON Lines files with good and bad rows, against the real broker and
search server: the summary, the report of rejected rows, the ids whose status can be followed, and the retry
file of rows the broker did not take."""

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, read_all, read_topic
from typer.testing import CliRunner

from producers.bulk_columns import FIELDS, Columns, ColumnsError
from producers.bulk_import import SourceFile, import_file, write_reports
from producers.intake import Intake, check
from reports.figures import Scope, build_report
from schemas.clients import search_client
from schemas.field_errors import field_error
from schemas.search_document import to_document
from schemas.status import SubmissionStatus
from schemas.submission import GLOBAL_REGION, Submission
from search.submissions import SearchRequest, facet_counts
from storage.status_index import StatusIndex
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw
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
    """Row → the fields its reasons name, from the rejected file (.csv for a CSV file, else .jsonl)."""
    if path.suffix == ".csv":
        with path.with_name(f"{path.stem}.rejected.csv").open(encoding="utf-8", newline="") as handle:
            rows = [(int(line["import_row"]), line["import_reasons"].split(" | ")) for line in csv.DictReader(handle)]
    else:
        lines = path.with_name(f"{path.stem}.rejected.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [(row["import_row"], row["import_reasons"]) for row in map(json.loads, lines)]
    return {number: {reason.split(": ")[0] for reason in reasons} for number, reasons in rows}


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
    statuses = StatusIndex(search_client(cli_settings), cli_settings.status_index, cli_settings.index_layout)
    reasons = [field_error("country", "unknown_country", value="Atlantis")]
    statuses.write([SubmissionStatus(submission_id="S-rejected", version=2, state="rejected", reasons=reasons)])
    result = CliRunner().invoke(app, ["status", "S-rejected"])
    assert result.output.splitlines() == ["S-rejected: version 2 rejected", "  country: unknown country 'Atlantis'"]


# The shape of the WSIS Prizes 2015 nominees export (Category, Project, Organisation, Country; headers in mixed
# case, a description column, some "INTERNATIONAL" projects, short descriptions); the rows are made up.
LEGACY = Path(__file__).parent / "data" / "legacy_2015.csv"
LEGACY_COLUMNS = ["--columns", "Project=title, Project Description=description, Category=-",
                  "--default", "submitted_on=2015"]


def legacy_copy(tmp_path) -> Path:
    path = tmp_path / "nominees.csv"
    shutil.copy(LEGACY, path)
    return path


def csv_rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_a_legacy_export_is_refused_whole_until_its_columns_are_mapped(cli_settings, tmp_path) -> None:
    path = legacy_copy(tmp_path)
    result = CliRunner().invoke(app, ["submit", str(path)])
    assert result.exit_code == 2, result.output
    assert "nothing was sent" in result.output
    assert "'Category', 'PROJECT', 'Project Description'" in result.output  # "organisation", " Country " are fields
    assert [line for line in result.output.splitlines() if "no column for the required field" in line] == [
        '  no column for the required field title: name the column that holds it with --columns "COLUMN=title"',
        '  no column for the required field description: name the column that holds it with --columns '
        '"COLUMN=description"']
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nominees.csv"]
    assert read_all(cli_settings, cli_settings.topic_raw) == []


def test_a_legacy_export_end_to_end(cli_settings, tmp_path) -> None:
    path = legacy_copy(tmp_path)
    result = CliRunner().invoke(app, ["submit", str(path), *LEGACY_COLUMNS])
    assert result.exit_code == 1, result.output
    assert "published 26, rejected 4, undelivered 0" in result.output
    # one summary by field, not a line per row
    assert "  description: 3 rows (26, 27, 28), e.g. must have at least 20 characters; it has 10" in result.output
    assert "  country: 1 row (29), e.g. unknown country 'Narnia'" in result.output
    assert "row 26" not in result.output

    # the rejected file: each rejected row as it was, under the original headers, with its reasons
    original, rejected = csv_rows(LEGACY), csv_rows(tmp_path / "nominees.rejected.csv")
    assert rejected[0] == original[0] + ["import_row", "import_reasons"]
    assert [row[-2] for row in rejected[1:]] == ["26", "27", "28", "29"]
    assert [row[:-2] for row in rejected[1:]] == [
        original[25], [*original[26][:2], "'" + original[26][2], *original[26][3:]], original[27], original[28]]
    assert rejected[3][-1] == "description: required"  # an empty description is no description
    for written in tmp_path.glob("nominees.*"):
        assert b"\r" not in written.read_bytes(), written

    # through the stream: the year is 2015, the international projects are global, in no ITU region
    raw = read_topic(cli_settings, cli_settings.topic_raw, 26)
    docs = [to_document(process_raw(r.key, r.value)) for r in raw]
    assert len(docs) == 26 and {d["year"] for d in docs} == {2015}
    assert {d["submitted_on"] for d in docs} in ({"2015-01-01"}, {dt.date(2015, 1, 1)})
    worldwide = [d for d in docs if d["scope"] == "global"]
    assert sorted(d["title"] for d in worldwide) == ["Coding schools for refugees", "Mobile health records",
                                                     "Regional IXP capacity building",
                                                     "Satellite connectivity for schools"]
    assert {(d["region"], d["country"]) for d in worldwide} == {(GLOBAL_REGION, None)}
    index = SubmissionIndex(search_client(cli_settings), cli_settings.index_alias, cli_settings.index_layout)
    index.ensure()
    index.write(docs)
    index.refresh()
    african = sum(1 for d in docs if d["region"] == "Africa")
    assert african == 5  # Kenya, South Africa, Rwanda, Ghana, Côte d'Ivoire (Niger's row is rejected)
    africa = build_report(index, Scope("Africa", 2015, 2015)).current
    assert (africa.submissions, africa.per_year) == (african, {2015: african})
    everywhere = build_report(index, Scope(None, 2011, 2015)).current
    assert everywhere.submissions == 26 and everywhere.per_year[2015] == 26
    assert facet_counts(index, SearchRequest())["region"][GLOBAL_REGION] == 4
    assert facet_counts(index, SearchRequest(region=(GLOBAL_REGION,)))["year"] == {2015: 4}

    # fixed in the rejected file and submitted again, with the same command
    fixes = {"26": "Connects villages to broadband, power and digital services at once.",
             "27": "Free online courses from the country's universities, open to everyone.",
             "28": "Open repository of the theses and articles of the country's universities."}
    for row in rejected[1:]:
        row[4] = fixes.get(row[-2], row[4])
        row[3] = "Kenya" if row[3] == "Narnia" else row[3]
    with (tmp_path / "nominees.rejected.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rejected)  # as a spreadsheet saves it: CRLF
    again = CliRunner().invoke(app, ["submit", str(tmp_path / "nominees.rejected.csv"), *LEGACY_COLUMNS])
    assert again.exit_code == 0, again.output
    assert "published 4, rejected 0, undelivered 0" in again.output
    fixed_ids = {row[1] for row in csv_rows(tmp_path / "nominees.rejected.submitted.csv")[1:]}
    fixed = [json.loads(r.value)["payload"] for r in read_topic(cli_settings, cli_settings.topic_raw, 30)
             if r.key.decode() in fixed_ids]
    assert len(fixed) == 4 and {p["submitted_on"] for p in fixed} == {"2015"}
    assert '=HYPERLINK("http://evil.example")' in {p["organisation"] for p in fixed}  # as typed, not as shown
    assert all(not key.startswith("import_") for p in fixed for key in p)

    # the ids of the .submitted.csv files, read by `wsis status` (indexed: their documents were written above, and
    # an indexed submission's status is its search document); an id with a carriage return gets a warning
    status = CliRunner().invoke(app, ["status", "--from", str(tmp_path / "nominees.submitted.csv")])
    assert status.exit_code == 0 and status.output.count("version 1 indexed") == 26
    first_id = csv_rows(tmp_path / "nominees.submitted.csv")[1][1]
    crlf = CliRunner().invoke(app, ["status", first_id + "\r", first_id])
    assert crlf.exit_code == 1
    assert f"warning: '{first_id}\\r' is not a submission id: it ends with a carriage return" in crlf.output
    assert crlf.output.count("version 1 indexed") == 1


def test_columns_mapping_files_and_defaults(tmp_path) -> None:
    (tmp_path / "map.json").write_text('{"Project": "title", "Category": "-"}', encoding="utf-8")
    (tmp_path / "map.csv").write_text("column,field\nProject,title\nCategory,-\n", encoding="utf-8")
    for mapping in ("map.json", "map.csv"):
        columns = Columns.parse(None, tmp_path / mapping, ["Stakeholder Type=ngo"])
        assert (columns.field_of(" PROJECT "), columns.field_of("category"), columns.defaults) == (
            "title", None, {"stakeholder_type": "ngo"})
    assert Columns().field_of(" Stakeholder Type ") == "stakeholder_type"
    assert Columns().field_of("Organization") == "organisation"
    for bad in (["--columns", "Project=titel"], ["--default", "description=To be written"], ["--columns", "x"]):
        path = legacy_copy(tmp_path)
        result = CliRunner().invoke(app, ["submit", str(path), *bad])
        assert result.exit_code == 2 and "nominees.csv:" in result.output, result.output
    with pytest.raises(ColumnsError, match="not a field"):
        Columns.parse("Project=titel")
    nothing = CliRunner().invoke(app, ["status"])
    assert nothing.exit_code == 2 and "give submission ids" in nothing.output


def test_every_field_of_a_submission_is_in_the_guide_and_the_example_file_imports_cleanly() -> None:
    assert set(FIELDS) == set(Submission.model_fields) | {"submission_id"}
    help_text = CliRunner().invoke(app, ["submit", "--help"], terminal_width=200).output
    assert all(name in help_text for name in FIELDS)
    example = REPO / "examples" / "bulk_import.csv"
    source = SourceFile(example)
    assert source.check_columns() == []
    payloads = [{k: v for k, v in payload.items() if k != "submission_id"} for _, _, payload in source.rows()]
    assert [check(payload) for payload in payloads] == [[]] * len(csv_rows(example)[1:])
