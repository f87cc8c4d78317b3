"""The "Top projects" of a regional report, by a rule that can be defended: WSIS Prize winners first, then
champions (from the prizes index, for the region and the period's prize years), then the projects whose action-line
and SDG tags are strongest (`tag_strength`: the tagger's confidence in the best action line and the three best
SDGs plus the variety of the evidence, bounded, so that stuffing a description with keywords buys nothing), the
most recent first among equals. Copies are folded into one: the same title and organisation (compared without
case, accents or punctuation), or nearly the same title and description (Jaccard similarity of word 3-shingles at
least 0.8, the prizes' duplicate rule); the best-ranked copy stays, and says how many were folded into it (among
the candidates read: the strongest ones, a few pages of them). The report states the rule (reports/tables.py:
method_notes)."""

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from elasticsearch import Elasticsearch

from prizes.eligibility import near_duplicates, shingles
from schemas.search_document import SubmissionSummary

_SOURCE = list(SubmissionSummary.model_fields)
_SORT = [{"tag_strength": "desc"}, {"year": "desc"}, {"received_at": "desc"}, {"submission_id": "asc"}]
_PAGES = 10  # pages of candidates read at most, when copies fill them
_WORD = re.compile(r"\w+")


class QueryRefused(RuntimeError):
    """The search server answered a report's query with an error."""


@dataclass(frozen=True)
class TopProject:
    submission_id: str
    title: str
    organisation: str
    country: str | None
    year: int
    action_lines: tuple[str, ...]
    sdgs: tuple[int, ...]
    tag_strength: float
    prize: str | None = None  # "winner" or "champion" of a WSIS Prize in the region and period
    folded: int = 0  # copies of this project folded into it


def normalised(text: str) -> str:
    """Case, accents, punctuation and spacing left out: "Café-Net  (Kenya)" and "cafe net kenya" are the same."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return " ".join(_WORD.findall(plain.casefold()))


def _project(doc: SubmissionSummary, prize: str | None) -> TopProject:
    return TopProject(doc.submission_id, doc.title, doc.organisation, doc.country, doc.year, tuple(doc.action_lines),
                      tuple(doc.sdgs), doc.tag_strength, prize)


def _prize_order(prize: str | None) -> int:
    return {"winner": 0, "champion": 1}.get(prize or "", 2)


def ranked(docs: list[SubmissionSummary], prizes: dict[str, str]) -> list[SubmissionSummary]:
    """Winners, champions, then the strongest tags; among equals the most recent (year, then time received)."""
    docs = sorted(docs, key=lambda d: d.submission_id)
    docs.sort(key=lambda d: d.received_at, reverse=True)
    docs.sort(key=lambda d: (_prize_order(prizes.get(d.submission_id)), -d.tag_strength, -d.year))
    return docs


class _Folder:
    """Projects in ranking order; each one is kept, or folded into the kept project it copies."""

    def __init__(self, prizes: dict[str, str]) -> None:
        self.prizes = prizes
        self.kept: list[TopProject] = []
        self._keys: dict[str, int] = {}
        self._texts: list[tuple[int, frozenset]] = []

    def add(self, doc: SubmissionSummary) -> None:
        key = f"{normalised(doc.title)}|{normalised(doc.organisation)}"
        text = shingles(f"{doc.title}\n{doc.description}")
        same = self._keys.get(key)
        if same is None:
            same = next((i for i, other in self._texts if near_duplicates(text, other)), None)
        if same is not None:
            self.kept[same] = replace(self.kept[same], folded=self.kept[same].folded + 1)
            return
        self._keys[key] = len(self.kept)
        self._texts.append((len(self.kept), text))
        self.kept.append(_project(doc, self.prizes.get(doc.submission_id)))


def _page_size(count: int) -> int:
    return max(50, count * 5)  # room for the copies that will be folded


def candidates_search(alias: str, query: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """The multi-search lines (header, body) of the first page of candidates for the `count` top projects matching
    `query`: sent with the report's other searches, so the server runs them side by side in one round trip."""
    return [{"index": alias}, {"query": query, "size": _page_size(count), "_source": _SOURCE, "sort": _SORT}]


def answered(response: dict[str, Any], what: str = "a report query") -> dict[str, Any]:
    """One answer of a multi-search, or QueryRefused saying what the server refused and why."""
    if "error" in response:
        raise QueryRefused(f"the search server refused {what}: {response['error']}")
    return response


def top_projects(client: Elasticsearch, alias: str, query: dict[str, Any], count: int, prizes: dict[str, str],
                 first_page: dict[str, Any]) -> list[TopProject]:
    """The `count` top projects matching `query`; `prizes`: submission id → "winner" or "champion"; `first_page`:
    the answer to `candidates_search`. More pages are read only when copies fill the first."""
    if count <= 0:
        return []
    page_size = _page_size(count)
    prized: list[SubmissionSummary] = []
    if prizes:
        query_prized = {"bool": {"filter": [query, {"terms": {"submission_id": sorted(prizes)}}]}}
        hits = client.search(index=alias, query=query_prized, size=len(prizes), source_includes=_SOURCE,
                             sort=_SORT)["hits"]["hits"]
        prized = [SubmissionSummary.model_validate(hit["_source"]) for hit in hits]
    page = answered(first_page, "the top projects' query")["hits"]["hits"]
    candidates = {doc.submission_id: doc for doc in prized}
    for _ in range(_PAGES):
        candidates |= {doc.submission_id: doc for doc in (SubmissionSummary.model_validate(hit["_source"])
                                                           for hit in page)}
        folder = _Folder(prizes)
        for doc in ranked(list(candidates.values()), prizes):
            folder.add(doc)
        if len(folder.kept) >= count or len(page) < page_size:
            break
        page = client.search(index=alias, query=query, size=page_size, source_includes=_SOURCE, sort=_SORT,
                             search_after=page[-1]["sort"])["hits"]["hits"]
    return folder.kept[:count]
