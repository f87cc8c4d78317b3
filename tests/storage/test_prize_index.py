"""The prize index on the real search server: an index made before a field joined its mapping gets the field."""

import uuid

from schemas.clients import search_client
from storage.prize_index import ENTRY_MAPPING, PrizeIndex


def test_ensure_adds_the_fields_added_since_the_index_was_made(settings) -> None:
    prizes = PrizeIndex(search_client(settings), f"{settings.prize_index}-{uuid.uuid4().hex[:8]}")
    older = {"dynamic": "strict", "properties": {k: v for k, v in ENTRY_MAPPING["properties"].items()
                                                 if k != "reason_messages"}}
    prizes.client.indices.create(index=prizes.entries_index, mappings=older)
    why = {"template": "past winners are not eligible: this project won in {year}", "values": {"year": 2024}}
    entry = {"entry_id": "2026-01-P1", "year": 2026, "eligible": False,
             "reasons": ["past winners are not eligible: this project won in 2024"], "reason_messages": [why]}

    prizes.ensure()
    prizes.write([entry], [])

    assert prizes.entry("2026-01-P1")["reason_messages"] == [why]
    prizes.ensure()  # and again, once it is up to date
