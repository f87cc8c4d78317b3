"""Balanced assignment of judges without conflicts of interest."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from prizes.assignment import balance, conflicted
from schemas.users import User

JUDGES = [User(username=f"j{i}", role="judge", organisation=f"Org {i}") for i in range(4)]


def test_n_judges_per_entry_balanced_and_never_their_own_organisation() -> None:
    entries = [(f"E{i:02d}", "Org 0" if i % 5 == 0 else f"Entrant {i}") for i in range(30)]
    plan = balance(entries, JUDGES, 3, {}, set())
    judges_of: dict[str, list[str]] = {}
    for entry_id, judge in plan.new:
        judges_of.setdefault(entry_id, []).append(judge)
    assert all(len(set(j)) == 3 for j in judges_of.values()) and len(judges_of) == 30 and not plan.short
    assert all("j0" not in judges_of[e] for e, organisation in entries if organisation == "Org 0")
    load = Counter(judge for _, judge in plan.new)
    assert max(load.values()) - min(load.values()) <= 1


def test_declared_conflicts_are_respected_and_shortfalls_reported() -> None:
    entries = [("E1", "Entrant"), ("E2", "Org 1")]
    declared = {("E1", "j0"), ("E1", "j2"), ("E2", "j3")}
    plan = balance(entries, JUDGES, 2, {}, declared)
    assert sorted(plan.new) == [("E1", "j1"), ("E1", "j3"), ("E2", "j0"), ("E2", "j2")]
    plan = balance(entries, JUDGES, 3, {}, declared)
    assert plan.short == {"E1": 1, "E2": 1}


def test_topping_up_replaces_a_judge_who_declared_a_conflict_after_assignment() -> None:
    current = {"E1": ["j0", "j1"], "E2": ["j2", "j3"]}
    plan = balance([("E1", "Entrant"), ("E2", "Entrant")], JUDGES, 2, current, {("E1", "j1")})
    assert plan.new == [("E1", "j2")]  # j2 and j3 carry one entry each like j0; j2 comes first by name


def test_conflict_is_case_and_space_insensitive() -> None:
    judge = User(username="ja", role="judge", organisation="University of  Nairobi")
    assert conflicted(judge, "E1", "university of nairobi", set())
    assert not conflicted(User(username="jb", role="judge"), "E1", "", set())


@given(st.lists(st.sampled_from(["Org 0", "Org 1", "Other", "Else"]), max_size=40),
       st.integers(min_value=1, max_value=3))
def test_no_entry_gets_a_conflicted_or_repeated_judge(organisations: list[str], per_entry: int) -> None:
    entries = [(f"E{i}", organisation) for i, organisation in enumerate(organisations)]
    plan = balance(entries, JUDGES, per_entry, {}, set())
    organisation_of = dict(entries)
    assert len(set(plan.new)) == len(plan.new)
    for entry_id, judge in plan.new:
        assert organisation_of[entry_id] != f"Org {judge[1:]}"
    assigned = Counter(entry_id for entry_id, _ in plan.new)
    assert all(assigned[e] + plan.short.get(e, 0) == per_entry for e, _ in entries)
