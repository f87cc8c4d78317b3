"""The dashboard's translations: every msgid of the code and of the reference data has a translation in each of
the five catalogs (the missing ones are listed), placeholders survive translation, and English is the fallback."""

import string
from pathlib import Path

from conftest import record_figure
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.i18n import LANGUAGES, catalog, tn
from tools.i18n_catalog import all_msgids, code_msgids, missing

TRANSLATED = [language for language in LANGUAGES if language != "en"]


def fields(text: str) -> set[tuple[str, str | None]]:
    """Each placeholder with its format: `{total:.2f}` is ("total", ".2f")."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


def test_every_msgid_is_translated_in_each_catalog() -> None:
    gaps = {language: missing(language) for language in TRANSLATED}
    total = len(all_msgids())
    for language, lacking in gaps.items():
        record_figure(f"i18n {language}: {total - len(lacking)}/{total} msgids translated, {len(lacking)} missing"
                      + (f": {lacking}" if lacking else ""))
    listing = "\n".join(f"{language}: {msgid!r}" for language, lacking in gaps.items() for msgid in lacking)
    assert not listing, f"missing translations (python -m tools.i18n_catalog lists them):\n{listing}"


def forms(translation: str | dict[str, str]) -> list[str]:
    """A translation's texts: a count's forms (see tn), or the one text."""
    return list(translation.values()) if isinstance(translation, dict) else [translation]


def test_translations_keep_their_placeholders() -> None:
    wrong = [f"{language}: {msgid!r} → {text!r}" for language in TRANSLATED
             for msgid, translation in catalog(language).items() for text in forms(translation)
             if fields(text) != fields(msgid)]
    assert not wrong, "translations whose {placeholders} differ from the English:\n" + "\n".join(wrong)


def test_msgids_are_found_in_literals_constants_and_option_lists(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        'from schemas.users import ROLES\n'
        'SORTS = {"new": "Newest first", "old": "Oldest first"}\n'
        'st.title(t("Hello {name}", name=user))\n'
        'st.write(t(SORTS[choice]))\n'
        'st.selectbox(t("Status"), ["planned", "ongoing"], format_func=t)\n'
        'st.selectbox(t("Role"), ROLES, format_func=t)\n'
        'raise ActionRefused("no entry {entry}", entry=chosen)\n'
        'st.write(f(text))\n')
    assert code_msgids(page) == {"Hello {name}", "Newest first", "Oldest first", "Status", "planned", "ongoing",
                                 "Role", "judge", "organiser", "regional", "public", "no entry {entry}"}


def page_in_language() -> None:
    import streamlit as st

    from dashboard.i18n import language_switch, sdg_label, t

    language_switch()
    st.title(t("Sign in"))
    st.write(t("A text no catalog has, {count}", count=3))
    st.write(sdg_label(13))
    st.write(t("{count} projects", count=7))


def run_page(**query: str) -> AppTest:
    app = AppTest.from_function(page_in_language, default_timeout=30)
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def test_the_url_chooses_the_language_and_missing_texts_fall_back_to_english() -> None:
    app = run_page(lang="fr")
    assert not app.exception
    assert app.session_state["language"] == "fr"
    assert app.title[0].value == "Se connecter"
    assert [m.value for m in app.markdown[-3:]] == [
        "A text no catalog has, 3", "ODD 13 : Mesures relatives à la lutte contre les changements climatiques",
        "7 projets"]
    assert app.sidebar.selectbox[0].label == "🌐 Langue"


def test_the_switch_changes_the_language_and_the_url() -> None:
    app = run_page()
    assert app.title[0].value == "Sign in" and app.session_state["language"] == "en"
    app.sidebar.selectbox[0].select("ar").run()
    assert app.title[0].value == "تسجيل الدخول"
    assert app.query_params["lang"] == "ar"
    app.sidebar.selectbox[0].select("zh").run()
    assert app.title[0].value == "登录" and app.query_params["lang"] == "zh"


def test_an_unknown_language_is_english() -> None:
    app = run_page(lang="xx")
    assert app.session_state["language"] == "en" and app.title[0].value == "Sign in"



def test_a_count_takes_the_form_its_number_needs_in_each_language(monkeypatch) -> None:
    def shown(language: str, n: int) -> str:
        monkeypatch.setattr(i18n, "current_language", lambda: language)
        return tn("{count} project", "{count} projects", n, count=n)

    assert [shown("en", n) for n in (0, 1, 2)] == ["0 projects", "1 project", "2 projects"]
    assert [shown("fr", n) for n in (0, 1, 2)] == ["0 projet", "1 projet", "2 projets"]
    assert [shown("ar", n) for n in (1, 2, 3, 11, 100)] == ["1 مشروع", "2 مشروعان", "3 مشاريع", "11 مشروعًا",
                                                          "100 مشروع"]
    assert [i18n.plural_category("ru", n) for n in (1, 3, 5, 11, 21, 22, 25)] == [
        "one", "few", "many", "many", "one", "few", "many"]
    categories = {"zero", "one", "two", "few", "many", "other"}
    counts = [(language, msgid, set(text)) for language in TRANSLATED for msgid, text in catalog(language).items()
              if isinstance(text, dict)]
    assert counts and all("other" in names and names <= categories for _, _, names in counts), counts
