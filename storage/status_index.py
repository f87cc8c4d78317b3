"""The status index: where each submission stands (schemas/status.py has its documents and mapping).

A private index (it holds the submitter), keyed by submission id, NOT the public search index. The doors write
`received` once the broker has a submission; the indexer writes `rejected` (from the rejected topic), and
`indexed` (or `accepted`, when the search index refused the document) from the tagged topic. Each write carries
the external version `version * 10 + rank of the state`, so writes may arrive in any order or twice: a newer
version, or a later state of the same version, always wins.
"""


from elasticsearch import BadRequestError, Elasticsearch, NotFoundError

from schemas.settings import IndexLayout
from schemas.status import MAPPING, STATE_RANK, SubmissionStatus
from storage.layout import follow_layout
from storage.submission_index import BulkOutcome, versioned_bulk


class StatusIndex:
    def __init__(self, client: Elasticsearch, name: str, layout: IndexLayout) -> None:
        self.client = client
        self.name = name
        self.layout = layout
        self.ready = False

    def ensure(self) -> None:
        """Create the index with its mapping unless it exists; `write` calls it once per process."""
        if self.ready:
            return
        if self.client.indices.exists(index=self.name):
            # an index made for noida-db never refreshed (refresh_interval -1): back to the default
            self.client.indices.put_settings(index=self.name, settings={"index": {"refresh_interval": None}})
            follow_layout(self.client, self.name, self.layout)
            self.ready = True
            return
        try:
            self.client.indices.create(index=self.name, mappings=MAPPING, settings=self.layout.index_settings())
        except BadRequestError as exc:  # another process created it meanwhile
            if exc.error != "resource_already_exists_exception":
                raise
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
            return SubmissionStatus.model_validate(self.client.get(index=self.name, id=submission_id)["_source"])
        except NotFoundError:
            return None
