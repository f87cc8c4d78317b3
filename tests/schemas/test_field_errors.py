"""A field's error is a Message: an English template from FIELD_MESSAGES and its values, so that the dashboard can
show it in the reader's language; its English text is the template filled in."""

import pytest
from conftest import valid_submission as valid
from pydantic import ValidationError

from producers.demo import generate
from schemas.field_errors import FIELD_MESSAGES, FieldError, field_errors
from schemas.messages import message, render
from schemas.prizes import CRITERIA, ScoreSubmitted
from schemas.submission import RejectedSubmission, Submission
from streams.processing import process_raw


def errors_of(payload: dict) -> list[FieldError]:
    with pytest.raises(ValidationError) as caught:
        Submission.model_validate(payload)
    return field_errors(caught.value)


def test_an_error_is_its_template_and_values() -> None:
    [error] = errors_of(valid(title="Tiny"))
    assert (error.field, error.template, error.values) == (
        "title", "must have at least {min_length} characters; it has {actual_length}",
        {"min_length": 5, "actual_length": 4})
    assert error.message == "must have at least 5 characters; it has 4" == str(error)


def test_a_check_of_the_whole_submission_names_its_field() -> None:
    [error] = errors_of(valid(country="Atlantis"))
    assert (error.field, error.template, error.values) == ("country", FIELD_MESSAGES["unknown_country"],
                                                           {"value": "Atlantis"})
    [error] = errors_of(valid(country=None, region="Middle Earth"))
    assert error.field == "region" and error.values["expected"][0] == "Africa"
    assert error.message.endswith("expected one of Africa, Americas, Arab States, Asia and the Pacific, CIS, Europe")


PAYLOADS = [  # every kind of mistake a submitter makes
    {}, valid(title=None, description=7, sdgs="all"), valid(sdgs=[0, 18, "five", 1e300, 2.5]),
    valid(start_date="yesterday", end_date="2020-02-30"), valid(start_date="2020-01-01T10:00:00"),
    valid(website="not a url", contact_email="bob", contact_phone="call me"), valid(status="abandoned"),
    valid(action_lines=["C99", "c7.e-nothing"] + ["C1"] * 20), valid(unexpected=True), valid(country=None),
    valid(short_description="too short"), valid(stakeholder_type="alien"), valid(description="x" * 20_001),
    valid(start_date="2021-01-01", end_date="2020-01-01"), valid(website="ftp://example.org"),
]


def test_every_error_a_submission_meets_has_a_template() -> None:
    errors = [e for payload in PAYLOADS for e in errors_of(payload)]
    rejected = [process_raw(b"key", record.value) for record in generate(400, invalid=400, seed=9)]
    errors += [e for outcome in rejected if isinstance(outcome, RejectedSubmission) for e in outcome.errors]
    ours = set(FIELD_MESSAGES.values()) - {FIELD_MESSAGES["value_error"]}  # not "{error}": someone else's text
    assert not {(e.field, e.message) for e in errors if e.template not in ours}
    assert len({e.template for e in errors}) >= 20


def test_rendering_translates_the_template_and_the_names_among_the_values() -> None:
    french = {"unknown ITU region '{value}'; expected one of {expected}": "région UIT inconnue « {value} » ; "
              "attendu : {expected}", "Africa": "Afrique", "Europe": "Europe"}
    shown = message(FIELD_MESSAGES["unknown_region"], value="Narnia", expected=["Africa", "Europe"])
    assert render(shown, lambda text: french.get(text, text)) == "région UIT inconnue « Narnia » ; attendu : " \
                                                                 "Afrique, Europe"
    typed = message(FIELD_MESSAGES["unknown_region"], value="Africa", expected=["Europe"])  # what the user typed
    assert render(typed, lambda text: french.get(text, text)).startswith("région UIT inconnue « Africa »")
    nested = message("{entry} is not eligible: {reasons}", entry="E1", reasons=[shown, message("required")])
    assert str(nested) == ("E1 is not eligible: unknown ITU region 'Narnia'; expected one of Africa, Europe; "
                           "required")


def test_an_error_recorded_before_templates_reads_as_its_english_text() -> None:
    old = FieldError.model_validate({"field": "country", "message": "unknown country 'Atlantis' {sic}"})
    assert str(old) == "unknown country 'Atlantis' {sic}" and old.values == {}


def test_a_judges_invalid_score_is_a_message_too() -> None:
    with pytest.raises(ValidationError) as caught:
        ScoreSubmitted(actor="j1", year=2026, entry_id="E1", judge="j1", criteria=dict.fromkeys(CRITERIA, 11))
    [error] = field_errors(caught.value)
    assert (error.field, error.template) == ("criteria", FIELD_MESSAGES["score_range"])
    assert error.message == "scores go from 0 to 10: " + ", ".join(CRITERIA)
