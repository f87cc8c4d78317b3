"""The "Submit a project" page, run by Streamlit's AppTest against the real broker and search server."""

import time
from pathlib import Path

import pytest
from conftest import read_topic
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.i18n import catalog
from dashboard.render import escape_markdown
from indexer.consumer import Indexer
from producers.publisher import SubmissionPublisher
from schemas.clients import search_client
from schemas.field_errors import field_error
from schemas.status import SubmissionStatus
from schemas.submission import RawSubmission
from storage.status_index import StatusIndex
from streams.processing import process_raw

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "app_pages" / "submit.py")
TITLE = "Telemedicine network for rural clinics"
DESCRIPTION = ("Connects rural health clinics to specialist doctors through telemedicine, electronic health "
               "records and mobile health messages for maternal care and vaccination.")


@pytest.fixture
def form_settings(settings, use_settings):
    """The page reads the test's settings from the environment, as the dashboard does."""
    status_index = settings.index_alias.removesuffix("-submissions") + "-status"  # not under the alias' template
    return use_settings(settings.model_copy(update={"status_index": status_index}))


def errors_shown(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def test_empty_form_gets_a_message_under_each_missing_field(form_settings) -> None:
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not app.exception and not app.error
    app.button[0].click().run()
    # one message under each required field (title, description, organisation, its type), and a summary
    assert errors_shown(app) == ["required"] * 4 + ["Please correct the fields marked above."]

    app.text_input(key="submit_website").input("not a url").run()
    app.text_input(key="submit_title").input(TITLE).run()
    assert any("web address" in e for e in errors_shown(app))  # messages follow the fields as they are edited
    assert not read_topic(form_settings, form_settings.topic_raw, 1, timeout=3)  # nothing was submitted


def test_the_forms_messages_and_the_streams_reasons_are_in_the_readers_language(form_settings, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "fr")
    french = catalog("fr")
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    app.text_input(key="submit_title").input("Tiny").run()
    app.button[0].click().run()
    too_short = french["must have at least {min_length} characters; it has {actual_length}"]
    assert errors_shown(app) == [too_short.format(min_length=5, actual_length=4)] + [french["required"]] * 3 + [
        french["Please correct the fields marked above."]]

    reason = field_error("country", "unknown_country", value="Atlantis")
    statuses = StatusIndex(search_client(form_settings), form_settings.status_index, form_settings.index_layout)
    statuses.write([SubmissionStatus(submission_id="S-rejected", version=1, state="rejected", reasons=[reason])])
    app.session_state["submit_submitted"] = "S-rejected"
    app.run()
    assert [m.value for m in app.markdown if "Atlantis" in m.value] == [
        f"- **{french['Country']}**: " + escape_markdown(french["unknown country '{value}'"].format(value="Atlantis"))]


def test_fill_accept_suggestions_submit_and_follow_the_status(form_settings) -> None:
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    app.text_input(key="submit_title").input(TITLE).run()
    app.text_area(key="submit_description").input(DESCRIPTION).run()
    assert "C7.e-health" in app.multiselect(key="submit_action_lines").value  # the tagger's suggestions
    assert 3 in app.multiselect(key="submit_sdgs").value
    app.multiselect(key="submit_sdgs").set_value([3, 5]).run()  # the submitter changes the suggestion
    app.text_area(key="submit_description").input(DESCRIPTION + " Run by nurses.").run()
    assert app.multiselect(key="submit_sdgs").value == [3, 5]  # …and a new suggestion does not override it

    app.selectbox(key="submit_country").select("Kenya").run()
    assert "ITU region: Africa" in [c.value for c in app.caption]
    app.text_input(key="submit_organisation").input("Ministry of Health").run()
    app.selectbox(key="submit_stakeholder_type").select("Government").run()
    app.text_input(key="submit_contact_email").input("health@example.org").run()
    app.text_area(key="submit_short_description").input("A short text of a few words only.").run()
    app.button[0].click().run()
    assert any("150–200 words" in e and "it has 8" in e for e in errors_shown(app))
    app.text_area(key="submit_short_description").input(" ".join(["word"] * 160)).run()
    assert not app.error

    app.button[0].click().run()
    assert not app.exception
    assert any(c.value.startswith("Submission S-") for c in app.caption)
    assert any("Received" in i.value for i in app.info)
    [record] = read_topic(form_settings, form_settings.topic_raw, 1)
    envelope = RawSubmission.model_validate_json(record.value)
    assert envelope.payload["sdgs"] == [3, 5] and envelope.payload["country"] == "Kenya"
    assert "C7.e-health" in envelope.payload["action_lines"] and envelope.submitter == "health@example.org"

    # The stream's verdict (the worker's logic) reaches the indexer, which records the status the page polls.
    outcome = process_raw(record.key, record.value)
    publisher = SubmissionPublisher(form_settings)
    publisher.producer.send(form_settings.topic_tagged, key=record.key, value=outcome.model_dump_json().encode())
    publisher.close()
    indexer = Indexer(form_settings)
    indexer.index.ensure()
    deadline = time.monotonic() + 60
    while not indexer.run_once() and time.monotonic() < deadline:
        pass
    indexer.consumer.close()
    app.run()
    assert any("published in the stocktaking database" in s.value for s in app.success)
    assert any("C7.e-health" in x.value for x in app.text)

    app.button[0].click().run()  # "Submit another project": an empty form again
    assert app.text_input(key="submit_title").value == ""


def test_a_title_alone_brings_suggestions_and_the_past_entry_they_resemble(form_settings) -> None:
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    app.text_input(key="submit_title").input("Zorblax").run()  # a name that tells nothing: no guess is shown
    assert "No clue yet: a few words on what the project does will bring suggestions." in [c.value for c in app.caption]
    assert not [m.value for m in app.markdown if "likely" in m.value]

    app.text_input(key="submit_title").input("Telemedicine for remote villages").run()
    shown = "\n".join(m.value for m in app.markdown if "likely" in m.value)
    assert shown.startswith(f"- **{escape_markdown('C7.e-health')}")
    assert "like a past WSIS Prizes entry filed there: “Development and installation of a Telemedicine" in shown
