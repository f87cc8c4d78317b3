"""Text normalisation and fast phrase matching shared by the SDG and action-line taggers.

Tokens are lower-cased, accent-stripped and lightly stemmed, so a lexicon written in singular form matches
plurals and simple verb forms. Chinese has no spaces: each Han character is its own token, so a lexicon
phrase (a run of characters) matches as a substring. Arabic words lose their article and conjunction
prefixes (ال، و، ب، ل) and spelling variants of alef, yeh and teh marbuta are unified. Phrases are looked
up as space-joined keys in one dict (greedy longest match), which keeps tagging of a 100-word text well
under a millisecond. `units` gives the words the goal profiles (profile.py) are built from.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")
_PHRASE_WORD = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+\*?")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و")  # longest first; only stripped from long words
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
_MIN_PREFIX = 5  # letters before a `*`: shorter wildcards ("ban*") would swallow unrelated words
_cache: dict[str, str] = {}


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _base(word: str) -> str:
    """What wildcard prefixes are compared with: accents stripped, Arabic prefixes removed."""
    w = _strip_accents(word)
    return _arabic(w) if _ARABIC.match(w) else w


def stem(word: str) -> str:
    """Light suffix stripping (plural, -ing, -ed); language-agnostic enough for en/fr/es lexicons."""
    cached = _cache.get(word)
    if cached is not None:
        return cached
    w = _strip_accents(word)
    n = len(w)
    if _ARABIC.match(w):
        w = _arabic(w)
    elif n > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif n > 4 and w.endswith("sses"):
        w = w[:-2]
    elif n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif n > 5 and w.endswith("ing"):
        w = w[:-3]
    elif n > 4 and w.endswith("ed") and not w.endswith("eed"):
        w = w[:-2]
    if len(_cache) > 200_000:  # bound memory on adversarial input
        _cache.clear()
    _cache[word] = w
    return w


def _arabic(word: str) -> str:
    word = word.translate(_AR_LETTERS)
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


class Surface:
    """Maps token spans of `tokens(text)` back to the original text (case, punctuation) for evidence."""

    def __init__(self, text: str, toks: list[str]) -> None:
        self._text, self._toks = text, toks
        self._offsets: list[tuple[int, int]] | None = None

    def __call__(self, span: tuple[int, int]) -> str:
        start, end = span
        if self._offsets is None:  # computed once, and only when a tag needs evidence
            self._offsets = [m.span() for m in _TOKEN.finditer(self._text)]
        if len(self._offsets) == len(self._toks) and 0 <= start < end <= len(self._offsets):
            return self._text[self._offsets[start][0] : self._offsets[end - 1][1]]
        return " ".join(self._toks[start:end])  # lower-casing changed the tokenisation: show the tokens


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
        self._max_len: dict[str, int] = {}  # first word key -> longest phrase starting with it
        self._keys: set[str] = set()
        self._tok_cache: dict[str, tuple[tuple[str, ...], int]] = {}
        for phrase in phrases:
            words = [self._word_key(w) for w in tokens_keep_star(phrase)]
            if not words:
                continue
            key = " ".join(words)
            self.key_of[phrase] = key
            self._keys.add(key)
            self._max_len[words[0]] = max(self._max_len.get(words[0], 0), len(words))

    def _word_key(self, word: str) -> str:
        if word.endswith("*"):
            base = _base(word[:-1])
            return base + "*" if len(base) >= _MIN_PREFIX else stem(base)  # too short: matched as a word
        return stem(word)

    def _token_keys(self, tok: str) -> tuple[tuple[str, ...], int]:
        """The stem of a token (plus the longest wildcard prefix it matches), and the longest phrase
        length that can start with it."""
        cached = self._tok_cache.get(tok)
        if cached is not None:
            return cached
        base = _base(tok)
        keys = [stem(tok)]
        for n in range(min(len(base), self._max_prefix), _MIN_PREFIX - 1, -1):
            if base[:n] in self._prefixes:
                keys.append(base[:n] + "*")
                break
        entry = (tuple(keys), max(self._max_len.get(k, 0) for k in keys))
        if len(self._tok_cache) > 200_000:
            self._tok_cache.clear()
        self._tok_cache[tok] = entry
        return entry

    def find(self, toks: list[str]) -> list[Hit]:
        cache = self._tok_cache
        info = [cache.get(t) or self._token_keys(t) for t in toks]
        prim = [k[0] for k, _ in info]  # stems; wildcard alternatives are tried only where a token has one
        multi = [len(k) > 1 for k, _ in info]
        hits: list[Hit] = []
        i, n = 0, len(toks)
        keys = self._keys
        while i < n:
            longest = info[i][1]
            if not longest:
                i += 1
                continue
            matched = 0
            for size in range(min(longest, n - i), 0, -1):
                if any(multi[i : i + size]):
                    combos = [" ".join(c) for c in product(*(info[j][0] for j in range(i, i + size)))]
                else:
                    combos = [" ".join(prim[i : i + size])]
                for cand in combos:
                    if cand in keys:
                        hits.append(Hit(cand, i, i + size))
                        matched = size
                        break
                if matched:
                    break
            i += matched or 1
        return hits


def tokens_keep_star(phrase: str) -> list[str]:
    """Tokenise a lexicon phrase, keeping a trailing `*` on wildcard words."""
    return _PHRASE_WORD.findall(phrase.lower())


_STOP = frozenset(
    "the and for with are from that this which its their all into such other through least particular "
    "les des pour avec dans une sur par que qui aux est sont los las del para con una por como".split()
)


def _is_han(tok: str) -> bool:
    return len(tok) == 1 and "\u3400" <= tok <= "\ufaff"


@lru_cache(maxsize=200_000)
def _unit(tok: str) -> str:
    """A content word's stem, or "" for short words (Han characters included), numbers and function words."""
    return "" if len(tok) < 3 or tok in _STOP or tok.isdigit() else stem(tok)


def units(toks: list[str], han_bigrams: bool = False) -> list[str]:
    """Profile units of a token list: stems of content words, plus bigrams of adjacent Han characters."""
    words = [u for u in map(_unit, toks) if u]
    if han_bigrams:
        words += [a + b for a, b in zip(toks, toks[1:], strict=False) if _is_han(a) and _is_han(b)]
    return words
