"""WSIS action-line detection (lexicon per line) and the WSIS-SDG matrix links.

There is no labelled corpus for action lines, so the threshold is set by hand: a line needs about one strong
phrase plus supporting words (raw 3.0 -> score 0.5) and a fair share of the best line's raw score.
"""

import csv
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files

from schemas.reference import ACTION_LINES
from tagging.lexicon import Entry, parse_terms
from tagging.phrases import PhraseMatcher
from tagging.sdg import MAX_REPEATS, NORM_WORDS, REPEAT_MULT

TERM_FILES = {lang: f"action_terms_{lang}.txt" for lang in ("en", "fr", "es", "ar", "zh", "ru")}
HALF_SCORE_RAW = 3.0  # raw score that maps to 0.5
DETECT_SCORE, RELATIVE = 0.5, 0.35  # RELATIVE: share of the best line's raw score a line needs

# When no action line is detected, the prize category still follows the text's main SDG.
SDG_FALLBACK = {
    1: "C7.e-employment", 2: "C7.e-agriculture", 3: "C7.e-health", 4: "C7.e-learning", 5: "C4",
    6: "C7.e-environment", 7: "C7.e-environment", 8: "C7.e-employment", 9: "C2", 10: "C3",
    11: "C7.e-government", 12: "C7.e-environment",
    13: "C7.e-environment", 14: "C7.e-environment", 15: "C7.e-environment", 16: "C7.e-government", 17: "C11",
}
DEFAULT_LINE = "C1"


@dataclass(slots=True)
class AlResult:
    raw: dict[str, float] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    phrases: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # token spans, strongest first


def _load_matrix() -> dict[str, dict[int, list[str]]]:
    """Action line -> SDG -> targets. Targets filed under another goal's row are moved to their own goal."""
    text = (files("schemas") / "data" / "wsis_sdg_matrix.csv").read_text(encoding="utf-8")
    matrix: dict[str, dict[int, list[str]]] = defaultdict(dict)
    for row in csv.DictReader(io.StringIO(text)):
        code, sdg = row["action_line_code"], int(row["sdg"])
        matrix[code].setdefault(sdg, [])
        for target in re.split(r"[;,]\s*", row["targets"].strip()):
            goal = target.split(".")[0].strip()
            if goal.isdigit() and 1 <= int(goal) <= 17:
                bucket = matrix[code].setdefault(int(goal), [])
                if target not in bucket and target != goal:
                    bucket.append(target)
    return dict(matrix)


def _load_lexicon(lang: str) -> tuple[PhraseMatcher, dict[str, list[Entry]]]:
    entries = parse_terms(TERM_FILES[lang])
    unknown = {e.label for e in entries} - set(ACTION_LINES)
    if unknown:
        raise ValueError(f"unknown action-line codes in term files: {sorted(unknown)}")
    matcher = PhraseMatcher(e.phrase for e in entries)
    by_key: dict[str, dict[str, Entry]] = defaultdict(dict)
    for e in entries:
        key = matcher.key_of[e.phrase]
        if e.label not in by_key[key] or e.weight > by_key[key][e.label].weight:
            by_key[key][e.label] = e
    return matcher, {k: list(v.values()) for k, v in by_key.items()}


MATRIX = _load_matrix()
LEXICONS = {lang: _load_lexicon(lang) for lang in TERM_FILES}


_SCORING = {lang: (matcher, {key: tuple((e.label, e.weight) for e in es) for key, es in entries.items()})
            for lang, (matcher, entries) in LEXICONS.items()}  # per phrase key: (line, weight) of its entries


def score(toks: list[str], lang: str = "en") -> AlResult:
    """Same scoring as the SDGs: distinct phrases, at most two repeats counted, long texts normalised."""
    matcher, scoring = _SCORING.get(lang) or _SCORING["en"]
    counts, first = matcher.scan(toks)
    norm = math.sqrt(max(1.0, len(toks) / NORM_WORDS))
    raw: dict[str, float] = {}
    found: dict[str, list[tuple[float, tuple[int, int]]]] = {}
    cap = MAX_REPEATS + 1
    for key, n in counts.items():
        mult = REPEAT_MULT[n if n < cap else cap]
        span = first[key]
        for label, weight in scoring[key]:
            raw[label] = raw.get(label, 0.0) + weight * mult / norm
            if label in found:
                found[label].append((weight, span))
            else:
                found[label] = [(weight, span)]
    res = AlResult(raw=raw)
    for code, r in raw.items():
        res.scores[code] = 1.0 - 0.5 ** (r / HALF_SCORE_RAW)
        res.phrases[code] = [s for _, s in sorted(found[code], key=lambda x: -x[0])]
    return res


def decide(res: AlResult) -> set[str]:
    if not res.raw:
        return set()
    top = max(res.raw.values())
    return {c for c, r in res.raw.items() if res.scores[c] >= DETECT_SCORE and r >= RELATIVE * top}


def best_line(res: AlResult, sdg_scores: dict[int, float]) -> str:
    """The action line a prize entry would most likely be filed under (always returns one)."""
    ranked = sorted(res.raw, key=lambda c: (-res.raw[c], ACTION_LINES.index(c)))
    detected = decide(res)
    if detected:
        return next(c for c in ranked if c in detected)
    if sdg_scores:
        return SDG_FALLBACK[max(sdg_scores, key=lambda s: (sdg_scores[s], -s))]
    return ranked[0] if ranked else DEFAULT_LINE
