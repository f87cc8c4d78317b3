"""Real WSIS Prizes entries as examples for the suggester: how close a text is to the entries filed under each
prize category.

data/wsis_prizes_entries.csv holds the title, organisation and category of 348 real entries (winners, champions
and nominees, 2012–2026; provenance in data/README.md). Each category's entries make one bag of 4-grams (the same
pieces of words as `short_text.py`, so a compound or another language still finds its neighbours). The closest
single entry of a category is what the submit form shows as the reason. (The categories' shares of the entries,
as a prior, were tried and left out: they pushed rare categories such as e-science below common ones for texts
plainly about them, for about one point of cross-validated top-3.)
"""

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

import numpy as np

from tagging.lexicon import DATA
from tagging.short_text import LINES, GramIndex, grams
from tagging.text import tokens, units

ENTRIES_CSV = DATA / "wsis_prizes_entries.csv"
_EMPTY = Counter({"\0": 1})  # a category without entries: a bag no text shares anything with


@dataclass(frozen=True)
class Entry:
    title: str
    organisation: str
    line: str  # the prize category, as an action-line code
    year: int
    source: str = ""  # the public page the row was read from

    @property
    def text(self) -> str:
        """What the submit form has before a description is written: the title and the organisation."""
        return ". ".join(x for x in (self.title, self.organisation) if x)

    @property
    def words(self) -> list[str]:
        return units(tokens(self.text))


def load_entries(path: Traversable = ENTRIES_CSV) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [Entry(r["title"], r["organisation"], r["action_line"], int(r["year"]), r["source"])
                for r in csv.DictReader(fh)]


class EntryIndex:
    """The entries of each category as one 4-gram bag, and each entry as its own."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        own = [Counter(grams(e.words)) for e in self.entries]
        by_line: dict[str, Counter[str]] = {c: Counter() for c in LINES}
        for e, bag in zip(self.entries, own, strict=True):
            by_line[e.line] += bag
        self.lines = GramIndex({c: bag or _EMPTY for c, bag in by_line.items()})
        self.single = GramIndex({str(i): bag or _EMPTY for i, bag in enumerate(own)})
        filed_under = np.array([LINES.index(e.line) for e in self.entries], dtype=int)
        self._filed = {c: members for k, c in enumerate(LINES) if len(members := np.flatnonzero(filed_under == k))}

    def similarities(self, words: list[str]) -> dict[str, float]:
        """Similarity of a text's 4-grams to the entries of each category (categories sharing none left out)."""
        return self.lines.similarities(words)

    def closest(self, words: list[str], at_least: float) -> dict[str, Entry]:
        """Category → the entry filed under it that the text is closest to (the first of equals), where their 4-gram
        similarity reaches `at_least` (> 0)."""
        sims = self.single.scores(words)
        if sims is None:
            return {}
        out: dict[str, Entry] = {}
        for line, members in self._filed.items():
            best = members[int(np.argmax(sims[members]))]
            if sims[best] >= at_least:
                out[line] = self.entries[best]
        return out


ENTRIES = EntryIndex(load_entries())
