"""How Faust hands each fetched record to the streams, without four asyncio tasks per record when none is needed.

faust-streaming 0.15.3 delivers every fetched record with `Consumer.wait_first(callback(message),
suspend_flow.wait())` (transport/consumer.py, `_drain_messages`): mode's `wait_first` wraps each of those, and the
consumer's stopped and crashed events, in a task, waits for the first to finish and cancels the others. That
costs about 100 µs a record on this machine (`python bench/delivery.py` measures it), more than half of what the
prizes worker spends on a vote. Nearly always the callback finishes without waiting for anything: the record goes
into a stream's queue that has room.

So the callback's coroutine is first run here up to its first wait. If it finishes, nothing else could have
happened meanwhile (no other code runs until it yields), and the result is the same as `wait_first`'s. If it has to
wait (a full queue, flow control, the producer's buffer), the rest of it runs in a task and races the other waits
in `wait_first` as before; and when the flow is suspended or the consumer stopping, `wait_first` is used from the
start.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any

from faust.transport.consumer import Consumer
from mode import Service
from mode.services import WaitResults

_wait_first = Service.wait_first


async def finish(coro: Coroutine[Any, Any, Any], waiting_on: Any) -> Any:
    """Go on running `coro`, which was stepped by hand and is waiting on `waiting_on` (what it yielded: a future,
    or None for a bare yield to the event loop), as a task would: the outcome of the wait is sent or thrown in."""
    while True:
        try:
            if waiting_on is None:
                await asyncio.sleep(0)
            else:
                # A future yielded to a task is marked as being waited on, and the task clears the mark before it
                # waits; this one was yielded to the hand-stepping, so the mark is cleared here (C asyncio refuses
                # to wait on a pending future still marked).
                waiting_on._asyncio_future_blocking = False
                await waiting_on
        except BaseException as exc:  # noqa: BLE001 — a cancellation or the future's error goes into the coroutine
            try:
                waiting_on = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
            continue
        try:
            waiting_on = coro.send(None)
        except StopIteration as stop:
            return stop.value


async def wait_first(self: Consumer, *coros: Any, timeout: float | None = None) -> WaitResults:
    first = coros[0] if coros else None
    if (len(coros) != 2 or timeout is not None or not asyncio.iscoroutine(first)
            or self.suspend_flow.is_set() or self.should_stop or self._crashed.is_set()):
        return await _wait_first(self, *coros, timeout=timeout)
    try:
        waiting_on = first.send(None)
    except StopIteration as stop:
        _close(coros[1])
        return WaitResults([first], [stop.value], False)
    except BaseException:
        _close(coros[1])
        raise
    return await _wait_first(self, finish(first, waiting_on), coros[1])


def _close(other: Any) -> None:
    if asyncio.iscoroutine(other):
        other.close()  # never started: closed, so it is not reported as never awaited


def deliver_records_inline() -> None:
    Consumer.wait_first = wait_first  # type: ignore[method-assign]

