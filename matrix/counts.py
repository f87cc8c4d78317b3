"""The count arithmetic behind the stream's tables.

Each project adds 1 to a few count keys: `measure|line|goal|region|year|stakeholder type`, for itself
("projects"), each line, each goal and each cell it evidences. The last contribution of each submission is
remembered; a new version first takes the old one's counts away, so an update moves counts, never adds them,
and the same version applied twice (Kafka delivers at least once) changes nothing.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any, NamedTuple

from schemas.matrix import Contribution

SEPARATOR = "|"


class Key(NamedTuple):
    measure: str
    line: str
    goal: str
    region: str
    year: int
    stakeholder_type: str


def count_keys(c: Contribution) -> list[str]:
    where = f"{c.region}{SEPARATOR}{c.year}{SEPARATOR}{c.stakeholder_type}"
    keys = [f"projects{SEPARATOR}{SEPARATOR}{SEPARATOR}{where}"]
    keys += [f"line{SEPARATOR}{line}{SEPARATOR}{SEPARATOR}{where}" for line in c.lines]
    keys += [f"goal{SEPARATOR}{SEPARATOR}{goal}{SEPARATOR}{where}" for goal in c.goals]
    keys += [f"cell{SEPARATOR}{cell}{SEPARATOR}{where}" for cell in c.cells]
    return keys


def parse_key(key: str) -> Key:
    measure, line, goal, region, year, stakeholder = key.split(SEPARATOR, 5)
    return Key(measure, line, goal, region, int(year), stakeholder)


def move(counts: MutableMapping[str, int], last: MutableMapping[str, Any], submission_id: str,
         new: Contribution | None, version: int) -> set[str]:
    """Record `new` (None: the submission was withdrawn) as the submission's contribution at `version`, taking
    its previous one away. An older version than the one recorded changes nothing. Returns the keys changed.
    `last` holds each submission's contribution as JSON (a Faust table's values are), with its version."""
    previous = last.get(submission_id)
    if previous is not None and previous["version"] > version:
        return set()
    delta: Counter[str] = Counter()
    if previous is not None and previous.get("contribution"):
        delta.subtract(count_keys(Contribution.model_validate(previous["contribution"])))
    if new is not None:
        delta.update(count_keys(new))
    changed = {key for key, d in delta.items() if d}
    for key in changed:
        value = counts.get(key, 0) + delta[key]
        if value:
            counts[key] = value
        elif key in counts:
            del counts[key]
    last[submission_id] = {"version": version, "contribution": new.model_dump(mode="json") if new else None}
    return changed


def recount(contributions: Iterable[Contribution]) -> Counter[str]:
    """The counts computed afresh from contributions: what the tables must equal."""
    counts: Counter[str] = Counter()
    for c in contributions:
        counts.update(count_keys(c))
    return counts


class Filter(NamedTuple):
    regions: frozenset[str] = frozenset()  # empty: all
    years: tuple[int, int] | None = None
    stakeholder_types: frozenset[str] = frozenset()

    def admits(self, key: Key) -> bool:
        return ((not self.regions or key.region in self.regions)
                and (self.years is None or self.years[0] <= key.year <= self.years[1])
                and (not self.stakeholder_types or key.stakeholder_type in self.stakeholder_types))


class Totals(NamedTuple):
    """What the rule reads: projects in all, per line, per goal and per cell ('line|goal')."""

    projects: int
    lines: dict[str, int]
    goals: dict[str, int]
    cells: dict[str, int]


def totals(counts: Mapping[str, int], where: Filter = Filter()) -> Totals:
    projects, lines, goals, cells = 0, Counter[str](), Counter[str](), Counter[str]()
    for raw, n in counts.items():
        key = parse_key(raw)
        if not where.admits(key):
            continue
        if key.measure == "projects":
            projects += n
        elif key.measure == "line":
            lines[key.line] += n
        elif key.measure == "goal":
            goals[key.goal] += n
        else:
            cells[f"{key.line}{SEPARATOR}{key.goal}"] += n
    return Totals(projects, dict(lines), dict(goals), dict(cells))
