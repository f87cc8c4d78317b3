"""The demo dataset reads like real projects: varied texts (no template twins), realistic lengths, years
received from 2019 to 2026, every region, stakeholder type and action line, the tagger finding the line each
project was written for, and enough prize-ready projects to enter eligible WSIS Prizes entries."""

import datetime as dt
import json
import re
from collections import Counter

import pytest

from prizes.eligibility import check_entries
from producers.demo import FIRST_YEAR, LAST_YEAR, generate
from producers.demo_cycle import DEMO_YEAR, VOTING_YEAR, demo_entries
from producers.demo_texts import LINES
from schemas.reference import CATEGORY_BY_ACTION_LINE, ITU_REGIONS, STAKEHOLDER_TYPES
from schemas.submission import SHORT_DESCRIPTION_WORDS, TaggedSubmission
from streams.processing import process_raw

WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def demo():
    """The default demo (`wsis up --demo`: 1000 records, 5 % invalid), each valid one with what the worker makes
    of it."""
    records = generate(1000, 50)
    valid = [(r, process_raw(r.submission_id.encode(), r.value)) for r in records if r.valid]
    assert all(isinstance(tagged, TaggedSubmission) for _, tagged in valid)
    return records, valid


def test_no_two_descriptions_are_template_twins(demo) -> None:
    _, valid = demo
    words = [frozenset(WORD.findall(t.submission.description.casefold())) for _, t in valid]
    worst = max(len(a & b) / len(a | b) for i, a in enumerate(words) for b in words[i + 1:])
    assert worst < 0.5, worst
    titles = Counter(t.submission.title for _, t in valid)
    assert len(titles) >= 0.9 * len(valid), titles.most_common(5)


def test_lengths_years_and_coverage_are_realistic(demo) -> None:
    records, valid = demo
    lengths = [len(t.submission.description.split()) for _, t in valid]
    assert 60 <= min(lengths) and max(lengths) <= 250 and 100 <= sum(lengths) / len(lengths) <= 160, lengths
    received = Counter(t.received_at.year for _, t in valid)
    assert set(received) == set(range(FIRST_YEAR, LAST_YEAR + 1))
    assert min(received.values()) >= 0.05 * len(valid), received
    assert all(t.submission.start_date <= t.received_at.date() for _, t in valid)
    assert {r.region for r, _ in valid} == set(ITU_REGIONS)
    assert {r.action_line for r, _ in valid} == set(LINES) == set(CATEGORY_BY_ACTION_LINE)  # C7 by its sub-lines
    assert {t.submission.stakeholder_type for _, t in valid} == set(STAKEHOLDER_TYPES)
    assert all(t.submission.region == r.region and t.submission.action_lines == [r.action_line] for r, t in valid)
    assert len(records) - len(valid) == 50


def test_the_tagger_finds_the_line_each_project_was_written_for(demo) -> None:
    _, valid = demo
    found = sum(r.action_line in {tag.code for tag in t.tags.action_lines} for r, t in valid)
    assert found >= 0.9 * len(valid), f"{found} of {len(valid)}"


def test_prize_ready_projects_make_eligible_entries(demo) -> None:
    records, valid = demo
    ready = [(r, t) for r, t in valid if r.prize_ready]
    assert len(ready) >= 0.05 * len(valid)
    low, high = SHORT_DESCRIPTION_WORDS
    for _, tagged in ready:
        assert low <= len(tagged.submission.short_description.split()) <= high
        assert tagged.submission.status == "completed" and tagged.tags.language == "en"
    assert not any(t.submission.short_description for r, t in valid if not r.prize_ready)
    entries = demo_entries(records)
    assert len(entries[DEMO_YEAR]) >= 20 and len(entries[VOTING_YEAR]) >= 20
    projects = [e.project_id for year in entries.values() for e in year]
    assert len(projects) == len(set(projects))
    for year, entered in entries.items():
        verdicts = check_entries(entered, past_winners={})
        assert all(v.eligible for v in verdicts.values()), {k: v.reasons for k, v in verdicts.items() if v.reasons}
        assert len({e.category for e in entered}) >= 10, year


def test_generation_is_deterministic() -> None:
    first, again, other = generate(60, 6, seed=3), generate(60, 6, seed=3), generate(60, 6, seed=4)
    assert first == again
    assert [r.value for r in first] != [r.value for r in other]
    received = [json.loads(r.value)["received_at"] for r in first if r.valid]
    assert all(FIRST_YEAR <= dt.datetime.fromisoformat(at).year <= LAST_YEAR for at in received)
