"""One small class around the Elasticsearch client: the submissions index behind its alias."""

from dataclasses import dataclass, field
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexer.documents import MAPPING
from wsis.settings import Settings


def connect(settings: Settings, **options: Any) -> Elasticsearch:
    api_key = settings.es_api_key.get_secret_value() if settings.es_api_key else None
    return Elasticsearch(settings.elasticsearch, api_key=api_key, **options)


@dataclass
class BulkOutcome:
    written: int = 0
    stale: int = 0  # an equal or newer version was already indexed: nothing to do
    refused: list[tuple[str, str]] = field(default_factory=list)  # (submission id, reason)


class SubmissionIndex:
    def __init__(self, client: Elasticsearch, alias: str) -> None:
        self.client = client
        self.alias = alias

    def ensure(self) -> None:
        """Create the first concrete index with its mapping behind the alias, unless the alias exists."""
        if self.client.indices.exists_alias(name=self.alias):
            return
        concrete = f"{self.alias}-000001"
        if not self.client.indices.exists(index=concrete):
            self.client.indices.create(index=concrete, mappings=MAPPING, settings={"number_of_shards": 1})
        self.client.indices.put_alias(index=concrete, name=self.alias)

    def write(self, documents: list[dict[str, Any]]) -> BulkOutcome:
        """Index documents by submission id; a version never overwrites a newer one (external versioning)."""
        actions = [
            {"_op_type": "index", "_index": self.alias, "_id": doc["submission_id"], "version": doc["version"],
             "version_type": "external_gte", "_source": doc}
            for doc in documents
        ]
        outcome = BulkOutcome()
        for ok, item in helpers.streaming_bulk(
            self.client, actions, raise_on_error=False, raise_on_exception=True, chunk_size=1000
        ):
            result = item["index"]
            if ok:
                outcome.written += 1
            elif result.get("status") == 409:
                outcome.stale += 1
            else:
                outcome.refused.append((result.get("_id", "?"), str(result.get("error", result))[:1000]))
        return outcome

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def count(self, query: dict[str, Any] | None = None) -> int:
        return self.client.count(index=self.alias, query=query or {"match_all": {}})["count"]
