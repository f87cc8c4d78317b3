"""A workaround, shared by both Faust apps, for records faust-streaming 0.15.3 drops on a rebalance or restart.

After an assignment Faust resumes the partitions and seeks them to their committed offsets while its fetcher
runs, then resumes flow control, which empties the agents' queues: records fetched in between are thrown away,
the fetch position has moved past them, and the commit check lets a one-record gap through (faust-streaming
issue 596). Seen with the prizes worker: an event skipped after kill -9, its offset committed, lost for good.
Suspending flow control when the rebalance completes (just before those steps) holds fetched records back in
Faust's conductor until that resume, so none is dropped.
"""

from typing import Any

import faust


def keep_records_fetched_during_rebalance(app: faust.App) -> None:
    @app.on_rebalance_complete.connect
    async def hold_fetched_records(sender: faust.App, **_: Any) -> None:
        sender.flow_control.suspend()
