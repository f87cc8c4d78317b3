"""The Faust workers' web servers (security finding 2): they listen on 127.0.0.1 only, and serve none of the
tables, where the prizes worker keeps judges' scores, voters' ballots and blind-judged entries' organisations."""

import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import make_settings

from storage.prize_topics import ensure_prize_topics
from wsis.local_servers import free_port


def listening_addresses(port: int) -> set[str]:
    """The local addresses a socket listens on at this TCP port (IPv4 and IPv6), from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("command", ["worker", "prizes-worker"])
def test_worker_web_listens_on_loopback_and_serves_no_tables(command, engines, start_stage) -> None:
    run = f"w{uuid.uuid4().hex[:8]}"
    settings = make_settings(*engines, prizes_worker_id=f"{run}-prizes", prizes_web_port=free_port(),
                             prize_index=f"{run}-prizes",
                             **{f"topic_prize_{t}": f"{run}.prize.{t}"
                                for t in ("cycle", "entries", "assignments", "scores", "votes", "audit")})
    ensure_prize_topics(settings)
    stage = start_stage(command, settings)  # returns once the web port is open
    port = stage.ready_port
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
    for path in ("/table/", "/table/ballots/", "/table/scores/", "/router/", "/graph/"):
        assert get(port, path) == 404, path
