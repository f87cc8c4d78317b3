"""A reader in French or Arabic sees no English: select boxes' placeholders, country names, the tagger's notes and
evidence, the places of projects. The search page runs against the real search server."""

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.i18n import catalog
from dashboard.render import escape_markdown
from schemas.clients import search_client
from schemas.search_document import to_document
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
APP = str(DASHBOARD / "streamlit_app.py")
SUBMIT = str(DASHBOARD / "app_pages" / "submit.py")
ENGLISH_WORDS = re.compile(r"\b(declared|detected|not|matrix|supports|best|action line|category)\b")


def test_every_select_box_of_the_dashboard_passes_its_placeholder() -> None:
    """Streamlit's own placeholders ("Choose an option", "Choose options", "No options to select") are English."""
    lacking = []
    for path in sorted(DASHBOARD.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in {"selectbox", "multiselect"}
                    and not any(k.arg == "placeholder" for k in call.keywords)):
                lacking.append(f"{path.relative_to(DASHBOARD)}:{call.lineno}")
    assert not lacking, f"select boxes without placeholder=choose(...): {lacking}"


def reading(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """AppTest formats a select box's choice again in the test's own thread (to send it back on the next run), and
    no session there says the language: the page and the test both read it from here."""
    monkeypatch.setattr(i18n, "current_language", lambda: language)


def submit_form(monkeypatch: pytest.MonkeyPatch, language: str) -> AppTest:
    reading(monkeypatch, language)
    return AppTest.from_file(SUBMIT, default_timeout=30).run()


def test_the_submit_form_in_french_has_french_placeholders_and_country_names(monkeypatch) -> None:
    app = submit_form(monkeypatch, "fr")
    assert not app.exception
    country = app.selectbox(key="submit_country")
    assert country.placeholder == "Choisir une option"
    assert app.selectbox(key="submit_stakeholder_type").placeholder == "Choisir une option"
    assert app.multiselect(key="submit_sdgs").placeholder == "Choisir des options"
    assert {"Allemagne", "Afrique du Sud", "Égypte", "Royaume-Uni"} <= set(country.options)
    assert not {"Germany", "South Africa", "Egypt", "United Kingdom"} & set(country.options)
    # in the reader's alphabet: Égypte files under E, between Danemark and Espagne
    assert country.options.index("Danemark") < country.options.index("Égypte") < country.options.index("Espagne")

    country.select("Germany").run()  # the value stays the English name the schema knows
    assert app.session_state["submit_country"] == "Germany"
    assert app.selectbox(key="submit_country").value == "Germany"
    assert any(c.value == "Région de l'UIT : Europe" for c in app.caption)


def test_the_submit_form_in_arabic_has_arabic_placeholders(monkeypatch) -> None:
    app = submit_form(monkeypatch, "ar")
    assert app.selectbox(key="submit_country").placeholder == catalog("ar")["Choose an option"]
    assert app.multiselect(key="submit_action_lines").placeholder == catalog("ar")["Choose options"]
    assert "ألمانيا" in app.selectbox(key="submit_country").options


@pytest.fixture
def disagreeing(settings, use_settings):
    """One project indexed whose declared SDG and action line differ from what the tagger detects."""
    use_settings(settings)
    payload = {"title": "Telemedicine network for rural clinics", "organisation": "Kenya Health Network",
               "description": "Connects rural health clinics to specialist doctors through telemedicine, electronic "
                              "health records and mobile health messages for maternal care and vaccination.",
               "stakeholder_type": "Civil society", "country": "Kenya", "status": "ongoing",
               "sdgs": [5], "action_lines": ["C2"]}
    raw = {"submission_id": "DISAGREES", "received_at": dt.datetime.now(dt.UTC).isoformat(), "payload": payload}
    record = process_raw(b"DISAGREES", json.dumps(raw).encode())
    assert {"declared SDG 5 not detected", "declared C2 not detected"} <= set(record.tags.disagreements)
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    index.ensure()
    index.write([to_document(record)])
    index.refresh()
    return record


def search_page(monkeypatch: pytest.MonkeyPatch, language: str, **query: str) -> AppTest:
    reading(monkeypatch, language)
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params.update({"lang": language, **query})
    return app.run()


def test_the_search_page_in_french(disagreeing, monkeypatch) -> None:
    app = search_page(monkeypatch, "fr")
    assert not app.exception
    assert app.multiselect(key="search_region").placeholder == "Choisir des options"
    assert app.selectbox(key="search_sort").placeholder == "Choisir une option"
    assert any(c.value.startswith(escape_markdown("Kenya Health Network · Kenya · Afrique · ")) for c in app.caption)


def test_the_tagger_notes_and_evidence_are_shown_in_french(disagreeing, monkeypatch) -> None:
    app = search_page(monkeypatch, "fr", id="DISAGREES")
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert len(warnings) == len(disagreeing.tags.disagreements) >= 4
    assert escape_markdown("ODD 5 déclaré mais non détecté") in warnings
    assert escape_markdown("C2 déclaré mais non détecté") in warnings
    assert not [w for w in warnings if ENGLISH_WORDS.search(w.replace("\\", ""))]
    evidence = [m.value.replace("\\", "") for m in app.markdown if m.value.startswith(("- matrice", "- catégorie"))]
    assert any("matrice SMSI-ODD : C7.e-health contribue à l'ODD 3" in e for e in evidence)
    assert any("grande orientation la plus forte C7.e-health → catégorie 10 des prix du SMSI" in e for e in evidence)
    assert not [e for e in evidence if ENGLISH_WORDS.search(e)]
