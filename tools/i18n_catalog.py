"""The msgids the dashboard translates, and what each catalog lacks: `python -m tools.i18n_catalog`.

Msgids come from the code (the string literals given to `t()` in dashboard/**/*.py, and the values of a constant
a call indexes, `t(SORT_LABELS[s])`, or lists with `format_func=t`; likewise the templates of the messages the
stages compose, given to `message()` or `ActionRefused()` anywhere in the packages, which the pages show
translated), from the field errors' templates (schemas/field_errors.py) and from the reference data the pages show
through `t()` (action lines, SDGs, regions, prize categories, stakeholder types, statuses, roles, prize phases,
actions and criteria, audit outcomes, evidence kinds, the tagger's notes, key-figure labels, country names).
`--fill-countries` copies the country names' official translations (ISO 3166 via pycountry's locale files)
into the catalogs.
"""

import ast
import gettext
import importlib
import inspect
import json
import string
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pycountry

from dashboard.tagger_notes import NOTES
from producers.prize_actions import PrizeAction
from reports.figures import STATUSES, RegionalReport
from schemas.countries import all_countries
from schemas.field_errors import FIELD_MESSAGES
from schemas.prizes import CRITERIA, PHASE_NAMES, AuditRecord
from schemas.reference import ITU_REGIONS, PRIZE_CATEGORIES, SDG_NAMES, STAKEHOLDER_TYPES, action_line_names
from schemas.tags import EvidenceKind
from schemas.translation import LANGUAGES, catalog
from schemas.users import ROLES

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
LOCALES = DASHBOARD.parent / "schemas" / "locales"
PACKAGES = [DASHBOARD.parent / name for name in ("dashboard", "producers", "streams", "indexer", "schemas", "tagging",
                                                 "prizes", "storage", "search", "reports")]
_PYCOUNTRY_LANGUAGE = {"zh": "zh_CN"}
_MESSAGE_CALLS = {"t": 0, "ActionRefused": 0, "message": 0, "tn": 1}  # calls and the argument that is a msgid


def country_names() -> list[str]:
    return sorted(c.name for c in all_countries())


def key_figure_labels() -> set[str]:
    """The labels of RegionalReport.key_figures(): the first argument of each KeyFigure(...) there."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(RegionalReport.key_figures)))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    return {c.args[0].value for c in calls if c.func.id == "KeyFigure" and isinstance(c.args[0], ast.Constant)}


def _literals(annotation: Any) -> set[str]:
    """The strings of a Literal type, also inside a union: `Role | Literal["worker"]`."""
    return {a for a in get_args(annotation) if isinstance(a, str)}.union(
        *(_literals(a) for a in get_args(annotation) if not isinstance(a, str)))


def reference_msgids() -> set[str]:
    audit = {*_literals(AuditRecord.model_fields["role"].annotation),
             *_literals(AuditRecord.model_fields["outcome"].annotation)}
    return {*action_line_names().values(), *SDG_NAMES.values(), *ITU_REGIONS, *STAKEHOLDER_TYPES, *STATUSES,
            *ROLES, *PHASE_NAMES.values(), *(p.lower() for p in PHASE_NAMES.values()), *CRITERIA.values(),
            *get_args(PrizeAction), *audit, *get_args(EvidenceKind), *NOTES,
            *(c["name"] for c in PRIZE_CATEGORIES.values()), *key_figure_labels(), *country_names(),
            *FIELD_MESSAGES.values()}


def _strings(value: Any) -> Iterator[str]:
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else []
    yield from (item for item in items if isinstance(item, str))


def _constant(name: str, literals: dict[str, Any], imports: dict[str, str]) -> Iterator[str]:
    """The strings of a module-level literal of the file, or of a constant it imports."""
    if name in literals:
        yield from _strings(literals[name])
    elif name in imports:
        yield from _strings(getattr(importlib.import_module(imports[name]), name, None))


def code_msgids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals, imports = {}, {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in (t for t in targets if isinstance(t, ast.Name)):
                try:
                    literals[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
        elif isinstance(node, ast.ImportFrom) and node.module:
            imports |= {alias.asname or alias.name: node.module for alias in node.names}
    found: set[str] = set()
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        position = _MESSAGE_CALLS.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if position is not None and len(call.args) > position:
            text = call.args[position]
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                found.add(text.value)
            elif isinstance(text, ast.Subscript) and isinstance(text.value, ast.Name):
                found.update(_constant(text.value.id, literals, imports))
        if any(k.arg == "format_func" and isinstance(k.value, ast.Name) and k.value.id == "t" for k in call.keywords):
            options = call.args[1] if len(call.args) > 1 else None
            if isinstance(options, ast.List | ast.Tuple):
                found.update(e.value for e in options.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
            elif isinstance(options, ast.Name):
                found.update(_constant(options.id, literals, imports))
    return found


def _has_words(msgid: str) -> bool:
    """`{error}` alone (a text from elsewhere, shown as it is) has nothing to translate."""
    return any(part.strip() for part, _, _, _ in string.Formatter().parse(msgid))


def all_msgids() -> set[str]:
    sources = [path for package in PACKAGES for path in sorted(package.rglob("*.py"))]
    return {m for m in reference_msgids().union(*(code_msgids(path) for path in sources)) if _has_words(m)}


def missing(language: str) -> list[str]:
    """The msgids without a (non-empty) translation in the language's catalog."""
    translations = catalog(language)
    return sorted(msgid for msgid in all_msgids() if not translations.get(msgid))


def fill_countries() -> None:
    for language in LANGUAGES:
        if language == "en":
            continue
        path = LOCALES / f"{language}.json"
        entries = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                  languages=[_PYCOUNTRY_LANGUAGE.get(language, language)])
        for name in country_names():
            if not entries.get(name):  # a name the same in both languages (Angola) is its translation
                entries[name] = iso.gettext(name)
        path.write_text(json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    """Print each catalog's size and its missing msgids; exit status 1 when any is missing."""
    if "--fill-countries" in sys.argv:
        fill_countries()
        catalog.cache_clear()
    msgids = all_msgids()
    lacking = 0
    for language in (lang for lang in LANGUAGES if lang != "en"):
        gaps = missing(language)
        lacking += len(gaps)
        print(f"{language}: {len(msgids) - len(gaps)}/{len(msgids)} translated, {len(gaps)} missing")
        for msgid in gaps:
            print(f"  {json.dumps(msgid, ensure_ascii=False)}")
    return 1 if lacking else 0


if __name__ == "__main__":
    sys.exit(main())
