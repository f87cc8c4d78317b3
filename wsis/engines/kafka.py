"""Apache Kafka, the real broker, as a local process: one KRaft node (broker and controller) on 127.0.0.1.

The jars come from Maven Central (`maven/kafka/pom.xml`); the data directory is formatted once, then reused, so
what the broker acknowledged survives a restart, kill -9 included (Kafka writes every record to its log before
it answers; the operating system's page cache outlives the process).
"""

import base64
import subprocess
import time
import uuid
from pathlib import Path

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from wsis.engines.fetch import engine_home
from wsis.engines.jvm import java
from wsis.local_servers import LocalServer, spawn

KAFKA_VERSION = "4.1.1"  # as in maven/kafka/pom.xml and docker-compose.yml

# Single-node values: internal topics with one replica, no wait before the first rebalance, topics created by the
# pipeline only (with their partition counts and retention), never by a client's typo. Threads for a small machine
# (the defaults, 3 network, 8 I/O, 10 background and 4 group-coordinator threads, size a server), and the
# controller's no-op record, which proves the metadata log alive to other nodes, every 5 s instead of 0.5 s: there
# are no other nodes. Both keep an idle broker quiet.
_SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller_port}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={log_dir}
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=1
num.io.threads=2
background.threads=2
group.coordinator.threads=1
metadata.max.idle.interval.ms=5000
"""


# A node that shares a small machine with the pipeline: C1, the JIT's quick compiler, only. C2 was still compiling
# minutes after the start, more than half of an idle node's CPU (2.6 of 4.6 % of a core; 2.0 % without it), and on
# two shared cores its compiling cost more than its faster code saved: 4 × 50,000 records produced (acks=all) and
# consumed took the broker 40-70 % less CPU with C1 alone, at a higher rate. One compiler thread, and the serial
# collector for a heap of 512 MB: no concurrent GC threads waking up.
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC"]


def java_command(home: Path, heap: str, main: str, *args: str) -> list[str]:
    return [java(), f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={home / 'log4j2.yaml'}", "-cp", f"{home / 'lib'}/*", main, *args]


def new_cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, never starting with "-" (which the
    storage tool would read as an option; Kafka's own `random-uuid` draws again too)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cluster_id.startswith("-"):
            return cluster_id


_cluster_id = new_cluster_id


def wait_ready(port: int, timeout: float = 60.0) -> None:
    """Listening is not enough: wait until the broker answers metadata requests (the controller has elected
    itself and registered the broker)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            admin = KafkaAdminClient(bootstrap_servers=f"127.0.0.1:{port}", request_timeout_ms=5000)
            admin.describe_cluster()
            admin.close()
            return
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def start_kafka(data_dir: Path, port: int, controller_port: int, cache: Path, heap: str = "512m") -> LocalServer:
    home = engine_home("kafka", cache)
    data_dir.mkdir(parents=True, exist_ok=True)
    properties = data_dir / "server.properties"
    properties.write_text(_SERVER_PROPERTIES.format(port=port, controller_port=controller_port,
                                                    log_dir=data_dir / "log"))
    if not (data_dir / "log" / "meta.properties").exists():
        subprocess.run(java_command(home, "256m", "kafka.tools.StorageTool", "format",
                                    f"--cluster-id={new_cluster_id()}", "--config", str(properties)),
                       check=True, capture_output=True)
    server = spawn("kafka", java_command(home, heap, "kafka.Kafka", str(properties)), data_dir / "kafka.log",
                   (port,), timeout=120)
    try:
        wait_ready(port)
    except BaseException:
        server.stop()
        raise
    return server
