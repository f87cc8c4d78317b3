"""Assigning entries to judges: N judges per entry, the least-loaded judges first, never a judge with a conflict
of interest (one they declared, or an entry from their own organisation)."""

import re
from collections import Counter
from dataclasses import dataclass, field

from schemas.users import User


def _entity(organisation: str) -> str:
    return " ".join(re.findall(r"\w+", organisation.casefold()))


def conflicted(judge: User, entry_id: str, organisation: str, declared: set[tuple[str, str]]) -> bool:
    same_organisation = bool(judge.organisation) and _entity(judge.organisation) == _entity(organisation)
    return same_organisation or (entry_id, judge.username) in declared


@dataclass
class AssignmentPlan:
    new: list[tuple[str, str]] = field(default_factory=list)  # (entry id, judge username) to assign
    short: dict[str, int] = field(default_factory=dict)  # entry id → judges still missing (too few free judges)
    full: list[str] = field(default_factory=list)  # entries that already had their judges: nothing to do


def balance(
    entries: list[tuple[str, str]],
    judges: list[User],
    per_entry: int,
    current: dict[str, list[str]],
    declared: set[tuple[str, str]],
) -> AssignmentPlan:
    """Top every entry (id, organisation) up to `per_entry` judges without a conflict. `current` holds the
    assignments made so far in the year (they count towards each judge's load); declared conflicts don't count
    as judges of the entry. The most constrained entries are served first, each by the least-loaded judges."""
    load = Counter(judge for judges_of in current.values() for judge in judges_of)
    plan = AssignmentPlan()

    def free_judges(entry_id: str, organisation: str) -> list[User]:
        taken = set(current.get(entry_id, []))
        return [j for j in judges if j.username not in taken and not conflicted(j, entry_id, organisation, declared)]

    for entry_id, organisation in sorted(entries, key=lambda e: (len(free_judges(*e)), e[0])):
        serving = [j for j in current.get(entry_id, []) if (entry_id, j) not in declared]
        needed = per_entry - len(serving)
        if needed <= 0:
            plan.full.append(entry_id)
            continue
        chosen = sorted(free_judges(entry_id, organisation), key=lambda j: (load[j.username], j.username))[:needed]
        for judge in chosen:
            load[judge.username] += 1
            plan.new.append((entry_id, judge.username))
        if len(chosen) < needed:
            plan.short[entry_id] = needed - len(chosen)
    return plan
