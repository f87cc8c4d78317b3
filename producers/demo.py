"""A realistic demo dataset: plausible submissions from every region, stakeholder type and action line,
with a share of invalid ones broken in varied ways. Deterministic for a seed; used by `wsis up --demo`,
the tests and the benchmarks, which check the pipeline's output against the truth it records.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass
from typing import Any

from producers.publisher import SubmissionPublisher
from schemas.countries import countries_in_region
from schemas.reference import ITU_REGIONS, STAKEHOLDER_TYPES
from schemas.submission import RawSubmission

# (action line, declared SDGs, title pattern, description pattern); {place} is a country name.
_PROJECTS: list[tuple[str, list[int], str, str]] = [
    ("C1", [16, 17], "National digital transformation strategy of {place}",
     "A multi-stakeholder national e-strategy mainstreaming ICTs in public policy, built through public-private "
     "partnerships with ministries, operators, civil society and academia."),
    ("C2", [9, 10], "Last-mile broadband for remote communities in {place}",
     "Deploys fibre backhaul, satellite links and community wireless networks to bring affordable broadband "
     "internet access to rural, remote and marginalised areas, with a new internet exchange point."),
    ("C3", [4, 16], "Open digital library and community access points in {place}",
     "Digitises public archives and opens a digital library with open source software, giving free access to "
     "public information and knowledge through community access points in public libraries."),
    ("C4", [4, 5], "Digital skills for girls and young women in {place}",
     "Capacity building programme teaching digital literacy, coding and life-long learning to girls, young women "
     "and teachers, with distance learning modules and teacher training."),
    ("C5", [16, 9], "National cybersecurity and child online protection programme of {place}",
     "Builds confidence and security in the use of ICTs: a national CERT, cybercrime legislation, spam "
     "filtering, authentication services and child online protection awareness campaigns."),
    ("C6", [9, 17], "Enabling regulatory framework for the digital economy in {place}",
     "Modernises telecommunication regulation, spectrum management and consumer protection law to create an "
     "enabling environment for investment, competition and e-commerce."),
    ("C7.e-government", [16], "One-stop e-government services portal of {place}",
     "An e-government portal where citizens obtain birth certificates, permits and tax services online, "
     "with digital identity and transparent, accountable public administration."),
    ("C7.e-business", [8, 9], "E-commerce platform for small businesses in {place}",
     "Helps micro, small and medium enterprises sell online through an e-business marketplace with mobile "
     "payments, logistics and digital marketing training for entrepreneurs."),
    ("C7.e-learning", [4], "Online learning platform for secondary schools in {place}",
     "An e-learning platform with open educational resources, virtual classrooms and tablets so that pupils "
     "in remote schools receive quality education during and after school closures."),
    ("C7.e-health", [3], "Telemedicine network for rural clinics in {place}",
     "Connects rural health clinics to specialist doctors through telemedicine, electronic health records and "
     "mobile health messages for maternal care, vaccination and disease surveillance."),
    ("C7.e-employment", [8, 5], "Digital jobs and teleworking hub in {place}",
     "An online employment service matching job seekers with employers, training youth and women for remote "
     "work, decent jobs and digital freelancing."),
    ("C7.e-environment", [13, 11], "Early warning system for climate disasters in {place}",
     "Uses sensors, satellite data and mobile alerts to monitor floods and droughts, giving communities early "
     "warning of climate-related disasters and supporting adaptation and e-waste recycling."),
    ("C7.e-agriculture", [2, 1], "Mobile advisory service for smallholder farmers in {place}",
     "Sends smallholder farmers weather forecasts, crop prices and agricultural advice by SMS, improving food "
     "security, yields and rural incomes."),
    ("C7.e-science", [9, 17], "National research and education network of {place}",
     "Links universities and research institutes through a high-speed research network with open data, "
     "shared computing and scientific collaboration across the region."),
    ("C8", [4, 11], "Local-language digital content and heritage archive for {place}",
     "Creates local content in indigenous languages and digitises cultural heritage, promoting cultural and "
     "linguistic diversity on the internet."),
    ("C9", [16, 5], "Community radio and independent media network in {place}",
     "Supports community radio stations and online journalism, media literacy and press freedom so that "
     "citizens receive pluralistic information."),
    ("C10", [16, 10], "Ethics of artificial intelligence and privacy charter for {place}",
     "Promotes ethical use of ICTs and artificial intelligence, privacy, human rights and the prevention of "
     "online abuse, through a charter adopted by public and private actors."),
    ("C11", [17], "Regional cooperation on digital development led from {place}",
     "An international and regional cooperation initiative sharing knowledge, financing and good practices "
     "among governments and development partners to reach the WSIS goals."),
]

_ORGANISATIONS = {
    "Government": "Ministry of ICT of {place}",
    "Private sector": "{place} Telecom",
    "Civil society": "Digital Inclusion Foundation {place}",
    "Academia": "University of {place}",
    "International organization": "Regional Development Bank ({place} office)",
    "Other": "{place} Innovation Lab",
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


def _valid_payload(rng: random.Random, index: int) -> tuple[dict[str, Any], str, str]:
    region = rng.choice(ITU_REGIONS)
    country = rng.choice(countries_in_region(region))
    line, sdgs, title, description = rng.choice(_PROJECTS)
    stakeholder = rng.choice(STAKEHOLDER_TYPES)
    start = dt.date(rng.randint(2008, 2025), rng.randint(1, 12), 1)
    status = rng.choice(["ongoing", "completed", "completed", "planned"])
    end = start + dt.timedelta(days=rng.randint(180, 1800)) if status == "completed" else None
    place = country.name.split(",")[0]
    payload = {
        "title": title.format(place=place),
        "description": description,
        "organisation": _ORGANISATIONS[stakeholder].format(place=place),
        "stakeholder_type": stakeholder,
        "country": country.name,
        "status": status,
        "start_date": start.isoformat(),
        "end_date": end.isoformat() if end else None,
        "action_lines": [line],
        "sdgs": sdgs,
        "website": f"https://example.org/projects/{index}",
        "contact_email": f"contact{index}@example.org",
    }
    return payload, region, line


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
    for index in range(count):
        payload, region, line = _valid_payload(rng, index)
        submission_id = f"DEMO-{seed}-{index:06d}"
        envelope = RawSubmission(
            submission_id=submission_id,
            received_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=index),
            submitter=payload["contact_email"],
            payload=payload,
        )
        if index not in broken_at:
            records.append(DemoRecord(submission_id, envelope.model_dump_json().encode(), True, region, line))
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
