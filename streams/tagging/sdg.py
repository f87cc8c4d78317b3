"""SDG detection: weighted phrase lexicon -> raw score per SDG -> calibrated score and decision.

Raw score = sum over distinct matched phrases of weight x (1 + 0.5 per repeat, at most 2 repeats), divided by
sqrt(length/120 words) for long texts. An SDG is detected when its raw score reaches the SDG's threshold and
is at least `relative` x the best SDG's raw score (a text mainly about water that mentions a consumer
tariff is not about energy). Thresholds and `relative` live in data/sdg_model.json, fitted by
`python bench/tagging.py --fit` (the bench reports a cross-validated accuracy for that fit).
"""

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from streams.tagging.lexicon import DATA, Entry, aurora_entries, parse_terms
from streams.tagging.text import PhraseMatcher

# One lexicon per language: merged lists would let a French word fire in English text ("formation").
# Other languages fall back to English (acronyms, names of programmes).
TERM_FILES = {"en": "sdg_terms_en.txt", "fr": "sdg_terms_fr.txt", "es": "sdg_terms_es.txt"}
REPEAT_BONUS, MAX_REPEATS, NORM_WORDS = 0.5, 2, 120
EXPLICIT_WEIGHT = 8.0  # "SDG 4", "ODD 4" (fr), "ODS 4" (es): the text names the goal; above every threshold
_GOAL_WORDS = frozenset({"sdg", "sdgs", "odd", "ods"})
_GOAL_TOKEN = re.compile(r"(?:sdg|odd|ods)(\d{1,2})")


@dataclass(slots=True)
class SdgEvidence:
    raw: dict[int, float] = field(default_factory=dict)
    # sdg -> [((first token, end token), targets, weight)] in order of first occurrence
    phrases: dict[int, list[tuple[tuple[int, int], list[str], float]]] = field(default_factory=dict)


def _load(lang: str) -> tuple[PhraseMatcher, dict[str, list[Entry]]]:
    entries = parse_terms(TERM_FILES[lang]) + (aurora_entries() if lang == "en" else [])
    matcher = PhraseMatcher(e.phrase for e in entries)
    by_key: dict[str, dict[str, Entry]] = defaultdict(dict)
    for e in entries:
        key = matcher.key_of[e.phrase]
        best = by_key[key].get(e.label)
        if best is None or e.weight > best.weight:  # one entry per (key, SDG): the strongest wins
            by_key[key][e.label] = e
    return matcher, {k: list(v.values()) for k, v in by_key.items()}


LEXICONS = {lang: _load(lang) for lang in TERM_FILES}
_MODEL = json.loads((DATA / "sdg_model.json").read_text(encoding="utf-8"))
THRESHOLDS: dict[int, float] = {int(k): float(v) for k, v in _MODEL["thresholds"].items()}
RELATIVE: float = float(_MODEL["relative"])


def raw_scores(toks: list[str], lang: str = "en") -> SdgEvidence:
    matcher, entries = LEXICONS.get(lang) or LEXICONS["en"]
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for hit in matcher.find(toks):
        counts[hit.key] = counts.get(hit.key, 0) + 1
        first.setdefault(hit.key, (hit.start, hit.end))
    norm = math.sqrt(max(1.0, len(toks) / NORM_WORDS))
    ev = SdgEvidence()
    for sdg, named in explicit_mentions(toks):
        if sdg not in ev.raw:  # count each named goal once
            ev.raw[sdg] = EXPLICIT_WEIGHT  # not length-normalised: naming the goal once is enough
            ev.phrases[sdg] = [(named, [str(sdg)], EXPLICIT_WEIGHT)]
    for key, n in counts.items():
        mult = 1.0 + REPEAT_BONUS * min(n - 1, MAX_REPEATS)
        for e in entries[key]:
            if not e.weight:  # neutral idiom ("investment climate"): absorbs the words, counts for nothing
                continue
            sdg = int(e.label)
            ev.raw[sdg] = ev.raw.get(sdg, 0.0) + e.weight * mult / norm
            ev.phrases.setdefault(sdg, []).append((first[key], [e.ref] if e.ref else [], e.weight))
    return ev


def explicit_mentions(toks: list[str]) -> list[tuple[int, tuple[int, int]]]:
    """Goals named by number: ("sdg", "14") or "sdg14", with their token span."""
    found: list[tuple[int, tuple[int, int]]] = []
    joined = " ".join(toks)
    if "sdg" not in joined and "odd" not in joined and "ods" not in joined:  # cheap exit for most texts
        return found
    for i, tok in enumerate(toks):
        number, span = "", (i, i + 1)
        if tok in _GOAL_WORDS and i + 1 < len(toks) and toks[i + 1].isdigit():
            number, span = toks[i + 1], (i, i + 2)
        elif tok[:1] in "so" and (m := _GOAL_TOKEN.fullmatch(tok)):
            number = m.group(1)
        if number and 1 <= int(number) <= 17:
            found.append((int(number), span))
    return found


def calibrated(sdg: int, raw: float) -> float:
    """Map a raw score to [0, 1] so that the SDG's threshold lands on 0.5."""
    return 1.0 - 0.5 ** (raw / THRESHOLDS[sdg]) if raw > 0 else 0.0


def decide(raw: dict[int, float], thresholds: dict[int, float], relative: float) -> set[int]:
    if not raw:
        return set()
    top = max(raw.values())
    return {s for s, r in raw.items() if r >= thresholds[s] and r >= relative * top}
