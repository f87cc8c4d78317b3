"""The idle stack: each process's CPU (% of one core) and RSS while `wsis up` sits with nothing submitted.

    python bench/idle.py [--demo-size 0] [--settle 20] [--seconds 30] [--engine real|noida]
    python bench/idle.py --attach PID [--seconds 30]

By default it starts `wsis up` itself, exactly as a user does (`python -m wsis.cli up`, with `--demo` when
--demo-size is set), on free ports and a temporary data directory, so it runs beside a `wsis up` of your own.
It waits for the dashboard's URL, then for the demo to be searchable and its prize cycles prepared (if any), then
--settle seconds, samples every process's CPU time over --seconds, stops the stack with Ctrl-C (SIGINT) and also
prints how many lines the console showed and the ERROR lines found in the logs. With --attach it measures the
processes of a `wsis up` already running (PID: that of `wsis up`, e.g. `pgrep -f 'wsis.cli up'`) and leaves them
running.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.clients import search_client  # noqa: E402
from schemas.settings import IndexLayout, Settings  # noqa: E402
from storage.submission_index import SubmissionIndex  # noqa: E402
from wsis.local_servers import free_port  # noqa: E402

ERROR = re.compile(r"\bERROR\b")


def name_of(process: psutil.Process) -> str:
    """java → the engine; python -m wsis.cli X → X; streamlit (the dashboard execs it) → dashboard."""
    words = process.cmdline()
    if "kafka.Kafka" in words:
        return "kafka"
    if any("EsNodeMain" in w for w in words):
        return "elasticsearch"
    if any("noida-db" in w for w in words):
        return "noida-db"
    if "streamlit" in words:
        return "dashboard"
    if "wsis.cli" in words:
        return words[words.index("wsis.cli") + 1]
    return " ".join(words[:3])


def thread_times(process: psutil.Process) -> dict[str, float]:
    """CPU seconds of each thread of a process, by the thread's name (a JVM names its threads: "C2 CompilerThre",
    "G1 Service", "data-plane-kafka-r", …); threads of one name are added up."""
    times: dict[str, float] = {}
    for thread in process.threads():
        try:
            name = Path(f"/proc/{process.pid}/task/{thread.id}/comm").read_text().strip()
        except OSError:  # the thread ended
            continue
        times[name] = times.get(name, 0.0) + thread.user_time + thread.system_time
    return times


def measure(root: psutil.Process, seconds: float,
            threads_of: tuple[str, ...] = ()) -> tuple[list[tuple[str, float, float]], dict[str, list]]:
    """(name, CPU % of one core, RSS MB) of `root` and every process under it, over `seconds`; and for the
    processes named in `threads_of`, their busiest threads (name, CPU % of one core)."""
    processes = [root, *root.children(recursive=True)]
    print("load average at the start of the sample: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    before, threads_before = {}, {}
    for process in processes:
        try:
            times = process.cpu_times()
            before[process] = times.user + times.system
            if name_of(process) in threads_of:
                threads_before[process] = thread_times(process)
        except psutil.NoSuchProcess:
            pass
    time.sleep(seconds)
    print("load average at the end of the sample: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    rows, threads = [], {}
    for process, used in before.items():
        try:
            times = process.cpu_times()
            rows.append((name_of(process), (times.user + times.system - used) / seconds * 100,
                         process.memory_info().rss / 2**20))
            if process in threads_before:
                now = thread_times(process)
                busy = [(name, (now[name] - threads_before[process].get(name, 0.0)) / seconds * 100) for name in now]
                threads[name_of(process)] = sorted(busy, key=lambda row: -row[1])[:12]
        except psutil.NoSuchProcess:
            continue
    return sorted(rows, key=lambda row: -row[1]), threads


def start_up(data: Path, demo_size: int, engine: str) -> tuple[subprocess.Popen, list[str], dict[str, int]]:
    ports = {"WSIS_LOCAL_KAFKA_PORT": free_port(), "WSIS_LOCAL_KAFKA_CONTROLLER_PORT": free_port(),
             "WSIS_LOCAL_ES_PORT": free_port(), "WSIS_DASHBOARD_PORT": free_port(), "WSIS_API_PORT": free_port(),
             "WSIS_WORKER_WEB_PORT": free_port(), "WSIS_PRIZES_WEB_PORT": free_port(),
             "WSIS_MATRIX_WEB_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSIS_")} | {k: str(v) for k, v in ports.items()}
    env["WSIS_DATA_DIR"] = str(data)
    argv = [sys.executable, "-m", "wsis.cli", "up", "--engine", engine]
    if demo_size:
        argv += ["--demo", "--demo-size", str(demo_size)]
    up = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    printed: list[str] = []
    url_printed = threading.Event()

    def read() -> None:  # keeps the pipe drained for the whole run
        assert up.stdout is not None
        for line in up.stdout:
            printed.append(line.rstrip("\n"))
            if "WSIS dashboard:" in line:
                url_printed.set()
        url_printed.set()

    threading.Thread(target=read, daemon=True).start()
    url_printed.wait()
    if up.poll() is not None:
        raise SystemExit("wsis up stopped:\n" + "\n".join(printed))
    return up, printed, ports


def wait_for_demo(es_port: int, valid: int) -> None:
    index = SubmissionIndex(search_client(Settings(local_es_port=es_port)), "wsis-submissions", IndexLayout(1, 0))
    while True:
        try:
            index.refresh()
            if index.count() >= valid:
                return
        except Exception:  # the index is not there yet
            pass
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attach", type=int, help="PID of a running `wsis up` to measure (left running)")
    parser.add_argument("--demo-size", type=int, default=0, help="publish a demo of this size first (--demo)")
    parser.add_argument("--engine", default="real", choices=("real", "noida"))
    parser.add_argument("--settle", type=float, default=20.0, help="seconds to wait after startup")
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds sampled")
    parser.add_argument("--console", action="store_true", help="also print what `wsis up` printed")
    parser.add_argument("--threads", default="kafka,elasticsearch",
                        help="processes whose busiest threads are listed too (comma-separated names)")
    args = parser.parse_args()
    threads_of = tuple(filter(None, args.threads.split(",")))
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # killed: stop the stack all the same
    if args.attach:
        rows, threads = measure(psutil.Process(args.attach), args.seconds, threads_of)
        up = None
    else:
        data = Path(tempfile.mkdtemp(prefix="wsis-idle-"))
        started = time.monotonic()
        up, printed, ports = start_up(data, args.demo_size, args.engine)
        print(f"dashboard URL printed after {time.monotonic() - started:.1f} s", flush=True)
        try:
            if args.demo_size:
                wait_for_demo(ports["WSIS_LOCAL_ES_PORT"], round(args.demo_size * 0.95))
                print(f"demo searchable after {time.monotonic() - started:.1f} s", flush=True)
                # the demo's prize cycles are prepared in the background: the stack is not idle before that
                while "demo prize cycles" not in (data / "logs" / "up.log").read_text() and up.poll() is None:
                    time.sleep(1)
                print(f"demo prize cycles prepared after {time.monotonic() - started:.1f} s", flush=True)
            time.sleep(args.settle)
            rows, threads = measure(psutil.Process(up.pid), args.seconds, threads_of)
        finally:
            up.send_signal(signal.SIGINT)
            up.wait(120)
    print(f"\nidle for {args.seconds:.0f} s:\n{'process':<16} {'CPU % of a core':>16} {'RSS MB':>8}")
    for name, cpu, rss in rows:
        print(f"{name:<16} {cpu:16.1f} {rss:8.0f}")
    print(f"{'total':<16} {sum(r[1] for r in rows):16.1f} {sum(r[2] for r in rows):8.0f}")
    for name, busiest in threads.items():
        print(f"\n{name}'s busiest threads (CPU % of a core): "
              + ", ".join(f"{thread} {cpu:.1f}" for thread, cpu in busiest if cpu >= 0.05))
    if up is not None:
        logs = sorted((data / "logs").glob("*.log"))
        errors = {log.name: [line for line in log.read_text(errors="replace").splitlines() if ERROR.search(line)]
                  for log in logs}
        console_errors = [line for line in printed if ERROR.search(line)]
        if args.console:
            print("\n".join(["", "wsis up printed:", *printed]))
        print(f"\nconsole: {len(printed)} lines, {len(console_errors)} ERROR; logs in {data / 'logs'}: "
              + ", ".join(f"{name} {len(lines)} ERROR" for name, lines in errors.items()))
        for line in console_errors + [line for lines in errors.values() for line in lines][:20]:
            print(f"  {line[:200]}")


if __name__ == "__main__":
    main()
