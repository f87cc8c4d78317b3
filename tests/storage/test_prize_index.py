"""The prize index on the real search server: an index made before a field joined its mapping gets the field."""

import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor

from schemas.clients import search_client
from schemas.messages import message
from schemas.prize_documents import ENTRY_MAPPING, PrizeEntryDocument
from storage.prize_index import PrizeIndex


def test_ensure_adds_the_fields_added_since_the_index_was_made(settings) -> None:
    name = f"{settings.prize_index}-{uuid.uuid4().hex[:8]}"
    prizes = PrizeIndex(search_client(settings), name, settings.index_layout)
    older = {"dynamic": "strict", "properties": {k: v for k, v in ENTRY_MAPPING["properties"].items()
                                                 if k != "reason_messages"}}
    prizes.client.indices.create(index=prizes.entries_index, mappings=older)
    why = message("past winners are not eligible: this project won in {year}", year=2024)
    entry = PrizeEntryDocument(
        entry_id="2026-01-P1", year=2026, category=1, project_id="P1",
        submitted_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        title="Telemedicine for rural clinics", organisation="Ministry of Health", stakeholder_type="Government",
        status="completed", language="en", description="Rural clinics consult specialists by video.",
        eligible=False, reasons=[str(why)], reason_messages=[why])

    prizes.ensure()
    prizes.write([entry], [])

    assert prizes.entry("2026-01-P1") == entry
    prizes.ensure()  # and again, once it is up to date


def test_two_processes_ensuring_at_once_both_find_the_indices(settings) -> None:
    name = f"{settings.prize_index}-{uuid.uuid4().hex[:8]}"
    indices = [PrizeIndex(search_client(settings), name, settings.index_layout) for _ in range(3)]
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda index: index.ensure(), indices))
    assert all(indices[0].client.indices.exists(index=i) for i in (name, f"{name}-cycles", f"{name}-audit"))
