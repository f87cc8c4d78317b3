"""A pipeline stage (`wsis worker`, `wsis index`, …) run as a child process configured by `WSIS_*` variables,
as in production. Used by `wsis up`, the tests and the benchmarks."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from schemas.settings import Settings
from wsis.local_servers import wait_for_port


def stage_env(settings: Settings) -> dict[str, str]:
    """The environment that hands `settings` to a child process (the parent's own WSIS_ variables dropped)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSIS_")}
    values = settings.model_dump(exclude_none=True) | {
        "kafka_bootstrap": settings.kafka, "es_url": settings.elasticsearch,
    }
    if settings.es_api_key:
        values["es_api_key"] = settings.es_api_key.get_secret_value()
    return env | {f"WSIS_{key.upper()}": str(value) for key, value in values.items()}


def _ready_port(command: str, settings: Settings) -> int | None:
    """The port a stage opens once it is up (Faust workers' web servers); None: up once started."""
    return {"worker": settings.worker_web_port, "prizes-worker": settings.prizes_web_port,
            "matrix-worker": settings.matrix_web_port}.get(command)


class StageProcess:
    def __init__(self, command: str, settings: Settings, log_dir: Path) -> None:
        self.command, self.settings, self.ready_port = command, settings, _ready_port(command, settings)
        self.log = log_dir / f"{command}.log"
        self.process: subprocess.Popen | None = None
        self.restarts = 0  # by a process manager (wsis.supervisor.keep_running)

    def start(self) -> "StageProcess":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "wsis.cli", self.command], env=stage_env(self.settings),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        if self.ready_port:
            wait_for_port(self.ready_port, timeout=90, process=self.process)
        return self

    @property
    def returncode(self) -> int | None:
        return self.process.returncode if self.process else None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no chance to commit or flush anything."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)  # type: ignore[union-attr]
            self.process.wait()  # type: ignore[union-attr]

    def terminate(self) -> None:
        """Ask the stage to stop (SIGTERM) without waiting: stages can then shut down side by side."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]

    def stop(self, timeout: float = 30.0) -> None:
        if self.alive:
            self.terminate()
            try:
                self.process.wait(timeout)  # type: ignore[union-attr]
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_mb(self) -> float:
        """Resident memory of the stage's process, in MB (Linux /proc)."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0
