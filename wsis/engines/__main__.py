"""`python -m wsis.engines fetch`: fetch every engine into the cache (scripts/setup runs it)."""

import sys
import time

from schemas.settings import get_settings
from wsis.engines.fetch import ENGINES, engine_home


def main() -> None:
    if sys.argv[1:] != ["fetch"]:
        sys.exit("usage: python -m wsis.engines fetch")
    cache = get_settings().engines_dir
    for engine in ENGINES:
        started = time.monotonic()
        home = engine_home(engine, cache)
        print(f"{engine}: {home} ({time.monotonic() - started:.1f} s)")


main()
