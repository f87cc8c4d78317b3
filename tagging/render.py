"""The measurement interface (JSON lines in, JSON lines out) and a human-readable rendering of Tags."""

import json
from collections.abc import Iterable, Iterator

from schemas.reference import PRIZE_CATEGORIES, SDG_NAMES, action_line_names
from schemas.tags import Evidence, Tags
from tagging.engine import tag


def tags_record(doc_id: object, tags: Tags) -> dict[str, object]:
    return {
        "id": doc_id,
        "sdgs": [t.sdg for t in tags.sdgs],
        "action_lines": [t.code for t in tags.action_lines],
        "category": tags.category,
        "language": tags.language,
        "sdg_scores": {str(t.sdg): t.score for t in tags.sdgs},
        "action_line_scores": {t.code: t.score for t in tags.action_lines},
    }


def tag_jsonl(lines: Iterable[str]) -> Iterator[str]:
    """`{"id", "text"}` per line -> `{"id", "sdgs", "action_lines", "category", "language", ...}` per line.

    Exactly one output line per input line: a line that is not a JSON object with a string `text` (a blank
    line included) yields `{"id": ..., "line": n, "error": ...}`. Optional `declared_sdgs` /
    `declared_action_lines` are honoured and their disagreements returned.
    """
    for n, line in enumerate(lines, 1):
        doc_id: object = None
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict):
                raise ValueError("line is not a JSON object")
            doc_id = doc.get("id")
            text = doc.get("text")
            if not isinstance(text, str):
                raise ValueError("missing or non-string 'text'")
            tags = tag(text, doc.get("declared_sdgs") or (), doc.get("declared_action_lines") or ())
            record = tags_record(doc_id, tags)
            if tags.disagreements:
                record["disagreements"] = tags.disagreements
        except Exception as exc:  # any bad line (bad JSON, wrong types, deep nesting) answers an error
            record = {"id": doc_id, "line": n, "error": f"{type(exc).__name__}: {exc}"}
        yield json.dumps(record, ensure_ascii=False)


def _evidence(ev: Evidence) -> str:
    targets = f" [{', '.join(ev.targets)}]" if ev.targets else ""
    return f'"{ev.detail}"{targets}' if ev.kind == "phrase" else f"{ev.detail}{targets}"


def format_for_humans(tags: Tags) -> str:
    names = action_line_names()
    out = [f"Language: {tags.language}"]
    if tags.category is not None:
        out.append(f"Suggested prize category: {tags.category}. {PRIZE_CATEGORIES[tags.category]['name']}")
    out.append("SDGs:" if tags.sdgs else "SDGs: none detected")
    for t in tags.sdgs:
        out.append(f"  SDG {t.sdg} {SDG_NAMES[t.sdg]} ({t.score:.2f})")
        out.extend(f"    - {ev.kind}: {_evidence(ev)}" for ev in t.evidence)
    out.append("Action lines:" if tags.action_lines else "Action lines: none detected")
    for a in tags.action_lines:
        out.append(f"  {a.code} {names.get(a.code, '')} ({a.score:.2f})")
        out.extend(f"    - {ev.kind}: {_evidence(ev)}" for ev in a.evidence)
    if tags.declared_sdgs or tags.declared_action_lines:
        declared = [f"SDG {s}" for s in tags.declared_sdgs] + tags.declared_action_lines
        out.append(f"Declared: {', '.join(declared)}")
    out.extend(f"  ! {note}" for note in tags.disagreements)
    return "\n".join(out)
