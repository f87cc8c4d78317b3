"""Short texts: character 4-grams and the organisations' kinds find a title's action line where whole words fail."""

import math
from collections import Counter

import numpy as np
import pytest

from bench.tagging import credit, load_short
from tagging.examples import Entry, EntryIndex, load_entries
from tagging.short_text import CHAR_INDEX, char_explain, char_similarities, descriptions, grams, word_grams
from tagging.suggest import LINES, read, suggest
from tagging.text import tokens, units
from tagging.vectors import LabelIndex


def test_a_word_is_cut_into_padded_four_grams() -> None:
    assert word_grams("health") == (" hea", "heal", "ealt", "alth", "lth ")
    assert word_grams("ai") == (" ai ",)
    assert grams(["农"]) == []  # Han is read character by character by the word index instead


def test_a_compound_title_finds_its_line_without_any_phrase() -> None:
    # "mHealth4Afrika" is one token: no lexicon phrase and no whole word of any line's texts matches it
    r = read("mHealth4Afrika")
    assert r.al.raw == {} and r.line_sims == {}
    first = suggest("mHealth4Afrika").action_lines[0]
    assert first.code == "C7.e-health"
    assert first.words == ["mhealth4afrika"]
    assert {e.kind for e in first.reasons} == {"similarity"}


@pytest.mark.parametrize(("organisation", "line"), [
    ("Meteorological Service", "C7.e-environment"),
    ("Academy of Sciences", "C7.e-science"),
    ("Ministry of Culture", "C8"),
])
def test_the_kind_of_organisation_points_to_its_line(organisation: str, line: str) -> None:
    assert suggest(organisation).action_lines[0].code == line


def test_words_of_another_language_reach_the_lines_through_their_four_grams() -> None:
    sims = char_similarities(units(tokens("Musée numérique")))
    assert max(sims, key=lambda c: sims[c]) == "C8"  # "musée" is in the French C8 terms
    assert "musée" in char_explain(tokens("Musée numérique"), "C8")


def test_every_prize_category_has_themes_and_organisations() -> None:
    texts = descriptions()
    assert set(texts) == set(LINES)
    assert all(d["themes"].strip() and d["organisations"].strip() for d in texts.values())
    assert set(CHAR_INDEX.labels) == set(LINES)


def test_label_similarities_are_the_cosine_of_tf_idf_vectors() -> None:
    bags = {"a": Counter({"solar": 2, "grid": 1, "ict": 1}), "b": Counter({"farm": 3, "ict": 1}),
            "c": Counter({"ict": 2, "grid": 1})}
    index = LabelIndex(bags)
    idf = {w: math.log(3 / k) for w, k in Counter(w for b in bags.values() for w in b).items()}
    vocab = sorted(w for w in idf if idf[w] > 0)

    def vec(counts: Counter) -> np.ndarray:
        return np.array([counts[w] * idf[w] for w in vocab])

    text = ["solar", "solar", "farm", "ict", "unknown"]
    tf = Counter(text)
    q = np.array([(1 + math.log(tf[w]) if tf[w] > 1 else float(tf[w] > 0)) * idf[w] for w in vocab])
    sims = index.similarities(text)
    for label, bag in bags.items():
        v = vec(bag)
        expected = float(q @ v / (np.linalg.norm(q) * np.linalg.norm(v)))
        assert sims.get(label, 0.0) == pytest.approx(expected)
    assert "c" not in sims  # shares only "ict", which every label has (idf 0)
    assert index.similarities(["unknown"]) == {}


def test_a_tie_at_the_cut_counts_as_its_expected_share() -> None:
    flat = np.zeros(18)
    assert credit(flat, 5, 1) == pytest.approx(1 / 18)
    assert credit(flat, 5, 3) == pytest.approx(3 / 18)
    z = np.array([3.0, 2.0, 2.0, 2.0, 1.0])
    assert credit(z, 0, 1) == 1.0
    assert credit(z, 1, 1) == 0.0
    assert credit(z, 2, 3) == pytest.approx(2 / 3)
    assert credit(z, 4, 3) == 0.0


def test_the_short_text_set_names_a_source_for_every_row() -> None:
    rows = load_short()
    assert len(rows) >= 38
    assert all(r["source"] and r["line"] in LINES for r in rows)


def test_past_entries_are_compared_by_their_four_grams() -> None:
    entries = [Entry("Telemedicine for islands", "Health Ministry", "C7.e-health", 2015),
               Entry("Telehealth kiosks", "", "C7.e-health", 2016),
               Entry("Rural broadband backbone", "Telecom regulator", "C2", 2015)]
    index = EntryIndex(entries)
    sims = index.similarities(units(tokens("Telemedicine vans")))
    assert max(sims, key=lambda c: sims[c]) == "C7.e-health" and "C3" not in sims  # C3 has no entry at all
    assert index.closest(units(tokens("Telemedicine vans")), 0.1) == {"C7.e-health": entries[0]}
    assert index.closest(units(tokens("Telemedicine vans")), 1.0) == {}


def test_the_shipped_entries_are_real_rows_with_known_lines() -> None:
    entries = load_entries()
    assert len(entries) >= 348 and {e.line for e in entries} == set(LINES)  # every prize category has entries
    assert all(e.title.strip() and 2003 <= e.year <= 2026 for e in entries)
