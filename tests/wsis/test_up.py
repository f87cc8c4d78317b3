"""`wsis up --demo` — the README's run command — brings the whole pipeline up on local servers and Ctrl-C
brings all of it down."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request

from conftest import REPO, wait_until

from schemas.clients import search_client
from schemas.settings import Settings
from storage.submission_index import SubmissionIndex
from wsis.local_servers import free_port


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def dashboard_healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_up_runs_the_pipeline_with_demo_data_and_ctrl_c_stops_it(tmp_path) -> None:
    ports = {"WSIS_LOCAL_KAFKA_PORT": free_port(), "WSIS_LOCAL_KAFKA_CONTROLLER_PORT": free_port(),
             "WSIS_LOCAL_ES_PORT": free_port(),
             "WSIS_DASHBOARD_PORT": free_port(), "WSIS_WORKER_WEB_PORT": free_port(), "WSIS_API_PORT": free_port(),
             "WSIS_PRIZES_WEB_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSIS_")}
    env |= {k: str(v) for k, v in ports.items()} | {"WSIS_DATA_DIR": str(tmp_path / "data")}
    up = subprocess.Popen([sys.executable, "-m", "wsis.cli", "up", "--demo", "--demo-size", "200"],
                          cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        settings = Settings(local_es_port=ports["WSIS_LOCAL_ES_PORT"])
        index = SubmissionIndex(search_client(settings), settings.index_alias)

        def all_valid_demo_searchable() -> bool:
            try:
                index.refresh()
                return index.count() == 190  # 200 demo submissions, 5 % of them invalid
            except Exception:
                return False

        assert wait_until(all_valid_demo_searchable, 120)
        assert wait_until(lambda: dashboard_healthy(ports["WSIS_DASHBOARD_PORT"]), 60)
    finally:
        up.send_signal(signal.SIGINT)
        output, _ = up.communicate(timeout=60)
    assert up.returncode == 0, output
    assert f"http://127.0.0.1:{ports['WSIS_DASHBOARD_PORT']}" in output
    for port in ports.values():
        assert not listening(port), f"port {port} still open after Ctrl-C"
