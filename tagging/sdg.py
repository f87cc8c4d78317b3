"""SDG detection: weighted phrase lexicon -> raw score per SDG; with the goal profiles -> probability, decision.

Raw score = sum over distinct matched phrases of weight x (1 + 0.5 per repeat, at most 2 repeats), divided by
sqrt(length/120 words) for long texts. A goal is a candidate when at least one of its phrases matched (so
every detected goal has a phrase as evidence). Its probability is a logistic model over the raw score and how
the text's vocabulary ranks the goal among the 17 (profile.py): a text whose words are mostly about water
that mentions a tariff is not about energy. The model's weights live in data/sdg_model.json, fitted by
`python bench/tagging.py --fit` (the bench reports a cross-validated accuracy for that fit). A goal the text
names ("SDG 4", "ODD 4", "ODS 4") is always detected.
"""

import json
import math
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from tagging.lexicon import DATA, Entry, aurora_entries, parse_terms
from tagging.phrases import PhraseMatcher
from tagging.profile import SDG_TERM_FILES

REPEAT_BONUS, MAX_REPEATS, NORM_WORDS = 0.5, 2, 120
EXPLICIT_WEIGHT = 8.0  # "SDG 4", "ODD 4" (fr), "ODS 4" (es): the text names the goal, which is always detected
_GOAL_WORDS = frozenset({"sdg", "sdgs", "odd", "ods"})
_GOAL_TOKEN = re.compile(r"(?:sdg|odd|ods)(\d{1,2})")


@dataclass(slots=True)
class SdgEvidence:
    raw: dict[int, float] = field(default_factory=dict)
    named: set[int] = field(default_factory=set)  # goals the text names by number
    # sdg -> [((first token, end token), targets, weight)] in order of first occurrence
    phrases: dict[int, list[tuple[tuple[int, int], list[str], float]]] = field(default_factory=dict)


# One lexicon per language: merged lists would let a French word fire in English text ("formation").
# Other languages fall back to English (acronyms, names of programmes).
def _load(lang: str) -> tuple[PhraseMatcher, dict[str, list[Entry]]]:
    entries = parse_terms(SDG_TERM_FILES[lang]) + (aurora_entries() if lang == "en" else [])
    matcher = PhraseMatcher(e.phrase for e in entries)
    by_key: dict[str, dict[str, Entry]] = defaultdict(dict)
    for e in entries:
        key = matcher.key_of[e.phrase]
        best = by_key[key].get(e.label)
        if best is None or e.weight > best.weight:  # one entry per (key, SDG): the strongest wins
            by_key[key][e.label] = e
    return matcher, {k: list(v.values()) for k, v in by_key.items()}


LEXICONS = {lang: _load(lang) for lang in SDG_TERM_FILES}
_MODEL = json.loads((DATA / "sdg_model.json").read_text(encoding="utf-8"))
FEATURES = ("bias", "log(1+raw)", "similarity", "best by similarity", "top 3 by similarity",
            "log(1+similarity rank)")
if _MODEL["features"] != list(FEATURES):
    raise ValueError("data/sdg_model.json was fitted for other features: rerun python bench/tagging.py --fit")
WEIGHTS: list[float] = [float(w) for w in _MODEL["weights"]]


# What raw_scores reads per phrase key: (goal, weight, target) of its entries that count (weight > 0)
_SCORING = {lang: (matcher, {key: tuple((int(e.label), e.weight, e.ref) for e in es if e.weight)
                             for key, es in entries.items()})
            for lang, (matcher, entries) in LEXICONS.items()}
# 1 + REPEAT_BONUS per repeat, at most MAX_REPEATS: by how often a phrase occurs (capped at MAX_REPEATS + 1)
REPEAT_MULT = {n: 1.0 + REPEAT_BONUS * min(n - 1, MAX_REPEATS) for n in range(1, MAX_REPEATS + 2)}


def raw_scores(toks: list[str], lang: str = "en") -> SdgEvidence:
    matcher, scoring = _SCORING.get(lang) or _SCORING["en"]
    counts, first = matcher.scan(toks)
    norm = math.sqrt(max(1.0, len(toks) / NORM_WORDS))
    ev = SdgEvidence()
    raw, phrases = ev.raw, ev.phrases
    for sdg, named in explicit_mentions(toks):
        ev.named.add(sdg)
        if sdg not in raw:  # count each named goal once
            raw[sdg] = EXPLICIT_WEIGHT  # not length-normalised: naming the goal once is enough
            phrases[sdg] = [(named, [str(sdg)], EXPLICIT_WEIGHT)]
    cap = MAX_REPEATS + 1
    for key, n in counts.items():
        mult = REPEAT_MULT[n if n < cap else cap]
        span = first[key]
        for sdg, weight, ref in scoring[key]:  # neutral idioms ("investment climate") absorb words, count nothing
            raw[sdg] = raw.get(sdg, 0.0) + weight * mult / norm
            hit = (span, [ref] if ref else [], weight)
            if sdg in phrases:
                phrases[sdg].append(hit)
            else:
                phrases[sdg] = [hit]
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


def features(sdg: int, raw: dict[int, float], sims: dict[int, float]) -> list[float]:
    """The model's inputs for one goal, in the order of FEATURES."""
    sim = sims.get(sdg, 0.0)
    rank = sum(1 for v in sims.values() if v > sim)  # 0 = the goal the text's words are closest to
    return [1.0, math.log1p(raw.get(sdg, 0.0)), sim, float(rank == 0), float(rank <= 2), math.log1p(rank)]


def probabilities(raw: dict[int, float], sims: dict[int, float], weights: list[float]) -> dict[int, float]:
    """Probability that the text is about each candidate goal (those with a raw score): the logistic model over
    features(). The similarity rank (how many goals are strictly closer) is read from the sorted similarities;
    the weighted sum adds the same six products in the same order, so the figures are features()' to the last
    bit (test_tagger_speedups)."""
    closer = sorted(sims.values())
    n = len(closer)
    w_bias, w_raw, w_sim, w_best, w_top3, w_rank = weights  # the order of FEATURES
    out: dict[int, float] = {}
    for sdg, r in raw.items():
        sim = sims.get(sdg, 0.0)
        rank = n - bisect_right(closer, sim)
        z = sum((w_bias * 1.0, w_raw * math.log1p(r), w_sim * sim, w_best * float(rank == 0),
                 w_top3 * float(rank <= 2), w_rank * math.log1p(rank)))
        out[sdg] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return out


def decide(probs: dict[int, float], named: set[int]) -> set[int]:
    return {s for s, p in probs.items() if p >= 0.5} | named
