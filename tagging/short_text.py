"""Short-text signals for the suggester: how close a title (and its organisation's name) is to each prize
category's own texts, by character n-grams rather than whole words.

A title has few words, often compounds, brand names, plurals or another language ("mHealth4Afrika", "En mi
idioma", "Cybersecurity"): whole-word matching misses them, four-letter pieces of words do not. Each of the 18
prize categories gets one bag of 4-grams built from
  - its name and the official category name,
  - the phrases of the action-line term lists in the six UN languages (the n-grams are language-agnostic),
  - its paragraph of the Geneva Plan of Action and the WSIS–SDG matrix rationales filed under it,
  - data/action_line_descriptions_en.json: the category's themes and the kinds of organisation that run such
    projects (so "Ministry of Health" or "Research Institute" in an organisation's name counts).
Han characters are left to the word index (suggest.py), which already reads Chinese character by character.
"""

import csv
import json
import math
from collections import Counter
from collections.abc import Iterable
from importlib.resources import files

import numpy as np

from schemas.reference import CATEGORY_BY_ACTION_LINE, PRIZE_CATEGORIES, action_line_names
from tagging import action_lines
from tagging.lexicon import DATA, parse_terms
from tagging.text import _is_han, _unit, tokens, units
from tagging.vectors import LabelIndex

LINES: tuple[str, ...] = tuple(CATEGORY_BY_ACTION_LINE)
N = 4  # gram length: long enough to carry meaning, short enough to survive compounds and inflection
MAX_WORDS = 40  # a short-text signal: a long text is read up to here (its title and opening), so its cost stays flat


def word_grams(w: str) -> tuple[str, ...]:
    """The 4-grams of a word padded with a space on both sides (a short word is one gram); none for Han."""
    cached = _GRAMS.get(w)
    if cached is None:
        padded = f" {w} "
        cached = () if _is_han(w[:1]) else (padded,) if len(padded) <= N else tuple(
            padded[i:i + N] for i in range(len(padded) - N + 1))
        if len(_GRAMS) > 200_000:  # bound memory on adversarial input
            _GRAMS.clear()
        _GRAMS[w] = cached
    return cached


_GRAMS: dict[str, tuple[str, ...]] = {}


def grams(words: Iterable[str]) -> list[str]:
    return [g for w in words for g in word_grams(w)]


def descriptions() -> dict[str, dict[str, str]]:
    return json.loads((DATA / "action_line_descriptions_en.json").read_text(encoding="utf-8"))["texts"]


def _texts() -> dict[str, list[tuple[str, int]]]:
    """Each category's texts with a repeat count (names and term phrases weigh more than running prose)."""
    texts: dict[str, list[tuple[str, int]]] = {c: [] for c in LINES}
    names = action_line_names()
    for cat in PRIZE_CATEGORIES.values():
        texts[cat["action_line"]] += [(cat["name"], 3), (names.get(cat["action_line"], ""), 3)]
    for lang in action_lines.TERM_FILES:
        for e in parse_terms(action_lines.TERM_FILES[lang]):
            if e.label in texts:
                texts[e.label].append((e.phrase.replace("*", ""), max(1, round(e.weight))))
    plan = json.loads((DATA / "action_line_texts_en.json").read_text(encoding="utf-8"))["texts"]
    matrix = (files("schemas") / "data" / "wsis_sdg_matrix.csv").read_text(encoding="utf-8")
    for r in csv.DictReader(matrix.splitlines()):
        if r["action_line_code"] in texts:
            texts[r["action_line_code"]].append((r["rationale"], 1))
    for c, d in descriptions().items():
        texts[c] += [(plan.get(c, ""), 1), (d["themes"], 2), (d["organisations"], 2)]
    return texts


def _bags() -> dict[str, Counter[str]]:
    bags: dict[str, Counter[str]] = {}
    for c, texts in _texts().items():
        bag: Counter[str] = Counter()
        for text, repeat in texts:
            for g, k in Counter(grams(units(tokens(text)))).items():
                bag[g] += k * repeat
        bags[c] = bag
    return bags


class GramIndex:
    """Labels' bags of 4-grams, and a text's similarity to each: the cosine of the summed 4-gram vectors of its first
    MAX_WORDS profile units (`text.units`), each word's vector computed once and kept, so a title costs a few dict
    look-ups and numpy additions. (The text's norm treats its words' 4-grams as distinct; it scales all similarities
    alike, so the ranking and the ratio to the closest label, which the suggester uses, are unaffected.)"""

    def __init__(self, bags: dict[str, Counter[str]]) -> None:
        self.index = LabelIndex(bags)
        self.labels = self.index.labels
        self._vectors: dict[str, tuple[np.ndarray, float] | None] = {}

    def similarities(self, words: list[str]) -> dict[str, float]:
        """Labels sharing no 4-gram with the text are left out."""
        scores = self.scores(words)
        if scores is None:
            return {}
        return {c: v for c, v in zip(self.labels, scores.tolist(), strict=True) if v > 0.0}

    def scores(self, words: list[str]) -> np.ndarray | None:
        """The similarity to every label, in the order of `labels`; None when no word shares a 4-gram with any."""
        total: np.ndarray | None = None
        norm2 = 0.0
        vectors = self._vectors
        for w in words[:MAX_WORDS]:
            entry = vectors.get(w, _MISSING)
            if entry is _MISSING:
                entry = self.index.word_vector(word_grams(w))
                if len(vectors) > 200_000:  # bound memory on adversarial input
                    vectors.clear()
                vectors[w] = entry
            if entry is not None:
                vec, sq = entry
                total = vec if total is None else total + vec
                norm2 += sq
        if total is None:
            return None
        return total / (math.sqrt(norm2) or 1.0)


_MISSING = object()
CHAR_INDEX = GramIndex(_bags())


def char_similarities(words: list[str]) -> dict[str, float]:
    """Similarity of a text's 4-grams to each category's texts (categories sharing none are left out)."""
    return CHAR_INDEX.similarities(words)


def char_explain(toks: list[str], label: str, top: int = 3) -> list[str]:
    """The text's words (as written) whose 4-grams bring it closest to `label`, strongest first."""
    weights = CHAR_INDEX.index.weights_for(label)
    scored: dict[str, float] = {}
    for tok in toks:
        if tok in scored:
            continue
        u = _unit(tok)
        score = sum(weights.get(g, 0.0) for g in word_grams(u)) if u else 0.0
        if score > 0:
            scored[tok] = score
    return sorted(scored, key=lambda t: -scored[t])[:top]
