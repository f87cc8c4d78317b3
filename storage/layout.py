"""An index laid out as the settings say (WSIS_ES_SHARDS, WSIS_ES_REPLICAS): a new one is created that way, an
existing one gets the replicas asked for (they change in place) and is reported when its shards differ (they
cannot: that takes `wsis reindex` into a new index)."""

from elasticsearch import Elasticsearch

from schemas.settings import IndexLayout


class IndexLayoutMismatch(RuntimeError):
    pass


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
