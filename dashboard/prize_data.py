"""What each signed-in user may see of the WSIS Prizes. Every query takes the user and refuses what their role
does not allow: a judge gets only their own assignments (and only their own scores), whatever the page asks."""

import io
import json
from typing import Any

import pandas as pd

from producers.prize_actions import ActionRefused
from schemas.clients import kafka_consumer
from schemas.inert import spreadsheet_cell
from schemas.prizes import CRITERIA
from schemas.settings import Settings
from schemas.submission import TaggedSubmission, WithdrawnSubmission, read_tagged_record
from schemas.users import Role, User
from storage.prize_index import PrizeIndex

PUBLIC_FIELDS = ("entry_id", "year", "category", "title", "organisation", "country", "region", "short_description",
                 "votes", "vote_rank", "champion", "winner")
BLIND_HIDDEN = ("organisation", "stakeholder_type", "country", "region", "project_id")
FOR_ROLE_ONLY: dict[Role, str] = {"judge": "this is for judges only", "organiser": "this is for organisers only"}


def _require(user: User | None, role: Role) -> User:
    if user is None or user.role != role:
        raise ActionRefused(FOR_ROLE_ONLY[role])
    return user


def _for_judge(entry: dict[str, Any], judge: User, blind: bool) -> dict[str, Any]:
    """An entry as its judge sees it: their own score and conflict only; no organisation or country when blind."""
    hidden = {"judges", "votes", "held_votes", "duplicate_votes", "refused_votes", "vote_rank", "mean", "normalised",
              "spread", "disagreement", *(BLIND_HIDDEN if blind else ())}
    own = {k: v for k, v in entry.items() if k not in hidden}
    own["scores"] = [s for s in entry["scores"] if s["judge"] == judge.username]
    own["conflicts"] = [c for c in entry["conflicts"] if c["judge"] == judge.username]
    return own


def judge_queue(index: PrizeIndex, user: User | None, year: int) -> list[dict[str, Any]]:
    judge = _require(user, "judge")
    cycle = index.cycle(year) or {}
    return [_for_judge(e, judge, cycle.get("blind", False)) for e in index.entries(year, judges=judge.username)]


def judge_entry(index: PrizeIndex, user: User | None, entry_id: str) -> dict[str, Any]:
    judge = _require(user, "judge")
    entry = index.entry(entry_id)
    if entry is None or judge.username not in entry["judges"]:
        raise ActionRefused("{entry} is not assigned to you", entry=entry_id)
    return _for_judge(entry, judge, (index.cycle(entry["year"]) or {}).get("blind", False))


def standings(index: PrizeIndex, user: User | None, year: int, category: int | None = None) -> list[dict[str, Any]]:
    _require(user, "organiser")
    return index.entries(year, category=category)


def nominees(index: PrizeIndex, year: int, category: int | None = None) -> list[dict[str, Any]]:
    """The shortlist voters see (public)."""
    entries = index.entries(year, category=category, nominated=True, eligible=True)
    return [{k: e.get(k) for k in PUBLIC_FIELDS} for e in entries]


def results(index: PrizeIndex, user: User | None, year: int) -> list[dict[str, Any]]:
    """Winners and champions: public once the cycle is in its results phase, for organisers as soon as known."""
    cycle = index.cycle(year)
    if (cycle is None or cycle["phase"] != "results") and (user is None or user.role != "organiser"):
        return []
    finalists = index.entries(year, champion=True)
    ordered = sorted(finalists, key=lambda e: (e["category"], not e["winner"], e["vote_rank"] or 0))
    return [{k: e.get(k) for k in PUBLIC_FIELDS} for e in ordered]


def audit_trail(settings: Settings, user: User | None, year: int | None = None) -> list[dict[str, Any]]:
    """Every audited action, newest first, read from the audit topic."""
    _require(user, "organiser")
    consumer = kafka_consumer(settings, settings.topic_prize_audit, group_id=None, auto_offset_reset="earliest",
                              enable_auto_commit=False, consumer_timeout_ms=1500)
    try:
        records = [json.loads(m.value) for m in consumer]
    finally:
        consumer.close()
    return [r for r in reversed(records) if year is None or r.get("year") in (year, None)]


def export_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Shortlist and results as flat rows, one per entry, for CSV and XLSX exports."""
    rows = []
    for e in entries:
        row = {k: e.get(k) for k in ("category", "entry_id", "title", "organisation", "country", "region",
                                     "eligible", "score_count", "mean", "normalised", "disagreement", "nominated",
                                     "votes", "vote_rank", "champion", "winner")}
        for criterion in CRITERIA:
            marks = [s["criteria"][criterion] for s in e.get("scores", [])]
            row[f"mean {criterion}"] = sum(marks) / len(marks) if marks else None
        rows.append({k: spreadsheet_cell(v) for k, v in row.items()})
    return rows


def find_submissions(settings: Settings, ids: set[str]) -> dict[str, TaggedSubmission]:
    """The latest tagged version of each submission asked for, read from the tagged topic."""
    consumer = kafka_consumer(settings, settings.topic_tagged, group_id=None, auto_offset_reset="earliest",
                              enable_auto_commit=False, consumer_timeout_ms=1500)
    found: dict[str, TaggedSubmission] = {}
    try:
        for message in consumer:
            if message.key is not None and message.key.decode(errors="replace") in ids:
                tagged = read_tagged_record(message.value)
                if isinstance(tagged, WithdrawnSubmission):  # withdrawn: not to be entered
                    found.pop(tagged.submission_id, None)
                elif tagged.submission_id not in found or found[tagged.submission_id].version <= tagged.version:
                    found[tagged.submission_id] = tagged
    finally:
        consumer.close()
    return found


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False, sheet_name="WSIS Prizes", engine="openpyxl")
    return buffer.getvalue()
