"""The one place that builds Kafka and Elasticsearch clients, with their timeouts.

Two kinds of caller wait on them differently:
- a *door* (the HTTP API, the web form, an organiser's or judge's action, a dashboard page) answers a person, so
  it gives up within seconds and says "try again" (the API's 503) rather than hang;
- a *stage* (worker, indexer, reindex, bulk import, demo) runs unattended, so it waits and retries through a
  server's restart: kafka-python's producer keeps retrying for two minutes, idempotently.
"""

from typing import Any, Literal

from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer

from schemas.settings import Settings

Use = Literal["door", "stage"]
_SEARCH_TIMEOUTS: dict[str, dict[str, Any]] = {
    "door": {"request_timeout": 5, "max_retries": 1},
    # bulk writes of 500 documents and a reindex's big pages take longer than a person would wait
    "stage": {"request_timeout": 120, "max_retries": 5, "retry_on_timeout": True},
}
# A door's producer gives up within 3 s instead of 2 minutes: the submitter hears "try again" (the API's 503)
# instead of waiting, and an expired record is never delivered later behind their back. A single broker
# acknowledges in milliseconds; a submitter whose answer was lost retries with the same Idempotency-Key.
_PRODUCER_TIMEOUTS: dict[str, dict[str, Any]] = {
    "door": {"bootstrap_timeout_ms": 2_000, "max_block_ms": 2_000, "request_timeout_ms": 2_500,
             "delivery_timeout_ms": 3_000},
    "stage": {},
}
# how long a caller waits for the broker's acknowledgement of a record: past the producer's own delivery timeout
ACK_TIMEOUT_SECONDS: dict[str, float] = {"door": 4.0, "stage": 150.0}


def search_client(settings: Settings, use: Use = "stage") -> Elasticsearch:
    api_key = settings.es_api_key.get_secret_value() if settings.es_api_key else None
    nodes = [url.strip() for url in settings.elasticsearch.split(",")]  # several nodes: the client fails over
    # orjson encodes the bulk lines and decodes the answers (the standard library's json took a few % of a stage's
    # CPU); Faust picks orjson up by itself for its tables' changelogs.
    return Elasticsearch(nodes, api_key=api_key, serializer=OrjsonSerializer(), **_SEARCH_TIMEOUTS[use])


def kafka_producer(settings: Settings, client_id: str, use: Use = "stage", **options: Any) -> KafkaProducer:
    """Acknowledged by every in-sync replica, idempotent (a retry never duplicates or reorders), batched 5 ms."""
    config: dict[str, Any] = {"acks": "all", "enable_idempotence": True, "linger_ms": 5}
    return KafkaProducer(bootstrap_servers=settings.kafka, client_id=client_id,
                         **config | _PRODUCER_TIMEOUTS[use] | options)


def kafka_consumer(settings: Settings, *topics: str, **options: Any) -> KafkaConsumer:
    return KafkaConsumer(*topics, bootstrap_servers=settings.kafka, **options)


def kafka_admin(settings: Settings, client_id: str) -> KafkaAdminClient:
    return KafkaAdminClient(bootstrap_servers=settings.kafka, client_id=client_id)
