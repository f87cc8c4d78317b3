"""One small class around the Elasticsearch client: the submissions index behind its alias.

Readers and writers only ever name the alias. The concrete indices behind it (`<alias>-000001`, `-000002`, …)
are created from the index template, so `wsis reindex` can build a new one and switch the alias atomically.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch, helpers
from pydantic_core import to_json

from schemas.search_document import MAPPING, index_template, refresh_interval
from schemas.settings import IndexLayout
from storage.layout import follow_layout


@dataclass
class BulkOutcome:
    written: int = 0
    stale: int = 0  # an equal or newer version was already indexed: nothing to do
    refused: list[tuple[str, str]] = field(default_factory=list)  # (submission id, reason)


def versioned_bulk(client: Elasticsearch, actions: list[dict[str, Any]], chunk_size: int = 500) -> BulkOutcome:
    """Run externally versioned index actions; a 409 means an equal or newer version is there already."""
    outcome = BulkOutcome()
    for ok, item in helpers.streaming_bulk(
        client, actions, raise_on_error=False, raise_on_exception=True, chunk_size=chunk_size
    ):
        operation, result = next(iter(item.items()))
        if ok or (operation == "delete" and result.get("status") == 404):  # deleting what is not there: done
            outcome.written += 1
        elif result.get("status") == 409:
            outcome.stale += 1
        else:
            outcome.refused.append((result.get("_id", "?"), str(result.get("error", result))[:1000]))
    return outcome


class SubmissionIndex:
    def __init__(self, client: Elasticsearch, alias: str, layout: IndexLayout,
                 refresh_seconds: float | None = None) -> None:
        """`refresh_seconds`: the refresh interval an index made or brought up to date here gets (the writers pass
        WSIS_SEARCH_REFRESH_SECONDS); None leaves an existing index's as it is, and a new one at the server's."""
        self.client = client
        self.alias = alias
        self.layout = layout
        self.refresh_seconds = refresh_seconds

    def ensure(self) -> None:
        """Put the index template; create the first concrete index behind the alias, unless the alias exists, in
        which case the fields added to the mapping since its index was made are added to it."""
        self.put_template()
        if self.client.indices.exists_alias(name=self.alias):
            self.client.indices.put_mapping(index=self.alias, properties=MAPPING["properties"])
            follow_layout(self.client, self.alias, self.layout)
            if self.refresh_seconds is not None:
                self.set_refresh(self.refresh_seconds)
            return
        concrete = self._concrete_name(1)
        try:
            self.client.indices.create(index=concrete, aliases={self.alias: {}})
        except BadRequestError as exc:  # another stage (a second indexer) created it meanwhile
            if exc.error != "resource_already_exists_exception":
                raise
            self.client.indices.put_alias(index=concrete, name=self.alias)

    def put_template(self) -> None:
        body = index_template(self.alias, self.layout, self.refresh_seconds)
        self.client.indices.put_index_template(
            name=self.alias, index_patterns=body["index_patterns"], priority=body["priority"],
            template=body["template"], meta=body["_meta"],
        )

    def behind_alias(self) -> list[str]:
        """The concrete index (normally one) the alias points at now; none before `ensure`."""
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias))

    def create_next(self) -> str:
        """A new, empty concrete index from the current template, numbered after every existing one."""
        self.put_template()
        numbers = [int(match.group(1)) for name in self._concrete_indices()
                   if (match := re.fullmatch(rf"{re.escape(self.alias)}-(\d{{6}})", name))]
        concrete = self._concrete_name(max(numbers, default=0) + 1)
        self.client.indices.create(index=concrete)
        return concrete

    def switch_to(self, concrete: str) -> list[str]:
        """Point the alias at `concrete` and delete the indices it pointed at, in one atomic step: readers and
        writers always find exactly one index behind the alias. Returns the deleted indices."""
        old = [name for name in self.behind_alias() if name != concrete]
        actions: list[dict[str, Any]] = [{"add": {"index": concrete, "alias": self.alias}}]
        actions += [{"remove_index": {"index": name}} for name in old]
        self.client.indices.update_aliases(actions=actions)
        return old

    def write(self, documents: list[dict[str, Any]], index: str | None = None) -> BulkOutcome:
        """Index documents by submission id; a version never overwrites a newer one (external versioning).
        They go to the alias, or to the concrete `index` a reindex is building. Each document is serialised here,
        by pydantic-core (a third of the client's `json.dumps` time), and the client sends the bytes as they are."""
        actions = [
            {"_op_type": "delete", "_index": index or self.alias, "_id": doc["submission_id"],
             "version": doc["version"], "version_type": "external"} if doc.get("withdrawn") else
            {"_op_type": "index", "_index": index or self.alias, "_id": doc["submission_id"],
             "version": doc["version"], "version_type": "external_gte", "_source": to_json(doc)}
            for doc in documents
        ]
        return versioned_bulk(self.client, actions, chunk_size=1000)

    def set_refresh(self, seconds: float) -> None:
        """The refresh interval of the index behind the alias, now (the template's stays for indices made later)."""
        self.client.indices.put_settings(index=self.alias,
                                         settings={"index": {"refresh_interval": refresh_interval(seconds)}})

    def indexed_count(self) -> int:
        """Documents indexed into the index's primaries since it was opened (a rising count, for a rate)."""
        stats = self.client.indices.stats(index=self.alias, metric="indexing")
        return int(stats["_all"]["primaries"]["indexing"]["index_total"])

    def refresh(self, index: str | None = None) -> None:
        self.client.indices.refresh(index=index or self.alias)

    def count(self, query: dict[str, Any] | None = None) -> int:
        return self.client.count(index=self.alias, query=query or {"match_all": {}})["count"]

    def _concrete_name(self, number: int) -> str:
        return f"{self.alias}-{number:06d}"

    def _concrete_indices(self) -> list[str]:
        return list(self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="all"))
