"""The matrix index: the matrix worker's count table (one document per count key) and one
document per project with the cells it evidences. The matrix worker is its only writer; documents are written
whole by key, so writing one twice changes nothing."""

from collections import Counter
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from matrix.counts import Filter, Totals
from schemas.matrix import MAPPING, Contribution, MatrixCount
from schemas.settings import IndexLayout, Settings
from storage.layout import ensure_index

MAX_TERMS = 20_000  # cells: 19 lines × (17 SDGs + 169 targets) at most


def matrix_index_name(settings: Settings) -> str:
    return settings.matrix_index or f"{settings.worker_id}-matrix"


def _not_ready(error: ApiError) -> bool:
    """The index exists but its shard is still starting (just created by the matrix worker): read as empty."""
    return isinstance(error, NotFoundError) or (error.status_code == 503 and error.error in (
        "no_shard_available_action_exception", "search_phase_execution_exception"))


def _query(where: Filter, submission_ids: list[str] | None = None, cell: str | None = None,
           goal: str | None = None) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = [{"term": {"doc": "project"}}]
    if where.regions:
        clauses.append({"terms": {"region": sorted(where.regions)}})
    if where.stakeholder_types:
        clauses.append({"terms": {"stakeholder_type": sorted(where.stakeholder_types)}})
    if where.years:
        clauses.append({"range": {"year": {"gte": where.years[0], "lte": where.years[1]}}})
    if submission_ids is not None:
        clauses.append({"terms": {"submission_id": submission_ids}})
    if cell is not None:
        clauses.append({"term": {"cells": cell}})
    if goal is not None:
        clauses.append({"term": {"goals": goal}})
    return {"bool": {"filter": clauses}}


class MatrixIndex:
    def __init__(self, client: Elasticsearch, name: str, layout: IndexLayout) -> None:
        self.client, self.name, self.layout = client, name, layout

    def ensure(self) -> None:
        ensure_index(self.client, self.name, MAPPING, self.layout)

    def write(self, counts: list[MatrixCount], gone_counts: list[str], projects: list[Contribution],
              gone_projects: list[str]) -> None:
        actions: list[dict[str, Any]] = [
            {"_op_type": "index", "_index": self.name, "_id": f"count:{c.key}",
             "_source": {"doc": "count"} | c.model_dump()} for c in counts]
        actions += [{"_op_type": "delete", "_index": self.name, "_id": f"count:{k}"} for k in gone_counts]
        actions += [{"_op_type": "index", "_index": self.name, "_id": f"project:{p.submission_id}",
                     "_source": {"doc": "project"} | p.model_dump()} for p in projects]
        actions += [{"_op_type": "delete", "_index": self.name, "_id": f"project:{i}"} for i in gone_projects]
        for ok, item in helpers.streaming_bulk(self.client, actions, raise_on_error=False, chunk_size=500):
            result = next(iter(item.values()))
            if not ok and result.get("status") != 404:  # deleting what is not there: done
                raise RuntimeError(f"matrix index refused {result.get('_id')}: {result.get('error')}")

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.name)

    def table(self) -> dict[str, int]:
        """The count table as indexed: count key → projects."""
        table: Counter[str] = Counter()
        try:
            for hit in helpers.scan(self.client, index=self.name, query={"query": {"term": {"doc": "count"}}}):
                table[hit["_source"]["key"]] += hit["_source"]["count"]
        except ApiError as exc:
            if not _not_ready(exc):
                raise
            return {}
        return dict(table)

    def ids(self) -> set[str]:
        """Every document id: `count:<key>` and `project:<submission id>`."""
        try:
            return {hit["_id"] for hit in helpers.scan(self.client, index=self.name, _source=False,
                                                        query={"query": {"match_all": {}}})}
        except ApiError as exc:
            if not _not_ready(exc):
                raise
            return set()

    def totals(self, where: Filter = Filter(), submission_ids: list[str] | None = None) -> Totals:
        """Projects, per line, per goal and per cell, of the projects the filter admits (and, if given, only
        those submissions: the prize finalists, winners or champions)."""
        aggs = {field: {"terms": {"field": field, "size": MAX_TERMS}} for field in ("lines", "goals", "cells")}
        try:
            answer = self.client.search(index=self.name, query=_query(where, submission_ids), size=0, aggs=aggs,
                                        track_total_hits=True)
        except ApiError as exc:
            if not _not_ready(exc):
                raise
            return Totals(0, {}, {}, {})
        buckets = {field: {b["key"]: b["doc_count"] for b in answer["aggregations"][field]["buckets"]}
                   for field in aggs}
        return Totals(answer["hits"]["total"]["value"], buckets["lines"], buckets["goals"], buckets["cells"])

    def projects(self, cell: str | None = None, where: Filter = Filter(), submission_ids: list[str] | None = None,
                 limit: int = 10_000, goal: str | None = None) -> list[Contribution]:
        """The projects that evidence `cell` (or `goal`, or all), with the sentences behind each tag, in id order."""
        try:
            answer = self.client.search(index=self.name, query=_query(where, submission_ids, cell, goal), size=limit,
                                        sort=[{"submission_id": "asc"}])
        except ApiError as exc:
            if not _not_ready(exc):
                raise
            return []
        return [Contribution.model_validate({k: v for k, v in hit["_source"].items() if k != "doc"})
                for hit in answer["hits"]["hits"]]
