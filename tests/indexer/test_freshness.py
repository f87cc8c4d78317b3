"""The search index refreshes often under a light load and less often while it is busy (indexer/freshness.py),
decided from the index's own indexing rate on the real search server."""

from indexer.freshness import CHECK_SECONDS, LIGHT_BELOW, RefreshPacer, is_busy
from schemas.clients import search_client
from storage.submission_index import SubmissionIndex


def test_busy_follows_the_rate_with_a_gap_between_busy_and_light(settings) -> None:
    threshold = settings.search_busy_documents_per_second
    assert settings.search_refresh_seconds < settings.search_refresh_busy_seconds
    assert settings.indexer_batch_wait_seconds < settings.indexer_batch_wait_busy_seconds
    assert is_busy(threshold + 1, False, settings)
    between = threshold * (1 + LIGHT_BELOW) / 2
    assert is_busy(between, True, settings)  # between the two bounds: unchanged
    assert not is_busy(between, False, settings)
    assert not is_busy(threshold * LIGHT_BELOW - 1, True, settings)


def interval(index: SubmissionIndex) -> str:
    settings = index.client.indices.get_settings(index=index.alias, name="index.refresh_interval")
    return next(iter(settings.values()))["settings"]["index"]["refresh_interval"]


def test_a_burst_of_documents_lengthens_the_refresh_and_a_lull_shortens_it_again(settings) -> None:
    settings = settings.model_copy(update={"search_refresh_seconds": 0.3, "search_refresh_busy_seconds": 0.7,
                                           "search_busy_documents_per_second": 100})
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout,
                            settings.search_refresh_seconds)
    index.ensure()
    now = [0.0]
    pacer = RefreshPacer(index, settings, clock=lambda: now[0])
    pacer.tick()  # the first count
    assert interval(index) == "300ms"
    assert pacer.batch_wait() == settings.indexer_batch_wait_seconds

    def written(count: int, version: int) -> None:
        docs = [{"submission_id": f"S-{i}", "version": version, "title": "t"} for i in range(count)]
        assert index.write(docs).written == count

    written(300, 1)  # 300 documents in CHECK_SECONDS: 150 a second, above 100
    now[0] += CHECK_SECONDS
    pacer.tick()
    assert interval(index) == "700ms"
    assert pacer.batch_wait() == settings.indexer_batch_wait_busy_seconds  # bigger bulks while busy
    written(160, 2)  # 80 a second: below the threshold, above 60 % of it: still busy
    now[0] += CHECK_SECONDS
    pacer.tick()
    assert interval(index) == "700ms"
    written(10, 3)  # a lull: light again
    now[0] += CHECK_SECONDS / 2
    pacer.tick()  # within CHECK_SECONDS of the last check: nothing read, nothing changed
    assert interval(index) == "700ms"
    now[0] += CHECK_SECONDS / 2
    pacer.tick()
    assert interval(index) == "300ms"
    assert pacer.batch_wait() == settings.indexer_batch_wait_seconds
