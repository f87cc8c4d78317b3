"""`wsis up`: start the local servers (when no remote ones are configured) and every stage as a child process,
restart a stage that exits (as a container restart policy would), and stop everything, newest first, on Ctrl-C
or SIGTERM. The console shows a few lines (what starts, the URLs, where the logs are); everything at INFO goes to
`<data dir>/logs/up.log`, and to the console too with `wsis up --verbose`."""

import logging
import signal
import sys
import threading
import time
from pathlib import Path

from schemas.settings import Settings
from storage.topics import ensure_topics
from wsis.local_servers import LocalServer, start_noida
from wsis.stage_process import StageProcess

log = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_RETRYING_CLIENTS = {"kafka", "elastic_transport", "elasticsearch", "urllib3"}
DEMO_INVALID_SHARE = 0.05
STAGES = ("worker", "index", "prizes-worker", "matrix-worker", "dashboard", "api")
MAX_RESTARTS_PER_MINUTE = 5


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def say(message: str, *args: object) -> None:
    """A line for the person who ran `wsis up`: on the console as it is, in up.log with a time."""
    log.info(message, *args, extra={"console": True})


def _for_console(record: logging.LogRecord) -> bool:
    """`say`'s lines, errors, and warnings except the clients' (about retries they make themselves)."""
    if getattr(record, "console", False) or record.levelno >= logging.ERROR:
        return True
    return record.levelno >= logging.WARNING and record.name.split(".")[0] not in _RETRYING_CLIENTS


class _ConsoleFormat(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage() if getattr(record, "console", False) else super().format(record)


def setup_logging(log_file: Path, verbose: bool = False) -> None:
    """INFO and above into `log_file`; on the console only `say`'s lines, warnings and errors (all of it when
    verbose), so the clients' chatter stays in the file."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    to_file = logging.FileHandler(log_file, encoding="utf-8")
    to_file.setFormatter(logging.Formatter(LOG_FORMAT))
    console = logging.StreamHandler(sys.stdout)  # the same stream as the demo users' lines, in order
    if verbose:
        console.setFormatter(logging.Formatter(LOG_FORMAT))
    else:
        console.setFormatter(_ConsoleFormat("%(levelname)s %(name)s: %(message)s"))
        console.addFilter(_for_console)
    logging.basicConfig(level=logging.INFO, handlers=[to_file, console], force=True)


def _publish_demo(settings: Settings, demo_size: int) -> None:
    from producers.demo import generate, publish_demo
    from producers.publisher import SubmissionPublisher
    from storage.users import add_demo_users

    publisher = SubmissionPublisher(settings)
    records = generate(demo_size, int(demo_size * DEMO_INVALID_SHARE))
    publish_demo(publisher, records)
    publisher.close()
    log.info("published %d demo submissions", demo_size)
    for username, password in add_demo_users(settings.users_path).items():
        print(f"  demo user {username}: password {password}", flush=True)
    # in the background: each step waits for the prizes worker, which keep_running may have to restart
    threading.Thread(target=_prepare_demo_prizes, args=(settings, records), name="demo-prizes", daemon=True).start()


def _prepare_demo_prizes(settings: Settings, records: list) -> None:
    from producers.demo_cycle import DEMO_YEAR, VOTING_YEAR, run_demo_cycles
    from producers.prize_actions import PrizeActions
    from storage.users import DEMO_USERS

    try:
        actions = PrizeActions(settings)
        try:
            cycles = run_demo_cycles(actions, records, DEMO_USERS)
        finally:
            actions.close()
    except Exception as exc:  # the pipeline runs on without the demo prizes
        log.warning("demo prize cycles not prepared: %s", exc)
        return
    print(f"  demo prizes: {len(cycles[DEMO_YEAR])} entries of {DEMO_YEAR} to score (judges), "
          f"{VOTING_YEAR} in public voting (voter)", flush=True)


def keep_running(stages: list[StageProcess], stopping: threading.Event | None = None) -> None:
    """Restart stages that exit (the worker's watchdog exits on a stall); give up when one keeps failing."""
    restarts: dict[str, list[float]] = {stage.command: [] for stage in stages}
    stopping = stopping or threading.Event()
    while not stopping.wait(0.5):
        for stage in stages:
            if stage.alive:
                continue
            recent = [t for t in restarts[stage.command] if time.monotonic() - t < 60] + [time.monotonic()]
            if len(recent) > MAX_RESTARTS_PER_MINUTE:
                log.error("%s keeps stopping; see %s", stage.command, stage.log)
                return
            restarts[stage.command] = recent
            log.warning("%s exited (%s); restarting it", stage.command, stage.returncode)
            stage.restarts += 1
            stage.start()


def start_local_servers(settings: Settings) -> list[LocalServer]:
    """Apache Kafka and Elasticsearch on 127.0.0.1, their data under the data dir (or noida-db, if asked for)."""
    data = settings.data_dir
    if settings.local_engine == "noida":
        say("Starting noida-db…")
        server = start_noida(data / "noida", settings.local_kafka_port, settings.local_es_port)
        log.info("noida-db (Kafka %s, Elasticsearch %s), data in %s", settings.kafka, settings.elasticsearch,
                 data / "noida")
        return [server]
    from wsis.engines.elasticsearch import ES_VERSION, start_elasticsearch
    from wsis.engines.kafka import KAFKA_VERSION, start_kafka

    say("Starting Apache Kafka %s and Elasticsearch %s, data in %s…", KAFKA_VERSION, ES_VERSION, data)
    kafka = start_kafka(data / "kafka", settings.local_kafka_port, settings.local_kafka_controller_port,
                        settings.engines_dir, settings.local_kafka_heap)
    log.info("Apache Kafka %s on %s, data in %s", KAFKA_VERSION, settings.kafka, data / "kafka")
    try:
        elasticsearch = start_elasticsearch(data / "elasticsearch", settings.local_es_port, settings.engines_dir,
                                            settings.local_es_heap)
    except BaseException:
        kafka.stop()
        raise
    log.info("Elasticsearch %s on %s, data in %s", ES_VERSION, settings.elasticsearch, data / "elasticsearch")
    return [kafka, elasticsearch]


def run_pipeline(settings: Settings, demo_size: int) -> None:
    servers: list[LocalServer] = []
    stages: list[StageProcess] = []
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background, where SIGINT comes ignored
    try:
        if settings.runs_local_servers:
            servers = start_local_servers(settings)
        ensure_topics(settings)
        say("Starting %s…", ", ".join(STAGES))
        for command in STAGES:
            stages.append(StageProcess(command, settings, settings.data_dir / "logs").start())
            log.info("started %s, log: %s", command, stages[-1].log)
        if demo_size:
            say("Publishing %d demo submissions…", demo_size)
            _publish_demo(settings, demo_size)
        say("\n  WSIS dashboard: http://127.0.0.1:%d\n  Submissions API: http://%s:%d/docs\n  Logs: %s\n"
            "Ctrl-C stops everything.", settings.dashboard_port, settings.api_host, settings.api_port,
            settings.data_dir / "logs")
        keep_running(stages)
    except KeyboardInterrupt:
        say("Stopping…")
    finally:
        for stage in stages:
            stage.terminate()
        for stage in stages:
            stage.stop()
        # the demo's prize-cycle thread may still be talking to the servers: that they go away now is no error
        for client_log in ("kafka", "elastic_transport", "elasticsearch"):
            logging.getLogger(client_log).setLevel(logging.CRITICAL)
        for server in reversed(servers):
            server.stop()
        say("Stopped.")
