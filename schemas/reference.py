"""WSIS reference data: action lines, SDGs, ITU regions, stakeholder types, prize categories.

Source: ../shared/domain/reference.json (ITU public material), copied to schemas/data/reference.json.
"""

import json
from functools import cache
from importlib.resources import files
from typing import Any

_DATA = files("schemas") / "data"


@cache
def _reference() -> dict[str, Any]:
    return json.loads((_DATA / "reference.json").read_text(encoding="utf-8"))


@cache
def action_line_names() -> dict[str, str]:
    """Every action-line code (C1..C11 and the eight C7 sub-lines) with its name, in official order."""
    names: dict[str, str] = {}
    for line in _reference()["action_lines"]:
        names[line["code"]] = line["name"]
        for sub in line.get("sub_lines", []):
            names[sub["code"]] = sub["name"]
    return names


ACTION_LINES: tuple[str, ...] = tuple(action_line_names())
SDG_NAMES: dict[int, str] = {s["number"]: s["name"] for s in _reference()["sdgs"]}
ITU_REGIONS: tuple[str, ...] = tuple(_reference()["itu_regions"])
STAKEHOLDER_TYPES: tuple[str, ...] = tuple(_reference()["stakeholder_types"])
UN_LANGUAGES: tuple[str, ...] = tuple(_reference()["un_languages"])
PRIZE_CATEGORIES: dict[int, dict[str, str]] = {
    c["number"]: {"action_line": c["action_line"], "name": c["name"]} for c in _reference()["prize_categories"]
}
CATEGORY_BY_ACTION_LINE: dict[str, int] = {c["action_line"]: n for n, c in PRIZE_CATEGORIES.items()}
