"""The cost of handing one record to a Faust stream, mode's `wait_first` against `streams/delivery.py`'s in-place
delivery, for a callback that does not wait (a stream queue with room).

    python bench/delivery.py [--records 20000]

Prints the CPU microseconds per record of each way.
"""

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mode import Service  # noqa: E402

from streams.delivery import _wait_first, wait_first  # noqa: E402


async def measure(records: int) -> None:
    service, suspended = Service(), asyncio.Event()
    service.suspend_flow = suspended  # type: ignore[attr-defined]

    async def callback(n: int) -> int:
        return n

    for name, wait in (("mode's wait_first", _wait_first), ("in place", wait_first)):
        start = time.process_time()
        for n in range(records):
            await wait(service, callback(n), suspended.wait())  # type: ignore[arg-type]
        print(f"{name}: {(time.process_time() - start) / records * 1e6:.1f} µs a record")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    asyncio.run(measure(parser.parse_args().records))
