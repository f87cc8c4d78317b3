"""How fresh search is kept: the search index's refresh interval follows its load.

A refresh makes what was indexed since the one before searchable; each costs Elasticsearch CPU and makes a small
segment that merges rewrite later. Under a light load (a trickle of submissions, most of the time) the index
refreshes every `search_refresh_seconds`, so a new submission is searchable within about a second. Under a heavy
load (a bulk import, a deadline) that frequency costs indexing capacity, so while the index takes more than
`search_busy_documents_per_second` it refreshes every `search_refresh_busy_seconds`, and goes back once the rate
falls below LIGHT_BELOW of that (the gap keeps a load near the threshold from switching back and forth). While
busy, the indexer also waits longer to fill each bulk request (`indexer_batch_wait_busy_seconds`): Elasticsearch
spends less CPU per document on fewer, bigger bulks, and a document waits for the next refresh anyway.

The rate is the index's own (its primaries' indexing count, read every CHECK_SECONDS), so every indexer of a group
sees the same rate and reaches the same decision; the setting is written only when the index turns busy or light.
"""

import logging
import time
from collections.abc import Callable

from schemas.settings import Settings
from storage.submission_index import SubmissionIndex

log = logging.getLogger(__name__)
CHECK_SECONDS = 2.0
LIGHT_BELOW = 0.6  # of search_busy_documents_per_second


def is_busy(rate: float, was_busy: bool, settings: Settings) -> bool:
    """Whether an index taking `rate` documents a second is busy; between the two bounds it stays as it was."""
    if rate > settings.search_busy_documents_per_second:
        return True
    if rate < settings.search_busy_documents_per_second * LIGHT_BELOW:
        return False
    return was_busy


class RefreshPacer:
    def __init__(self, index: SubmissionIndex, settings: Settings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.index, self.settings, self.clock = index, settings, clock
        self.busy = False  # the indexer's ensure() gave the index the light-load interval
        self.checked: tuple[float, int] | None = None  # when the count was last read, and the count

    def interval(self) -> float:
        return self.settings.search_refresh_busy_seconds if self.busy else self.settings.search_refresh_seconds

    def batch_wait(self) -> float:
        """How long the indexer waits after a batch's first record for more (indexer/consumer.py)."""
        return self.settings.indexer_batch_wait_busy_seconds if self.busy else self.settings.indexer_batch_wait_seconds

    def tick(self) -> None:
        """Called often (after each batch, and at least every poll timeout); acts every CHECK_SECONDS."""
        now = self.clock()
        if self.checked is not None and now - self.checked[0] < CHECK_SECONDS:
            return
        count = self.index.indexed_count()
        if self.checked is not None:
            rate = (count - self.checked[1]) / (now - self.checked[0])
            busy = is_busy(rate, self.busy, self.settings)
            if busy != self.busy:
                self.busy = busy
                log.info("search index refreshed every %.2f s and bulks filled for up to %.2f s from now on: it takes "
                         "%.0f documents a second", self.interval(), self.batch_wait(), rate)
                self.index.set_refresh(self.interval())
        self.checked = (now, count)
