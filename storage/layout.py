"""An index laid out as the settings say (WSIS_ES_SHARDS, WSIS_ES_REPLICAS): a new one is created that way, an
existing one gets the replicas asked for (they change in place) and is reported when its shards differ (they
cannot: that takes `wsis reindex` into a new index)."""

from typing import Any

from elasticsearch import BadRequestError, Elasticsearch

from schemas.settings import IndexLayout


class IndexLayoutMismatch(RuntimeError):
    pass


def ensure_index(client: Elasticsearch, index: str, mappings: dict[str, Any], layout: IndexLayout) -> None:
    """Create `index` with its mapping and layout, or bring an existing one up to date: the fields added to the
    mapping since it was made, and the replicas asked for. Another process may be creating it at the same moment."""
    if client.indices.exists(index=index):
        client.indices.put_mapping(index=index, properties=mappings["properties"])
        follow_layout(client, index, layout)
        return
    try:
        client.indices.create(index=index, mappings=mappings, settings=layout.index_settings())
    except BadRequestError as exc:  # the other process won
        if exc.error != "resource_already_exists_exception":
            raise


def follow_layout(client: Elasticsearch, index: str, layout: IndexLayout) -> None:
    """`index` (a name or an alias) as `layout` says, or IndexLayoutMismatch saying what differs."""
    for name, body in client.indices.get_settings(index=index, name="index.number_of_*").items():
        current = body["settings"]["index"]
        if int(current["number_of_shards"]) != layout.shards:
            raise IndexLayoutMismatch(
                f"index {name} has {current['number_of_shards']} primary shards; the settings ask for "
                f"{layout.shards} (WSIS_ES_SHARDS). Set it back, or `wsis reindex` (the search index) into a new "
                "index laid out anew.")
        if int(current["number_of_replicas"]) != layout.replicas:
            client.indices.put_settings(index=name, settings={"index": {"number_of_replicas": layout.replicas}})
