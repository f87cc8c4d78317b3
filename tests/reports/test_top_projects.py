""""Top projects" on the real search server, with a hand-built set: a prize winner and a champion whose tags are
weak, a project posted twice (and a near copy of it), a description stuffed with keywords, and genuine demo
projects. Winners lead, then champions, then the strongest tags; copies count once."""

import datetime as dt
import json

import pytest
from conftest import make_settings, valid_submission

from producers.demo import generate
from reports.export import render
from reports.figures import Scope, build_report
from reports.tables import method_notes
from schemas.clients import search_client
from schemas.prize_documents import PrizeEntryDocument
from schemas.search_document import to_document
from schemas.submission import RawSubmission
from storage.prize_index import PrizeIndex
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw

KEYWORDS = ("broadband telemedicine e-health e-learning digital skills cybersecurity e-government poverty hunger "
            "clean water renewable energy gender equality climate action biodiversity ocean peace justice "
            "partnerships agriculture jobs innovation infrastructure cities")
SCOPE = Scope("Africa", 2008, 2026)


def prize_entry(**fields: object) -> PrizeEntryDocument:
    """A prize entry as the prizes worker writes it: eligible, with `fields`."""
    base = {"submitted_at": "2024-01-15T00:00:00Z", "stakeholder_type": "government", "status": "completed",
            "language": "en", "description": "A project.", "eligible": True, "organisation": "Org", "category": 4}
    return PrizeEntryDocument.model_validate(base | fields)


def tagged(payload: dict, submission_id: str, received: dt.datetime):
    envelope = RawSubmission(submission_id=submission_id, received_at=received, payload=payload)
    return process_raw(submission_id.encode(), envelope.model_dump_json().encode())


@pytest.fixture(scope="module")
def ranked(engines):
    settings = make_settings(*engines)
    client = search_client(settings)
    index = SubmissionIndex(client, settings.index_alias, settings.index_layout)
    index.ensure()
    demo = [process_raw(r.submission_id.encode(), r.value) for r in generate(400, seed=83)]
    genuine = [r for r in demo if r.submission.region == "Africa"]
    strongest = max(genuine, key=lambda r: to_document(r)["tag_strength"])
    payload = json.loads(strongest.submission.model_dump_json())
    later = strongest.received_at + dt.timedelta(days=30)
    copy = tagged(payload, "S-copy", later)  # the same project posted again
    near = tagged(payload | {"organisation": "Another Org", "description": payload["description"] + " Updated."},
                  "S-near-copy", strongest.received_at - dt.timedelta(days=1))
    kenya = {"country": "Kenya", "start_date": "2021-01-01"}
    stuffed = tagged(valid_submission(title="Digital everything for everyone", description=" ".join([KEYWORDS] * 20),
                                      **kenya), "S-stuffed", later)
    weak = {"description": "A small local project run by volunteers in one district for three years."}
    winner = tagged(valid_submission(title="Village radio", **kenya, **weak), "S-winner", later)
    champion = tagged(valid_submission(title="Market prices by text message", **kenya, **weak), "S-champion", later)
    records = [*genuine, copy, near, stuffed, winner, champion]
    index.write([to_document(r) for r in records])
    index.refresh()
    prizes = PrizeIndex(client, f"{settings.index_alias}-prizes", settings.index_layout)
    prizes.ensure()
    entry = {"organisation": "Ministry of Health", "country": "Kenya", "region": "Africa", "category": 4}
    prizes.write([prize_entry(**entry, entry_id="E1", project_id="S-winner", year=2024, title="Village radio",
                              winner=True, champion=True),
                  prize_entry(**entry, entry_id="E2", project_id="S-champion", year=2024,
                              title="Market prices by text message", winner=False, champion=True)], [])
    report = build_report(index, SCOPE, top=10, prize_index=prizes.entries_index)
    strength = {r.submission_id: to_document(r)["tag_strength"] for r in records}
    return report, strongest, strength, len(genuine)


def test_winners_then_champions_lead_whatever_their_tags(ranked) -> None:
    report, _, strength, _ = ranked
    first, second = report.top_projects[:2]
    assert (first.submission_id, first.prize) == ("S-winner", "winner")
    assert (second.submission_id, second.prize) == ("S-champion", "champion")
    assert strength["S-winner"] < strength[report.top_projects[2].submission_id]  # the rule, not the tags, put it first


def test_a_project_posted_twice_and_its_near_copy_count_once_the_most_recent_kept(ranked) -> None:
    report, strongest, _, _ = ranked
    ids = [p.submission_id for p in report.top_projects]
    copies = {strongest.submission_id, "S-copy", "S-near-copy"}
    assert len(copies & set(ids)) == 1
    third = report.top_projects[2]
    assert (third.submission_id, third.folded, third.prize) == ("S-copy", 2, None)
    assert len(ids) == len(set(ids)) == 10


def test_keyword_stuffing_does_not_buy_a_place(ranked) -> None:
    report, _, strength, genuine = ranked
    assert genuine >= 30
    ids = [p.submission_id for p in report.top_projects]
    assert "S-stuffed" not in ids
    rest = [p for p in report.top_projects if p.prize is None]
    assert [p.tag_strength for p in rest] == sorted((p.tag_strength for p in rest), reverse=True)
    assert all(p.tag_strength > strength["S-stuffed"] for p in rest)


def test_the_rule_is_stated_in_the_report_and_its_files(ranked) -> None:
    report, _, _, _ = ranked
    rule = method_notes()[1]
    assert rule.startswith("Top projects: WSIS Prize winners first, then champions")
    assert rule in render(report, "md").decode()
    markdown = render(report, "md").decode()
    assert "| 1 | Village radio | Ministry of Health | Kenya | 2021 | Winner |" in markdown
