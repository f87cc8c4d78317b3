"""A small TF-IDF vector model over labelled bags of words: which labels a short text's words are closest to.

Each label (an action line, an SDG) has a bag of words; words are weighted by idf over the labels (a word every
label uses counts for nothing) and each label's vector is normalised. A text's similarity to a label is the
cosine of its log-scaled word counts and the label's vector. `explain` gives the words that weigh most, which
the submit form shows as the reason for a suggestion.
"""

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from tagging.text import _unit, units

_FEW = 24  # distinct words up to which plain dict sums beat numpy's call overhead


class LabelIndex:
    """Each word's weight towards each label: idf x the word's weight in the label's unit vector (a dense
    word x label matrix for scoring, dicts for explaining)."""

    def __init__(self, bags: Mapping[str, Counter[str]]) -> None:
        n = len(bags)
        df = Counter(w for bag in bags.values() for w in bag)
        idf = {w: math.log(n / k) for w, k in df.items() if k < n}
        postings: dict[str, list[tuple[str, float]]] = {}
        for label, bag in bags.items():
            vec = {w: c * idf[w] for w, c in bag.items() if w in idf}
            norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
            for w, x in vec.items():
                postings.setdefault(w, []).append((label, idf[w] * x / norm))
        self.labels = tuple(bags)
        self._weight: dict[str, dict[str, float]] = {w: dict(p) for w, p in postings.items()}
        self._postings = {w: (idf[w], tuple(p)) for w, p in postings.items()}
        words = list(postings)
        self._row: dict[str, int] = {w: i for i, w in enumerate(words)}
        self._idf = np.array([idf[w] for w in words])
        self._dense = np.zeros((len(words), len(self.labels)))
        column = {label: j for j, label in enumerate(self.labels)}
        for i, w in enumerate(words):
            for label, g in postings[w]:
                self._dense[i, column[label]] = g
        self._by_label: dict[str, dict[str, float]] = {label: {} for label in bags}
        for w, p in postings.items():
            for label, g in p:
                self._by_label[label][w] = g

    def similarities(self, words: Iterable[str]) -> dict[str, float]:
        """Cosine similarity of a bag of profile units to each label (labels with no shared word are left out).
        A few words are summed from their postings; many (a title's 4-grams, a description) in one matrix product."""
        counts = Counter(words)
        if len(counts) <= _FEW:
            return self._few(counts)
        rows: list[int] = []
        tfs: list[float] = []
        row_of = self._row
        for w, n in counts.items():
            i = row_of.get(w)
            if i is not None:
                rows.append(i)
                tfs.append(1.0 + math.log(n) if n > 1 else 1.0)
        if not rows:
            return {}
        tf = np.array(tfs)
        norm = math.sqrt(float(((tf * self._idf[rows]) ** 2).sum())) or 1.0
        sims = (tf @ self._dense[rows]) / norm
        return {label: float(v) for label, v in zip(self.labels, sims.tolist(), strict=True) if v > 0.0}

    def _few(self, counts: Counter[str]) -> dict[str, float]:
        acc: dict[str, float] = {}
        norm2 = 0.0
        postings = self._postings
        for w, n in counts.items():
            entry = postings.get(w)
            if entry is None:
                continue
            tf = 1.0 + math.log(n) if n > 1 else 1.0
            norm2 += (tf * entry[0]) ** 2
            for label, g in entry[1]:
                acc[label] = acc.get(label, 0.0) + tf * g
        norm = math.sqrt(norm2) or 1.0
        return {label: v / norm for label, v in acc.items()}

    def word_vector(self, words: Iterable[str]) -> tuple[np.ndarray, float] | None:
        """The summed weight rows of `words` (each counted once per occurrence) towards every label, in the order
        of `labels`, and the squared norm of their idf vector; None when no word is known."""
        rows = [i for i in map(self._row.get, words) if i is not None]
        if not rows:
            return None
        return self._dense[rows].sum(axis=0), float((self._idf[rows] ** 2).sum())

    def weights_for(self, label: str) -> dict[str, float]:
        """word -> its weight towards `label` (idf x the word's weight in the label's unit vector)."""
        return self._by_label.get(label, {})

    def explain(self, toks: list[str], label: str, top: int = 3) -> list[str]:
        """The text's words (as written in the token list) that bring it closest to `label`, strongest first."""
        shown: dict[str, str] = {}
        for tok in toks:
            u = _unit(tok)
            if u and u not in shown and label in self._weight.get(u, ()):
                shown[u] = tok
        return [shown[u] for u in sorted(shown, key=lambda u: -self._weight[u][label])[:top]]


def bag(texts: Iterable[tuple[str, float]], tokenise: Callable[[str], list[str]]) -> Counter[str]:
    """Profile units of weighted texts: each text's units counted `weight` times (rounded, at least once)."""
    counts: Counter[str] = Counter()
    for text, weight in texts:
        for _ in range(max(1, round(weight))):
            counts.update(units(tokenise(text)))
    return counts
