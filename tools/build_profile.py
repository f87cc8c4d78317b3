"""Offline build: word counts per SDG from the goals' own texts (data/sdg_profile_en.json) for profile.py.

Sources: the UN goal and target texts (sdg_goals_targets.json), the Aurora SDG queries (quoted terms, the
query description and the target/indicator descriptions; CC-BY-4.0, Aurora Universities Network) and the
facilitators' rationales in the WSIS-SDG matrix (schemas/data/wsis_sdg_matrix.csv). Run from the repo root:

    python -m tools.build_profile ../shared/data/sdg-sources
"""

import csv
import html
import json
import re
import sys
from collections import Counter
from importlib.resources import files
from pathlib import Path

from tagging.text import tokens, units

OUT = Path(__file__).resolve().parent.parent / "tagging" / "data" / "sdg_profile_en.json"
_TAG = re.compile(r"<[^>]+>")
_QUERY_LINE = re.compile(r"<aqd:query-line[^>]*>(.*?)</aqd:query-line>", re.S)
_QUOTED = re.compile(r'"([^"<>]+)"')
_DESCRIPTION = re.compile(r"<(?:dc:description|aqd:subquery-description)>(.*?)</", re.S)


def texts(sources: Path) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {s: [] for s in range(1, 18)}
    for goal in json.loads((sources / "sdg_goals_targets.json").read_text(encoding="utf-8")):
        out[goal["id"] + 1] += [goal["name"], _TAG.sub(" ", html.unescape(goal["desc"]))]
    for s in range(1, 18):
        xml = (sources / "aurora" / f"query_SDG{s}.xml").read_text(encoding="utf-8-sig")
        out[s] += _QUOTED.findall(" ".join(_QUERY_LINE.findall(xml)))
        out[s] += [_TAG.sub(" ", d) for d in _DESCRIPTION.findall(xml)]
    matrix = (files("schemas") / "data" / "wsis_sdg_matrix.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(matrix.splitlines()):
        out[int(row["sdg"])].append(row["rationale"])
    return out


def main(argv: list[str]) -> None:
    sources = Path(argv[0]) if argv else Path("../shared/data/sdg-sources")
    counts = {str(s): dict(Counter(units(tokens(" ".join(t)))).most_common()) for s, t in texts(sources).items()}
    doc = {"credit": "UN SDG targets; Aurora Universities Network SDG queries v5 (doi:10.5281/zenodo.3817445, "
           "CC-BY-4.0); WSIS-SDG matrix rationales", "counts": counts}
    OUT.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {sum(len(c) for c in counts.values())} (goal, word) counts to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
