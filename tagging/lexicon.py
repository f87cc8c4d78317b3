"""Load the shipped term lists (data/*.txt) and the Aurora-derived phrases into weighted lexicon entries."""

import json
from dataclasses import dataclass
from importlib.resources import files

DATA = files("tagging") / "data"
AURORA_WEIGHT = 1.0  # Aurora phrases are specific but come out of boolean context: one notch below "strong"


@dataclass(frozen=True, slots=True)
class Entry:
    label: str  # SDG number as text ("7") or action-line code ("C7.e-health")
    ref: str  # SDG target ("7.2") or "" for action lines
    weight: float
    phrase: str
    source: str  # file the entry came from, for evidence


def parse_terms(name: str) -> list[Entry]:
    """Lines `<label> <ref> <weight>: phrase, phrase`; `#` starts a comment. `ref` is `-` when unused."""
    entries: list[Entry] = []
    for lineno, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        head, sep, body = line.partition(":")
        parts = head.split()
        if not sep or len(parts) != 3:
            raise ValueError(f"{name}:{lineno}: expected '<label> <ref> <weight>: phrases'")
        label, ref, weight = parts[0], "" if parts[1] == "-" else parts[1], float(parts[2])
        for phrase in body.split(","):
            if phrase.strip():
                entries.append(Entry(label, ref, weight, phrase.strip(), name))
    return entries


def aurora_entries() -> list[Entry]:
    doc = json.loads((DATA / "aurora_phrases.json").read_text(encoding="utf-8"))
    return [Entry(str(p["sdg"]), p["target"], AURORA_WEIGHT, p["phrase"], "aurora") for p in doc["phrases"]]
