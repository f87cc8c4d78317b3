"""Dashboard translations in the six UN languages. The English text is the key (gettext style); a missing
translation falls back to English. Catalogs: dashboard/locales/<lang>.json, {"English text": "translation"}.

Every label, message and reference name shown in the dashboard goes through `t()` (or the name helpers below).
"""

import json
from functools import cache
from pathlib import Path

import streamlit as st

from schemas.reference import PRIZE_CATEGORIES, SDG_NAMES, action_line_names

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية", "zh": "中文", "ru": "Русский"}
RIGHT_TO_LEFT = {"ar"}
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalog(language: str) -> dict[str, str]:
    path = _LOCALES / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def current_language() -> str:
    language = st.session_state.get("language") or st.query_params.get("lang", "en")
    return language if language in LANGUAGES else "en"


def t(text: str, **values: object) -> str:
    """`text` in the current language; `{name}` placeholders are filled from `values` after translating."""
    translated = catalog(current_language()).get(text, text)
    return translated.format(**values) if values else translated


def action_line_label(code: str) -> str:
    return f"{code} {t(action_line_names()[code])}"


def sdg_label(number: int) -> str:
    return t("SDG {number}: {name}", number=number, name=t(SDG_NAMES[number]))


def region_label(region: str) -> str:
    return t(region)


def category_label(number: int) -> str:
    return f"{number}. {t(PRIZE_CATEGORIES[number]['name'])}"
