"""A local cluster on 127.0.0.1, for the cluster tests and bench/scale.py: three Apache Kafka KRaft nodes and an
Elasticsearch cluster of two data nodes and a small master-only node.

Kafka: each node is broker and controller, the three form the controller quorum (two of three voters elect a
leader, so any one node may die); internal topics have three copies and need two in sync. One data directory per
node, all formatted with the same cluster id.

Elasticsearch: two nodes hold the data (each shard with its replica on the other). A cluster of two
master-eligible nodes keeps only one of them in its voting configuration, so killing that one leaves no master
and every write stops. A third node, master-eligible but holding no data (`node.roles=master`, small heap),
makes a quorum of three: either data node can die and a master remains. Elastic's `voting_only` role would do
with less, but it lives in an x-pack module that is not on Maven Central.

Every node is a LocalServer: `kill(i)` is kill -9, `start(i)` starts node i again on its data and ports.
"""

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from kafka import KafkaAdminClient

from wsis.engines import elasticsearch as es_engine
from wsis.engines import kafka as kafka_engine
from wsis.engines.fetch import engine_home
from wsis.local_servers import LocalServer, free_port, spawn, wait_for_port

_BROKER_PROPERTIES = """\
process.roles=broker,controller
node.id={node_id}
controller.quorum.voters={voters}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={log_dir}
auto.create.topics.enable=false
offsets.topic.replication.factor=3
offsets.topic.num.partitions=10
min.insync.replicas=2
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
unclean.leader.election.enable=false
"""


class _Nodes:
    """A cluster's node processes: any one can be killed (kill -9) and started again on its data and ports."""

    nodes: list[LocalServer | None]

    def kill(self, i: int) -> None:
        """kill -9 of node i."""
        server, self.nodes[i] = self.nodes[i], None
        if server is not None:
            server.stop(signal.SIGKILL)

    def stop(self) -> None:
        for server in self.nodes:
            if server is not None:
                server.stop()
        self.nodes = [None] * len(self.nodes)


class KafkaCluster(_Nodes):
    def __init__(self, folder: Path, cache: Path, size: int = 3, heap: str = "256m") -> None:
        self.folder, self.home, self.heap = folder, engine_home("kafka", cache), heap
        self.ports = [(free_port(), free_port()) for _ in range(size)]
        self.nodes: list[LocalServer | None] = [None] * size
        voters = ",".join(f"{i + 1}@127.0.0.1:{c}" for i, (_, c) in enumerate(self.ports))
        cluster_id = kafka_engine.new_cluster_id()
        for i, (port, controller_port) in enumerate(self.ports):
            node = self.node_dir(i)
            node.mkdir(parents=True, exist_ok=True)
            properties = node / "server.properties"
            properties.write_text(_BROKER_PROPERTIES.format(
                node_id=i + 1, voters=voters, port=port, controller_port=controller_port, log_dir=node / "log"))
            subprocess.run(
                kafka_engine.java_command(self.home, "128m", "kafka.tools.StorageTool", "format",
                                          f"--cluster-id={cluster_id}", "--config", str(properties)),
                check=True, capture_output=True)

    @property
    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{port}" for port, _ in self.ports)

    def node_dir(self, i: int) -> Path:
        return self.folder / f"kafka-{i + 1}"

    def node_id(self, port: int) -> int:
        return 1 + [p for p, _ in self.ports].index(port)

    def _spawn(self, i: int) -> LocalServer:
        properties = self.node_dir(i) / "server.properties"
        argv = kafka_engine.java_command(self.home, self.heap, "kafka.Kafka", str(properties))
        # no wait here: a node's broker waits for the quorum, which needs a second node
        self.nodes[i] = spawn(f"kafka-{i + 1}", argv, self.node_dir(i) / "kafka.log", ())
        return self.nodes[i]  # type: ignore[return-value]

    def start(self, *which: int, timeout: float = 180.0) -> None:
        """Start nodes (all by default), then wait until each answers metadata requests."""
        which = which or tuple(range(len(self.ports)))
        servers = [self._spawn(i) for i in which]
        for i, server in zip(which, servers, strict=True):
            wait_for_port(self.ports[i][0], timeout, process=server.process)
            kafka_engine.wait_ready(self.ports[i][0], timeout)

    def partitions(self, topics: list[str]) -> list[dict]:
        """Each partition of `topics` as the admin API describes it: leader, replicas, isr (node ids)."""
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=10_000)
        try:
            return [{"topic": t["name"], "partition": p["partition_index"], "leader": p["leader_id"],
                     "replicas": p["replica_nodes"], "isr": p["isr_nodes"]}
                    for t in admin.describe_topics(topics) for p in t["partitions"]]
        finally:
            admin.close()



class ElasticsearchCluster(_Nodes):
    def __init__(self, folder: Path, cache: Path, data_nodes: int = 2, heap: str = "512m",
                 master_heap: str = "256m") -> None:
        self.folder, self.home = folder, engine_home("elasticsearch", cache)
        self.names = [f"es-{i + 1}" for i in range(data_nodes)] + ["es-master"]
        self.heaps = [heap] * data_nodes + [master_heap]
        self.ports = [free_port() for _ in self.names]
        self.transport_ports = [free_port() for _ in self.names]
        self.nodes: list[LocalServer | None] = [None] * len(self.names)
        self.cluster_name = f"wsis-cluster-{self.ports[0]}"

    @property
    def data_ports(self) -> list[int]:
        return self.ports[:-1]

    @property
    def url(self) -> str:
        """The data nodes' URLs, as WSIS_ES_URL takes them (the master-only node serves no searches)."""
        return ",".join(f"http://127.0.0.1:{port}" for port in self.data_ports)

    def _spawn(self, i: int) -> LocalServer:
        argv, after_stop = es_engine.node_command(self.home, self.folder / self.names[i], self.ports[i],
                                                  self.heaps[i])
        seeds = ",".join(f"127.0.0.1:{port}" for port in self.transport_ports)
        argv += [f"-Ecluster.name={self.cluster_name}", f"-Enode.name={self.names[i]}",
                 "-Ediscovery.type=multi-node", f"-Ediscovery.seed_hosts={seeds}",
                 f"-Ecluster.initial_master_nodes={','.join(self.names)}",
                 f"-Etransport.port={self.transport_ports[i]}"]
        if self.names[i] == "es-master":
            argv.append("-Enode.roles=master")
        log = self.folder / self.names[i] / "elasticsearch.log"
        self.nodes[i] = spawn(self.names[i], argv, log, (), after_stop=after_stop)
        return self.nodes[i]  # type: ignore[return-value]

    def start(self, *which: int, timeout: float = 240.0) -> None:
        """Start nodes (all by default), then wait until each listens and the cluster has them all."""
        which = which or tuple(range(len(self.names)))
        servers = [self._spawn(i) for i in which]
        for i, server in zip(which, servers, strict=True):
            wait_for_port(self.ports[i], timeout, process=server.process)
        self.wait_for_nodes(timeout)

    def health(self, port: int | None = None, query: str = "") -> dict:
        port = port or next(p for p, n in zip(self.ports, self.nodes, strict=True) if n is not None)
        url = f"http://127.0.0.1:{port}/_cluster/health{query}"
        with urllib.request.urlopen(url, timeout=70) as response:
            return json.load(response)

    def wait_for_nodes(self, timeout: float) -> None:
        """Wait until every running node is in the cluster and it is at least yellow."""
        running = sum(node is not None for node in self.nodes)
        deadline = time.monotonic() + timeout
        while True:
            try:
                health = self.health(query=f"?wait_for_nodes={running}&wait_for_status=yellow&timeout=5s")
                if not health["timed_out"]:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, StopIteration):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the Elasticsearch cluster has not {running} nodes after {timeout:.0f} s")
            time.sleep(0.5)

    def wait_green(self, timeout: float = 300.0) -> dict:
        """Every shard and its replica assigned (a restarted node has caught up)."""
        return self.health(query=f"?wait_for_status=green&timeout={int(timeout)}s")



class LocalCluster:
    """Both clusters, started side by side."""

    def __init__(self, folder: Path, cache: Path, kafka_heap: str = "256m", es_heap: str = "512m") -> None:
        self.kafka = KafkaCluster(folder / "kafka", cache, heap=kafka_heap)
        self.elasticsearch = ElasticsearchCluster(folder / "elasticsearch", cache, heap=es_heap)

    def start(self) -> "LocalCluster":
        try:
            self.kafka.start()
            self.elasticsearch.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.kafka.stop()
        self.elasticsearch.stop()
