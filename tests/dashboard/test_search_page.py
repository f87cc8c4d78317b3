"""The search page, run by Streamlit's AppTest against the real search server."""

import json
import re
from pathlib import Path

import pytest
import streamlit as st
from conftest import index_demo, valid_submission
from streamlit.testing.v1 import AppTest

from dashboard.render import escape_markdown
from schemas.clients import search_client
from schemas.search_document import to_document
from schemas.settings import get_settings
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")


@pytest.fixture
def indexed(settings, use_settings):
    """60 demo submissions indexed, and one with markup in its title; the dashboard reads the test's settings."""
    index, records = index_demo(use_settings(settings), 60, seed=31)
    hostile = records[0].model_copy(deep=True)
    hostile.submission_id = "HOSTILE"
    hostile.submission.title = "**Bold** [link](http://evil.example) <b>html</b> telemedicine"
    index.write([to_document(hostile)])
    index.refresh()
    return [*records, hostile]


def projects_count(app: AppTest) -> int:
    """The number of projects the page says it found ("1 project", "61 projects")."""
    return next(int(c.value.split()[0]) for c in app.caption if re.fullmatch(r"\d+ projects?", c.value))


def test_lists_everything_then_filters_by_text_and_region(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert projects_count(app) == 61

    app.text_input(key="search_text").input("telemedicine").run()
    titles = [h.value for h in app.subheader]
    assert titles and all("Telemedicine" in t or "telemedicine" in t for t in titles)

    region = next(r.submission.region for r in indexed if "telemedicine" in r.submission.title.lower())
    app.multiselect(key="search_region").select(region).run()
    expected = sum(
        1 for r in indexed if r.submission.region == region and "telemedicine" in r.submission.title.lower()
    )
    assert expected >= 1
    assert projects_count(app) == expected
    assert {k: v for k, v in app.query_params.items() if k != "lang"} == {"q": "telemedicine", "region": region}


def test_facets_show_counts_with_the_other_facets_applied(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    app.multiselect(key="search_status").select("completed").run()
    completed = [r for r in indexed if r.submission.status == "completed"]
    assert projects_count(app) == len(completed)
    regions = app.multiselect(key="search_region").options
    assert regions == [f"{region} ({sum(r.submission.region == region for r in completed)})"
                       for region in ("Africa", "Americas", "Arab States", "Asia and the Pacific", "CIS", "Europe")]
    statuses = app.multiselect(key="search_status").options  # its own counts ignore its own selection
    assert statuses == [f"{status} ({sum(r.submission.status == status for r in indexed)})"
                        for status in ("planned", "ongoing", "completed")]


def test_global_projects_are_a_region_of_their_own_once_there_are_some(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert all(not option.startswith("Global") for option in app.multiselect(key="search_region").options)
    index = SubmissionIndex(search_client(get_settings()), get_settings().index_alias, get_settings().index_layout)
    payload = valid_submission(country="INTERNATIONAL", title="Global open data commons for telemedicine")
    index.write([to_document(process_raw(b"GLOBAL-1", json.dumps(
        {"submission_id": "GLOBAL-1", "received_at": "2026-03-01T00:00:00Z", "payload": payload}).encode()))])
    index.refresh()
    st.cache_data.clear()  # the page keeps facet counts for a minute
    app.run()
    assert app.multiselect(key="search_region").options[-1] == "Global (1)"
    app.multiselect(key="search_region").select("Global").run()
    assert projects_count(app) == 1 and app.query_params["region"] == "Global"


def test_a_shared_link_opens_the_same_search(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params.update({"q": "broadband", "region": ["Europe", "CIS"], "sort": "newest"})
    app.run()
    assert app.text_input(key="search_text").value == "broadband"
    assert app.multiselect(key="search_region").value == ["Europe", "CIS"]
    expected = [r for r in indexed if r.submission.region in ("Europe", "CIS") and "broadband" in
                f"{r.submission.title} {r.submission.description}".lower()]
    assert projects_count(app) == len(expected)
    years = [int(c.value.rsplit(" · ", 1)[1]) for c in app.caption if c.value.count(" · ") >= 4]
    assert years == sorted(years, reverse=True)


def test_a_regional_office_user_lands_on_their_region(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["user_region"] = "Arab States"
    app.run()
    assert app.multiselect(key="search_region").value == ["Arab States"]
    assert projects_count(app) == sum(r.submission.region == 'Arab States' for r in indexed)


def test_pages_walk_through_every_result_once(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    seen: list[str] = []
    while True:
        seen += [b.key.removeprefix("detail_") for b in app.button if b.key and b.key.startswith("detail_")]
        following = next(b for b in app.button if b.label == "Next →")
        if following.disabled:
            break
        following.click().run()
    assert sorted(seen) == sorted(r.submission_id for r in indexed)
    assert app.caption[-1].value == "Page 7"
    next(b for b in app.button if b.label == "← Previous").click().run()
    assert next(c.value for c in app.caption if c.value.startswith("Page")) == "Page 6"


def test_the_detail_view_shows_each_tag_with_its_evidence(indexed) -> None:
    record = next(r for r in indexed if r.submission_id != "HOSTILE" and r.tags.action_lines)
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["id"] = record.submission_id
    app.run()
    assert not app.exception
    assert [h.value for h in app.header] == [escape_markdown(record.submission.title)]
    text = "\n".join(m.value for m in app.markdown)
    first_evidence = record.tags.action_lines[0].evidence[0]
    assert "detected, score" in text and first_evidence.detail.split()[0] in text.replace("\\", "")
    next(b for b in app.button if b.label == "← Back to the results").click().run()
    assert projects_count(app) == 61 and "id" not in app.query_params


def test_user_text_is_escaped_not_rendered(indexed) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    app.text_input(key="search_text").input("html").run()
    titles = [h.value for h in app.subheader]
    assert titles == [r"\*\*Bold\*\* \[link\]\(http\://evil\.example\) \<b\>html\</b\> telemedicine"]


def test_an_id_in_the_url_is_shown_as_text_not_markdown(indexed) -> None:
    """Security finding 10: `?id=` is quoted back in a warning, which Streamlit renders as Markdown."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["id"] = "[click](http://evil.example) ![x](http://evil.example/x.png)"
    app.run()
    warning = app.warning[0].value
    assert "\\[click\\]\\(http\\://evil\\.example\\)" in warning
    assert "](" not in warning
