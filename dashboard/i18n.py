"""Dashboard translations in the six UN languages, on top of schemas/translation.py (the catalogs, plural
rules and `translator`, which the report files use too); `python -m tools.i18n_catalog` lists the msgids a
catalog lacks.

Every label, message and reference name shown in the dashboard goes through `t()` (or the name helpers below).
The language is chosen in the sidebar (`language_switch`), kept in the session and in the URL (`?lang=fr`).
"""

import datetime as dt
import json
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import streamlit as st

from schemas.messages import Message, render
from schemas.reference import PRIZE_CATEGORIES, SDG_NAMES, action_line_names
from schemas.translation import LANGUAGES, RIGHT_TO_LEFT, catalog, plural_category, translator

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


def settle_language() -> None:
    """The language, before anything is drawn: from the URL (?lang=), else the browser's language, kept in the
    session."""
    if st.session_state.get("language") not in LANGUAGES:
        wanted = st.query_params.get("lang") or (st.context.locale or "en").split("-")[0]
        st.session_state["language"] = wanted if wanted in LANGUAGES else "en"


def language_switch() -> None:
    """The sidebar's language choice, written back to the URL so that a link opens in the same language."""
    settle_language()
    st.sidebar.selectbox("🌐 " + t("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key="language",
                         on_change=_keep_choices, placeholder=choose(LANGUAGES))
    language = current_language()
    if st.query_params.get("lang") != language:
        st.query_params["lang"] = language
    # screen readers pronounce the page in its language; a constant script, no user data
    st.html(f"<script>document.documentElement.lang = {json.dumps(language)};</script>", unsafe_allow_javascript=True)
    if language in RIGHT_TO_LEFT:
        st.html(_RIGHT_TO_LEFT_CSS)


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
