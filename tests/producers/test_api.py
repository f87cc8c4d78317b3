"""The HTTP door against the real broker and search server: `wsis api` served by uvicorn for the flow through
the pipeline, FastAPI's TestClient in-process for the input rules and the fuzzing."""

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import REPO, make_settings, read_topic, record_figure, wait_until
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from producers.api import MAX_BODY_BYTES, create_app
from producers.publisher import SubmissionPublisher
from schemas.clients import search_client
from schemas.settings import get_settings
from storage.status_index import StatusIndex
from storage.submission_index import SubmissionIndex
from storage.topics import ensure_topics
from wsis.engines.elasticsearch import start_elasticsearch
from wsis.engines.kafka import start_kafka
from wsis.local_servers import LocalServer, free_port, wait_for_port
from wsis.stage_process import stage_env

SHORT_DESCRIPTION = " ".join(["word"] * 160)


def valid(**changes: object) -> dict:
    payload = {
        "title": "Telemedicine network for rural clinics",
        "description": "Connects rural health clinics to specialist doctors through telemedicine and electronic "
                       "health records, with mobile health messages for maternal care and vaccination.",
        "organisation": "Ministry of Health",
        "stakeholder_type": "Government",
        "country": "Kenya",
        "website": "https://example.org/telemedicine",
        "contact_email": "team@example.org",
    }
    return payload | changes


@pytest.fixture
def intake_settings(settings):
    """The test's own status index (not under the search alias' `<alias>-*` template)."""
    return settings.model_copy(update={"status_index": settings.index_alias.removesuffix("-submissions") + "-status"})


@pytest.fixture
def client(intake_settings) -> Iterator[TestClient]:
    with TestClient(create_app(intake_settings), raise_server_exceptions=False) as test_client:
        yield test_client


class ApiProcess:
    """`wsis api` as a child process, as `wsis up` runs it."""

    def __init__(self, settings) -> None:
        self.port = free_port()
        self.env = stage_env(settings) | {"WSIS_API_PORT": str(self.port)}
        self.process: subprocess.Popen | None = None

    def start(self) -> httpx.Client:
        self.process = subprocess.Popen([sys.executable, "-m", "wsis.cli", "api"], cwd=REPO, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, timeout=60, process=self.process)
        return httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(30)


def test_submit_follow_and_update_through_the_pipeline(intake_settings, start_stage) -> None:
    start_stage("worker", intake_settings)
    start_stage("index", intake_settings)
    api = ApiProcess(intake_settings)
    http = api.start()
    try:
        assert "/submissions/{submission_id}" in http.get("/openapi.json").json()["paths"]
        created = http.post("/submissions", json=valid(sdgs=[3]), headers={"From": "team@example.org"})
        assert created.status_code == 202, created.text
        submission_id = created.json()["submission_id"]
        assert created.json()["version"] == 1
        assert http.get(f"/submissions/{submission_id}").json()["state"] in {"received", "indexed"}

        def state(expected: str, version: int) -> bool:
            body = http.get(f"/submissions/{submission_id}").json()
            return body["state"] == expected and body["version"] == version

        assert wait_until(lambda: state("indexed", 1), 90)
        status = http.get(f"/submissions/{submission_id}").json()
        assert "C7.e-health" in [t["code"] for t in status["tags"]["action_lines"]]
        assert 3 in [t["sdg"] for t in status["tags"]["sdgs"]] and status["reasons"] == []
        assert "team@example.org" not in json.dumps(status)  # the submitter stays in the private index:
        private = StatusIndex(search_client(intake_settings), intake_settings.status_index,
                              intake_settings.index_layout).get(submission_id)
        assert private is not None and private.submitter == "team@example.org"

        owner = {"Authorization": f"Bearer {created.json()['edit_token']}", "If-Match": '"1"'}
        updated = http.put(f"/submissions/{submission_id}", json=valid(title="Telemedicine network, phase two"),
                           headers=owner)
        assert updated.status_code == 202 and updated.json()["version"] == 2
        assert wait_until(lambda: state("indexed", 2), 60)
        index = SubmissionIndex(search_client(intake_settings), intake_settings.index_alias,
                                intake_settings.index_layout)
        document = index.client.get(index=intake_settings.index_alias, id=submission_id)["_source"]
        assert (document["version"], document["title"]) == (2, "Telemedicine network, phase two")

        # A record the stream rejects (sent by an older client, bypassing the API's checks): its reasons show.
        publisher = SubmissionPublisher(intake_settings)
        publisher.publish({"title": "Short", "country": "Atlantis"}, submission_id="S-from-elsewhere")
        publisher.close()
        assert wait_until(lambda: http.get("/submissions/S-from-elsewhere").json().get("state") == "rejected", 60)
        reasons = {r["field"] for r in http.get("/submissions/S-from-elsewhere").json()["reasons"]}
        assert {"description", "organisation", "stakeholder_type"} <= reasons

        # An idempotent retry, also after the API restarted, returns the same id and publishes nothing new.
        key = {"Idempotency-Key": "order-7781", "From": "team@example.org"}
        def receipt(answer: httpx.Response) -> dict:  # a retry's answer carries a new edit token
            return {k: v for k, v in answer.json().items() if k != "edit_token"}

        first = receipt(http.post("/submissions", json=valid(title="Community network"), headers=key))
        assert receipt(http.post("/submissions", json=valid(title="Community network"), headers=key)) == first
        api.stop()
        http = api.start()
        assert receipt(http.post("/submissions", json=valid(title="Community network"), headers=key)) == first
        other = http.post("/submissions", json=valid(title="Community network"),
                          headers={"Idempotency-Key": "order-7782"}).json()
        assert other["submission_id"] != first["submission_id"]
        raw = read_topic(intake_settings, intake_settings.topic_raw, 5)  # created, updated, elsewhere, first, other
        assert len(raw) == 5 and sum(r.key.decode() == first["submission_id"] for r in raw) == 1
        assert wait_until(lambda: http.get(first["status_url"]).json()["state"] == "indexed", 60)
        index.refresh()
        assert index.count({"term": {"title.raw": "Community network"}}) == 2  # the retried one counts once
    finally:
        api.stop()


def test_each_invalid_field_gets_a_message_and_nothing_is_published(client, intake_settings) -> None:
    response = client.post("/submissions", json=valid(title="", sdgs=[0, "five"], website="not a url",
                                                      contact_email="nobody", stakeholder_type="alien"))
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["detail"]}
    assert set(fields) == {"title", "sdgs.0", "sdgs.1", "website", "contact_email", "stakeholder_type"}
    assert all(fields.values())

    response = client.post("/submissions", json=valid(country="Atlantis"))
    assert response.json()["detail"] == [{"field": "country", "message": "unknown country 'Atlantis'",  # to translate
                                          "template": "unknown country '{value}'", "values": {"value": "Atlantis"}}]
    response = client.post("/submissions", json=valid(short_description="far too short"))
    assert response.json()["detail"][0]["field"] == "short_description"
    assert "150–200 words" in response.json()["detail"][0]["message"]
    assert client.post("/submissions", json=valid(short_description=SHORT_DESCRIPTION)).status_code == 202

    for body in [b"{not json", b"[1, 2]", b"\xff\xfe", b"[" * 100_000]:
        response = client.post("/submissions", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 422 and response.json()["detail"][0]["field"] == "body"
    assert client.post("/submissions", json=valid(colour="blue")).json()["detail"][0]["field"] == "colour"
    assert client.post("/submissions", json=valid(), headers={"Idempotency-Key": "k" * 500}).status_code == 422

    huge = valid(description="x" * (MAX_BODY_BYTES + 1))
    assert client.post("/submissions", json=huge).status_code == 413
    chunks = iter([b'{"description": "', b"y" * MAX_BODY_BYTES, b'"}'])  # no Content-Length: counted as read
    assert client.post("/submissions", content=chunks, headers={"Content-Type": "application/json"}).status_code == 413

    assert client.get("/submissions/S-unknown").status_code == 404
    assert client.get("/submissions/not a valid id!").status_code == 404
    some_owner = {"Authorization": "Bearer some-token", "If-Match": '"1"'}
    assert client.put("/submissions/S-unknown", json=valid(), headers=some_owner).status_code == 404
    assert client.put("/submissions/S-unknown", json=valid(title=""), headers=some_owner).status_code == 422
    assert len(read_topic(intake_settings, intake_settings.topic_raw, 1, timeout=10)) == 1  # only the valid one


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=30,
)
_fields = st.sampled_from(list(valid()) + ["sdgs", "action_lines", "start_date", "end_date", "region", "status",
                                           "short_description", "contact_phone", "country_code", "language"])
_near_valid = st.builds(lambda changes: valid() | changes, st.dictionaries(_fields, _json, max_size=3))


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_json | _near_valid)
def test_arbitrary_json_never_gets_a_500(client, body) -> None:
    response = client.post("/submissions", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code in {202, 413, 422}, response.text
    event(f"HTTP {response.status_code}")  # pytest --hypothesis-show-statistics shows the mix
    if response.status_code == 422:
        assert all(e["field"] and e["message"] for e in response.json()["detail"])


class OwnEngines:
    """A broker and a search server of this test's own, to stop and start again (the session's stay up)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.ports = folder, (free_port(), free_port(), free_port())
        self.servers: list[LocalServer] = []

    def start(self) -> None:
        cache = get_settings().engines_dir
        self.servers = [start_kafka(self.folder / "kafka", self.ports[0], self.ports[2], cache),
                        start_elasticsearch(self.folder / "elasticsearch", self.ports[1], cache)]

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def stop_kafka(self) -> None:
        self.servers[0].stop()


@pytest.fixture
def own_engines(tmp_path):
    engines = OwnEngines(tmp_path)
    engines.start()
    yield engines
    engines.stop()


def test_broker_down_gets_503_with_retry_after_and_nothing_accepted_is_lost(own_engines) -> None:
    settings = make_settings(*own_engines.ports[:2])
    ensure_topics(settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        before = client.post("/submissions", json=valid(), headers={"Idempotency-Key": "before"})
        assert before.status_code == 202
        own_engines.stop_kafka()  # security finding 16: the answer comes within the door's timeouts
        started = time.monotonic()
        only_kafka_down = client.post("/submissions", json=valid(), headers={"Idempotency-Key": "kafka-down"})
        waited = time.monotonic() - started
        record_figure(f"API with the broker down: 503 after {waited:.1f} s")
        assert only_kafka_down.status_code == 503 and waited < 5, (only_kafka_down.status_code, waited)
        own_engines.stop()

        during = client.post("/submissions", json=valid(), headers={"Idempotency-Key": "during"})
        assert during.status_code == 503, during.text
        assert int(during.headers["Retry-After"]) > 0
        assert client.get(before.json()["status_url"]).status_code == 503  # the status index is down too

        own_engines.start()  # same data: what the broker acknowledged survives
        again = None
        for _ in range(5):  # the client does what Retry-After says, with the same key
            again = client.post("/submissions", json=valid(), headers={"Idempotency-Key": "during"})
            if again.status_code == 202:
                break
        assert again is not None and again.status_code == 202
        raw = read_topic(settings, settings.topic_raw, 2)
        assert {r.key.decode() for r in raw} == {before.json()["submission_id"], again.json()["submission_id"]}


def test_the_docs_work_offline_every_asset_is_served_here(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']|url: ?["']([^"']+)["']""", page.text)
    urls = [a or b for a, b in urls]
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    kinds = {}
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        kinds[url.rsplit(".", 1)[-1]] = answer.headers["content-type"]
    assert "javascript" in kinds["js"] and "text/css" in kinds["css"] and "json" in kinds["json"]
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")  # Swagger UI 5 reads 3.1
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN: off
