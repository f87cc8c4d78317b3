"""Records handed to the streams without a task each (streams/delivery.py): the same outcome as mode's
`wait_first` in every case a callback can take: done at once, done after waiting, overtaken by a suspended flow,
failing before or after a wait."""

import asyncio
import warnings
from typing import Any

import pytest
from mode import Service

from streams.delivery import wait_first


def consumer() -> Any:
    service: Any = Service()
    service.suspend_flow = asyncio.Event()
    return service


def test_a_callback_that_does_not_wait_is_run_in_place() -> None:
    async def main() -> None:
        c, ran_in = consumer(), []

        async def callback() -> str:
            ran_in.append(asyncio.current_task())
            return "delivered"

        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the suspend_flow coroutine, never started, is closed, not left unawaited
            result = await wait_first(c, callback(), c.suspend_flow.wait())
        assert result.results == ["delivered"] and not result.stopped
        assert ran_in == [asyncio.current_task()]  # no task of its own

    asyncio.run(main())


def test_a_callback_that_waits_for_room_is_finished_in_a_task() -> None:
    async def main() -> None:
        c, queue = consumer(), asyncio.Queue(maxsize=1)
        queue.put_nowait("earlier")

        async def callback() -> str:
            await asyncio.sleep(0)  # a bare yield to the event loop
            await asyncio.wait([asyncio.ensure_future(queue.put("record"))])  # a pending future
            return "delivered"

        async def make_room() -> None:
            await asyncio.sleep(0.05)
            queue.get_nowait()

        room = asyncio.ensure_future(make_room())
        result = await wait_first(c, callback(), c.suspend_flow.wait())
        await room
        assert result.results == ["delivered"]
        assert queue.get_nowait() == "record"

    asyncio.run(main())


def test_a_flow_suspended_while_the_callback_waits_wins_as_with_wait_first() -> None:
    async def main() -> None:
        c, queue, cancelled = consumer(), asyncio.Queue(maxsize=1), []
        queue.put_nowait("earlier")

        async def callback() -> str:
            try:
                await queue.put("record")
            except asyncio.CancelledError:
                cancelled.append(True)
                raise
            return "delivered"

        async def suspend() -> None:
            await asyncio.sleep(0.05)
            c.suspend_flow.set()

        asyncio.ensure_future(suspend())
        result = await wait_first(c, callback(), c.suspend_flow.wait())
        await asyncio.sleep(0)
        assert result.results == [True]  # suspend_flow.wait() finished first
        assert cancelled == [True] and queue.qsize() == 1

    asyncio.run(main())


def test_with_the_flow_already_suspended_the_callback_is_not_run_in_place() -> None:
    async def main() -> None:
        c, ran = consumer(), []
        c.suspend_flow.set()

        async def callback() -> None:
            ran.append(asyncio.current_task())

        await wait_first(c, callback(), c.suspend_flow.wait())
        assert asyncio.current_task() not in ran  # mode's wait_first ran it, in a task of its own, if at all

    asyncio.run(main())


@pytest.mark.parametrize("after_a_wait", [True, False])
def test_a_failing_callback_raises_its_error(after_a_wait: bool) -> None:
    async def main() -> None:
        c = consumer()

        async def callback() -> None:
            if after_a_wait:
                await asyncio.sleep(0.01)
            raise ValueError("bad record")

        with pytest.raises(ValueError, match="bad record"):
            await wait_first(c, callback(), c.suspend_flow.wait())

    asyncio.run(main())
