"""Suggestions for short texts: a ranked, calibrated list of action lines and SDGs for any text, with reasons."""

import math

import pytest

from schemas.tags import Tags
from tagging import tag
from tagging.suggest import (
    AL_WEIGHTS,
    LINE_INDEX,
    LINES,
    SDG_FALLBACK_WEIGHTS,
    al_features,
    al_probabilities,
    as_tags,
    read,
    sdg_confidences,
    sdg_fallback,
    suggest,
)


def _kinds(suggestion) -> set[str]:
    return {e.kind for e in suggestion.reasons}


@pytest.mark.parametrize("text", ["Telemedicine for remote villages", "Oky", "", "Smart farming with drones"])
def test_every_text_gets_a_ranked_list_with_confidences(text: str) -> None:
    result = suggest(text)
    for ranked in (result.action_lines, result.sdgs):
        assert len(ranked) == 3
        confidences = [s.confidence for s in ranked]
        assert confidences == sorted(confidences, reverse=True)
        assert all(0.0 <= c <= 1.0 for c in confidences)
    assert {s.code for s in result.action_lines} <= set(LINES)
    assert {int(s.code) for s in result.sdgs} <= set(range(1, 18))


def test_a_title_alone_gets_its_action_line_and_goal_first() -> None:
    result = suggest("Telemedicine for remote villages")
    assert result.action_lines[0].code == "C7.e-health"
    assert result.sdgs[0].code == "3"
    assert "phrase" in _kinds(result.action_lines[0])
    assert result.action_lines[0].confidence > result.action_lines[1].confidence


def test_action_line_confidences_are_a_distribution_over_the_18_lines() -> None:
    probs = al_probabilities(al_features(read("Community radio network")), AL_WEIGHTS)
    assert set(probs) == set(LINES) and len(LINES) == 18
    assert math.isclose(sum(probs.values()), 1.0, rel_tol=1e-9)


def test_a_text_with_no_clue_gets_even_confidences_and_no_reason() -> None:
    result = suggest("Zorblax")
    assert {s.confidence for s in result.action_lines} == {round(1 / 18, 3)}
    assert all(not s.reasons for s in result.action_lines)
    assert all(not s.from_phrases for s in result.sdgs)


def test_a_title_close_to_a_past_entry_names_that_entry() -> None:
    first = suggest("Telemedicine for remote villages").action_lines[0]
    assert first.code == "C7.e-health"
    assert first.like is not None and first.like.line == "C7.e-health" and "Telemedicine" in first.like.title
    assert any(first.like.title in e.detail for e in first.reasons if e.kind == "similarity")
    assert suggest("Zorblax").action_lines[0].like is None


@pytest.mark.parametrize(("text", "line", "word"), [
    ("Peer-to-peer sharing of pre-prints", "C7.e-science", "peer"),  # words of the Plan of Action's C7 e-science
    ("Orbital resources for sparsely populated islands", "C2", "orbital"),
])
def test_words_close_to_a_line_suggest_it_without_any_phrase(text: str, line: str, word: str) -> None:
    assert read(text).al.raw == {}, "no lexicon phrase matches"
    first = suggest(text).action_lines[0]
    assert first.code == line
    assert _kinds(first) == {"similarity"}
    assert word in next(e.detail for e in first.reasons).lower()
    assert first.confidence > 1 / 18


def test_calibration_maps_are_monotone() -> None:
    # More similarity never lowers the confidence of an SDG without a phrase...
    sims = [0.0, 0.05, 0.1, 0.3, 0.6, 1.0]
    conf = [sdg_fallback(x, SDG_FALLBACK_WEIGHTS) for x in sims]
    assert conf == sorted(conf)
    # ...and more of any signal never lowers an action line's probability.
    feats = al_features(read("Community radio network"))
    base = al_probabilities(feats, AL_WEIGHTS)["C9"]
    for i in range(len(AL_WEIGHTS)):
        raised = {c: list(f) for c, f in feats.items()}
        raised["C9"][i] += 0.5
        assert al_probabilities(raised, AL_WEIGHTS)["C9"] >= base


def test_sdg_confidence_keeps_the_sdg_models_probability_where_a_phrase_matched() -> None:
    text = "Smallholder farmers receive advice to raise crop yields and improve food security, reducing hunger."
    r = read(text)
    confidences = sdg_confidences(r)
    detected = {t.sdg: t.score for t in tag(text).sdgs}
    assert 2 in detected
    assert math.isclose(confidences[2], detected[2], abs_tol=1e-3)
    assert set(confidences) == set(range(1, 18))


def test_other_languages_use_their_own_line_words() -> None:
    result = suggest("Plateforme de télémédecine pour les villages")
    assert result.language == "fr"
    assert result.action_lines[0].code == "C7.e-health"
    assert set(LINE_INDEX) == {"en", "fr", "es", "ar", "zh", "ru"}


def test_suggestions_as_tags_mark_the_ones_without_a_phrase() -> None:
    lines, goals = as_tags(suggest("Telemedicine for remote villages"))
    tags = Tags(language="en", sdgs=goals, action_lines=lines)
    Tags.model_validate(tags.model_dump())  # "similarity" is a valid kind of evidence
    hints = [t for t in [*lines, *goals] if not any(e.kind == "phrase" for e in t.evidence)]
    assert hints, "a title of four words has suggestions no phrase backs"
    assert all(e.kind in ("similarity", "matrix") for t in hints for e in t.evidence)


def test_tag_itself_is_unchanged_by_suggestions() -> None:
    # The pipeline's tags stay phrase-backed: suggesting first must not add or alter anything.
    text = "Oky"
    suggest(text)
    assert tag(text).action_lines == [] and tag(text).sdgs == []


def test_deterministic() -> None:
    text = "Security of Energy Systems. Ricerca sul Sistema Energetico (RSE)"
    first, second = suggest(text), suggest(text)
    assert [(s.code, s.confidence) for s in first.action_lines] == [(s.code, s.confidence) for s in second.action_lines]


def test_the_form_reads_the_title_first_then_the_description() -> None:
    from dashboard.intake_form import MIN_TEXT_FOR_SUGGESTIONS, ranked_suggestions, tagged_text

    assert tagged_text("", "", "FAO") == ("", "")
    assert tagged_text("Produce APP", "short", "Ministry of Agriculture") == (
        "Produce APP. Ministry of Agriculture", "title")
    description = "Farmers get market prices by SMS." + " " * MIN_TEXT_FOR_SUGGESTIONS
    assert tagged_text("Produce APP", description, "Ministry of Agriculture") == (
        "Produce APP\nFarmers get market prices by SMS.", "description")
    source, found = ranked_suggestions("Produce APP", "", "Ministry of Agriculture, Livestock and Fisheries")
    assert source == "title" and found.action_lines[0].code == "C7.e-agriculture"
    assert ranked_suggestions("", "too short") is None
