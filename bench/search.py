"""Search latency, Elasticsearch and noida-db side by side: p50 and p95 per kind of query, and the index build time.

    python bench/search.py [--engines real,noida] [--sizes 10000,100000] [--noida-sizes 10000,100000]
                           [--repeat 30] [--warm-up 30] [--budget 150] [--workers 2] [--es-heap 1g]

Each engine is started privately by the script, one after the other (never both at once), on a data directory of
its own: `real` is Elasticsearch 8.19 (wsis/engines/elasticsearch.py), `noida` the noida-db emulator
(wsis/local_servers.py). The goal: p95 ≤ 50 ms at 100,000 documents on Elasticsearch. noida-db gets only the sizes
up to 10,000 unless --noida-sizes says otherwise: at 100,000 it needs about 11 minutes more (3 minutes of loading,
then 25–55 s per query), which would take the default run past 15 minutes.

Documents are the demo generator's submissions (producers/demo.py), processed once as the worker does
(streams.processing.process_raw: validation, normalisation and tagging, the tagger memoised per distinct text)
and turned into index documents (schemas/search_document.py), then bulk-loaded straight into the index (no
Kafka); the same documents go to both engines. The index grows from one size to the next (build time = bulk load
+ refresh, summed over the steps); after each load, once Elasticsearch has finished merging the new segments (the
index as it stays, not while it digests a bulk load), --warm-up seconds of unmeasured rounds of the mix (other
texts and periods; a freshly started JVM compiles its hot code meanwhile, as a server running for days has), then
`--repeat` measured rounds: the dashboard's facet counts, a first page of text search, a filtered page, page 10
(the wait for it from page 9: walked with search_after in the point in time the first "Next" opened), and a whole
regional report (one multi-search: two aggregation queries and the top projects' candidates). Latencies are the
client's view (the Python client and HTTP included), one query at a time.

noida-db scans every document for every query and analyses text at query time, so its latencies grow with the
index; a size gets fewer rounds than `--repeat` (at least 2) once they exceed `--budget` seconds.
"""

import argparse
import contextlib
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elasticsearch import ApiError, Elasticsearch  # noqa: E402

from producers.demo import generate  # noqa: E402
from reports.figures import Scope, build_report  # noqa: E402
from schemas.search_document import to_document  # noqa: E402
from schemas.settings import IndexLayout, get_settings  # noqa: E402
from schemas.tags import Tags  # noqa: E402
from search.submissions import (  # noqa: E402
    Cursor,
    SearchRequest,
    close_point_in_time,
    facet_counts,
    search_page,
    walk_on,
)
from search.submissions import first_page as first_page_cursor  # noqa: E402
from storage.submission_index import SubmissionIndex  # noqa: E402
from streams import processing  # noqa: E402
from streams.processing import process_raw  # noqa: E402
from tagging import tag  # noqa: E402
from wsis.engines.elasticsearch import ES_VERSION, start_elasticsearch  # noqa: E402
from wsis.local_servers import free_port, start_noida  # noqa: E402

TEXTS = ["broadband", "telemedicine rural clinics", "digital skills for girls", "cybersecurity", "e-government"]
WARM_UP_TEXTS = ["mobile money", "open data portal", "e-learning platform", "women entrepreneurs", "early warning"]
WARM_UP_YEARS = (2011, 2020)  # report periods (and the periods before them) the measured rounds never ask
ENGINES = {"real": "Elasticsearch", "noida": "noida-db"}
GOAL_MS, GOAL_SIZE, REPORT_GOAL_MS = 50.0, 100_000, 1000.0
NOIDA_DEFAULT_MAX = 10_000


@functools.cache
def _tags(text: str, sdgs: tuple[int, ...], lines: tuple[str, ...]) -> Tags:
    return tag(text, declared_sdgs=sdgs, declared_action_lines=lines)


def tag_once(text: str, declared_sdgs: Iterable[int] = (), declared_action_lines: Iterable[str] = ()) -> Tags:
    """The tagger, once per distinct text: the demo texts repeat (18 projects × the countries), tags don't vary."""
    return _tags(text, tuple(declared_sdgs), tuple(declared_action_lines)).model_copy(deep=True)


def document(record: tuple[str, bytes]) -> dict:
    return to_document(process_raw(record[0].encode(), record[1]))


def first_page(index: SubmissionIndex, request: SearchRequest) -> None:
    """A new search as the dashboard runs it: page 1 from the live index, no point in time yet."""
    search_page(index, request, first_page_cursor(), size=20)


class DeepPages:
    """The wait for page 10 once a reader is on page 9, as the dashboard walks pages (one "Next" at a time, in the
    point in time the first "Next" opened): the first nine pages are walked unmeasured, then page 10 is measured."""

    def __init__(self, index: SubmissionIndex, request: SearchRequest) -> None:
        self.index, self.request = index, request

    def ninth(self) -> Cursor | None:
        page = search_page(self.index, self.request, first_page_cursor(), size=20)
        cursor: Cursor | None = None
        for _ in range(8):  # pages 2 … 9
            if page.next is None:
                return None
            cursor = walk_on(self.index, page.next)
            page = search_page(self.index, self.request, cursor, size=20)
        return walk_on(self.index, page.next) if page.next else None

    def tenth(self, cursor: Cursor | None) -> None:
        if cursor is not None:
            search_page(self.index, self.request, cursor, size=20)
            close_point_in_time(self.index, cursor)


def query_mix(index: SubmissionIndex, round_: int, texts: list[str] = TEXTS,
              years: tuple[int, int] = (2016, 2025)) -> dict[str, Callable[[], object] | DeepPages]:
    text = texts[round_ % len(texts)]
    region = ["Africa", "Europe", "Asia and the Pacific", "Americas", "Arab States", "CIS"][round_ % 6]
    filtered = SearchRequest(region=(region,), sdg=(4, 9), status=("completed",), sort="newest")
    return {
        "facet counts (8 facets)": lambda: facet_counts(index, SearchRequest(text=text, region=(region,))),
        "text search, page 1": lambda: first_page(index, SearchRequest(text=text)),
        "filtered, by date": lambda: first_page(index, filtered),
        "page 10 (search_after)": DeepPages(index, SearchRequest(action_line=("C7",))),
        "regional report": lambda: build_report(index, Scope(region, *years)),
    }


def measure(index: SubmissionIndex, repeat: int, budget: float, warm_up: float) -> tuple[dict[str, list[float]], int]:
    """Unmeasured rounds for `warm_up` seconds (at least one), then `repeat` rounds of the mix, fewer (but at least
    2) once `budget` seconds are spent; the timings, and the warm-up rounds. The warm-up asks other texts and
    periods, so that no measured answer comes from the server's request cache."""
    warm_rounds, until = 0, time.perf_counter() + warm_up
    while not warm_rounds or time.perf_counter() < until:
        for query in query_mix(index, warm_rounds, WARM_UP_TEXTS, WARM_UP_YEARS).values():
            run_query(query)
        warm_rounds += 1
    timings: dict[str, list[float]] = {}
    deadline = time.perf_counter() + budget
    for round_ in range(repeat):
        if round_ >= 2 and time.perf_counter() > deadline:
            break
        for name, query in query_mix(index, round_).items():
            timings.setdefault(name, []).append(run_query(query))
    return timings, warm_rounds


def run_query(query: Callable[[], object] | DeepPages) -> float:
    """Milliseconds of the query (for deep pages, of the last page only: the walk to it is not timed)."""
    if isinstance(query, DeepPages):
        cursor = query.ninth()
        start = time.perf_counter()
        query.tenth(cursor)
    else:
        start = time.perf_counter()
        query()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


@dataclass
class Result:
    engine: str
    size: int
    build_seconds: float  # bulk load + refresh from empty to `size`, summed over the steps
    timings: dict[str, list[float]] = field(default_factory=dict)
    load: float = 0.0  # the machine's load average when the queries ended

    @property
    def every(self) -> list[float]:
        return [v for values in self.timings.values() for v in values]

    @property
    def runs(self) -> int:
        return len(next(iter(self.timings.values())))


@contextlib.contextmanager
def search_server(engine: str, data_dir: Path, es_heap: str) -> Iterator[int]:
    """The engine's HTTP port, on a private server stopped (by PID) afterwards."""
    if engine == "real":
        server = start_elasticsearch(data_dir / "elasticsearch", free_port(), get_settings().engines_dir, es_heap)
        port = server.ports[0]
    else:
        server = start_noida(data_dir / "noida", free_port(), free_port())
        port = server.ports[1]
    try:
        yield port
    finally:
        server.stop()


def merges_done(client: Elasticsearch, index: str, at_most: float = 300.0) -> float:
    """Seconds until the index has no merge running (Elasticsearch merges the segments of a bulk load for a while
    after it; the queries are measured on the index as it then stays, not meanwhile). noida-db has no merges."""
    start = time.perf_counter()
    while time.perf_counter() - start < at_most:
        try:
            merging = client.indices.stats(index=index, metric="merge")["_all"]["total"]["merges"]["current"]
        except (KeyError, TypeError, ApiError):
            return 0.0
        if not merging:
            break
        time.sleep(0.5)
    return time.perf_counter() - start


def run_engine(engine: str, sizes: list[int], documents: list[dict], args: argparse.Namespace) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix=f"wsis-bench-search-{engine}-") as data_dir:
        started = time.perf_counter()
        with search_server(engine, Path(data_dir), args.es_heap) as port:
            version = f" {ES_VERSION}" if engine == "real" else ""
            print(f"\n{ENGINES[engine]}{version} started in {time.perf_counter() - started:.1f} s", flush=True)
            client = Elasticsearch(f"http://127.0.0.1:{port}", request_timeout=600)
            index = SubmissionIndex(client, "bench-submissions", IndexLayout(1, 0))
            index.ensure()
            loaded, build = 0, 0.0
            for size in sizes:
                start = time.perf_counter()
                outcome = index.write(documents[loaded:size])
                index.refresh()
                step = time.perf_counter() - start
                build += step
                assert not outcome.refused and index.count() == size, outcome.refused[:3]
                print(f"  loaded {size - loaded:,} documents (bulk + refresh) in {step:.1f} s; {size:,} in the index; "
                      f"its merges done {merges_done(client, index.alias):.0f} s later", flush=True)
                loaded = size
                start = time.perf_counter()
                timings, warm_rounds = measure(index, args.repeat, args.budget, args.warm_up)
                result = Result(engine, size, build, timings, os.getloadavg()[0])
                every = result.every
                print(f"  {warm_rounds} rounds to warm up, then {result.runs} rounds of the mix in "
                      f"{time.perf_counter() - start:.0f} s: "
                      f"p50 {percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms", flush=True)
                results.append(result)
            client.close()
    return results


def print_table(results: list[Result]) -> None:
    columns = sorted(results, key=lambda r: (r.size, list(ENGINES).index(r.engine)))
    width = 17
    print(f"\n{'':<26}" + "".join(f"{ENGINES[r.engine]:>{width}}" for r in columns))
    print(f"{'':<26}" + "".join(f"{f'{r.size:,} docs':>{width}}" for r in columns))
    print(f"{'index build (s)':<26}" + "".join(f"{r.build_seconds:>{width}.1f}" for r in columns))
    print(f"{'  documents/s':<26}" + "".join(f"{r.size / r.build_seconds:>{width},.0f}" for r in columns))
    print(f"{'p50 / p95 ms':<26}" + "".join(f"{'p50':>{width - 9}}{'p95':>9}" for r in columns))
    for name in columns[0].timings:
        print(f"{name:<26}" + "".join(f"{percentile(r.timings[name], 0.5):>{width - 9}.1f}"
                                      f"{percentile(r.timings[name], 0.95):>9.1f}" for r in columns))
    print(f"{'all of the mix':<26}" + "".join(f"{percentile(r.every, 0.5):>{width - 9}.1f}"
                                              f"{percentile(r.every, 0.95):>9.1f}" for r in columns))
    print(f"{'measured rounds':<26}" + "".join(f"{r.runs:>{width}}" for r in columns))
    print(f"{'load average after':<26}" + "".join(f"{r.load:>{width}.1f}" for r in columns))


def print_goal(results: list[Result]) -> None:
    goal = [r for r in results if r.engine == "real" and r.size == GOAL_SIZE]
    if not goal:
        print(f"\ngoals (at {GOAL_SIZE:,} documents on Elasticsearch): not measured in this run")
        return
    result = goal[0]
    worst = max(result.timings, key=lambda name: percentile(result.timings[name], 0.95))
    mix_p95, report = percentile(result.every, 0.95), max(result.timings["regional report"])
    print(f"\ngoal p95 ≤ {GOAL_MS:.0f} ms for the mix at {GOAL_SIZE:,} documents on Elasticsearch: "
          f"{'met' if mix_p95 <= GOAL_MS else 'NOT met'} — p95 of the whole mix {mix_p95:.1f} ms; slowest kind of "
          f"query: {worst}, p95 {percentile(result.timings[worst], 0.95):.1f} ms")
    print(f"goal regional report built in ≤ {REPORT_GOAL_MS:,.0f} ms at {GOAL_SIZE:,} documents: "
          f"{'met' if report <= REPORT_GOAL_MS else 'NOT met'} — the slowest of {result.runs} took {report:.1f} ms")


def size_list(text: str) -> list[int]:
    return sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default="real,noida", help="comma-separated: real (Elasticsearch), noida")
    parser.add_argument("--sizes", type=size_list, default=[10_000, 100_000], help="comma-separated, e.g. 10000,100000")
    parser.add_argument("--noida-sizes", type=size_list, default=None,
                        help=f"sizes for noida-db (default: those of --sizes up to {NOIDA_DEFAULT_MAX:,})")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warm-up", type=float, default=30, metavar="SECONDS",
                        help="unmeasured queries after each load (a freshly started server compiles its hot code)")
    parser.add_argument("--budget", type=float, default=150, help="seconds of queries per engine and size, at most")
    parser.add_argument("--es-heap", default=get_settings().local_es_heap, help="Elasticsearch's heap, e.g. 1g")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := set(engines) - set(ENGINES):
        parser.error(f"unknown engine(s) {', '.join(sorted(unknown))}; choose among {', '.join(ENGINES)}")
    sizes = {engine: args.sizes for engine in engines}
    if "noida" in sizes:
        sizes["noida"] = args.noida_sizes or [s for s in args.sizes if s <= NOIDA_DEFAULT_MAX] or args.sizes[:1]
        if sizes["noida"] != args.sizes:
            print(f"noida-db at {', '.join(f'{s:,}' for s in sizes['noida'])} documents only "
                  f"({'as asked' if args.noida_sizes else 'by default: larger sizes take it many minutes'}; "
                  f"--noida-sizes {','.join(map(str, args.sizes))} for all)")
    largest = max(max(s) for s in sizes.values())

    wall = time.perf_counter()
    start = time.perf_counter()
    processing.tag = tag_once  # process_raw validates and normalises every record; the tagger runs once per text
    records = [(r.submission_id, r.value) for r in generate(largest, seed=2026)]
    with Pool(args.workers) as pool:
        documents = pool.map(document, records, chunksize=500)
    print(f"processed {len(documents):,} submissions (validate, tag, to document) in "
          f"{time.perf_counter() - start:.0f} s with {args.workers} processes; "
          f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)

    results = [result for engine in engines for result in run_engine(engine, sizes[engine], documents, args)]
    print_table(results)
    print_goal(results)
    print(f"(whole run {time.perf_counter() - wall:.0f} s; latencies are the client's view, Python client included)")
    if "noida" in sizes and sizes["noida"] != args.sizes:
        print(f"(noida-db measured at {', '.join(f'{s:,}' for s in sizes['noida'])} documents only; "
              f"--noida-sizes {','.join(map(str, args.sizes))} adds the rest)")


if __name__ == "__main__":
    main()
