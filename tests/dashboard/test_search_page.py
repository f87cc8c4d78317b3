"""The search page, run by Streamlit's AppTest against the real search server."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indexer.documents import to_document
from indexer.submission_index import SubmissionIndex, connect
from producers.demo import generate
from streams.processing import process_raw
from wsis.settings import get_settings

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")


@pytest.fixture
def indexed(settings, monkeypatch):
    """60 demo submissions indexed; the dashboard's settings point at the test's index."""
    for name, value in {"WSIS_ES_URL": settings.elasticsearch, "WSIS_INDEX_ALIAS": settings.index_alias}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    index = SubmissionIndex(connect(settings), settings.index_alias)
    index.ensure()
    records = [process_raw(r.submission_id.encode(), r.value) for r in generate(60, seed=31)]
    hostile = records[0].model_copy(deep=True)
    hostile.submission_id = "HOSTILE"
    hostile.submission.title = "**Bold** [link](http://evil.example) <b>html</b> telemedicine"
    index.write([to_document(r) for r in [*records, hostile]])
    index.refresh()
    yield [*records, hostile]
    get_settings.cache_clear()


def test_lists_everything_then_filters_by_text_and_region(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert app.caption[0].value == "61 projects"

    app.text_input[0].input("telemedicine").run()
    titles = [h.value for h in app.subheader]
    assert titles and all("Telemedicine" in t or "telemedicine" in t for t in titles)

    app.multiselect[0].select("Africa").run()
    expected = sum(
        1 for r in indexed if r.submission.region == "Africa" and "telemedicine" in r.submission.title.lower()
    )
    assert expected >= 1
    assert app.caption[0].value == f"{expected} projects"


def test_user_text_is_escaped_not_rendered(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    app.text_input[0].input("html").run()
    titles = [h.value for h in app.subheader]
    assert titles == [r"\*\*Bold\*\* \[link\]\(http\://evil\.example\) \<b\>html\</b\> telemedicine"]
