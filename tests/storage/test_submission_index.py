"""The search index on the real search server: an index made before a field joined the (strict) mapping gets the
field when a stage starts, so documents that carry it are written without a reindex."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from elasticsearch import BadRequestError

from producers.demo import generate
from schemas.clients import search_client
from schemas.search_document import MAPPING, to_document
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw


def test_ensure_adds_the_fields_added_since_the_index_was_made(settings) -> None:
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    older = {"dynamic": "strict", "properties": {k: v for k, v in MAPPING["properties"].items()
                                                 if k not in ("scope", "submitted_on")}}
    index.client.indices.create(index=f"{index.alias}-000001", mappings=older, aliases={index.alias: {}})
    record = next(r for r in generate(3, seed=11) if r.valid)
    document = to_document(process_raw(record.submission_id.encode(), record.value))
    with pytest.raises(BadRequestError, match="strict_dynamic_mapping_exception"):
        index.client.index(index=index.alias, id=document["submission_id"], document=document)

    index.ensure()  # what the indexer does when it starts
    outcome = index.write([document])
    index.refresh()

    assert outcome.written == 1 and index.count() == 1
    assert index.behind_alias() == [f"{index.alias}-000001"]  # the same index, not a new one


def test_two_stages_ensuring_at_once_both_find_the_index(settings) -> None:
    """Two indexers starting together: whichever creates the index, the other uses it (no error, one index)."""
    first = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    second = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda index: index.ensure(), [first, second, first, second]))
    assert first.behind_alias() == second.behind_alias() == [f"{settings.index_alias}-000001"]
