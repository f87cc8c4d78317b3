"""A realistic demo dataset: plausible submissions from every region, stakeholder type and action line, received
from 2019 to 2026, with a share of invalid ones broken in varied ways. Titles and descriptions are composed from
independent parts (demo_phrases.py, demo_texts.py), so no two projects read alike; about one in twelve valid
projects is completed and carries the 150–200-word short description a WSIS Prizes entry needs (`prize_ready`).
Deterministic for a seed; used by `wsis up --demo`, the tests and the benchmarks, which check the pipeline's
output against the truth it records.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass
from typing import Any

from producers import demo_phrases
from producers.demo_texts import LINES
from producers.publisher import SubmissionPublisher
from schemas.countries import countries_in_region
from schemas.reference import ITU_REGIONS, STAKEHOLDER_TYPES
from schemas.submission import RawSubmission

FIRST_YEAR, LAST_YEAR = 2019, 2026  # the years submissions are received in
PRIZE_READY_SHARE = 1 / 12
_ORGANISATIONS = {
    "Government": ("Ministry of ICT of {place}", "National Digital Agency of {place}", "Ministry of Education of "
                   "{place}", "Ministry of Health of {place}", "{place} Communications Regulatory Authority"),
    "Private sector": ("{place} Telecom", "{place} Digital Solutions", "Mobile Networks {place}",
                       "{place} Fintech Group"),
    "Civil society": ("Digital Inclusion Foundation {place}", "Women in Tech {place}", "{place} Open Knowledge "
                      "Network", "Youth for Digital Rights {place}"),
    "Academia": ("University of {place}", "National Institute of Technology of {place}", "{place} Polytechnic"),
    "International organization": ("Regional Development Bank ({place} office)", "UNDP {place} country office",
                                   "ITU Area Office for {place}"),
    "Other": ("{place} Innovation Lab", "{place} Library Consortium", "{place} Community Media Trust"),
}


@dataclass(frozen=True)
class DemoRecord:
    """One raw-topic record and what the pipeline should make of it."""

    submission_id: str
    value: bytes
    valid: bool
    region: str | None = None
    action_line: str | None = None
    broken_field: str | None = None
    prize_ready: bool = False  # completed, with a 150–200-word short description: eligible for the WSIS Prizes


def _received(rng: random.Random) -> dt.datetime:
    start = dt.datetime(rng.randint(FIRST_YEAR, LAST_YEAR), 1, 1, tzinfo=dt.UTC)
    return start + dt.timedelta(days=rng.randint(0, 364), seconds=rng.randint(0, 86_399))


def _valid_payload(rng: random.Random, index: int, received: dt.datetime,
                   distinct: demo_phrases.Distinct) -> tuple[dict[str, Any], str, str, bool]:
    region = rng.choice(ITU_REGIONS)
    country = rng.choice([c for c in countries_in_region(region) if c.rule == "member"])  # no territories
    line = rng.choice(list(LINES))
    bank = LINES[line]
    stakeholder = rng.choice(STAKEHOLDER_TYPES)
    # projects start up to eight years before they are submitted, and before 2026
    start_year = min(received.year - rng.randint(0, 8), LAST_YEAR - 1)
    start = dt.date(start_year, rng.randint(1, 12 if start_year < received.year else received.month), 1)
    prize_ready = rng.random() < PRIZE_READY_SHARE
    status = "completed" if prize_ready else rng.choice(["ongoing", "completed", "completed", "planned"])
    end = start + dt.timedelta(days=rng.randint(180, 1800)) if status == "completed" else None
    place = country.name.split(",")[0]
    organisation = rng.choice(_ORGANISATIONS[stakeholder]).format(place=place)
    payload = {
        "title": demo_phrases.title(rng, bank, place),
        "description": distinct.description(rng, line, bank, place, organisation, start.year),
        "organisation": organisation,
        "stakeholder_type": stakeholder,
        "country": country.name,
        "status": status,
        "start_date": start.isoformat(),
        "end_date": end.isoformat() if end else None,
        "action_lines": [line],
        "sdgs": list(bank.sdgs),
        "website": f"https://example.org/projects/{index}",
        "contact_email": f"contact{index}@example.org",
    }
    if prize_ready:
        payload["short_description"] = demo_phrases.short_description(rng, bank, place, organisation, start.year)
    return payload, region, line, prize_ready


# Each breaks one field in a way submitters really do; `None` as payload means the bytes are not JSON at all.
_BREAKAGES: list[tuple[str, Any]] = [
    ("title", lambda p: p.pop("title")),
    ("country", lambda p: p.update(country="Atlantis")),
    ("start_date", lambda p: p.update(start_date="2023-13-45")),
    ("sdgs", lambda p: p.update(sdgs=["five", 99])),
    ("body", None),
    ("stakeholder_type", lambda p: p.update(stakeholder_type=42)),
    ("description", lambda p: p.update(description="too short")),
    ("end_date", lambda p: p.update(start_date="2020-05-01", end_date="2019-01-01")),
    ("contact_email", lambda p: p.update(contact_email="not-an-email")),
    ("action_lines", lambda p: p.update(action_lines=["C99"])),
]


def generate(count: int, invalid: int = 0, seed: int = 2025) -> list[DemoRecord]:
    """`count` records, `invalid` of them spread evenly and broken in turn by each kind of breakage."""
    rng = random.Random(seed)
    every = count / invalid if invalid else 0
    broken_at = {int(i * every) for i in range(invalid)}
    records = []
    distinct = demo_phrases.Distinct()
    for index in range(count):
        received = _received(rng)
        payload, region, line, prize_ready = _valid_payload(rng, index, received, distinct)
        submission_id = f"DEMO-{seed}-{index:06d}"
        envelope = RawSubmission(
            submission_id=submission_id,
            received_at=received,
            submitter=payload["contact_email"],
            payload=payload,
        )
        if index not in broken_at:
            records.append(DemoRecord(submission_id, envelope.model_dump_json().encode(), True, region, line,
                                      prize_ready=prize_ready))
            continue
        field, breakage = _BREAKAGES[len([b for b in broken_at if b < index]) % len(_BREAKAGES)]
        if breakage is None:
            value = b"\xff\xfe{not json: " + submission_id.encode()
        else:
            breakage(payload)
            value = json.dumps(envelope.model_dump(mode="json") | {"payload": payload}).encode()
        records.append(DemoRecord(submission_id, value, False, broken_field=field))
    return records


def publish_demo(publisher: SubmissionPublisher, records: list[DemoRecord]) -> None:
    for record in records:
        publisher.publish_bytes(record.submission_id, record.value)
    publisher.flush()
