"""Submission status kept by the indexer (tagged and rejected topics) in the private status index, against the
real broker and search server."""


from conftest import publish_records, run_indexer_until_read

from indexer.consumer import Indexer
from producers.demo import generate
from schemas.clients import search_client
from schemas.status import SubmissionStatus, received
from schemas.submission import RawSubmission, RejectedSubmission, TaggedSubmission
from storage.status_index import StatusIndex
from streams.processing import process_raw


def with_status_index(settings):
    """The test's own status index (not under the search alias' `<alias>-*` template)."""
    return settings.model_copy(update={"status_index": settings.index_alias.removesuffix("-submissions") + "-status"})


def test_indexed_and_rejected_submissions_get_their_status(settings) -> None:
    status_settings = with_status_index(settings)
    records = [r for r in generate(40, invalid=10, seed=41)]
    outcomes = [process_raw(r.submission_id.encode(), r.value) for r in records]
    tagged = [o for o in outcomes if isinstance(o, TaggedSubmission)]
    rejected = [o for o in outcomes if isinstance(o, RejectedSubmission)]
    assert len(tagged) == 30 and len(rejected) == 10
    publish_records(status_settings, status_settings.topic_tagged, tagged)
    publish_records(status_settings, status_settings.topic_rejected, rejected)

    indexer = Indexer(status_settings)
    indexer.index.ensure()
    run_indexer_until_read(indexer, 40)
    indexer.consumer.close()
    statuses = StatusIndex(search_client(status_settings), status_settings.status_index, status_settings.index_layout,
                           status_settings.index_alias)  # an indexed submission's status is its search document
    for record in tagged:
        status = statuses.get(record.submission_id)
        assert status is not None and (status.state, status.version) == ("indexed", 1)
        assert status.tags == record.tags and not status.reasons
    for record in rejected:
        status = statuses.get(record.submission_id)
        assert status is not None and status.state == "rejected" and status.tags is None
        assert status.reasons == record.errors
    broken = {r.submission_id: r.broken_field for r in records if not r.valid}
    assert all(broken[r.submission_id] in {e.field.split(".")[0] for e in statuses.get(r.submission_id).reasons}
               for r in rejected)


def test_states_arrive_in_any_order_and_the_latest_wins(settings) -> None:
    status_settings = with_status_index(settings)
    statuses = StatusIndex(search_client(status_settings), status_settings.status_index, status_settings.index_layout)
    envelope = RawSubmission(submission_id="S-order", received_at="2026-01-01T00:00:00Z", submitter="a@example.org",
                             payload={})

    def state_of(version: int, state: str) -> SubmissionStatus:
        return SubmissionStatus(submission_id="S-order", version=version, state=state)

    assert statuses.write([state_of(1, "indexed")]).written == 1
    assert statuses.write([received(envelope)]).stale == 1  # the API's "received" came late: indexed stays
    assert statuses.get("S-order").state == "indexed"
    assert statuses.write([received(envelope.model_copy(update={"version": 2}))]).written == 1
    assert statuses.write([state_of(1, "indexed")]).stale == 1  # a redelivered old version changes nothing
    assert (statuses.get("S-order").version, statuses.get("S-order").state) == (2, "received")
    assert statuses.write([state_of(2, "rejected")]).written == 1
    assert statuses.get("S-order").state == "rejected"
    assert statuses.get("S-nothing") is None
