"""Elasticsearch, the server Elastic publishes, as a local process: one node on 127.0.0.1, security off.

Elastic ships no way to run the server outside its distribution, and the distribution is not on Maven Central;
the server's jars and its HTTP module (transport-netty4) are. So `maven/elasticsearch/` lays out a home from
them and adds two small pieces of our own: a main class that starts Elastic's `Node` with the modules loaded by
Elastic's own plugin loader, and a plugin that registers the language analyzers the index uses (english, french,
spanish, russian, arabic, cjk: Lucene's analyzers, as Elastic's analysis-common module does; that module is not
on Maven Central). What this node lacks against the distribution: scripting (painless), ingest pipelines and
`GET /` (rest-root); the product uses none of them. The server itself sends the `X-Elastic-Product` header.
"""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from wsis.engines.fetch import engine_home
from wsis.engines.jvm import class_data_sharing, java
from wsis.local_servers import LocalServer, spawn

ES_VERSION = "8.19.21"  # as in maven/elasticsearch/pom.xml and docker-compose.yml; the client is 8.19


def wait_ready(port: int, server: LocalServer, timeout: float = 120.0) -> None:
    url = f"http://127.0.0.1:{port}/_cluster/health?wait_for_status=yellow&timeout=5s"
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"Elasticsearch exited with code {server.process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if json.load(response)["status"] in ("green", "yellow"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"Elasticsearch on 127.0.0.1:{port} not ready after {timeout:.0f} s")
        time.sleep(0.2)


def start_elasticsearch(data_dir: Path, port: int, cache: Path, heap: str = "1g") -> LocalServer:
    home = engine_home("elasticsearch", cache)
    argv, after_stop = node_command(home, data_dir, port, heap)
    server = spawn("elasticsearch", argv, data_dir / "elasticsearch.log", (port,), timeout=120, after_stop=after_stop)
    try:
        wait_ready(port, server)
    except BaseException:
        server.stop()
        raise
    return server


def node_command(home: Path, data_dir: Path, port: int, heap: str) -> tuple[list[str], Callable[[bool], None]]:
    """The node's command line (more -Ekey=value settings may follow), and what to do once it has stopped."""
    for folder in ("data", "logs", "tmp"):
        (data_dir / folder).mkdir(parents=True, exist_ok=True)
    cds, after_stop = class_data_sharing(home)
    argv = [
        java(), *cds, f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow",
        "-Dfile.encoding=UTF-8", "-Djava.locale.providers=CLDR", "-Djava.awt.headless=true",
        "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true", "-Dlog4j2.formatMsgNoLookups=true",
        "-Djna.nosys=true", "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0", f"-Des.path.home={home}", f"-Djava.io.tmpdir={data_dir / 'tmp'}",
        "--module-path", str(home / "lib"), "--add-modules=ALL-MODULE-PATH", "--add-modules=jdk.net",
        "-cp", str(home / "launcher" / "wsis-es-node.jar"), "wsis.esnode.EsNodeMain",
        f"-Epath.home={home}", f"-Ehttp.port={port}", f"-Epath.data={data_dir / 'data'}",
        f"-Epath.logs={data_dir / 'logs'}",
    ]
    return argv, after_stop
