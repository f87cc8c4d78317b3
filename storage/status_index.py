"""The status index: where each submission stands (schemas/status.py has its documents and mapping).

A private index (it holds the submitter), keyed by submission id, NOT the public search index. The doors write
`received` once the broker has a submission; the indexer writes `rejected` (from the rejected topic), `withdrawn`,
and `accepted` when the search index refused a tagged submission's document. Each write carries the external
version `version * 10 + rank of the state`, so writes may arrive in any order or twice: a newer version, or a later
state of the same version, always wins.

An indexed submission's status is its search document (schemas/status.py: indexed): `get` reads both, by id (a
real-time read: no refresh waited for), and answers with the later of the two.
"""


from elasticsearch import Elasticsearch, NotFoundError

from schemas.settings import IndexLayout
from schemas.status import INDEXED_FIELDS, MAPPING, STATE_RANK, SubmissionStatus, indexed, latest
from storage.layout import ensure_index
from storage.submission_index import BulkOutcome, versioned_bulk


class StatusIndex:
    def __init__(self, client: Elasticsearch, name: str, layout: IndexLayout, search_alias: str | None = None) -> None:
        """`search_alias`: the search index whose documents are the indexed submissions' statuses; without it
        `get` reads the status index alone (which never says `indexed` for a submission indexed since then)."""
        self.client = client
        self.name = name
        self.layout = layout
        self.search_alias = search_alias
        self.ready = False

    def ensure(self) -> None:
        """Create the index with its mapping unless it exists; `write` calls it once per process."""
        if self.ready:
            return
        ensure_index(self.client, self.name, MAPPING, self.layout)
        self.ready = True

    def write(self, statuses: list[SubmissionStatus]) -> BulkOutcome:
        self.ensure()
        actions = [
            {"_op_type": "index", "_index": self.name, "_id": s.submission_id,
             "version": s.version * 10 + STATE_RANK[s.state], "version_type": "external_gte",
             "_source": s.model_dump(mode="json")}
            for s in statuses
        ]
        return versioned_bulk(self.client, actions)

    def get(self, submission_id: str) -> SubmissionStatus | None:
        try:
            stored = SubmissionStatus.model_validate(self.client.get(index=self.name, id=submission_id)["_source"])
        except NotFoundError:
            stored = None
        if self.search_alias is None:
            return stored
        try:
            document = self.client.get(index=self.search_alias, id=submission_id, source_includes=INDEXED_FIELDS)
        except NotFoundError:
            return stored
        found = latest(stored, indexed(document["_source"]))
        if found is not None and stored is not None and found.submitter is None:  # who submitted: the door's
            found.submitter = stored.submitter
        return found
