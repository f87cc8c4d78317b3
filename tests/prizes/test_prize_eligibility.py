"""The prize rules, entry by entry, with the reason shown for each ineligible entry."""

import datetime as dt
import random

from prizes.eligibility import check_entries, past_winner_keys, shingles, similarity
from schemas.prizes import EntrySubmitted, entry_id

WORDS = ("broadband community network rural access training women teachers health clinic farmers mobile "
         "payments library archive radio journalism privacy cooperation regulation spectrum portal").split()
SHORT = " ".join(["word"] * 160)


def entry(project: str, category: int = 1, minute: int = 0, **changes) -> EntrySubmitted:
    fields = dict(
        actor="org", year=2026, at=dt.datetime(2025, 11, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minute),
        entry_id=entry_id(2026, category, project), category=category, project_id=project,
        title=f"Project {project}", organisation=f"Organisation {project}", stakeholder_type="Academia",
        status="completed", language="en", short_description=SHORT,
        description=" ".join(random.Random(project).choices(WORDS, k=60)),
    )
    return EntrySubmitted(**fields | changes)


def reasons(entries: list[EntrySubmitted], past: dict[str, int] | None = None) -> dict[str, list[str]]:
    """Each entry's reasons in English."""
    return {k: [str(reason) for reason in v.reasons] for k, v in check_entries(entries, past or {}).items()}


def test_an_ordinary_entry_is_eligible() -> None:
    assert reasons([entry("P1")]) == {"2026-01-P1": []}


def test_status_must_be_completed_or_a_major_phase_done() -> None:
    result = reasons([entry("P1", status="ongoing"), entry("P2", status="ongoing", major_phase_completed=True)])
    assert "must be completed or at the end of a major phase" in result["2026-01-P1"][0]
    assert result["2026-01-P2"] == []


def test_one_category_per_project_the_first_entry_keeps_its_place() -> None:
    result = reasons([entry("P1", category=2, minute=5), entry("P1", category=1, minute=1)])
    assert result["2026-01-P1"] == []
    assert result["2026-02-P1"] == ["one category per project: already entered in category 1 (2026-01-P1)"]


def test_one_project_per_entity_per_category() -> None:
    same = {"organisation": "Ministry of ICT"}
    result = reasons([entry("P1", **same), entry("P2", minute=1, organisation=" ministry of  ICT "),
                      entry("P3", category=2, minute=2, **same)])
    assert result["2026-01-P2"][0].startswith("one project per entity per category")
    assert result["2026-01-P1"] == [] and result["2026-02-P3"] == []


def test_near_duplicates_are_flagged_with_their_original() -> None:
    original = entry("P1")
    copy = entry("P2", minute=1, title=original.title + " (copy)", description=original.description + " extra")
    checks = check_entries([original, copy, entry("P3", minute=2)], {})
    [why] = checks["2026-01-P2"].reasons
    assert checks["2026-01-P2"].duplicate_of == "2026-01-P1" and str(why).startswith("near-duplicate of 2026-01-P1")
    assert why.template == "near-duplicate of {entry} (similarity {similarity:.2f})" and why.values["similarity"] > 0.8
    assert checks["2026-01-P1"].eligible and checks["2026-01-P3"].eligible


def test_english_and_the_short_description_voters_see() -> None:
    result = reasons([entry("P1", language="fr"), entry("P2", short_description="too short"),
                      entry("P3", short_description=None)])
    assert "in English" in result["2026-01-P1"][0]
    assert result["2026-01-P2"] == ["the short description voters see must have 150–200 words; it has 2"]
    assert "it has 0" in result["2026-01-P3"][0]


def test_past_winners_by_project_or_by_organisation_and_title() -> None:
    winner = entry("P1", year=2024)
    past = dict.fromkeys(past_winner_keys(winner), 2024)
    renamed = entry("P9", category=2, title="project p1", organisation="ORGANISATION P1")  # resubmitted
    result = reasons([entry("P1"), renamed, entry("P2")], past)
    assert result["2026-01-P1"] == ["past winners are not eligible: this project won in 2024"]
    assert result["2026-02-P9"] == result["2026-01-P1"] and result["2026-01-P2"] == []


def test_similarity_of_shingles() -> None:
    text = "digital skills for girls and young women in rural areas"
    assert similarity(shingles(text), shingles(text)) == 1.0
    assert similarity(shingles(text), shingles("satellite broadband for remote islands")) == 0.0
