"""Prize eligibility (WSIS Prizes rules): one category per project; one project per entity per category; no
duplicates; English; completed or at the end of a major phase; a 150–200-word short description; past winners
are not eligible. Entries are checked in the order they were entered: the first one keeps its place."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from schemas.messages import Message, message
from schemas.prizes import EntrySubmitted
from schemas.submission import SHORT_DESCRIPTION_WORDS

DUPLICATE_SIMILARITY = 0.8  # Jaccard similarity of word 3-shingles (title + description) at which entries clash
_WORD = re.compile(r"\w+")


@dataclass
class Eligibility:
    reasons: list[Message] = field(default_factory=list)  # why the entry is not eligible; empty when it is
    duplicate_of: str | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons


def shingles(text: str, size: int = 3) -> frozenset[tuple[str, ...]]:
    """The text's runs of `size` consecutive words (one run of all its words when it has fewer)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return frozenset({tuple(words)})
    return frozenset(zip(*(words[i:] for i in range(size)), strict=False))  # the shorter tails end it


def similarity(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity: shared shingles over shingles in either."""
    if not a and not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def near_duplicates(a: frozenset, b: frozenset) -> bool:
    """similarity(a, b) >= DUPLICATE_SIMILARITY. Their sizes alone bound it (shared ≤ the smaller, either ≥ the
    larger), which settles most pairs without building a set."""
    small, large = sorted((len(a), len(b)))
    if large and small / large < DUPLICATE_SIMILARITY:
        return False
    return similarity(a, b) >= DUPLICATE_SIMILARITY


def _entity(organisation: str) -> str:
    return " ".join(_WORD.findall(organisation.casefold()))


def past_winner_keys(entry: EntrySubmitted) -> tuple[str, str]:
    """A past winner is recognised by its project id or by its organisation and title."""
    return entry.project_id, f"{_entity(entry.organisation)}|{_entity(entry.title)}"


def check_entries(entries: list[EntrySubmitted], past_winners: dict[str, int]) -> dict[str, Eligibility]:
    """Eligibility of each entry of one prize year; `past_winners` maps `past_winner_keys` to the year won."""
    result: dict[str, Eligibility] = {}
    first_of_project: dict[str, EntrySubmitted] = {}
    first_of_entity: dict[tuple[str, int], EntrySubmitted] = {}
    texts: list[tuple[EntrySubmitted, frozenset]] = []
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)  # shingle → earlier entries having it
    for entry in sorted(entries, key=lambda e: (e.at, e.entry_id)):
        check = result[entry.entry_id] = Eligibility()
        if entry.status != "completed" and not entry.major_phase_completed:
            check.reasons.append(message("the project is {status}: it must be completed or at the end of a major phase",
                                         status=entry.status))
        if entry.language != "en":
            check.reasons.append(message("entries must be in English; this one reads as '{language}'",
                                         language=entry.language))
        words = len((entry.short_description or "").split())
        low, high = SHORT_DESCRIPTION_WORDS
        if not low <= words <= high:
            check.reasons.append(message(
                "the short description voters see must have {low}–{high} words; it has {words}",
                low=low, high=high, words=words))
        won = [past_winners[key] for key in past_winner_keys(entry) if key in past_winners]
        if won:
            check.reasons.append(message("past winners are not eligible: this project won in {year}", year=min(won)))
        first = first_of_project.setdefault(entry.project_id, entry)
        if first.category != entry.category:
            check.reasons.append(message("one category per project: already entered in category {category} ({entry})",
                                         category=first.category, entry=first.entry_id))
        first = first_of_entity.setdefault((_entity(entry.organisation), entry.category), entry)
        if first.project_id != entry.project_id:
            check.reasons.append(message("one project per entity per category: {organisation} already entered {entry}",
                                         organisation=first.organisation, entry=first.entry_id))
        text = shingles(f"{entry.title}\n{entry.description}")
        _flag_near_duplicate(entry, text, texts, postings, check)
        for shingle in text:
            postings[shingle].append(len(texts))
        texts.append((entry, text))
    return result


def _flag_near_duplicate(entry: EntrySubmitted, text: frozenset, earlier: list[tuple[EntrySubmitted, frozenset]],
                         postings: dict[tuple[str, ...], list[int]], check: Eligibility) -> None:
    """Compare only with earlier entries sharing enough shingles to reach the threshold."""
    shared = Counter(i for shingle in text for i in postings.get(shingle, ()))
    for i, common in shared.most_common():
        other, other_text = earlier[i]
        if common < DUPLICATE_SIMILARITY * len(text):
            return
        score = common / (len(text) + len(other_text) - common)
        if other.project_id != entry.project_id and score >= DUPLICATE_SIMILARITY:
            check.duplicate_of = other.entry_id
            check.reasons.append(message("near-duplicate of {entry} (similarity {similarity:.2f})",
                                         entry=other.entry_id, similarity=score))
            return
