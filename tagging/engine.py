"""tag(): language, SDGs, action lines, matrix links, prize category and declared-vs-detected notes."""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from schemas.reference import CATEGORY_BY_ACTION_LINE
from schemas.tags import ActionLineTag, Evidence, SdgTag, Tags
from tagging import action_lines, sdg
from tagging.construct import builder
from tagging.language import detect
from tagging.profile import similarities
from tagging.text import Surface, token_pieces

MAX_PHRASE_EVIDENCE = 6  # a reviewer reads the strongest few phrases, not every hit
MATRIX_BOOST = 0.5  # raw points an SDG gains from each strongly present action line linked to it
MATRIX_MIN_AL = 0.7  # action-line score from which its matrix links count
Span = tuple[int, int]
# Tag parts are built without validation (construct.py): the values are ours, already checked; validating
# them again would cost about a third of tagging time. The Tags around them too (see _TAGS).
_EVIDENCE, _SDG_TAG, _AL_TAG = builder(Evidence), builder(SdgTag), builder(ActionLineTag)


class Signals(NamedTuple):
    """What the tagger reads in a text, before it decides."""

    tokens: list[str]
    language: str
    sdg_evidence: sdg.SdgEvidence
    similarities: dict[int, float]  # to each SDG's word profile
    action_line_result: action_lines.AlResult


_last: tuple[str, Signals] | None = None  # the form tags and suggests the same text in a row: read it once


def analyse(text: str) -> Signals:
    """The tagger's reading of a text. Callers must not modify it: the last reading is reused for the same text."""
    global _last
    last = _last
    if last is not None and last[0] == text:
        return last[1]
    signals = _read(text)
    _last = (text, signals)
    return signals


_pieces: tuple[str, list[str]] | None = None  # the last text read, cut at its tokens: for Surface


def _read(text: str) -> Signals:
    global _pieces
    pieces = token_pieces(text)
    _pieces = (text, pieces)
    words = pieces[1::2]
    language = detect(text, words)
    sdg_evidence = sdg.raw_scores(words, language)
    action_line_result = action_lines.score(words, language)
    for code, score in action_line_result.scores.items():
        if score < MATRIX_MIN_AL:
            continue
        for goal in action_lines.MATRIX.get(code, {}):
            if goal in sdg_evidence.raw:  # the matrix supports an SDG the text already speaks of; never invents one
                sdg_evidence.raw[goal] += MATRIX_BOOST
    return Signals(words, language, sdg_evidence, similarities(words, language), action_line_result)


def sdg_signals(text: str) -> tuple[dict[int, float], dict[int, float], set[int]]:
    """What the SDG model in sdg_model.json reads: raw scores after matrix boosts, profile similarities and
    the goals named by number."""
    signals = analyse(text)
    return signals.sdg_evidence.raw, signals.similarities, signals.sdg_evidence.named


def _sdg_tag(s: int, score: float, sdg_evidence: sdg.SdgEvidence, lines: Iterable[str],
             show: Callable[[Span], str]) -> SdgTag:
    ranked = sorted(sdg_evidence.phrases.get(s, []), key=lambda x: -x[2])[:MAX_PHRASE_EVIDENCE]
    evidence = [_EVIDENCE("phrase", show(span), targets or []) for span, targets, _ in ranked]
    for code in lines:
        targets = action_lines.MATRIX.get(code, {}).get(s)
        if targets is not None:
            detail = f"WSIS-SDG matrix: {code} supports SDG {s}"
            evidence.append(_EVIDENCE("matrix", detail, targets or []))
    return _SDG_TAG(s, round(score, 3), evidence)


def _al_tag(code: str, action_line_result: action_lines.AlResult, show: Callable[[Span], str]) -> ActionLineTag:
    spans = action_line_result.phrases[code][:MAX_PHRASE_EVIDENCE]
    evidence = [_EVIDENCE("phrase", show(span), []) for span in spans]
    return _AL_TAG(code, round(action_line_result.scores[code], 3), evidence)


_AL_ORDER = {c: i for i, c in enumerate(action_lines.ACTION_LINES)}  # list.index, read from a dict
if len(_AL_ORDER) != len(action_lines.ACTION_LINES):
    raise ValueError("ACTION_LINES lists a code twice")
_CODE_BY_KEY = {c.lower().replace(" ", ""): c for c in action_lines.ACTION_LINES}
_CODE_BY_KEY.update({c.split(".", 1)[1].lower(): c for c in action_lines.ACTION_LINES if "." in c})  # "e-health"


def normalise_line(code: str) -> str:
    """'c7.E-Health', 'C7 e-health' or 'e-health' -> 'C7.e-health'; unknown codes are returned stripped."""
    key = code.strip().lower().replace(" ", "")
    key = key.replace("c7e-", "c7.e-") if key.startswith("c7e-") else key
    return _CODE_BY_KEY.get(key, code.strip())


_LINES = frozenset(action_lines.ACTION_LINES)


def _disagreements(sdg_tags: list[SdgTag], al_tags: list[ActionLineTag], declared_s: list[int],
                   declared_a: list[str]) -> list[str]:
    """Notes per family, only for a family the submitter declared something in."""
    notes = [f"declared SDG {s} is not an SDG (1-17)" for s in declared_s if not 1 <= s <= 17]
    notes += [f"declared {c} is not a WSIS action line" for c in declared_a if c not in _LINES]
    if declared_s:
        found = {t.sdg for t in sdg_tags}
        notes += [f"declared SDG {s} not detected" for s in declared_s if s not in found and 1 <= s <= 17]
        notes += [f"detected SDG {t.sdg} ({t.score:.2f}) not declared" for t in sdg_tags
                  if t.sdg not in declared_s]
    if declared_a:
        # a declared line is covered by the same line detected, or C7 by any C7 sub-line
        detected = {t.code for t in al_tags}
        if any(d.startswith("C7.") for d in detected):
            detected.add("C7")
        notes += [f"declared {c} not detected" for c in declared_a if c in _LINES and c not in detected]
        any_c7 = "C7" in declared_a
        notes += [f"detected {t.code} ({t.score:.2f}) not declared" for t in al_tags
                  if t.code not in declared_a and not (any_c7 and t.code.startswith("C7."))]
    return notes


# The Tags are built without validation too; what its schema checks holds by construction: language is one of
# detect()'s codes, the tag lists hold our models, declared SDGs are ints, declared lines and notes are str
# (normalise_line returns str), and the category comes from this table, checked here once.
_TAGS = builder(Tags)
_TAG_FIELDS = ("language", "sdgs", "action_lines", "category", "declared_sdgs", "declared_action_lines",
               "disagreements")
if tuple(Tags.model_fields) != _TAG_FIELDS:
    raise ValueError(f"Tags has fields {tuple(Tags.model_fields)}: update tag()'s construction")
if not all(type(n) is int and 1 <= n <= 18 for n in CATEGORY_BY_ACTION_LINE.values()):
    raise ValueError("CATEGORY_BY_ACTION_LINE holds a category outside 1..18")


def tag(text: str, declared_sdgs: Iterable[int] = (), declared_action_lines: Iterable[str] = ()) -> Tags:
    """Tag a submission's title + description; declared tags are copied in and compared with detected ones."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    toks, lang, sdg_evidence, sims, action_line_result = analyse(text)
    probs = sdg.probabilities(sdg_evidence.raw, sims, sdg.WEIGHTS)
    for s in sdg_evidence.named:  # a goal the text names is detected whatever the model says
        probs[s] = max(probs[s], 0.5)
    detected = sdg.decide(probs, sdg_evidence.named)
    al_raw = action_line_result.raw
    al_detected = sorted(action_lines.decide(action_line_result), key=lambda c: (-al_raw[c], _AL_ORDER[c]))

    last = _pieces
    show = Surface(text, toks, last[1] if last is not None and last[0] == text else None)
    al_tags = [_al_tag(code, action_line_result, show) for code in al_detected]
    ranked = sorted(detected, key=lambda s: (-probs[s], -sdg_evidence.raw[s], s))
    sdg_tags = [_sdg_tag(s, probs[s], sdg_evidence, al_detected, show) for s in ranked]

    # action_lines.best_line: the detected line ranked first (al_detected is in its order), else the fallback
    best_line = (al_detected[0] if al_detected
                 else action_lines.best_line(action_line_result, {t.sdg: t.score for t in sdg_tags}))
    category = CATEGORY_BY_ACTION_LINE[best_line]
    if al_tags and al_tags[0].code == best_line:
        detail = f"best action line {best_line} -> WSIS Prize category {category}"
        al_tags[0].evidence.append(_EVIDENCE("category", detail, []))
    elif sdg_tags:  # no action line detected: the category follows the main SDG
        detail = f"no action line detected; SDG {sdg_tags[0].sdg} -> {best_line} -> prize category {category}"
        sdg_tags[0].evidence.append(_EVIDENCE("category", detail, []))

    declared_s = sorted({int(s) for s in declared_sdgs})
    declared_a = list(dict.fromkeys(normalise_line(c) for c in declared_action_lines))
    return _TAGS(lang, sdg_tags, al_tags, category, declared_s, declared_a,
                 _disagreements(sdg_tags, al_tags, declared_s, declared_a))
