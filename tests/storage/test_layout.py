"""Indices on the real search server laid out as the settings say (WSIS_ES_SHARDS, WSIS_ES_REPLICAS): created that
way, replicas changed in place on an existing index, different shards reported instead of used."""

import uuid

import pytest

from indexer.consumer import Indexer
from schemas.clients import search_client
from schemas.settings import IndexLayout
from storage.layout import IndexLayoutMismatch
from storage.prize_index import PrizeIndex
from storage.submission_index import SubmissionIndex


def layout_of(client, index: str) -> IndexLayout:
    found = next(iter(client.indices.get_settings(index=index).values()))["settings"]["index"]
    return IndexLayout(int(found["number_of_shards"]), int(found["number_of_replicas"]))


def test_indices_are_created_replicated_and_checked_as_the_settings_say(settings) -> None:
    client, name = search_client(settings), f"layout-{uuid.uuid4().hex[:8]}"
    PrizeIndex(client, name, IndexLayout(2, 0)).ensure()
    assert layout_of(client, name) == layout_of(client, f"{name}-audit") == IndexLayout(2, 0)

    PrizeIndex(client, name, IndexLayout(2, 1)).ensure()  # one more copy of each shard: changed in place
    assert layout_of(client, f"{name}-cycles") == IndexLayout(2, 1)

    with pytest.raises(IndexLayoutMismatch, match=rf"index {name} has 2 primary shards; the settings ask for 3"):
        PrizeIndex(client, name, IndexLayout(3, 1)).ensure()


def test_the_search_index_template_carries_the_layout(settings) -> None:
    alias = f"layout-{uuid.uuid4().hex[:8]}"
    index = SubmissionIndex(search_client(settings), alias, IndexLayout(3, 0))
    index.ensure()
    assert layout_of(index.client, alias) == IndexLayout(3, 0)
    assert layout_of(index.client, index.create_next()) == IndexLayout(3, 0)  # what `wsis reindex` builds into


def test_the_search_index_refreshes_as_the_settings_say(settings) -> None:
    """The indexer's settings (WSIS_SEARCH_REFRESH_SECONDS) make new documents searchable that often: on the index it
    creates, on the one `wsis reindex` builds, and on an index made before with another interval."""
    def refresh_of(index: str) -> str:
        return next(iter(client.indices.get_settings(index=index).values()))["settings"]["index"]["refresh_interval"]

    alias = f"layout-{uuid.uuid4().hex[:8]}"
    client = search_client(settings)
    SubmissionIndex(client, alias, settings.index_layout, refresh_seconds=2.0).ensure()  # made before, 2 s
    assert refresh_of(alias) == "2000ms"
    indexer = Indexer(settings.model_copy(update={"index_alias": alias, "search_refresh_seconds": 0.25}))
    try:
        indexer.index.ensure()
        assert refresh_of(alias) == "250ms"
        assert refresh_of(indexer.index.create_next()) == "250ms"
        SubmissionIndex(client, alias, settings.index_layout).ensure()  # no interval given: the index keeps its own
        assert refresh_of(alias) == "250ms"
    finally:
        indexer.consumer.close()
        indexer.dead_letters.close()
