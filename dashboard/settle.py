"""A prize action is applied by the prizes worker a moment after the page sends it: the page waits until the prize
index shows it, then draws itself again with it."""

import time
from collections.abc import Callable

SETTLE_SECONDS = 5.0  # the prizes worker applies an action within about a second


def shown_within(shown: Callable[[], bool], seconds: float = SETTLE_SECONDS) -> bool:
    """Whether `shown()` holds within `seconds`, asking every 0.2 s."""
    deadline = time.monotonic() + seconds
    while not shown():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
