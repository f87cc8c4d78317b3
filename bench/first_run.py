"""`wsis up --demo` as a newcomer runs it, measured: the time until the dashboard's URL is printed and until the
demo is searchable, then each process's CPU while the stack sits idle for 30 s, and the ERROR lines in the logs.

    python bench/first_run.py [--demo-size 1000] [--idle 30]

Ports are free ones and the data directory is a temporary one, so it runs beside a `wsis up` of your own.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.clients import search_client  # noqa: E402
from schemas.settings import IndexLayout, Settings  # noqa: E402
from storage.submission_index import SubmissionIndex  # noqa: E402
from wsis.local_servers import free_port  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def children(pid: int) -> dict[int, str]:
    """Every descendant process, named by its command line (java → the engine, python -m wsis.cli X → X)."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[1]) == pid:
            words = [w.decode(errors="replace") for w in command if w]
            name = ("kafka" if "kafka.Kafka" in words else "elasticsearch" if any("EsNodeMain" in w for w in words)
                    else words[-1] if "wsis.cli" in words else " ".join(words[:3]))
            found[int(entry.name)] = name
            found |= children(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo-size", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=30.0)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="wsis-first-run-"))
    ports = {"WSIS_LOCAL_KAFKA_PORT": free_port(), "WSIS_LOCAL_KAFKA_CONTROLLER_PORT": free_port(),
             "WSIS_LOCAL_ES_PORT": free_port(), "WSIS_DASHBOARD_PORT": free_port(), "WSIS_API_PORT": free_port(),
             "WSIS_WORKER_WEB_PORT": free_port(), "WSIS_PRIZES_WEB_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSIS_")} | {k: str(v) for k, v in ports.items()}
    env["WSIS_DATA_DIR"] = str(data)
    started = time.monotonic()
    up = subprocess.Popen([sys.executable, "-m", "wsis.cli", "up", "--demo", "--demo-size", str(args.demo_size)],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    printed: list[str] = []
    try:
        assert up.stdout is not None
        for line in up.stdout:
            printed.append(line)
            if "WSIS dashboard:" in line:
                break
        url_after = time.monotonic() - started
        index = SubmissionIndex(search_client(Settings(local_es_port=ports["WSIS_LOCAL_ES_PORT"])),
                                "wsis-submissions", IndexLayout(1, 0))
        valid = round(args.demo_size * 0.95)
        while True:
            try:
                index.refresh()
                if index.count() >= valid:
                    break
            except Exception:  # the index is not there yet
                pass
            time.sleep(0.5)
        searchable_after = time.monotonic() - started
        time.sleep(5)  # the prizes worker and the dashboard settle
        processes = children(up.pid)
        before = {pid: cpu_seconds(pid) for pid in processes}
        time.sleep(args.idle)
        idle = {processes[pid]: (cpu_seconds(pid) - used) / args.idle * 100 for pid, used in before.items()
                if Path(f"/proc/{pid}").exists()}
    finally:
        up.send_signal(signal.SIGINT)
        up.wait(120)
    errors = {log.name: sum(1 for line in log.read_text(errors="replace").splitlines() if re.search(r"\bERROR\b", line))
              for log in sorted((data / "logs").glob("*.log"))}
    print(f"wsis up --demo --demo-size {args.demo_size} (engines fetched and .venv installed beforehand)")
    print(f"  dashboard URL printed after {url_after:5.1f} s")
    print(f"  {valid} demo projects searchable after {searchable_after:5.1f} s")
    print(f"  startup printed {len(printed)} lines")
    print(f"CPU while idle for {args.idle:.0f} s, % of one core:")
    for name, share in sorted(idle.items(), key=lambda item: -item[1]):
        print(f"  {name:<16} {share:5.1f} %")
    print("ERROR lines in the logs: " + ", ".join(f"{name} {count}" for name, count in errors.items()))


if __name__ == "__main__":
    main()
