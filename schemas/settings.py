"""All configuration, read once from `WSIS_*` environment variables. Nothing else reads the environment."""

from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class IndexLayout(NamedTuple):
    """How every index is laid out on the search cluster: its primary shards and each one's replicas."""

    shards: int
    replicas: int

    def index_settings(self) -> dict[str, Any]:
        return {"number_of_shards": self.shards, "number_of_replicas": self.replicas}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WSIS_", env_file=".env", extra="ignore")

    kafka_bootstrap: str | None = Field(
        default=None, description="host:port of Kafka; unset = `wsis up` starts a local Apache Kafka broker"
    )
    es_url: str | None = Field(default=None, description="Elasticsearch URL, or several separated by commas (the "
                               "nodes of a cluster); unset = `wsis up` starts a local one")
    es_api_key: SecretStr | None = None
    data_dir: Path = Path(".wsis")
    local_engine: Literal["real", "noida"] = Field(
        default="real", description="what `wsis up` starts locally: Apache Kafka and Elasticsearch, or the noida-db "
        "emulator of both (a light option for comparison; needs the `noida` extra)"
    )
    local_kafka_port: int = 19092
    local_kafka_controller_port: int = 19093
    local_es_port: int = 19200
    local_kafka_heap: str = "512m"
    local_es_heap: str = "1g"
    engines_dir: Path = Field(default=Path.home() / ".cache" / "wsis-engines",
                              description="where the engines' jars are fetched from Maven Central (never committed)")
    dashboard_port: int = 8501
    dashboard_host: str = "127.0.0.1"
    api_port: int = 8000
    api_host: str = "127.0.0.1"
    stage_web_host: str = Field(default="127.0.0.1", description="where the Faust workers' health port listens")

    topic_raw: str = "wsis.submissions.raw"
    topic_tagged: str = "wsis.submissions.tagged"
    topic_rejected: str = "wsis.submissions.rejected"
    topic_dead_letter: str = "wsis.submissions.deadletter"
    topic_partitions: int = Field(default=4, description="partitions of the submission topics (prize topics: 1)")
    kafka_replication_factor: int = Field(default=1, description="copies of every topic (3 on a cluster)")
    kafka_min_insync_replicas: int = Field(default=1, description="copies that hold a write before it is "
                                           "acknowledged (2 with 3 copies: one broker may fail, none is lost)")
    es_shards: int = Field(default=1, description="primary shards of each index")
    es_replicas: int = Field(default=0, description="copies of each shard on other nodes (1 on a cluster of two)")
    index_alias: str = "wsis-submissions"
    status_index: str = Field(default="wsis-status", description="private: submission states, reasons, submitter")
    ledger_index: str = Field(default="wsis-submission-ledger",
                              description="private: each submission's latest version and the hash of its edit token")
    api_organiser_token: SecretStr | None = Field(
        default=None, description="a bearer token that lets organisers update any submission through the API")

    instance_id: str = Field(
        default="1", description="stable per process: a restarted worker or indexer takes its partitions back at once"
    )
    worker_id: str = "wsis-worker"
    worker_web_port: int = 6066
    worker_stall_seconds: float = Field(default=60.0, description="exit (to be restarted) after this long stalled")
    indexer_group: str = "wsis-indexer"
    indexer_batch_size: int = 500
    # How soon a submission is searchable, against Elasticsearch's CPU under heavy load (indexer/freshness.py).
    # bench/pipeline.py on this 2-core machine: at 200/s, p99 submit → searchable 0.81 s with a 0.3 s refresh, 1.19 s
    # with 0.5 s; at the machine's limit, 411/s with 0.3 s against 466/s with 0.5 s (Elasticsearch's refreshes and
    # merges): so the interval is the short one under a light load, the longer one while the index is busy.
    # Under a heavy load both the refresh interval and the indexer's batch wait lengthen: on one warm server taking
    # 670 product documents a second, Elasticsearch spent 0.59 CPU s per 1,000 with bulks of 50 and a 0.5 s refresh,
    # 0.43 with bulks of 300 and a 1 s refresh (two runs each, alternated).
    indexer_batch_wait_seconds: float = Field(
        default=0.1, ge=0, description="a batch (one bulk request) is what arrives this long after its first record")
    indexer_batch_wait_busy_seconds: float = Field(
        default=0.5, ge=0, description="the batch wait while the index takes more than "
                                       "search_busy_documents_per_second")
    search_refresh_seconds: float = Field(  # at least 10 ms: Elasticsearch takes the interval in whole milliseconds
        default=0.3, ge=0.01, description="the search index's refresh interval under a light load: new documents "
                                          "become searchable in it")
    search_refresh_busy_seconds: float = Field(
        default=1.0, ge=0.01, description="the refresh interval while the index takes more than "
                                          "search_busy_documents_per_second")
    search_busy_documents_per_second: float = Field(
        default=300, gt=0, description="the indexing rate (documents a second, all indexers) above which the index "
                                       "is busy; it is light again below 60 % of it")
    # The evidence-based WSIS–SDG Matrix (matrix/, streams/matrix_app.py)
    matrix_worker_id: str = Field(default="", description="empty: '<worker id>-matrix'")
    matrix_web_port: int = 6068
    matrix_index: str = Field(default="", description="empty: '<worker id>-matrix'")
    hlpf_review_file: Path | None = Field(
        default=None, description='a JSON file {"2026": [6, 7, 17]} adding or replacing HLPF years (reports/hlpf.py)')

    # WSIS Prizes (prizes/): one partition per topic, see streams/prizes_app.py
    topic_prize_cycle: str = "wsis.prize.cycle"
    topic_prize_entries: str = "wsis.prize.entries"
    topic_prize_assignments: str = "wsis.prize.assignments"
    topic_prize_scores: str = "wsis.prize.scores"
    topic_prize_votes: str = "wsis.prize.votes"
    topic_prize_audit: str = "wsis.prize.audit"
    prize_index: str = "wsis-prize-entries"
    prizes_worker_id: str = "wsis-prizes"
    prizes_web_port: int = 6067
    prize_votes_per_voter_per_minute: int = 10
    prize_votes_per_entry_per_minute: int = 600
    users_file: Path | None = Field(default=None, description="dashboard users (hashed passwords); unset = in data_dir")
    session_secret: SecretStr | None = Field(
        default=None, description="HMAC key of the dashboard's sign-in tokens; unset = a random key kept in "
        "<data_dir>/session-secret")
    session_hours: float = Field(default=12.0, description="a dashboard sign-in lasts this long, reloads included")

    @property
    def kafka(self) -> str:
        return self.kafka_bootstrap or f"127.0.0.1:{self.local_kafka_port}"

    @property
    def elasticsearch(self) -> str:
        return self.es_url or f"http://127.0.0.1:{self.local_es_port}"

    @property
    def index_layout(self) -> IndexLayout:
        return IndexLayout(self.es_shards, self.es_replicas)

    @property
    def runs_local_servers(self) -> bool:
        return self.kafka_bootstrap is None and self.es_url is None

    @property
    def users_path(self) -> Path:
        return self.users_file or self.data_dir / "users.toml"

    def faust_data_dir(self, app_id: str) -> Path:
        """Where a Faust app keeps its local files (Faust itself creates only the last directory)."""
        path = self.data_dir / "faust" / app_id
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


@cache
def get_settings() -> Settings:
    return Settings()
