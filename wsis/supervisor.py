"""`wsis up`: start the local servers (when no remote ones are configured) and every stage as child
processes; Ctrl-C (or SIGTERM) stops them all, newest first."""

import logging
import os
import signal
import subprocess
import sys
import time

from wsis.local_servers import LocalServer, start_noida
from wsis.settings import Settings
from wsis.topics import ensure_topics

log = logging.getLogger(__name__)
DEMO_INVALID_SHARE = 0.05


def _stage(name: str, argv: list[str], env: dict[str, str], settings: Settings) -> LocalServer:
    log_path = settings.data_dir / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.info("started %s (pid %d), log: %s", name, process.pid, log_path)
    return LocalServer(name, process, ())


def run_pipeline(settings: Settings, demo_size: int) -> None:
    started: list[LocalServer] = []
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if settings.runs_local_servers:
            started.append(start_noida(settings.data_dir / "noida", settings.local_kafka_port, settings.local_es_port))
            log.info("noida-db (Kafka %s, Elasticsearch %s), data in %s",
                     settings.kafka, settings.elasticsearch, settings.data_dir / "noida")
        ensure_topics(settings)
        env = dict(os.environ) | {"WSIS_KAFKA_BOOTSTRAP": settings.kafka, "WSIS_ES_URL": settings.elasticsearch}
        wsis = [sys.executable, "-m", "wsis.cli"]
        started.append(_stage("worker", [*wsis, "worker"], env, settings))
        started.append(_stage("indexer", [*wsis, "index"], env, settings))
        started.append(_stage("dashboard", [*wsis, "dashboard"], env, settings))
        if demo_size:
            from producers.demo import generate, publish_demo
            from producers.publisher import SubmissionPublisher

            publisher = SubmissionPublisher(settings)
            publish_demo(publisher, generate(demo_size, int(demo_size * DEMO_INVALID_SHARE)))
            publisher.close()
            log.info("published %d demo submissions", demo_size)
        print(f"\n  WSIS dashboard: http://127.0.0.1:{settings.dashboard_port}\n  Ctrl-C stops everything.\n",
              flush=True)
        while all(s.process.poll() is None for s in started):
            time.sleep(0.5)
        crashed = [s.name for s in started if s.process.poll() is not None]
        log.error("%s stopped unexpectedly; see %s", ", ".join(crashed), settings.data_dir / "logs")
    except KeyboardInterrupt:
        log.info("stopping…")
    finally:
        for server in reversed(started):
            server.stop(signal.SIGINT if server.name != "noida-db" else signal.SIGTERM)
        log.info("stopped")
