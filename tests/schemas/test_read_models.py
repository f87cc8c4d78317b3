"""Every index document has a pydantic read model, and the model and the index mapping name the same fields: a
field added to one and not the other fails here, not in production."""

import pytest

from producers.demo import generate
from schemas.ownership import LEDGER_MAPPING, LedgerEntry
from schemas.prize_documents import (
    AUDIT_MAPPING,
    CYCLE_MAPPING,
    ENTRY_MAPPING,
    PrizeCycleDocument,
    PrizeEntryDocument,
)
from schemas.prizes import AuditRecord
from schemas.search_document import MAPPING, SubmissionDocument, SubmissionSummary, to_document
from schemas.status import MAPPING as STATUS_MAPPING
from schemas.status import SubmissionStatus
from streams.processing import process_raw


@pytest.mark.parametrize(("model", "mapping"), [
    (SubmissionDocument, MAPPING), (PrizeEntryDocument, ENTRY_MAPPING), (PrizeCycleDocument, CYCLE_MAPPING),
    (AuditRecord, AUDIT_MAPPING), (SubmissionStatus, STATUS_MAPPING), (LedgerEntry, LEDGER_MAPPING),
], ids=["submission", "prize entry", "prize cycle", "audit line", "status", "ledger"])
def test_the_read_model_and_the_mapping_name_the_same_fields(model, mapping) -> None:
    assert set(model.model_fields) == set(mapping["properties"])
    assert mapping["dynamic"] == "strict"  # a field the model does not know is refused by the index too


def test_a_projection_reads_fields_the_index_has() -> None:
    assert set(SubmissionSummary.model_fields) < set(SubmissionDocument.model_fields)
    for name, field in SubmissionSummary.model_fields.items():
        assert field.annotation == SubmissionDocument.model_fields[name].annotation, name


def test_a_stored_document_reads_back_as_the_same_model() -> None:
    for record in (r for r in generate(50, seed=7) if r.valid):
        stored = to_document(process_raw(record.submission_id.encode(), record.value))
        assert SubmissionDocument.model_validate(stored).source() == stored


def test_the_read_model_refuses_an_unknown_field() -> None:
    stored = to_document(process_raw(b"X-1", next(r for r in generate(3, seed=8) if r.valid).value))
    with pytest.raises(ValueError, match="extra"):
        SubmissionDocument.model_validate(stored | {"contact_email": "someone@example.org"})
