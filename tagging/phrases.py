"""Greedy longest-match lookup of lexicon phrases over a token list, through a trie of word keys.

A phrase is a run of word keys (stems, or a `prefix*` wildcard). Each text token has one key (its stem) and,
when it starts with a lexicon wildcard prefix, a second one (the longest such prefix + "*"). From each position
the longest phrase wins; among phrases of that length, the one whose keys come first (stem before wildcard,
earlier tokens first) wins; the scan then jumps past it. The trie walks only as far as some phrase goes, so a
token that starts no phrase costs one dict lookup.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, count, product

from tagging.text import _MIN_PREFIX, _base, all_cached, stem, tokens_keep_star

Node = dict  # word key -> child Node; the key None holds the phrase key of a phrase ending here
Keys = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase occurrence: the lexicon key matched and the token span [start, end) it covered."""

    key: str
    start: int
    end: int


class PhraseMatcher:
    """Greedy longest-match lookup of lexicon phrases; `*` at the end of a word is a prefix wildcard."""

    def __init__(self, phrases: Iterable[str]) -> None:
        phrases = list(phrases)
        self._prefixes: set[str] = set()
        for phrase in phrases:
            for word in tokens_keep_star(phrase):
                if word.endswith("*") and len(_base(word[:-1])) >= _MIN_PREFIX:
                    self._prefixes.add(_base(word[:-1]))
        self._max_prefix = max((len(p) for p in self._prefixes), default=0)
        self.key_of: dict[str, str] = {}  # original phrase -> normalised key
        self._keys: set[str] = set()
        self._max_len: dict[str, int] = {}  # first word key -> longest phrase starting with it
        self._root: Node = {}
        self._tok_cache: dict[str, Keys] = {}
        self._spaced: set[str] = set()  # tokens with a key holding a space (NFKD of some ligatures): see find()
        self._starters: set[str] = set()  # tokens with a key that begins a phrase
        for phrase in phrases:
            words = [self._word_key(w) for w in tokens_keep_star(phrase)]
            if not words:
                continue
            key = " ".join(words)
            self.key_of[phrase] = key
            self._max_len[words[0]] = max(self._max_len.get(words[0], 0), len(words))
            if key not in self._keys:
                self._keys.add(key)
                node = self._root
                for word in key.split(" "):
                    node = node.setdefault(word, {})
                node[None] = key

    def _word_key(self, word: str) -> str:
        if word.endswith("*"):
            base = _base(word[:-1])
            return base + "*" if len(base) >= _MIN_PREFIX else stem(base)  # too short: matched as a word
        return stem(word)

    def _token_keys(self, tok: str) -> Keys:
        """The stem of a token, plus the longest wildcard prefix it matches, if any."""
        base = _base(tok)
        keys = [stem(tok)]
        for n in range(min(len(base), self._max_prefix), _MIN_PREFIX - 1, -1):
            if base[:n] in self._prefixes:
                keys.append(base[:n] + "*")
                break
        if any(" " in k for k in keys):
            self._spaced.add(tok)
        if any(k in self._root for k in keys):
            self._starters.add(tok)
        entry = self._tok_cache[tok] = tuple(keys)
        return entry

    def _keys_of(self, toks: list[str]) -> list[Keys]:
        cache = self._tok_cache
        if len(cache) > 200_000:  # bound memory on adversarial input
            cache.clear()
            self._starters.clear()
            self._spaced.clear()
        known = all_cached(cache, toks)
        return known if known is not None else [cache.get(t) or self._token_keys(t) for t in toks]

    def scan(self, toks: list[str]) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
        """How often each phrase key matched, and the span of its first match (both in order of first match)."""
        counts: dict[str, int] = {}
        first: dict[str, tuple[int, int]] = {}
        for key, start, end in self._matches(toks):
            if key in counts:
                counts[key] += 1
            else:
                counts[key] = 1
                first[key] = (start, end)
        return counts, first

    def find(self, toks: list[str]) -> list[Hit]:
        return [Hit(key, start, end) for key, start, end in self._matches(toks)]

    def _matches(self, toks: list[str]) -> list[tuple[str, int, int]]:
        keys = self._keys_of(toks)
        if self._spaced and not self._spaced.isdisjoint(toks):
            return self._matches_by_products(keys)
        starters = self._starters
        root = self._root
        out: list[tuple[str, int, int]] = []
        n = len(keys)
        end = 0  # the scan resumes after the last match
        for i in compress(count(), map(starters.__contains__, toks)):  # the tokens that begin some phrase
            if i < end:
                continue
            ks = keys[i]
            if len(ks) > 1:
                found = self._longest(keys, i)
            else:
                node = root[ks[0]]
                found = None
                j = i + 1
                if None in node:
                    found = (node[None], i, j)
                while j < n:  # one key per token: a single path through the trie
                    ks = keys[j]
                    if len(ks) > 1:
                        found = self._longest(keys, i)
                        break
                    node = node.get(ks[0])  # type: ignore[assignment]
                    if node is None:
                        break
                    j += 1
                    if None in node:
                        found = (node[None], i, j)
            if found is not None:
                out.append(found)
                end = found[2]
        return out

    def _longest(self, keys: list[Keys], i: int) -> tuple[str, int, int] | None:
        """Depth-first through every key of every token, children in key order: the first phrase found at
        the greatest depth is the one the product of the tokens' keys would list first."""
        best: tuple[str, int, int] | None = None
        stack: list[tuple[Node, int]] = [(self._root, i)]
        n = len(keys)
        while stack:
            node, j = stack.pop()
            if j > i and None in node and (best is None or j > best[2]):
                best = (node[None], i, j)
            if j < n:
                for k in reversed(keys[j]):
                    child = node.get(k)
                    if child is not None:
                        stack.append((child, j + 1))
        return best

    def _matches_by_products(self, keys: list[Keys]) -> list[tuple[str, int, int]]:
        """The plain definition (every combination of keys, longest first), for texts whose token keys hold
        a space: such a key can complete a phrase of more words than it has tokens."""
        out: list[tuple[str, int, int]] = []
        i, n = 0, len(keys)
        while i < n:
            matched = 0
            longest = max(self._max_len.get(k, 0) for k in keys[i])
            for size in range(min(longest, n - i), 0, -1):
                for combo in product(*keys[i : i + size]):
                    cand = " ".join(combo)
                    if cand in self._keys:
                        out.append((cand, i, i + size))
                        matched = size
                        break
                if matched:
                    break
            i += matched or 1
        return out
