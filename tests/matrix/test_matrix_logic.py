"""The matrix's pure logic: what a project contributes, how an update moves counts, and the three states."""

import datetime as dt

import pytest
from conftest import valid_submission

from matrix.contribution import contribution
from matrix.counts import Filter, count_keys, move, recount, totals
from matrix.rule import EMERGING_LIFT, MIN_EMERGING, PROPOSED, classify, wilson_lower
from schemas.matrix import Contribution
from schemas.submission import Submission, TaggedSubmission
from schemas.tags import ActionLineTag, Evidence, SdgTag, Tags
from streams.processing import process_raw


def tagged(submission_id: str = "S1", version: int = 1, **payload: object) -> TaggedSubmission:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return TaggedSubmission(
        submission_id=submission_id, version=version, received_at=now, processed_at=now,
        submission=Submission.model_validate(valid_submission(**payload)),
        tags=Tags(language="en", action_lines=[
            ActionLineTag(code="C7.e-health", score=0.9, evidence=[Evidence(kind="phrase", detail="telemedicine")])],
            sdgs=[SdgTag(sdg=3, score=0.8, evidence=[Evidence(kind="phrase", detail="clinics", targets=["3.8"]),
                                                    Evidence(kind="matrix", detail="matrix", targets=["3.d"])]),
                  SdgTag(sdg=10, score=0.6, evidence=[Evidence(kind="matrix", detail="matrix only")])]))


def test_a_project_evidences_cells_by_phrase_only() -> None:
    c = contribution(tagged())
    assert c.lines == ["C7.e-health"]
    assert c.goals == ["3", "3.8"]  # SDG 10 and target 3.d come from the matrix itself: not evidence of it
    assert c.cells == ["C7.e-health|3", "C7.e-health|3.8"]
    assert c.evidence["3.8"] == ["clinics"] and c.evidence["C7.e-health"] == ["telemedicine"]
    assert (c.region, c.year, c.stakeholder_type) == ("Asia and the Pacific", 2020, "Government")


def test_the_tagger_output_of_a_real_text_contributes() -> None:
    record = process_raw(b"R1", b'{"submission_id": "R1", "received_at": "2026-01-01T00:00:00Z", "payload": '
                         + Submission.model_validate(valid_submission()).model_dump_json().encode() + b"}")
    assert isinstance(record, TaggedSubmission)
    assert "C7.e-health|3" in contribution(record).cells


def test_an_update_moves_counts_and_a_repeat_changes_nothing() -> None:
    counts: dict[str, int] = {}
    last: dict[str, dict] = {}
    first = contribution(tagged(version=1))
    move(counts, last, "S1", first, 1)
    assert counts == dict(recount([first]))
    move(counts, last, "S1", first, 1)  # delivered twice
    assert counts == dict(recount([first]))
    moved = contribution(tagged(version=2, country="France", start_date="2024-03-01"))
    changed = move(counts, last, "S1", moved, 2)
    assert counts == dict(recount([moved]))
    assert "cell|C7.e-health|3|Asia and the Pacific|2020|Government" in changed
    assert not any("Asia and the Pacific" in key for key in counts)
    assert move(counts, last, "S1", first, 1) == set() and counts == dict(recount([moved]))  # older: ignored
    move(counts, last, "S1", None, 3)  # withdrawn
    assert counts == {}


def test_totals_follow_the_filters() -> None:
    a = contribution(tagged("A"))
    b = contribution(tagged("B", country="France", start_date="2024-03-01"))
    counts = recount([a, b])
    assert totals(counts).cells["C7.e-health|3"] == 2
    europe = totals(counts, Filter(regions=frozenset({"Europe"})))
    assert europe.projects == 1 and europe.cells["C7.e-health|3.8"] == 1
    assert totals(counts, Filter(years=(2010, 2019))).projects == 0
    assert count_keys(a)[0] == "projects|||Asia and the Pacific|2020|Government"


def hand_built(cells: dict[str, int], lines: dict[str, int], goals: dict[str, int], n: int = 100) -> dict[str, str]:
    from matrix.counts import Totals
    views = classify(Totals(n, lines, goals, cells), proposed={"A|1", "A|2"})
    return {f"{v.line}|{v.goal}": v.state for v in views}


def test_the_three_states_on_a_hand_built_set() -> None:
    states = hand_built(
        cells={"A|1": 20, "B|3": 15, "B|4": 2, "C|5": 6},
        lines={"A": 30, "B": 20, "C": 30},
        goals={"1": 25, "2": 10, "3": 20, "4": 2, "5": 20},
    )
    assert states["A|1"] == "supported"  # proposed, strong support
    assert states["A|2"] == "unevidenced"  # proposed, no project
    assert states["B|3"] == "emerging"  # not proposed, 15 of B's 20 projects against 20% of all
    assert states["B|4"] == "observed"  # two projects, however large their lift, are never emerging
    assert states["C|5"] == "observed"  # six projects, but no more than chance (30 × 20% = 6)


def test_a_two_project_cell_is_never_emerging() -> None:
    for n in (10, 100, 10_000):
        assert hand_built({"X|9": 2}, {"X": 2}, {"9": 2}, n=n)["X|9"] == "observed"
    assert MIN_EMERGING > 2


def test_the_emerging_bound_is_a_lower_bound() -> None:
    assert wilson_lower(0, 10) == 0.0
    assert wilson_lower(15, 20) == pytest.approx(0.5683, abs=1e-3)
    assert wilson_lower(15, 20) < 15 / 20 < 1
    # just below and above the lift threshold: 5 of 5 against a share that puts the bound on each side
    bound = wilson_lower(5, 5)
    share_above, share_below = bound / (EMERGING_LIFT * 1.01), bound / (EMERGING_LIFT * 0.99)
    assert hand_built({"X|9": 5}, {"X": 5}, {"9": round(share_above * 1000)}, n=1000)["X|9"] == "emerging"
    assert hand_built({"X|9": 5}, {"X": 5}, {"9": round(share_below * 1000) + 1}, n=1000)["X|9"] == "observed"


def test_the_proposed_matrix_is_the_agencies_one() -> None:
    assert {"C7.e-health|3", "C7.e-health|3.8", "C1|1"} <= PROPOSED
    assert "C7.e-health|14" not in PROPOSED
    assert Contribution.model_validate(contribution(tagged()).model_dump(mode="json")) == contribution(tagged())
