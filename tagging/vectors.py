"""A small TF-IDF vector model over labelled bags of words: which labels a short text's words are closest to.

Each label (an action line, an SDG) has a bag of words; words are weighted by idf over the labels (a word every
label uses counts for nothing) and each label's vector is normalised. A text's similarity to a label is the
cosine of its log-scaled word counts and the label's vector. `explain` gives the words that weigh most, which
the submit form shows as the reason for a suggestion.
"""

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from tagging.text import _unit, units

Postings = tuple[tuple[str, float], ...]


class LabelIndex:
    """word -> (idf, ((label, idf x the word's weight in the label's unit vector), ...))."""

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
        self._index: dict[str, tuple[float, Postings]] = {w: (idf[w], tuple(p)) for w, p in postings.items()}
        self._weight: dict[str, dict[str, float]] = {w: dict(p) for w, p in postings.items()}

    def similarities(self, words: Iterable[str]) -> dict[str, float]:
        """Cosine similarity of a bag of profile units to each label (labels with no shared word are left out)."""
        acc: dict[str, float] = {}
        norm2 = 0.0
        index = self._index
        for w, n in Counter(words).items():
            entry = index.get(w)
            if entry is None:
                continue
            tf = 1.0 + math.log(n) if n > 1 else 1.0
            norm2 += (tf * entry[0]) ** 2
            for label, g in entry[1]:
                acc[label] = acc.get(label, 0.0) + tf * g
        norm = math.sqrt(norm2) or 1.0
        return {label: v / norm for label, v in acc.items()}

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
