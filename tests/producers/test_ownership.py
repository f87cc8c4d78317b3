"""Security findings 1, 5 and 6: only a submission's owner (its edit token) or an organiser may change it, an
update names the version it replaces, and an Idempotency-Key cannot be reused for another body."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import wait_until
from fastapi.testclient import TestClient
from pydantic import SecretStr
from test_api import ApiProcess, valid

from producers.api import create_app
from producers.intake import Intake
from schemas.clients import search_client
from storage.submission_index import SubmissionIndex

ORGANISER_TOKEN = "organisers-only-token-for-tests"


@pytest.fixture
def owned_settings(settings):
    return settings.model_copy(update={"status_index": settings.index_alias.removesuffix("-submissions") + "-status",
                                       "ledger_index": settings.index_alias.removesuffix("-submissions") + "-ledger",
                                       "api_organiser_token": SecretStr(ORGANISER_TOKEN)})


@pytest.fixture
def client(owned_settings):
    with TestClient(create_app(owned_settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_only_the_edit_token_and_the_latest_version_update_a_submission(client) -> None:
    created = client.post("/submissions", json=valid()).json()
    url, token = created["status_url"], created["edit_token"]
    assert token and len(token) >= 40
    new = valid(title="Hijacked title")
    assert client.put(url, json=new).status_code == 401  # anonymous, any From
    assert client.put(url, json=new, headers={"From": "team@example.org", "If-Match": '"1"'}).status_code == 401
    assert client.put(url, json=new, headers={"Authorization": "Bearer guessed", "If-Match": '"1"'}).status_code == 403
    owner = {"Authorization": f"Bearer {token}"}
    assert client.put(url, json=new, headers=owner).status_code == 428  # which version does it replace?
    stale = client.put(url, json=new, headers=owner | {"If-Match": '"0"'})
    assert stale.status_code == 412 and stale.headers["ETag"] == '"1"'
    assert client.get(url).headers["ETag"] == '"1"'

    updated = client.put(url, json=valid(title="Phase two"), headers=owner | {"If-Match": '"1"'})
    assert updated.status_code == 202 and updated.json()["version"] == 2
    assert "edit_token" not in updated.json() or updated.json()["edit_token"] is None
    assert client.put(url, json=valid(title="Lost update"), headers=owner | {"If-Match": '"1"'}).status_code == 412
    assert client.get(url).headers["ETag"] == '"2"'
    organiser = {"Authorization": f"Bearer {ORGANISER_TOKEN}", "If-Match": '"2"'}
    assert client.put(url, json=valid(title="Curated title"), headers=organiser).json()["version"] == 3


def test_an_idempotency_key_reused_with_another_body_is_refused(client) -> None:
    key = {"Idempotency-Key": "order-1", "From": "team@example.org"}
    first = client.post("/submissions", json=valid(), headers=key)
    again = client.post("/submissions", json=valid(), headers=key)
    assert first.status_code == again.status_code == 202
    assert again.json()["submission_id"] == first.json()["submission_id"]
    other = client.post("/submissions", json=valid(title="Another project"), headers=key)
    assert other.status_code == 409


def test_a_submission_the_form_made_is_changed_only_by_organisers(client, owned_settings) -> None:
    intake = Intake(owned_settings)
    envelope = intake.submit(valid(), "S-made-by-the-form")
    intake.close()
    url = f"/submissions/{envelope.submission_id}"
    assert client.put(url, json=valid(), headers={"Authorization": "Bearer x", "If-Match": '"1"'}).status_code == 403
    organiser = {"Authorization": f"Bearer {ORGANISER_TOKEN}", "If-Match": '"1"'}
    assert client.put(url, json=valid(title="Curated"), headers=organiser).status_code == 202


def test_of_concurrent_updates_of_one_version_exactly_one_wins(owned_settings) -> None:
    api = ApiProcess(owned_settings)
    http = api.start()
    try:
        created = http.post("/submissions", json=valid()).json()
        owner = {"Authorization": f"Bearer {created['edit_token']}", "If-Match": '"1"'}

        def update(n: int) -> int:
            return http.put(created["status_url"], json=valid(title=f"Update {n}"), headers=owner).status_code

        with ThreadPoolExecutor(6) as pool:
            codes = sorted(pool.map(update, range(6)))
        assert codes == [202, 412, 412, 412, 412, 412]
        assert http.get(created["status_url"]).headers["ETag"] == '"2"'
    finally:
        api.stop()


def test_json_only_and_from_is_an_email_address(client) -> None:
    """Security findings 11 and 12: no cross-site form post, no `<script>` stored as the submitter."""
    body = '{"title": "x"}'
    for media_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        assert client.post("/submissions", content=body, headers={"Content-Type": media_type}).status_code == 415
    refused = client.post("/submissions", json=valid(), headers={"From": "<script>alert(1)</script>"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "From"
    assert client.post("/submissions", json=valid(), headers={"From": "Team@Example.org"}).status_code == 202


def test_the_owner_withdraws_a_submission_and_it_leaves_the_index(owned_settings, start_stage) -> None:
    """Security finding 1: a submitter proves ownership to withdraw, as to update."""
    start_stage("worker", owned_settings)
    start_stage("index", owned_settings)
    index = SubmissionIndex(search_client(owned_settings), owned_settings.index_alias, owned_settings.index_layout)
    with TestClient(create_app(owned_settings), raise_server_exceptions=False) as client:
        created = client.post("/submissions", json=valid()).json()
        url, token = created["status_url"], created["edit_token"]
        assert wait_until(lambda: client.get(url).json()["state"] == "indexed", 90)
        assert client.delete(url, headers={"If-Match": '"1"'}).status_code == 401
        assert client.delete(url, headers={"Authorization": "Bearer guessed", "If-Match": '"1"'}).status_code == 403
        owner = {"Authorization": f"Bearer {token}"}
        assert client.delete(url, headers=owner).status_code == 428
        withdrawn = client.delete(url, headers=owner | {"If-Match": '"1"'})
        assert withdrawn.status_code == 202 and withdrawn.json()["version"] == 2
        assert wait_until(lambda: client.get(url).json()["state"] == "withdrawn", 60)
        index.refresh()
        assert index.count({"term": {"submission_id": created["submission_id"]}}) == 0
        # an older version arriving late (a replay) does not bring it back
        assert index.write([{"submission_id": created["submission_id"], "version": 1, "title": "x"}]).stale == 1
        late = client.put(url, json=valid(title="Back again?"), headers=owner | {"If-Match": '"1"'})
        assert late.status_code == 412
