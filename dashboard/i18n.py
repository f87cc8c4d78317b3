"""Dashboard translations in the six UN languages. The English text is the key (gettext style); a missing
translation falls back to English. Catalogs: dashboard/locales/<lang>.json, {"English text": "translation"};
`python -m dashboard.i18n_catalog` lists the msgids a catalog lacks.

Every label, message and reference name shown in the dashboard goes through `t()` (or the name helpers below).
The language is chosen in the sidebar (`language_switch`), kept in the session and in the URL (`?lang=fr`).
"""

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
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
def catalog(language: str) -> dict[str, str | dict[str, str]]:
    """msgid → its translation, or for a count (see tn) its forms by CLDR plural category."""
    path = _LOCALES / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# Our own constant CSS (no user data): Arabic reads right to left; charts, code and tables keep their direction, and
# each paragraph, field, placeholder and chosen item takes the direction of its own text (an English title, a URL,
# an email, an id stay left to right; an Arabic one reads right to left wherever it is typed).
_RIGHT_TO_LEFT_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"], [data-testid="stSidebarNav"] { direction: rtl; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"])
  :is(p, h1, h2, h3, li, label, [data-testid="stCaptionContainer"]) { text-align: right; }
[data-testid="stMain"] :is(p, li) { unicode-bidi: plaintext; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) :is(input, textarea),
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) :is(input, textarea)::placeholder {
  unicode-bidi: plaintext; }
[data-testid="stVegaLiteChart"], [data-testid="stCode"], [data-testid="stDataFrame"] { direction: ltr; }
[data-baseweb="tag"] span { unicode-bidi: plaintext; }
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


def tn(one: str, other: str, n: int, **values: object) -> str:
    """A text about n things (ngettext): `other`, the msgid, translated in the form for n; in English, `one` when
    n is 1. A catalog gives a count's forms as {"one": …, "few": …, "other": …}, or one text that suits every n."""
    language = current_language()
    entry = catalog(language).get(other)
    if isinstance(entry, dict):
        text = entry.get(plural_category(language, n)) or entry["other"]
    else:
        text = entry or (one if plural_category("en", n) == "one" else other)
    return text.format(**values)


def t(text: str, **values: object) -> str:
    """`text` in the current language; `{name}` placeholders are filled from `values` after translating."""
    return translator(current_language())(text, **values)


_LIST_SEPARATORS = {"ar": "، ", "zh": "、"}


def listed(items: Iterable[str]) -> str:
    """Items joined with the language's comma (Arabic ،, Chinese 、)."""
    return _LIST_SEPARATORS.get(current_language(), ", ").join(items)


def labelled(label: str, value: str) -> str:
    """`Label: value` punctuated in the language (French puts a space before the colon, Chinese a full-width one)."""
    return t("{label}: {value}", label=label, value=value)


def forward_arrow() -> str:
    """The arrow from one step to the next: it points the way the language reads."""
    return "←" if current_language() in RIGHT_TO_LEFT else "→"


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
