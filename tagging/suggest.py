"""Ranked suggestions for any text, even a title alone: every action line and every SDG with a calibrated confidence
and the reasons for it.

Action lines: a conditional-logit model (one weight per signal, shared by the 18 prize-category lines) over
  - the phrases of the action-line lexicon that matched (`action_lines.score`),
  - the text's TF-IDF similarity to each line's own words (its name, its term list and, in English, its paragraph
    of the Geneva Plan of Action, the WSIS–SDG matrix rationales filed under it and its themes and kinds of
    organisation from data/action_line_descriptions_en.json), relative to the closest line's,
  - the WSIS–SDG matrix: how close the text is to the goals the line is linked to (`profile.similarities`),
  - the text's character 4-gram similarity to the line's texts in all six languages (`short_text.py`), relative to
    the closest line's: what carries a title of compounds, brand names or another language,
  - its 4-gram similarity to the real WSIS Prizes entries filed under the line, relative to the closest line's
    (`examples.py`).
Its softmax is the confidence that a line is the one the project would be filed under.
SDGs: a goal with a matched phrase keeps the SDG model's probability (sdg.py); any other goal gets a Platt-scaled
probability from its profile similarity. The weights are in data/suggest_model.json, fitted by
`python bench/tagging.py --fit`, which reports cross-validated accuracy and a reliability table.
Suggestions without a phrase behind them carry evidence of kind "similarity": they are hints for a form, not tags.
"""

import csv
import json
import math
import operator
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files

from schemas.reference import CATEGORY_BY_ACTION_LINE, action_line_names
from schemas.tags import ActionLineTag, Evidence, SdgTag
from tagging import action_lines, sdg, short_text
from tagging.engine import analyse
from tagging.examples import ENTRIES, Entry, EntryIndex
from tagging.lexicon import DATA, parse_terms
from tagging.text import Surface, tokens, units
from tagging.vectors import LabelIndex, bag

LINES: tuple[str, ...] = tuple(CATEGORY_BY_ACTION_LINE)  # the 18 lines a prize entry is filed under
AL_FEATURES = ("log(1+phrase score)", "similarity / best line's", "matrix", "4-gram similarity / best line's",
               "4-gram similarity to its past entries / best line's")
CLOSE_ENTRY = 0.25  # 4-gram similarity to a single past entry from which the form names it as a reason
SDG_FALLBACK_FEATURES = ("bias", "similarity")


def _line_bags(lang: str) -> dict[str, Counter[str]]:
    texts: dict[str, list[tuple[str, float]]] = {c: [] for c in LINES}
    for e in parse_terms(action_lines.TERM_FILES[lang]):
        if e.label in texts:
            texts[e.label].append((e.phrase.replace("*", ""), e.weight))
    if lang == "en":
        names = action_line_names()
        for c in LINES:
            texts[c].append((names[c], 3.0))
        for c, rationale in _matrix_rationales():
            if c in texts:
                texts[c].append((rationale, 1.0))
        plan = json.loads((DATA / "action_line_texts_en.json").read_text(encoding="utf-8"))["texts"]
        for c in LINES:
            texts[c].append((plan[c], 1.0))
        for c, d in short_text.descriptions().items():
            texts[c] += [(d["themes"], 1.0), (d["organisations"], 1.0)]
    return {c: bag(t, tokens) for c, t in texts.items()}


def _matrix_rationales() -> list[tuple[str, str]]:
    text = (files("schemas") / "data" / "wsis_sdg_matrix.csv").read_text(encoding="utf-8")
    return [(r["action_line_code"], r["rationale"]) for r in csv.DictReader(text.splitlines())]


_LINKED: dict[str, tuple[int, ...]] = {c: tuple(action_lines.MATRIX.get(c, {})) for c in LINES}
LINE_INDEX = {lang: LabelIndex(_line_bags(lang)) for lang in action_lines.TERM_FILES}
_MODEL = json.loads((DATA / "suggest_model.json").read_text(encoding="utf-8"))
if _MODEL["al_features"] != list(AL_FEATURES) or _MODEL["sdg_fallback_features"] != list(SDG_FALLBACK_FEATURES):
    raise ValueError("data/suggest_model.json was fitted for other features: rerun python bench/tagging.py --fit")
AL_WEIGHTS: list[float] = [float(w) for w in _MODEL["al_weights"]]
SDG_FALLBACK_WEIGHTS: list[float] = [float(w) for w in _MODEL["sdg_fallback_weights"]]


@dataclass(slots=True)
class Reading:
    """What the suggester reads in a text; the features of both models are computed from it."""

    tokens: list[str]
    words: list[str]  # profile units (text.units) of the tokens
    language: str
    al: action_lines.AlResult
    line_sims: dict[str, float]
    char_sims: dict[str, float]
    sdg_evidence: sdg.SdgEvidence
    sdg_sims: dict[int, float]


def read(text: str) -> Reading:
    """The tagger's own reading of the text (engine.analyse), plus its similarity to each action line."""
    toks, lang, sdg_evidence, sdg_sims, al = analyse(text)
    index = LINE_INDEX.get(lang) or LINE_INDEX["en"]
    words = units(toks, lang == "zh")
    return Reading(toks, words, lang, al, index.similarities(words), short_text.char_similarities(words), sdg_evidence,
                   sdg_sims)


def al_features(r: Reading, entries: EntryIndex = ENTRIES) -> dict[str, list[float]]:
    """The action-line model's inputs for each of the 18 lines, in the order of AL_FEATURES; `entries`: the past
    entries to compare with (the benchmark passes those of its training folds)."""
    top_line = max(r.line_sims.values(), default=0.0) or 1.0
    top_char = max(r.char_sims.values(), default=0.0) or 1.0
    entry_sims = entries.similarities(r.words)
    top_entry = max(entry_sims.values(), default=0.0) or 1.0
    goals = r.sdg_sims
    top_goal = max(goals.values(), default=0.0) or 1.0
    raw, line_sims, char_sims = r.al.raw, r.line_sims, r.char_sims
    out: dict[str, list[float]] = {}
    for c in LINES:
        matrix = 0.0
        if goals:
            for s in _LINKED[c]:
                v = goals.get(s, 0.0)
                if v > matrix:
                    matrix = v
        out[c] = [math.log1p(raw.get(c, 0.0)), line_sims.get(c, 0.0) / top_line, matrix / top_goal,
                  char_sims.get(c, 0.0) / top_char, entry_sims.get(c, 0.0) / top_entry]
    return out


def softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def al_probabilities(feats: dict[str, list[float]], weights: list[float]) -> dict[str, float]:
    return softmax({c: sum(map(operator.mul, weights, f)) for c, f in feats.items()})


def sdg_fallback(sim: float, weights: list[float]) -> float:
    z = weights[0] + weights[1] * sim
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def sdg_confidences(r: Reading, weights: list[float] = SDG_FALLBACK_WEIGHTS,
                    model: list[float] | None = None) -> dict[int, float]:
    """A confidence for each of the 17 goals: the SDG model where a phrase matched, the fallback elsewhere."""
    probs = sdg.probabilities(r.sdg_evidence.raw, r.sdg_sims, model or sdg.WEIGHTS)
    for s in r.sdg_evidence.named:
        probs[s] = max(probs[s], 0.5)
    return {s: probs[s] if s in probs else sdg_fallback(r.sdg_sims.get(s, 0.0), weights) for s in range(1, 18)}


@dataclass(slots=True)
class Suggestion:
    code: str  # an action-line code, or an SDG number as text
    confidence: float
    reasons: list[Evidence] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the text's words closest to the line's own words
    link: str = ""  # the matrix partner behind a "matrix" reason: an SDG number for a line, a line for an SDG
    like: Entry | None = None  # a past WSIS Prizes entry filed under the line that the text is close to

    @property
    def from_phrases(self) -> bool:
        return any(e.kind == "phrase" for e in self.reasons)


@dataclass(slots=True)
class Suggestions:
    language: str
    action_lines: list[Suggestion]
    sdgs: list[Suggestion]


def _ev(kind: str, detail: str, targets: list[str] | None = None) -> Evidence:
    return Evidence.model_construct(kind=kind, detail=detail, targets=targets or [])


def suggest(text: str, top: int = 3) -> Suggestions:
    """The `top` most likely action lines and SDGs for a text of any length, strongest first, with reasons."""
    r = read(text)
    show = Surface(text, r.tokens)
    index = LINE_INDEX.get(r.language) or LINE_INDEX["en"]
    al_probs = al_probabilities(al_features(r), AL_WEIGHTS)
    ranked_lines = sorted(LINES, key=lambda c: (-al_probs[c], LINES.index(c)))[:top]
    goals = sdg_confidences(r)
    # phrase-less goals share one calibrated confidence: their similarity still orders them
    ranked_goals = sorted(goals, key=lambda s: (-goals[s], -r.sdg_sims.get(s, 0.0), s))[:top]
    closest = ENTRIES.closest(r.words, CLOSE_ENTRY)
    lines: list[Suggestion] = []
    for c in ranked_lines:
        reasons = [_ev("phrase", show(span)) for span in r.al.phrases.get(c, [])[:3]]
        words = index.explain(r.tokens, c) or short_text.char_explain(r.tokens, c)
        if words:
            reasons.append(_ev("similarity", f"words close to {c}: {', '.join(words)}"))
        like = closest.get(c)
        if like:
            reasons.append(_ev("similarity", f"close to a past entry filed under {c}: {like.title} "
                                             f"({like.organisation or '?'}, {like.year})"))
        linked = [s for s in ranked_goals if s in action_lines.MATRIX.get(c, {}) and r.sdg_evidence.raw.get(s)]
        if linked:
            reasons.append(_ev("matrix", f"WSIS-SDG matrix: {c} supports SDG {linked[0]}",
                               action_lines.MATRIX[c][linked[0]]))
        lines.append(Suggestion(c, round(al_probs[c], 3), reasons, words, str(linked[0]) if linked else "", like))
    goals_out: list[Suggestion] = []
    for s in ranked_goals:
        spans = sorted(r.sdg_evidence.phrases.get(s, []), key=lambda x: -x[2])[:3]
        reasons = [_ev("phrase", show(span), targets) for span, targets, _ in spans]
        if not reasons and r.sdg_sims.get(s):
            reasons.append(_ev("similarity", f"the text's words are close to SDG {s}'s goal and targets"))
        link = ranked_lines[0] if r.al.raw.get(ranked_lines[0]) and s in action_lines.MATRIX.get(ranked_lines[0],
                                                                                                 {}) else ""
        if link:
            reasons.append(_ev("matrix", f"WSIS-SDG matrix: {link} supports SDG {s}", action_lines.MATRIX[link][s]))
        goals_out.append(Suggestion(str(s), round(goals[s], 3), reasons, link=link))
    return Suggestions(r.language, lines, goals_out)


def as_tags(suggestions: Suggestions) -> tuple[list[ActionLineTag], list[SdgTag]]:
    """Suggestions in the shape of tags. One with no phrase behind it carries only "similarity"/"matrix"
    evidence, so a reader (or tag_strength) can tell a hint from a detected tag."""
    lines = [ActionLineTag.model_construct(code=s.code, score=s.confidence, evidence=s.reasons)
             for s in suggestions.action_lines]
    goals = [SdgTag.model_construct(sdg=int(s.code), score=s.confidence, evidence=s.reasons)
             for s in suggestions.sdgs]
    return lines, goals
