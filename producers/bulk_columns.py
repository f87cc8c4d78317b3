"""The columns of a bulk import: which field of a submission each column of a file holds.

Headers are read without regard to case, spacing or hyphens ("Stakeholder Type", " stakeholder-type " →
`stakeholder_type`). A file from another system (a legacy export) names its columns its own way: `--columns
"Project=title,Organisation=organisation,Category=-"` (or a mapping file) says which field each one is, `-` a
column to leave out. `--default FIELD=VALUE` fills a field the rows leave empty (not the project's own texts:
a title, description or organisation is never made up).
"""

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# (field, need, format, example): what `wsis submit --help` and the README's "Bulk import" list. Need: required;
# place (a row gives a country, a region, or the scope global); optional; filled in (by the pipeline).
FIELD_GUIDE: tuple[tuple[str, str, str, str], ...] = (
    ("title", "required", "5–300 characters", "Telemedicine for rural clinics"),
    ("description", "required", "20–20,000 characters: what the project does",
     "Connects rural clinics to specialist doctors"),
    ("organisation", "required", "2–300 characters", "Ministry of Health"),
    ("stakeholder_type", "required", "Government, Private sector, Civil society, Academia, International "
     "organization, Other", "Civil society"),
    ("country", "place", "name or ISO code; International or Global: a global project", "Viet Nam"),
    ("region", "place", "ITU region of a regional project (no country)", "Arab States"),
    ("scope", "place", "national, regional or global (else from country/region)", "global"),
    ("submitted_on", "optional", "YYYY-MM-DD or YYYY: when submitted to WSIS (else: today)", "2015"),
    ("status", "optional", "planned, ongoing or completed (else: ongoing)", "completed"),
    ("start_date", "optional", "YYYY-MM-DD", "2012-03-01"),
    ("end_date", "optional", "YYYY-MM-DD, not before start_date", "2014-12-31"),
    ("action_lines", "optional", "C1–C11 or C7.e-… codes, separated by ;", "C4;C7.e-health"),
    ("sdgs", "optional", "1–17, separated by ;", "3;4"),
    ("website", "optional", "web address", "https://example.org"),
    ("contact_email", "optional", "email address (never published)", "office@example.org"),
    ("contact_phone", "optional", "phone number (never published)", "+41 22 730 51 11"),
    ("short_description", "optional", "WSIS Prizes short description, 150–200 words", ""),
    ("language", "optional", "language code of the texts", "en"),
    ("country_code", "filled in", "ISO 3166-1 alpha-3, from country", "KEN"),
    ("submission_id", "optional", "your stable id: letters, digits . _ : - (else from the content)",
     "NOM-2015-001"),
)
FIELDS = tuple(name for name, *_ in FIELD_GUIDE)
REQUIRED = tuple(name for name, required, *_ in FIELD_GUIDE if required == "required")
NO_DEFAULT = {"title", "description", "organisation", "submission_id"}  # the project's own: never made up
REPORT_COLUMNS = ("import_row", "import_reasons")  # added to a rejected file; left out when it is imported again
IGNORE = "-"
_ALIASES = {"organization": "organisation"}


class ColumnsError(ValueError):
    """The file's columns, or the mapping given, cannot be read as a submission's fields."""


def fold(header: str) -> str:
    """`Stakeholder Type`, ` stakeholder-type ` → `stakeholder_type`."""
    name = re.sub(r"[\s\-]+", "_", header.strip().casefold()).strip("_")
    return _ALIASES.get(name, name)


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for item in filter(str.strip, text.split(",")):
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise ColumnsError(f"{item.strip()!r}: expected COLUMN=FIELD (or COLUMN=- to leave it out)")
        pairs.append((column, target))
    return pairs


def _file_pairs(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ColumnsError(f"{path}: expected a JSON object {{\"column\": \"field\", …}}")
        return list(data.items())
    rows = [row for row in csv.reader(text.splitlines()) if row and any(cell.strip() for cell in row)]
    if rows and [fold(cell) for cell in rows[0][:2]] == ["column", "field"]:
        rows = rows[1:]
    if any(len(row) < 2 for row in rows):
        raise ColumnsError(f"{path}: expected two columns, column and field")
    return [(row[0], row[1]) for row in rows]


@dataclass
class Columns:
    """How the columns (or a JSON object's keys) of a file become a submission's fields."""

    mapping: dict[str, str | None] = field(default_factory=dict)  # folded column → field (None: left out)
    defaults: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, columns: str | None = None, columns_file: Path | None = None,
              defaults: list[str] | None = None) -> "Columns":
        pairs = (_file_pairs(columns_file) if columns_file else []) + _pairs(columns or "")
        mapping: dict[str, str | None] = {}
        for column, target in pairs:
            name = fold(target)
            if name not in (*FIELDS, IGNORE, ""):
                raise ColumnsError(f"{column.strip()}={target.strip()}: {target.strip()!r} is not a field; "
                                   f"the fields: {', '.join(FIELDS)}")
            mapping[fold(column)] = None if name in (IGNORE, "") else name
        values: dict[str, str] = {}
        for item in defaults or []:
            name, sep, value = item.partition("=")
            name = fold(name)
            if not sep or name not in FIELDS or name in NO_DEFAULT:
                allowed = ", ".join(f for f in FIELDS if f not in NO_DEFAULT)
                raise ColumnsError(f"--default {item!r}: expected FIELD=VALUE, FIELD one of {allowed}")
            values[name] = value.strip()
        return cls(mapping, values)

    def field_of(self, header: str) -> str | None:
        """The field a column holds; None for a column left out; the folded header when it names no field."""
        name = fold(header)
        if name in self.mapping:
            return self.mapping[name]
        return None if name in REPORT_COLUMNS else name

    def problems(self, headers: list[str]) -> list[str]:
        """What is wrong with a CSV file's header, found before any row is sent: one line each."""
        found: dict[str, list[str]] = {}
        for header in headers:
            target = self.field_of(header)
            if target is not None:
                found.setdefault(target, []).append(header)
        unknown = [headers for target, headers in found.items() if target not in FIELDS]
        lines = []
        if unknown:
            names = ", ".join(repr(h) for hs in unknown for h in hs)
            lines.append(f"columns that are no field of a submission: {names}. Say which field each one holds "
                         f"with --columns \"COLUMN=FIELD,…\", or leave it out with COLUMN=-")
        lines += [f"columns {', '.join(map(repr, hs))} all read as {target}: map or leave out all but one"
                  for target, hs in found.items() if len(hs) > 1 and target in FIELDS]
        for name in (name for name in REQUIRED if name not in found and name not in self.defaults):
            hint = f", or --default {name}=VALUE for every row" if name not in NO_DEFAULT else ""
            lines.append(f"no column for the required field {name}: name the column that holds it with "
                         f"--columns \"COLUMN={name}\"{hint}")
        if not {"country", "region", "scope"} & (set(found) | set(self.defaults)):
            lines.append("no column for the place: country, region or scope (--default scope=global for "
                         "projects without a country)")
        return lines

    def payload_keys(self, row: dict[str, object]) -> dict[str, object]:
        """A JSON object's keys as fields (left-out keys dropped), with the defaults for those it lacks."""
        mapped = {name: value for key, value in row.items() if (name := self.field_of(key)) is not None}
        return {name: value for name, value in self.defaults.items() if name not in mapped} | mapped
