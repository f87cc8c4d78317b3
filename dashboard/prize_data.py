"""What each signed-in user may see of the WSIS Prizes. Every query takes the user and refuses what their role
does not allow: a judge gets only their own assignments (and only their own scores), whatever the page asks."""

import io
from typing import Any

import pandas as pd

from producers.prize_actions import ActionRefused
from schemas.inert import spreadsheet_cell
from schemas.prize_documents import JudgeEntry, PrizeEntryDocument, PublicEntry
from schemas.prizes import CRITERIA, AuditRecord
from schemas.users import Role, User
from storage.prize_index import PrizeIndex

FOR_ROLE_ONLY: dict[Role, str] = {"judge": "this is for judges only", "organiser": "this is for organisers only"}


def _require(user: User | None, role: Role) -> User:
    if user is None or user.role != role:
        raise ActionRefused(FOR_ROLE_ONLY[role])
    return user


def _for_judge(entry: PrizeEntryDocument, judge: User, blind: bool) -> JudgeEntry:
    """An entry as its judge sees it: their own score and conflict only; no organisation or country when blind."""
    shown = entry.model_dump(include=set(JudgeEntry.model_fields) - {"scores", "conflicts"}) | {"blind": blind}
    if blind:
        shown |= {"organisation": None, "stakeholder_type": None, "country": None, "region": None}
    return JudgeEntry(**shown, scores=[s for s in entry.scores if s.judge == judge.username],
                      conflicts=[c for c in entry.conflicts if c.judge == judge.username])


def _blind(index: PrizeIndex, year: int) -> bool:
    cycle = index.cycle(year)
    return cycle is not None and cycle.blind


def judge_queue(index: PrizeIndex, user: User | None, year: int) -> list[JudgeEntry]:
    judge = _require(user, "judge")
    blind = _blind(index, year)
    return [_for_judge(e, judge, blind) for e in index.entries(year, judges=judge.username)]


def judge_entry(index: PrizeIndex, user: User | None, entry_id: str) -> JudgeEntry:
    judge = _require(user, "judge")
    entry = index.entry(entry_id)
    if entry is None or judge.username not in entry.judges:
        raise ActionRefused("{entry} is not assigned to you", entry=entry_id)
    return _for_judge(entry, judge, _blind(index, entry.year))


def standings(index: PrizeIndex, user: User | None, year: int, category: int | None = None) -> list[PrizeEntryDocument]:
    _require(user, "organiser")
    return index.entries(year, category=category)


def _public(entry: PrizeEntryDocument) -> PublicEntry:
    return PublicEntry(**entry.model_dump(include=set(PublicEntry.model_fields)))


def nominees(index: PrizeIndex, year: int, category: int | None = None) -> list[PublicEntry]:
    """The shortlist voters see (public)."""
    return [_public(e) for e in index.entries(year, category=category, nominated=True, eligible=True)]


def results(index: PrizeIndex, user: User | None, year: int) -> list[PublicEntry]:
    """Winners and champions: public once the cycle is in its results phase, for organisers as soon as known."""
    cycle = index.cycle(year)
    if (cycle is None or cycle.phase != "results") and (user is None or user.role != "organiser"):
        return []
    finalists = index.entries(year, champion=True)
    ordered = sorted(finalists, key=lambda e: (e.category, not e.winner, e.vote_rank or 0))
    return [_public(e) for e in ordered]


def audit_trail(index: PrizeIndex, user: User | None, year: int | None = None) -> list[AuditRecord]:
    """Every audited action, newest first, from the audit index (the prizes worker indexes the audit topic)."""
    _require(user, "organiser")
    return index.audit(year)


def export_rows(entries: list[PrizeEntryDocument]) -> list[dict[str, Any]]:
    """Shortlist and results as flat rows, one per entry, for CSV and XLSX exports."""
    rows = []
    for e in entries:
        row = {k: getattr(e, k) for k in ("category", "entry_id", "title", "organisation", "country", "region",
                                     "eligible", "score_count", "mean", "normalised", "disagreement", "nominated",
                                     "votes", "vote_rank", "champion", "winner")}
        for criterion in CRITERIA:
            marks = [s.criteria[criterion] for s in e.scores]
            row[f"mean {criterion}"] = sum(marks) / len(marks) if marks else None
        rows.append({k: spreadsheet_cell(v) for k, v in row.items()})
    return rows


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False, sheet_name="WSIS Prizes", engine="openpyxl")
    return buffer.getvalue()
