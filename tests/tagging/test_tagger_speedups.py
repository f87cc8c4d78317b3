"""The fast paths of the tagger give what the plain definitions give: the phrase trie against every combination
of the tokens' keys, the goal profiles against a loop over postings, Surface against the token regex, the
unvalidated model builder against model_construct, the closest past entries against a loop over them."""

import math
import random
import re
from collections import Counter

import pytest

from schemas.tags import ActionLineTag, Evidence, SdgTag, Tags
from tagging import action_lines, sdg
from tagging.construct import builder
from tagging.examples import ENTRIES
from tagging.lexicon import parse_terms
from tagging.phrases import PhraseMatcher
from tagging.profile import PROFILES, similarities
from tagging.text import _TOKEN, Surface, _unit, token_pieces, tokens, units

LANGS = ("en", "fr", "es", "ar", "zh", "ru")
FILLER = {
    "en": "the of and to in for with on that by from new local project people".split(),
    "fr": "le la les des du de et est pour avec dans une sur par projet".split(),
    "es": "el la los las del de y es para con en una por proyecto".split(),
    "ar": "في من على إلى هذا التي مع عن المشروع".split(),
    "zh": "的 是 在 和 了 我们 项目 通过 为".split(),
    "ru": "и в на с для по что это проект".split(),
}


def random_text(rng: random.Random, lang: str, phrases: list[str]) -> str:
    words = []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.4:
            phrase = rng.choice(phrases).replace("*", rng.choice(["", "s", "ation", "ing", "ed"]))
            words.append(phrase.upper() if rng.random() < 0.1 else phrase + rng.choice(["", "", "s", "ing"]))
        else:
            words.append(rng.choice(FILLER[lang]))
    return " ".join(words)


def by_products(matcher: PhraseMatcher, toks: list[str]) -> list[tuple[str, int, int]]:
    """The definition: from each token, the longest run of tokens one of whose key combinations is a phrase."""
    return matcher._matches_by_products(matcher._keys_of(toks))


@pytest.mark.parametrize("lang", LANGS)
def test_the_phrase_trie_finds_what_every_key_combination_finds(lang: str) -> None:
    rng = random.Random(lang)
    for family, files in ((sdg, sdg.LEXICONS), (action_lines, action_lines.LEXICONS)):
        matcher = files[lang][0]
        name = f"sdg_terms_{lang}.txt" if family is sdg else f"action_terms_{lang}.txt"
        phrases = [e.phrase for e in parse_terms(name)]
        found = 0
        for _ in range(300):
            toks = tokens(random_text(rng, lang, phrases))
            fast = matcher._matches(toks)
            assert fast == by_products(matcher, toks), toks
            assert [(h.key, h.start, h.end) for h in matcher.find(toks)] == fast
            found += len(fast)
        assert found > 300  # the texts did exercise the lexicon


def test_a_wildcard_and_a_stem_of_the_same_length_resolve_as_the_products_do() -> None:
    matcher = PhraseMatcher(["digital financ*", "digital finance", "financ* inclusion", "mobile", "mobile money"])
    toks = tokens("Digital finance and financing inclusion through mobile money; digital financial inclusion")
    assert matcher._matches(toks) == by_products(matcher, toks)
    assert [h.key for h in matcher.find(toks)] == ["digital finance", "financ* inclusion", "mobile money",
                                                    "digital financ*"]


def test_a_token_whose_key_holds_a_space_takes_the_plain_path() -> None:
    # NFKD spells this Arabic ligature as four words: its key then holds spaces, which no trie edge has
    matcher = PhraseMatcher(["صلى الله عليه وسلم", "water"])
    toks = tokens("\ufdfa water")
    assert [h.key for h in matcher.find(toks)] == [h for h, _, _ in by_products(matcher, toks)]


def similarities_by_loop(toks: list[str], lang: str) -> dict[int, float]:
    """The goal profiles' cosine as a loop over each word's postings."""
    index = PROFILES.get(lang) or PROFILES["en"]
    acc = [0.0] * 18
    norm2 = 0.0
    for w, n in Counter(units(toks, lang == "zh")).items():
        entry = index.get(w)
        if entry is None:
            continue
        tf = 1.0 + math.log(n) if n > 1 else 1.0
        norm2 += (tf * entry[0]) ** 2
        for s, g in entry[1]:
            acc[s] += tf * g
    norm = math.sqrt(norm2) or 1.0
    return {s: acc[s] / norm for s in range(1, 18) if acc[s]}


@pytest.mark.parametrize("lang", LANGS)
def test_profile_similarities_equal_the_loop_to_the_last_bit(lang: str) -> None:
    rng = random.Random(lang)
    phrases = [e.phrase for e in parse_terms(f"sdg_terms_{lang}.txt")]
    for _ in range(200):
        toks = tokens(random_text(rng, lang, phrases) + " water water energy")
        assert similarities(toks, lang) == similarities_by_loop(toks, lang)
    assert similarities([], lang) == {}


@pytest.mark.parametrize("text", ["Solar Mini-Grids, in Kenya!", "İstanbul water", "  ", "a_b c", "中文 ab"])
def test_surface_shows_the_original_text_of_a_span(text: str) -> None:
    toks = tokens(text)
    offsets = [m.span() for m in _TOKEN.finditer(text)]
    shows = [Surface(text, toks), Surface(text, toks, token_pieces(text))]
    assert token_pieces(text)[1::2] == toks
    for show in shows:
        for start in range(len(toks)):
            for end in range(start + 1, len(toks) + 1):
                expected = (text[offsets[start][0] : offsets[end - 1][1]] if len(offsets) == len(toks)
                            else " ".join(toks[start:end]))
                assert show((start, end)) == expected


@pytest.mark.parametrize("model, values", [
    (Evidence, ("phrase", "solar mini-grids", ["7.1"])),
    (SdgTag, (7, 0.91, [])),
    (ActionLineTag, ("C7.e-environment", 0.6, [])),
])
def test_the_builder_makes_what_model_construct_makes(model, values) -> None:
    built = builder(model)(*values)
    constructed = model.model_construct(**dict(zip(model.model_fields, values, strict=True)))
    assert type(built) is model
    assert built == constructed
    assert built.model_fields_set == constructed.model_fields_set
    assert built.__pydantic_extra__ is None and built.__pydantic_private__ is None
    assert built.model_dump_json() == constructed.model_dump_json()
    with pytest.raises(ValueError):
        builder(model)(*values[:-1])


def test_a_model_with_an_alias_is_built_by_model_construct() -> None:
    from pydantic import BaseModel, Field

    class Aliased(BaseModel):
        name: str = Field(alias="n")

    assert builder(Aliased)("x").name == "x"
    assert builder(Tags) is not None


def test_units_from_the_cache_equal_the_plain_units() -> None:
    toks = tokens("The 2 schools and the 学校 offer e-learning courses to 300 pupils; العربية")
    expected = [u for u in map(_unit, toks) if u]
    assert units(toks) == expected
    assert units(toks) == expected  # the second time from the cache


@pytest.mark.parametrize("text", ["Hello World_x 12AB", "\u212a Kelvin", "ÀB c", "a\u00a0b", "中文ab 1"])
def test_the_ascii_tokeniser_cuts_as_the_unicode_one(text: str) -> None:
    assert tokens(text) == _TOKEN.findall(text.lower())
    assert token_pieces(text) == re.split(f"({_TOKEN.pattern})", text.lower())


def test_a_model_of_one_field_or_none_is_built_as_model_construct_builds_it() -> None:
    from pydantic import BaseModel

    class One(BaseModel):
        name: str

    class Empty(BaseModel):
        pass

    one = builder(One)("x")
    assert one == One.model_construct(name="x") and one.model_fields_set == {"name"}
    assert builder(Empty)() == Empty.model_construct()
    with pytest.raises(ValueError):
        builder(One)("x", "y")


def probabilities_by_features(raw: dict[int, float], sims: dict[int, float]) -> dict[int, float]:
    """The SDG model as written: the weighted sum of features() for each candidate goal."""
    out = {}
    for s in raw:
        z = sum(w * x for w, x in zip(sdg.WEIGHTS, sdg.features(s, raw, sims), strict=True))
        out[s] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return out


def test_sdg_probabilities_equal_the_features_to_the_last_bit() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        goals = rng.sample(range(1, 18), rng.randint(0, 17))
        sims = {s: rng.choice([0.05, 0.1, rng.random() / 3]) for s in goals}  # ties included
        raw = {s: rng.choice([0.5, 8.0, rng.random() * 20]) for s in rng.sample(range(1, 18), rng.randint(0, 8))}
        assert sdg.probabilities(raw, sims, sdg.WEIGHTS) == probabilities_by_features(raw, sims)


def disagreements_by_definition(sdg_tags: list[SdgTag], al_tags: list[ActionLineTag], declared_s: list[int],
                                declared_a: list[str]) -> list[str]:
    """The notes as first written: a declared line is covered by a detected one that is it or, for C7, any
    C7 sub-line."""
    def covers(declared: str, detected: str) -> bool:
        return declared == detected or (declared == "C7" and detected.startswith("C7."))

    notes = [f"declared SDG {s} is not an SDG (1-17)" for s in declared_s if not 1 <= s <= 17]
    notes += [f"declared {c} is not a WSIS action line" for c in declared_a if c not in action_lines.ACTION_LINES]
    if declared_s:
        found = {t.sdg for t in sdg_tags}
        notes += [f"declared SDG {s} not detected" for s in declared_s if s not in found and 1 <= s <= 17]
        notes += [f"detected SDG {t.sdg} ({t.score:.2f}) not declared" for t in sdg_tags
                  if t.sdg not in declared_s]
    if declared_a:
        notes += [f"declared {c} not detected" for c in declared_a
                  if c in action_lines.ACTION_LINES and not any(covers(c, t.code) for t in al_tags)]
        notes += [f"detected {t.code} ({t.score:.2f}) not declared" for t in al_tags
                  if not any(covers(c, t.code) for c in declared_a)]
    return notes


def test_disagreements_equal_their_definition() -> None:
    from tagging.engine import _disagreements

    rng = random.Random(5)
    lines = [*action_lines.ACTION_LINES, "C7", "C99", "C7.e-nothing"]
    for _ in range(3000):
        sdg_tags = [SdgTag.model_construct(sdg=s, score=rng.random(), evidence=[])
                    for s in rng.sample(range(1, 18), rng.randint(0, 4))]
        al_tags = [ActionLineTag.model_construct(code=c, score=rng.random(), evidence=[])
                   for c in rng.sample(action_lines.ACTION_LINES, rng.randint(0, 4))]
        declared_s = sorted(rng.sample(range(0, 20), rng.randint(0, 3)))
        declared_a = list(dict.fromkeys(rng.choice(lines) for _ in range(rng.randint(0, 4))))
        args = (sdg_tags, al_tags, declared_s, declared_a)
        assert _disagreements(*args) == disagreements_by_definition(*args)


@pytest.mark.parametrize("lang", LANGS)
def test_tags_built_without_validation_pass_validation_unchanged(lang: str) -> None:
    from tagging import tag

    rng = random.Random("tags" + lang)
    phrases = [e.phrase for e in parse_terms(f"sdg_terms_{lang}.txt")]
    phrases += [e.phrase for e in parse_terms(f"action_terms_{lang}.txt")]
    for i in range(100):
        text = random_text(rng, lang, phrases) + (" SDG 4" if i % 5 == 0 else "")
        tags = tag(text, [rng.randint(0, 19)], rng.sample(["C7", "c7 e-health", "C99", "C1"], rng.randint(0, 2)))
        validated = Tags.model_validate(tags.model_dump())
        assert validated == tags and validated.model_dump_json() == tags.model_dump_json()
        assert tags.model_fields_set == validated.model_fields_set


def test_the_closest_past_entries_equal_the_plain_loop_over_every_entry() -> None:
    """examples.EntryIndex.closest (numpy, per category) against a loop over each entry's similarity."""
    def plain(words: list[str], at_least: float) -> dict[str, object]:
        best: dict[str, tuple[float, object]] = {}
        for i, entry in enumerate(ENTRIES.entries):
            sim = ENTRIES.single.similarities(words).get(str(i), 0.0)
            if sim >= at_least and sim > best.get(entry.line, (0.0, None))[0]:
                best[entry.line] = (sim, entry)
        return {line: entry for line, (_, entry) in best.items()}

    texts = [e.text for e in ENTRIES.entries[::17]] + ["Telemedicine for remote villages", "Zorblax", ""]
    for text in texts:
        words = units(tokens(text))
        for at_least in (0.05, 0.25):
            assert ENTRIES.closest(words, at_least) == plain(words, at_least), text
