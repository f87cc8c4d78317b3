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
from tagging.text import all_cached, tokens, units

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
    """An Index as a word x goal matrix. Row 0 is all zeros; row r >= 1 holds a word's weight towards goals
    1..17 and, in column 17, its idf squared (what a word seen once adds to the text's squared norm)."""

    def __init__(self, index: Index, han_bigrams: bool) -> None:
        self.row: dict[str, tuple[int, float]] = {w: (i, idf) for i, (w, (idf, _)) in enumerate(index.items(), 1)}
        self.weights = np.zeros((len(index) + 1, 18))
        for i, (idf, postings) in enumerate(index.values(), 1):
            for s, g in postings:
                self.weights[i, s - 1] = g
            self.weights[i, 17] = (1.0 * idf) ** 2
        self.row_idf = [0.0, *(idf for idf, _ in index.values())]
        self.han_bigrams = han_bigrams
        self.by_token: dict[str, int] = {}  # token -> its unit's row (0: none), read with one itemgetter

    def rows(self, toks: list[str]) -> list[int]:
        """units(toks) as rows: each token's unit row (0 for a token without a unit or a unit no goal
        uses), then, for Chinese, each Han bigram's, in text order."""
        if self.han_bigrams:
            row = self.row
            return [row[u][0] if u in row else 0 for u in units(toks, True)]
        by_token = self.by_token
        known = all_cached(by_token, toks)
        if known is not None:
            return known
        if len(by_token) > 200_000:  # bound memory on adversarial input
            by_token.clear()
        found = []
        for t in toks:
            r = by_token.get(t)
            if r is None:
                u = units([t])
                entry = self.row.get(u[0]) if u else None
                r = by_token[t] = entry[0] if entry is not None else 0
            found.append(r)
        return found


_DENSE = {lang: _Dense(index, lang == "zh") for lang, index in PROFILES.items()}


def similarities(toks: list[str], lang: str) -> dict[int, float]:
    """Cosine similarity of the text to each goal's profile (goals with no shared word are left out).

    Words are taken in the order they first occur; each goal's sum and the squared norm are accumulated in
    that order (np.add.accumulate adds in sequence; a word that does not speak of a goal adds an exact 0.0),
    so the figures are the same to the last bit as a loop over the words' postings (test_tagger_speedups)."""
    dense = _DENSE.get(lang) or _DENSE["en"]
    counts = Counter(filter(None, dense.rows(toks)))  # row -> how often its word occurs
    if not counts:
        return {}
    rows = list(counts)
    block = dense.weights.take(np.fromiter(rows, np.intp, len(rows)), axis=0)
    if len(rows) != counts.total():  # some word repeats: its weights count 1 + log(n) times
        for k, n in enumerate(counts.values()):
            if n > 1:
                tf = 1.0 + math.log(n)
                block[k, :17] *= tf
                block[k, 17] = (tf * dense.row_idf[rows[k]]) ** 2
    acc = np.add.accumulate(block, axis=0)[-1].tolist()
    norm = math.sqrt(acc[17]) or 1.0
    return {s: acc[s - 1] / norm for s in range(1, 18) if acc[s - 1]}
