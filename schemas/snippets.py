"""Text shortened for a snippet or a table cell: cut at a word boundary and marked with "…" where text was left
out, in any script. Words are what Unicode says they are roughly: runs of letters and digits between spaces or
punctuation; in Chinese and Japanese, which write no spaces, each ideograph or kana is a place to cut. A cut
never splits a letter from its combining marks (accents, Arabic vowel signs) or a pair joined by a joiner."""

import re
import unicodedata

ELLIPSIS = "…"
_MARKER = re.compile(r"</?em>")  # the search server's highlight markers
_SPACE_OR_PUNCTUATION = re.compile(  # CJK and Arabic punctuation too
    r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u060c\u061b\u061f\u06d4.,;:!?)\]}»”’/-]")
_IDEOGRAPHIC = re.compile(r"[\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_TRAILING = " \t\n\r\u3000,;:、，；：-–—(（[「『\"'«“‘"
_JOINERS = "\u200c\u200d"


def _joined_to_previous(char: str) -> bool:
    return unicodedata.category(char) in {"Mn", "Mc", "Me"} or char in _JOINERS or 0xFE00 <= ord(char) <= 0xFE0F


def _safe(text: str, end: int) -> int:
    """`end` moved back so that text[:end] keeps each letter with its marks and joined pairs together."""
    while 0 < end < len(text) and (_joined_to_previous(text[end]) or text[end - 1] in _JOINERS):
        end -= 1
    return end


def _word_end(text: str, limit: int) -> int:
    """Where to cut `text` to keep at most `limit` characters, ending on a whole word."""
    end = _safe(text, limit)
    if text[end].isspace() or _SPACE_OR_PUNCTUATION.match(text[end]):
        return end  # the next character starts no word: the cut ends one
    for i in range(end, 0, -1):
        before, at = text[i - 1], text[i]
        if at.isspace() or _SPACE_OR_PUNCTUATION.match(before) or _IDEOGRAPHIC.match(before) or \
                _IDEOGRAPHIC.match(at):
            cut = _safe(text, i)
            if cut > 0 and text[:cut].strip(_TRAILING):
                return cut
    return end  # one word longer than the limit: cut inside it


def cut(text: str, limit: int) -> str:
    """`text` whole when it has at most `limit` characters, else its first words within `limit` characters
    (the "…" included) followed by "…"."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    kept = text[:_word_end(text, limit - len(ELLIPSIS))].rstrip(_TRAILING)
    return f"{kept}{ELLIPSIS}" if kept else ELLIPSIS


def _plain(fragment: str) -> str:
    return _MARKER.sub("", fragment)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def marked_fragment(fragment: str, text: str) -> str:
    """A highlight fragment of `text` (with the server's <em> markers), with "…" before it when it does not start
    where the text starts and after it when it does not end where the text ends."""
    plain, whole = _squeezed(_plain(fragment)), _squeezed(text)
    at = whole.find(plain) if plain else -1
    starts = whole.startswith(plain) if at < 0 else at == 0
    ends = whole.endswith(plain) if at < 0 else at + len(plain) == len(whole)
    fragment = fragment.strip()
    if not starts:
        fragment = f"{ELLIPSIS}{fragment}"
    if not ends:
        fragment = f"{fragment.rstrip(_TRAILING)}{ELLIPSIS}"
    return fragment


def snippets(fragments: list[str], text: str, limit: int = 300) -> list[str]:
    """What a result shows of `text`: the highlight fragments, each marked where text was left out, or else the
    text's beginning cut at a word boundary."""
    return [marked_fragment(f, text) for f in fragments] if fragments else [cut(text, limit)]
