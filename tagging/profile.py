"""SDG profiles: how close a text's vocabulary is to each goal's own texts, a second opinion beside the phrases.

Each goal has a bag of words. English: the UN goal and target texts, the Aurora query terms and descriptions
and the WSIS-SDG matrix rationales (data/sdg_profile_en.json, built by build_profile.py), plus the words of
sdg_terms_en.txt repeated by their weight. Other languages: the words of their own term list. Words are
weighted by idf over the 17 goals (a word every goal uses counts for nothing); a text's similarity to a goal
is the cosine of its word counts and the goal's vector. Chinese uses character bigrams instead of words.
"""

import json
import math
from collections import Counter

import numpy as np

from tagging.lexicon import DATA, parse_terms
from tagging.text import tokens, units

SDG_TERM_FILES = {lang: f"sdg_terms_{lang}.txt" for lang in ("en", "fr", "es", "ar", "zh", "ru")}


def _counts(lang: str) -> dict[int, Counter[str]]:
    counts: dict[int, Counter[str]] = {s: Counter() for s in range(1, 18)}
    if lang == "en":
        built = json.loads((DATA / "sdg_profile_en.json").read_text(encoding="utf-8"))["counts"]
        for s, words in built.items():
            counts[int(s)].update(words)
    for e in parse_terms(SDG_TERM_FILES[lang]):
        for _ in range(int(e.weight)):
            counts[int(e.label)].update(units(tokens(e.phrase.replace("*", "")), lang == "zh"))
    return counts


Index = dict[str, tuple[float, tuple[tuple[int, float], ...]]]


def _index(lang: str) -> Index:
    """word -> (idf, ((sdg, idf x the word's weight in the goal's unit vector), ...))."""
    counts = _counts(lang)
    df = Counter(w for c in counts.values() for w in c)
    idf = {w: math.log(17 / n) for w, n in df.items() if n < 17}
    postings: dict[str, list[tuple[int, float]]] = {}
    for s, c in counts.items():
        vec = {w: n * idf[w] for w, n in c.items() if w in idf}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        for w, x in vec.items():
            postings.setdefault(w, []).append((s, idf[w] * x / norm))
    return {w: (idf[w], tuple(p)) for w, p in postings.items()}


PROFILES = {lang: _index(lang) for lang in SDG_TERM_FILES}


class _Dense:
    """An Index as a word x goal matrix: word -> (row, idf), and each row's weight towards goals 1..17."""

    def __init__(self, index: Index) -> None:
        self.row: dict[str, tuple[int, float]] = {w: (i, idf) for i, (w, (idf, _)) in enumerate(index.items())}
        self.weights = np.zeros((len(index), 17))
        for i, (_, postings) in enumerate(index.values()):
            for s, g in postings:
                self.weights[i, s - 1] = g


_DENSE = {lang: _Dense(index) for lang, index in PROFILES.items()}


def similarities(toks: list[str], lang: str) -> dict[int, float]:
    """Cosine similarity of the text to each goal's profile (goals with no shared word are left out).

    Each goal's sum is accumulated word by word in the order the words first occur (np.add.accumulate adds
    in sequence; a word that does not speak of a goal adds an exact 0.0), so the figures are the same to
    the last bit as a loop over the words' postings."""
    dense = _DENSE.get(lang) or _DENSE["en"]
    row_of = dense.row
    rows: list[int] = []
    tfs: list[float] = []
    norm2 = 0.0
    for w, n in Counter(units(toks, lang == "zh")).items():
        entry = row_of.get(w)
        if entry is None:
            continue
        tf = 1.0 + math.log(n) if n > 1 else 1.0
        norm2 += (tf * entry[1]) ** 2
        rows.append(entry[0])
        tfs.append(tf)
    if not rows:
        return {}
    acc = np.add.accumulate(dense.weights[rows] * np.array(tfs)[:, None], axis=0)[-1].tolist()
    norm = math.sqrt(norm2) or 1.0
    return {s: acc[s - 1] / norm for s in range(1, 18) if acc[s - 1]}
