"""Language identification for the six UN languages: script first (ar, zh, ru), then stop words (en/fr/es).

Good enough for the 100-200 word descriptions submitters write; returns "en" when nothing decides.
"""

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is are for with on that this by from as be it its an or was were which have has "
        "their they been will not but at can these such also more other than into".split()
    ),
    "fr": frozenset(
        "le la les des du de et est sont pour avec dans une un sur par que qui au aux ce cette ces leur "
        "leurs "
        "ont été sera pas mais plus ou être entre lors ainsi comme".split()
    ),
    "es": frozenset(
        "el la los las del de y es son para con en una un por que como al su sus este esta estos estas "
        "ha han "
        "fue sido será pero más entre sobre también".split()
    ),
}


_SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06FF\u0750-\u077F]"),
    "zh": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]"),
    "ru": re.compile(r"[\u0400-\u04FF]"),
}
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _script(text: str) -> str | None:
    if text.isascii():
        return None
    sample = text[:2000]
    counts = {lang: len(rx.findall(sample)) for lang, rx in _SCRIPTS.items()}
    latin = len(_LATIN.findall(sample))
    # Chinese packs a word in one or two characters, so weigh it up against Latin letters.
    if counts["zh"] >= 2 and counts["zh"] * 4 >= latin:
        return "zh"
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 2 and counts[best] >= latin else None


def detect(text: str, toks: list[str]) -> str:
    """ISO 639-1 code of the text's language; `toks` are its lower-cased word tokens."""
    script = _script(text)
    if script:
        return script
    present = set(toks)
    scores = {lang: len(words & present) for lang, words in _STOPWORDS.items()}
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] > 0 else "en"
