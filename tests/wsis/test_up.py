"""`wsis up --demo` — the README's run command — brings the whole pipeline up on local servers and Ctrl-C
brings all of it down; the console shows a few lines, the logs (no ERROR in a healthy run) are in files."""

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from conftest import REPO, Engines, make_settings, wait_until

from schemas.clients import search_client
from schemas.settings import Settings
from storage.submission_index import SubmissionIndex
from wsis.local_servers import free_port
from wsis.stage_process import stage_env

ERROR = re.compile(r"\b(ERROR|CRITICAL)\b")


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
             "WSIS_PRIZES_WEB_PORT": free_port(), "WSIS_MATRIX_WEB_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSIS_")}
    env |= {k: str(v) for k, v in ports.items()} | {"WSIS_DATA_DIR": str(tmp_path / "data")}
    up = subprocess.Popen([sys.executable, "-m", "wsis.cli", "up", "--demo", "--demo-size", "200"],
                          cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        settings = Settings(local_es_port=ports["WSIS_LOCAL_ES_PORT"])
        index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)

        def all_valid_demo_searchable() -> bool:
            try:
                index.refresh()
                return index.count() == 190  # 200 demo submissions, 5 % of them invalid
            except Exception:
                return False

        assert wait_until(all_valid_demo_searchable, 300)  # a loaded 2-core machine starts slowly
        assert wait_until(lambda: dashboard_healthy(ports["WSIS_DASHBOARD_PORT"]), 60)
        # and the demo's prize cycles prepared (or given up on), so Ctrl-C does not cut their clients off mid-way
        up_log = tmp_path / "data" / "logs" / "up.log"
        assert wait_until(lambda: "demo prize cycles" in up_log.read_text(), 180)
    finally:
        up.send_signal(signal.SIGINT)
        output, _ = up.communicate(timeout=60)
    assert up.returncode == 0, output
    assert f"http://127.0.0.1:{ports['WSIS_DASHBOARD_PORT']}" in output
    for port in ports.values():
        assert not listening(port), f"port {port} still open after Ctrl-C"

    # concise: what starts, the URLs, where the logs are; the demo's users (and prizes) are _publish_demo's lines
    lines = output.splitlines()
    before_ctrl_c = lines[:lines.index("Stopping…")]
    assert len(before_ctrl_c) <= 15, output
    assert len([line for line in before_ctrl_c if not line.strip().startswith("demo ")]) <= 8, output
    assert f"  Submissions API: http://127.0.0.1:{ports['WSIS_API_PORT']}/docs" in before_ctrl_c
    assert f"  Logs: {tmp_path / 'data' / 'logs'}" in before_ctrl_c
    assert not [line for line in lines if re.search(r"\b(INFO|DEBUG)\b", line)], output
    # the INFO logs are in files, and a healthy run has no ERROR in any of them
    logs = sorted((tmp_path / "data" / "logs").glob("*.log"))
    assert {log.name for log in logs} >= {"up.log", "worker.log", "index.log", "prizes-worker.log", "api.log"}
    assert "INFO wsis.supervisor: started worker" in (tmp_path / "data" / "logs" / "up.log").read_text()
    for log in logs:
        errors = [line for line in log.read_text(errors="replace").splitlines() if ERROR.search(line)]
        assert not errors, f"{log.name}: {errors[:5]}"


def test_up_verbose_shows_the_info_logs_on_the_console(engines: Engines, tmp_path: Path) -> None:
    """On servers already running (WSIS_KAFKA_BOOTSTRAP, WSIS_ES_URL), so only the stages start."""
    settings = make_settings(*engines, data_dir=tmp_path, dashboard_port=free_port(), api_port=free_port(),
                             prizes_web_port=free_port(), matrix_web_port=free_port(),
                             prizes_worker_id=f"{tmp_path.name}-prizes", prize_index=f"{tmp_path.name}-prizes".lower())
    up = subprocess.Popen([sys.executable, "-m", "wsis.cli", "up", "--verbose"], cwd=REPO, env=stage_env(settings),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    up_log = tmp_path / "logs" / "up.log"
    try:
        assert wait_until(lambda: up_log.exists() and "Ctrl-C stops everything" in up_log.read_text(), 180)
    finally:
        up.send_signal(signal.SIGINT)
        output, _ = up.communicate(timeout=90)
    assert up.returncode == 0, output
    assert "INFO wsis.supervisor: started worker" in output
    assert re.search(r"INFO kafka\.", output), output  # the clients' own INFO lines too
    assert f"WSIS dashboard: http://127.0.0.1:{settings.dashboard_port}" in output
