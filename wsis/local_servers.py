"""Local servers as child processes on 127.0.0.1: start one, wait until it listens, stop it by its PID.

The engines themselves (Apache Kafka, Elasticsearch) are in `wsis/engines/`; noida-db, an emulator of both
APIs kept as a light option for comparison (`pip install -e '.[noida]'`), is started here. We start the
programs themselves, not wrappers, so that the PID we hold is the server's.
"""

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


@dataclass
class LocalServer:
    name: str
    process: subprocess.Popen
    ports: tuple[int, ...]
    after_stop: Callable[[bool], None] | None = None  # told whether the server stopped cleanly

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        clean = sig == signal.SIGTERM
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                clean = False
        if self.after_stop is not None:
            self.after_stop(clean)


def spawn(name: str, argv: list[str], log: Path, ports: tuple[int, ...], timeout: float = 30.0,
          after_stop: Callable[[bool], None] | None = None) -> LocalServer:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LocalServer(name, process, ports, after_stop)
    try:
        for port in ports:
            wait_for_port(port, timeout, process=process)
    except BaseException:
        server.stop()
        raise
    return server


def start_noida(data_dir: Path, kafka_port: int, es_port: int) -> LocalServer:
    import noida_db  # an optional dependency: the `noida` extra

    binary = Path(noida_db.__file__).parent / "noida-db"
    data_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        str(binary), "start", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--only", "kafka,elasticsearch",
        "--kafka-port", str(kafka_port), "--elasticsearch-port", str(es_port),
    ]
    return spawn("noida-db", argv, data_dir / "noida-db.log", (kafka_port, es_port))
