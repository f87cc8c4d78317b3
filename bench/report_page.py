"""How long the regional report page takes at 10,000 projects on the real Elasticsearch: the report's figures, each
file it offers, the map's data, and the whole page run by Streamlit's AppTest (first run with empty caches, then a
rerun), per region and for the whole world.

    python bench/report_page.py [--size 10000] [--repeat 5] [--es-heap 1g] [--compare OLD_PAGE.py]

Elasticsearch 8.19 is started privately on a data directory of its own and stopped (by PID) at the end. The
documents are the demo generator's submissions (producers/demo.py), processed as the worker does (the tagger once
per distinct text) and bulk-loaded straight into the index (no Kafka), as bench/search.py does. AppTest runs the
page's script without a browser: the figures are the server's side of a page view (queries, charts' data, files),
not the browser's drawing. The page's modules are imported, and each page visited once, before anything is timed,
as in a dashboard process that has served a page before. `--compare` times another version of the page too (e.g.
the one of an earlier commit, `git show REV:dashboard/app_pages/report.py > /tmp/old.py`), in the same run. The
processed documents are kept in bench/out/ for the next run.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from elasticsearch import Elasticsearch  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.search import document, tag_once  # noqa: E402
from producers.demo import generate  # noqa: E402
from reports.export import render  # noqa: E402
from reports.figures import Scope, build_report  # noqa: E402
from reports.world import geojson  # noqa: E402
from schemas.settings import IndexLayout, get_settings  # noqa: E402
from storage.submission_index import SubmissionIndex  # noqa: E402
from streams import processing  # noqa: E402
from wsis.engines.elasticsearch import ES_VERSION, start_elasticsearch  # noqa: E402
from wsis.local_servers import free_port  # noqa: E402

PAGE = str(ROOT / "dashboard" / "app_pages" / "report.py")
ALIAS = "bench-report-submissions"
SCOPES = [Scope("Africa", 2021, 2025), Scope("Europe", 2016, 2025), Scope(None, 2021, 2025)]


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float]) -> None:
    print(f"  {name:<44} median {statistics.median(times):>8.1f} ms   max {max(times):>8.1f} ms   (n={len(times)})",
          flush=True)


def page_view(scope: Scope, language: str, page: str = PAGE) -> float:
    """One visit of the page (a new browser session) showing `scope`: ms."""
    app = AppTest.from_file(page, default_timeout=300)
    app.query_params.update({"from": str(scope.year_from), "to": str(scope.year_to), "lang": language}
                            | ({"region": scope.region} if scope.region else {}))
    start = time.perf_counter()
    app.run()
    elapsed = (time.perf_counter() - start) * 1000
    assert not app.exception, app.exception
    return elapsed


def page_run(scope: Scope, language: str, page: str = PAGE) -> tuple[float, float]:
    """A first visit with empty caches, then another visit of the same view (the caches warm): ms each."""
    st.cache_data.clear()
    st.cache_resource.clear()
    return page_view(scope, language, page), page_view(scope, language, page)


def processed(size: int) -> list[dict]:
    """The demo submissions as index documents, processed once and kept in bench/out/."""
    kept = ROOT / "bench" / "out" / f"report_page_documents_{size}.jsonl"
    if kept.exists():
        return [json.loads(line) for line in kept.read_text(encoding="utf-8").splitlines()]
    processing.tag = tag_once
    records = [(r.submission_id, r.value) for r in generate(size, seed=2026)]
    with Pool(2) as pool:
        documents = pool.map(document, records, chunksize=500)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--es-heap", default=get_settings().local_es_heap)
    parser.add_argument("--compare", help="another version of the page, timed beside it")
    args = parser.parse_args()
    pages = {"page": PAGE} | ({"page before": args.compare} if args.compare else {})

    start = time.perf_counter()
    documents = processed(args.size)
    import dashboard.data  # noqa: F401  (the page's modules, as a dashboard process has them)
    import dashboard.i18n  # noqa: F401
    print(f"{len(documents):,} demo submissions as documents in {time.perf_counter() - start:.0f} s; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)

    with tempfile.TemporaryDirectory(prefix="wsis-bench-report-") as data_dir:
        server = start_elasticsearch(Path(data_dir) / "elasticsearch", free_port(), get_settings().engines_dir,
                                     args.es_heap)
        try:
            url = f"http://127.0.0.1:{server.ports[0]}"
            print(f"Elasticsearch {ES_VERSION} on {url}", flush=True)
            client = Elasticsearch(url, request_timeout=600)
            index = SubmissionIndex(client, ALIAS, IndexLayout(1, 0))
            index.ensure()
            start = time.perf_counter()
            index.write(documents)
            index.refresh()
            print(f"indexed {index.count():,} documents in {time.perf_counter() - start:.1f} s", flush=True)
            os.environ.update({"WSIS_ES_URL": url, "WSIS_INDEX_ALIAS": ALIAS,
                               "WSIS_PRIZE_INDEX": "bench-report-prizes"})
            get_settings.cache_clear()
            prize_index = get_settings().prize_index
            for page in pages.values():  # one untimed visit each: what a process pays once (shapes, fonts, themes)
                page_run(SCOPES[0], "en", page)
            for scope in SCOPES:
                print(f"\n{scope.label}", flush=True)
                report = build_report(index, scope, prize_index=prize_index)
                print(f"  ({report.current.submissions:,} projects in the period)")
                line("build_report (every query)", timed(lambda s=scope: build_report(index, s,
                                                                                       prize_index=prize_index),
                                                         args.repeat))
                for fmt in ("pdf", "xlsx", "csv", "md"):
                    line(f"render {fmt}", timed(lambda f=fmt, r=report: render(r, f), max(1, args.repeat // 2)))
                line("map data (geojson)", timed(lambda r=report: geojson(r.current.per_country, {}), args.repeat))
                for name, page in pages.items():
                    for language in ("en", "ar"):
                        runs = [page_run(scope, language, page) for _ in range(max(1, args.repeat // 2))]
                        line(f"{name}, first visit, caches empty ({language})", [first for first, _ in runs])
                        line(f"{name}, next visit, caches warm ({language})", [again for _, again in runs])
            client.close()
        finally:
            server.stop()
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
