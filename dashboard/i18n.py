"""Dashboard translations in the six UN languages. The English text is the key (gettext style); a missing
translation falls back to English. Catalogs: dashboard/locales/<lang>.json, {"English text": "translation"};
`python -m dashboard.i18n_catalog` lists the msgids a catalog lacks.

Every label, message and reference name shown in the dashboard goes through `t()` (or the name helpers below).
The language is chosen in the sidebar (`language_switch`), kept in the session and in the URL (`?lang=fr`).
"""

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Collection, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from schemas.messages import Message, render
from schemas.reference import PRIZE_CATEGORIES, SDG_NAMES, action_line_names

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية", "zh": "中文", "ru": "Русский"}
RIGHT_TO_LEFT = {"ar"}
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalog(language: str) -> dict[str, str]:
    path = _LOCALES / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# Our own constant CSS (no user data): Arabic reads right to left; charts, code and tables keep their direction, and
# each paragraph, field and placeholder takes the direction of its own text (an English title, a URL, an email stay
# left to right; an Arabic one reads right to left wherever it is typed).
_RIGHT_TO_LEFT_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"], [data-testid="stSidebarNav"] { direction: rtl; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"])
  :is(p, h1, h2, h3, li, label, [data-testid="stCaptionContainer"]) { text-align: right; }
[data-testid="stMain"] :is(p, li) { unicode-bidi: plaintext; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) :is(input, textarea),
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) :is(input, textarea)::placeholder {
  unicode-bidi: plaintext; }
[data-testid="stVegaLiteChart"], [data-testid="stCode"], [data-testid="stDataFrame"] { direction: ltr; }
</style>"""


def current_language() -> str:
    language = st.session_state.get("language") or st.query_params.get("lang", "en")
    return language if language in LANGUAGES else "en"


def _plain(value: object) -> bool:
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    return isinstance(value, str | int | float | dt.date) and not isinstance(value, bool)


def _keep_choices() -> None:
    """The browser hands back a select box's choice as the label it shows, which a change of language makes
    unknown. Writing each choice back (as read before the change) keeps it. Buttons (bool) cannot be written."""
    for key in [k for k in st.session_state if k != "language"]:
        if _plain(st.session_state[key]):
            st.session_state[key] = st.session_state[key]


def language_switch() -> None:
    """The sidebar's language choice. It starts from the URL (?lang=), else the browser's language, and is kept
    in the session and written back to the URL so that a link opens in the same language."""
    if st.session_state.get("language") not in LANGUAGES:
        wanted = st.query_params.get("lang") or (st.context.locale or "en").split("-")[0]
        st.session_state["language"] = wanted if wanted in LANGUAGES else "en"
    st.sidebar.selectbox("🌐 " + t("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key="language",
                         on_change=_keep_choices, placeholder=choose(LANGUAGES))
    language = current_language()
    if st.query_params.get("lang") != language:
        st.query_params["lang"] = language
    # screen readers pronounce the page in its language; a constant script, no user data
    st.html(f"<script>document.documentElement.lang = {json.dumps(language)};</script>", unsafe_allow_javascript=True)
    if language in RIGHT_TO_LEFT:
        st.html(_RIGHT_TO_LEFT_CSS)


def translator(language: str) -> Callable[..., str]:
    """t() for one language (a report file made in the reader's language)."""
    translations = catalog(language)

    def translate(text: str, **values: object) -> str:
        translated = translations.get(text, text)
        return translated.format(**values) if values else translated

    return translate


def t(text: str, **values: object) -> str:
    """`text` in the current language; `{name}` placeholders are filled from `values` after translating."""
    return translator(current_language())(text, **values)


def translated(shown: Message | Mapping[str, Any]) -> str:
    """A message composed outside the dashboard (a field's error, why a prize action was refused or an entry is
    not eligible, an audit line) in the reader's language: its template translated, and so is each text value
    that is a name (an action, a phase, a region); an id or a number has no translation and stays as it is."""
    return render(shown, t)


def choose(options: Collection[Any], many: bool = False) -> str:
    """The placeholder of an st.selectbox (`many`: of an st.multiselect): Streamlit's own is English, so every
    select box of the dashboard passes this one."""
    if not options:
        return t("No options to select")
    return t("Choose options") if many else t("Choose an option")


def alphabetical(text: str) -> str:
    """A sort key for names in any of the six languages: case and accents aside (É files with E)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def action_line_label(code: str) -> str:
    return f"{code} {t(action_line_names()[code])}"


def sdg_label(number: int) -> str:
    return t("SDG {number}: {name}", number=number, name=t(SDG_NAMES[number]))


def region_label(region: str) -> str:
    return t(region)


def country_label(name: str) -> str:
    return t(name)


def category_label(number: int) -> str:
    return f"{number}. {t(PRIZE_CATEGORIES[number]['name'])}"
