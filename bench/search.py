"""Search latency at 10,000 and 100,000 documents: p50 and p95 per kind of query, on a private noida-db.

    python bench/search.py [--sizes 10000 100000] [--repeat 30] [--budget 150] [--workers 2]

Documents are the demo generator's submissions (producers/demo.py), processed as the worker does
(streams.processing.process_raw: validation, normalisation and tagging, the tagger memoised per distinct text)
and turned into index documents (indexer.documents), then bulk-loaded straight into the index (no Kafka). The
index grows from one size to the next; after each load the query mix runs `--repeat` times: the dashboard's facet
counts, a first page of text search, a filtered page, the tenth page walked with search_after from a point in
time, and a whole regional report (two aggregation queries and a top-projects search). Processing and loading
times are printed too.

noida-db (the local search server) scans every document for every query and analyses text at query time, so its
latencies grow with the index; a size gets fewer rounds than `--repeat` once they exceed `--budget` seconds.
"""

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.documents import to_document  # noqa: E402
from indexer.reports.figures import Scope, build_report  # noqa: E402
from indexer.search import (  # noqa: E402
    Cursor,
    SearchRequest,
    close_point_in_time,
    facet_counts,
    open_point_in_time,
    search_page,
)
from indexer.submission_index import SubmissionIndex  # noqa: E402
from producers.demo import generate  # noqa: E402
from schemas.tags import Tags  # noqa: E402
from streams import processing  # noqa: E402
from streams.processing import process_raw  # noqa: E402
from streams.tagging import tag  # noqa: E402
from wsis.local_servers import free_port, start_noida  # noqa: E402

TEXTS = ["broadband", "telemedicine rural clinics", "digital skills for girls", "cybersecurity", "e-government"]


@functools.cache
def _tags(text: str, sdgs: tuple[int, ...], lines: tuple[str, ...]) -> Tags:
    return tag(text, declared_sdgs=sdgs, declared_action_lines=lines)


def tag_once(text: str, declared_sdgs: Iterable[int] = (), declared_action_lines: Iterable[str] = ()) -> Tags:
    """The tagger, once per distinct text: the demo texts repeat (18 projects × the countries), tags don't vary."""
    return _tags(text, tuple(declared_sdgs), tuple(declared_action_lines)).model_copy(deep=True)


def document(record: tuple[str, bytes]) -> dict:
    return to_document(process_raw(record[0].encode(), record[1]))


def first_page(index: SubmissionIndex, request: SearchRequest) -> None:
    cursor = open_point_in_time(index)
    search_page(index, request, cursor, size=20)
    close_point_in_time(index, cursor)


def tenth_page(index: SubmissionIndex, request: SearchRequest) -> None:
    cursor: Cursor | None = open_point_in_time(index)
    first = cursor
    for _ in range(10):  # fewer on a small index
        cursor = search_page(index, request, cursor, size=20).next if cursor else None
    close_point_in_time(index, first)


def query_mix(index: SubmissionIndex, round_: int) -> dict[str, Callable[[], object]]:
    text = TEXTS[round_ % len(TEXTS)]
    region = ["Africa", "Europe", "Asia and the Pacific", "Americas", "Arab States", "CIS"][round_ % 6]
    filtered = SearchRequest(region=(region,), sdg=(4, 9), status=("completed",), sort="newest")
    return {
        "facet counts (8 facets)": lambda: facet_counts(index, SearchRequest(text=text, region=(region,))),
        "text search, page 1": lambda: first_page(index, SearchRequest(text=text)),
        "filtered, by date": lambda: first_page(index, filtered),
        "page 10 (search_after)": lambda: tenth_page(index, SearchRequest(action_line=("C7",))),
        "regional report": lambda: build_report(index, Scope(region, 2016, 2025)),
    }


def measure(index: SubmissionIndex, repeat: int, budget: float) -> dict[str, list[float]]:
    """`repeat` rounds of the mix, fewer (but at least 2) once `budget` seconds are spent."""
    timings: dict[str, list[float]] = {}
    deadline = time.perf_counter() + budget
    for round_ in range(repeat):
        if round_ >= 2 and time.perf_counter() > deadline:
            break
        for name, query in query_mix(index, round_).items():
            start = time.perf_counter()
            query()
            timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return timings


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget", type=float, default=150, help="seconds of queries per size, at most")
    args = parser.parse_args()
    sizes = sorted(args.sizes)

    start = time.perf_counter()
    processing.tag = tag_once  # process_raw validates and normalises every record; the tagger runs once per text
    records = [(r.submission_id, r.value) for r in generate(sizes[-1], seed=2026)]
    with Pool(args.workers) as pool:
        documents = pool.map(document, records, chunksize=500)
    print(f"processed {len(documents):,} submissions (validate, tag, to document) in "
          f"{time.perf_counter() - start:.0f} s with {args.workers} processes", flush=True)

    with tempfile.TemporaryDirectory() as data_dir:
        server = start_noida(Path(data_dir), free_port(), free_port())
        try:
            from elasticsearch import Elasticsearch

            index = SubmissionIndex(Elasticsearch(f"http://127.0.0.1:{server.ports[1]}", request_timeout=300),
                                    "bench-submissions")
            index.ensure()
            loaded = 0
            for size in sizes:
                start = time.perf_counter()
                outcome = index.write(documents[loaded:size])
                index.refresh()
                assert not outcome.refused and index.count() == size, outcome.refused[:3]
                print(f"\nloaded {size - loaded:,} documents (bulk) in {time.perf_counter() - start:.1f} s; "
                      f"{size:,} in the index", flush=True)
                loaded = size
                timings = measure(index, args.repeat, args.budget)
                runs = len(next(iter(timings.values())))
                print(f"{'query':<26} {'p50 ms':>9} {'p95 ms':>9}   ({runs} runs each, {size:,} documents)")
                for name, values in timings.items():
                    print(f"{name:<26} {percentile(values, 0.5):>9.1f} {percentile(values, 0.95):>9.1f}")
                every = [v for values in timings.values() for v in values]
                print(f"{'all of the mix':<26} {percentile(every, 0.5):>9.1f} {percentile(every, 0.95):>9.1f}"
                      f"   (machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
