"""Validation is normalisation: bad input raises with a message per field; good input comes out canonical."""

import datetime as dt

import pytest
from conftest import valid_submission
from pydantic import ValidationError

from schemas.countries import lookup_country
from schemas.field_errors import field_errors
from schemas.reference import ITU_REGIONS
from schemas.submission import GLOBAL_REGION, Submission

valid = valid_submission


def errors_of(payload: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Submission.model_validate(payload)
    return {e.field: e.message for e in field_errors(caught.value)}


def test_valid_submission_is_normalised() -> None:
    s = Submission.model_validate(valid())
    assert (s.country, s.country_code, s.region) == ("Viet Nam", "VNM", "Asia and the Pacific")
    assert s.stakeholder_type == "Government"
    assert s.action_lines == ["C7.e-health"]
    assert s.sdgs == [3, 10]
    assert s.start_date is not None and s.start_date.year == 2020


@pytest.mark.parametrize(
    ("name", "code", "region"),
    [
        ("MONTENEGRO (REPUBLIC OF)", "MNE", "Europe"),
        ("Côte d'Ivoire", "CIV", "Africa"),
        ("Egypt", "EGY", "Arab States"),  # League of Arab States members are not counted in Africa
        ("Kazakhstan", "KAZ", "CIS"),
        ("Georgia", "GEO", "Europe"),
        ("Iran (Islamic Republic of)", "IRN", "Asia and the Pacific"),
        ("Congo (Democratic Republic of the)", "COD", "Africa"),
        ("BRA", "BRA", "Americas"),
        ("Türkiye", "TUR", "Europe"),
    ],
)
def test_country_spellings_map_to_iso_and_itu_region(name: str, code: str, region: str) -> None:
    country = lookup_country(name)
    assert country is not None and (country.code, country.region) == (code, region)


def test_each_bad_field_gets_its_own_message() -> None:
    errors = errors_of(valid(title=None, country="Atlantis", sdgs=[0, "five"], stakeholder_type="alien"))
    assert set(errors) >= {"title", "sdgs.0", "sdgs.1", "stakeholder_type"}
    assert "alien" in errors["stakeholder_type"]


def test_unknown_country_is_named_in_the_error() -> None:
    assert errors_of(valid(country="Atlantis")) == {"country": "unknown country 'Atlantis'"}


def test_end_date_before_start_date_is_refused() -> None:
    assert "end_date" in errors_of(valid(start_date="2020-05-01", end_date="2019-01-01"))


def test_regional_project_needs_a_known_region() -> None:
    s = Submission.model_validate(valid(country=None, region="arab states"))
    assert s.region == "Arab States" and s.country_code is None
    assert "region" in errors_of(valid(country=None, region="Middle Earth"))
    assert "country" in errors_of(valid(country=None))


def test_unknown_fields_bad_urls_and_emails_are_refused() -> None:
    errors = errors_of(valid(colour="blue", website="not a url", contact_email="nobody"))
    assert set(errors) == {"colour", "website", "contact_email"}


def test_prize_short_description_word_rule() -> None:
    assert "150–200 words" in errors_of(valid(short_description="too short"))["short_description"]
    assert Submission.model_validate(valid(short_description="word " * 170)).short_description


def test_text_is_kept_plain_markup_literal_and_control_characters_removed() -> None:
    s = Submission.model_validate(valid(title="<script>alert(1)</script>\x00 Project"))
    assert s.title == "<script>alert(1)</script> Project"


def test_invisible_titles_are_refused_and_bidi_controls_stripped() -> None:
    """Security finding 13."""
    for invisible in ("\u200b" * 10, "\u200d\u200c\u200d\u200c\u200d\u200c", "\u202e\u2066\ufeff\u2060 \u200b"):
        with pytest.raises(ValidationError) as refused:
            Submission.model_validate(valid_submission(title=invisible))
        assert [e["loc"] for e in refused.value.errors()] == [("title",)]
    spoofed = Submission.model_validate(valid_submission(title="Invoice \u202egnp.exe for clinics"))
    assert spoofed.title == "Invoice gnp.exe for clinics"
    persian = "\u0645\u06cc\u200c\u0634\u0648\u062f \u0633\u0644\u0627\u0645\u062a"  # a ZWNJ Persian needs
    assert Submission.model_validate(valid_submission(title=persian)).title == persian


@pytest.mark.parametrize("place", [{"country": "INTERNATIONAL"}, {"country": " Global "}, {"country": "worldwide"},
                                   {"region": "International"}, {"scope": "global"},
                                   {"country": "International", "scope": "global"}])
def test_a_global_project_has_no_country_and_the_global_region(place: dict) -> None:
    s = Submission.model_validate(valid(country=None) | place)
    assert (s.scope, s.country, s.country_code, s.region) == ("global", None, None, GLOBAL_REGION)
    assert GLOBAL_REGION not in ITU_REGIONS  # no regional report counts it as one of the six
    assert Submission.model_validate(s.model_dump()) == s  # read again by the next stage: the same


def test_scope_follows_the_place_and_contradictions_are_refused() -> None:
    assert Submission.model_validate(valid()).scope == "national"
    assert Submission.model_validate(valid(country=None, region="Africa")).scope == "regional"
    assert Submission.model_validate(valid(scope="regional")).region == "Asia and the Pacific"  # run from Viet Nam
    assert errors_of(valid(scope="global")) == {
        "country": "a global project has no single country or region: leave it empty"}
    assert errors_of(valid(country=None, region="Africa", scope="national")) == {
        "country": "a national project needs its country"}
    assert errors_of(valid(country=None)) == {
        "country": "give the country, the ITU region for a regional project, or the scope 'global'"}
    assert "scope" in errors_of(valid(scope="planetary"))


@pytest.mark.parametrize(("given", "kept"), [("2015", dt.date(2015, 1, 1)), (2015, dt.date(2015, 1, 1)),
                                             ("2015-03-31", dt.date(2015, 3, 31)), (None, None)])
def test_the_submission_date_of_a_history_record_is_kept(given: object, kept: dt.date | None) -> None:
    assert Submission.model_validate(valid(submitted_on=given)).submitted_on == kept


@pytest.mark.parametrize("given", ["1999", "2015-02-30", str(dt.date.today().year + 1), "last year", True])
def test_impossible_submission_dates_are_refused(given: object) -> None:
    assert set(errors_of(valid(submitted_on=given))) == {"submitted_on"}
