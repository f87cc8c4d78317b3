"""Text normalisation and fast phrase matching shared by the SDG and action-line taggers.

Tokens are lower-cased, accent-stripped and lightly stemmed, so a lexicon written in singular form matches
plurals and simple verb forms. Chinese has no spaces: each Han character is its own token, so a lexicon
phrase (a run of characters) matches as a substring. Arabic words lose their article and conjunction
prefixes (ال، و، ب، ل) and spelling variants of alef, yeh and teh marbuta are unified. Phrases are looked
up in a trie of these word keys (phrases.py). `units` gives the words the goal profiles (profile.py) are
built from.
"""

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import TypeVar

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")  # _TOKEN on lower-case ASCII text, where \w is [a-zA-Z0-9_]: faster
_ASCII_SPLIT = re.compile(r"([a-z0-9]+)")
_PHRASE_WORD = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+\*?")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و")  # longest first; only stripped from long words
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
T = TypeVar("T")
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
    lower = text.lower()
    return (_ASCII_TOKEN if lower.isascii() else _TOKEN).findall(lower)


def token_pieces(text: str) -> list[str]:
    """The lower-cased text cut at its tokens: separator, token, separator, ..., token, separator. The tokens
    are pieces[1::2], the same as tokens(text); Surface can map spans back with them (see there)."""
    lower = text.lower()
    return (_ASCII_SPLIT if lower.isascii() else _TOKEN_SPLIT).split(lower)


class Surface:
    """Maps token spans of `tokens(text)` back to the original text (case, punctuation) for evidence."""

    def __init__(self, text: str, toks: list[str], pieces: list[str] | None = None) -> None:
        """`pieces`: token_pieces(text), if the caller has them. Lower-casing ASCII keeps every character's
        place and class, so the lower-cased text's pieces cut the text itself at the same places."""
        self._text, self._toks = text, toks
        self._bounds: list[int] | None = None
        self._pieces = pieces if pieces is not None and text.isascii() else None

    def __call__(self, span: tuple[int, int]) -> str:
        start, end = span
        if self._bounds is None:  # computed once, and only when a tag needs evidence
            # the text cut at its tokens: separator, token, separator, ..., token, separator; the running
            # sum of the pieces' lengths gives token k's start at 2k and its end at 2k + 1
            pieces = self._pieces if self._pieces is not None else _TOKEN_SPLIT.split(self._text)
            self._bounds = list(accumulate(map(len, pieces)))
        bounds = self._bounds
        if len(bounds) // 2 == len(self._toks) and 0 <= start < end <= len(self._toks):
            return self._text[bounds[2 * start] : bounds[2 * end - 1]]
        return " ".join(self._toks[start:end])  # lower-casing changed the tokenisation: show the tokens


def tokens_keep_star(phrase: str) -> list[str]:
    """Tokenise a lexicon phrase, keeping a trailing `*` on wildcard words."""
    return _PHRASE_WORD.findall(phrase.lower())


_STOP = frozenset(
    "the and for with are from that this which its their all into such other through least particular "
    "les des pour avec dans une sur par que qui aux est sont los las del para con una por como".split()
)


def all_cached(cache: dict[str, T], toks: list[str]) -> list[T] | None:
    """Each token's cached value, read in one step (itemgetter), or None when some token is not cached yet."""
    if len(toks) < 2:  # itemgetter of one key returns the value itself, not a tuple
        return None
    try:
        return list(itemgetter(*toks)(cache))
    except KeyError:
        return None


def _is_han(tok: str) -> bool:
    return len(tok) == 1 and "\u3400" <= tok <= "\ufaff"


@lru_cache(maxsize=200_000)
def _unit(tok: str) -> str:
    """A content word's stem, or "" for short words (Han characters included), numbers and function words."""
    return "" if len(tok) < 3 or tok in _STOP or tok.isdigit() else stem(tok)


_UNITS: dict[str, str] = {}  # _unit's answers, read with one map(dict.get) per text


def units(toks: list[str], han_bigrams: bool = False) -> list[str]:
    """Profile units of a token list: stems of content words, plus bigrams of adjacent Han characters."""
    found = list(map(_UNITS.get, toks))
    if None in found:
        if len(_UNITS) > 200_000:  # bound memory on adversarial input
            _UNITS.clear()
        found = [_UNITS.setdefault(t, _unit(t)) if u is None else u for u, t in zip(found, toks, strict=True)]
    words = list(filter(None, found))
    if han_bigrams:
        words += [a + b for a, b in zip(toks, toks[1:], strict=False) if _is_han(a) and _is_han(b)]
    return words
