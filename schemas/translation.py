"""Translations in the six UN languages. The English text is the key (gettext style); a missing translation
falls back to English. Catalogs: schemas/locales/<lang>.json, {"English text": "translation"}, or for a count
its forms by CLDR plural category. The dashboard (dashboard/i18n.py) and the report files both use them."""

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية", "zh": "中文", "ru": "Русский"}
RIGHT_TO_LEFT = {"ar"}
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalog(language: str) -> dict[str, str | dict[str, str]]:
    """msgid → its translation, or for a count (see tn) its forms by CLDR plural category."""
    path = _LOCALES / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@cache
def translator(language: str) -> Callable[..., str]:
    """t() for one language (a report file made in the reader's language); made once per language."""
    translations = catalog(language)

    def translate(text: str, **values: object) -> str:
        translated = translations.get(text, text)
        if isinstance(translated, dict):  # a count's forms: tn() chooses; otherwise the general one
            translated = translated["other"]
        return translated.format(**values) if values else translated

    return translate


def plural_category(language: str, n: int) -> str:
    """The CLDR plural category of the number n in the language (only those the six languages use)."""
    if language == "zh":
        return "other"
    if language == "fr":
        return "one" if n in (0, 1) else "other"
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        return "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many"
    if language == "ar":
        special = {0: "zero", 1: "one", 2: "two"}
        return special.get(n) or ("few" if 3 <= n % 100 <= 10 else "many" if 11 <= n % 100 <= 99 else "other")
    return "one" if n == 1 else "other"
