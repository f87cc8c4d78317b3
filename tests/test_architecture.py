"""The house's floors (README, "Architecture"): each package imports only from its own floor or the floors below,
packages on one floor never import each other in a circle, and no product module is over 300 lines."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from conftest import REPO

FLOORS = {
    "schemas": 0,  # models, read models and mappings of every index, settings, the clients, translations
    "tagging": 1, "prizes": 1, "matrix": 1,  # the domain: pure logic, no Faust, Kafka or Elasticsearch
    "storage": 2,  # topics, one small class per index, the users file
    "producers": 3, "streams": 3, "indexer": 3, "search": 3, "reports": 3,  # the stages and the read side
    "dashboard": 4, "wsis": 4,  # what people use
    "tools": 5,  # offline builders and checks
}
PURE = ("faust", "kafka", "elasticsearch", "aiokafka")  # what the domain floor never imports
MAX_LINES = 300


def modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"))
            for package in FLOORS for path in sorted((REPO / package).rglob("*.py"))}


def imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):  # imports inside functions count too
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_import_looks_down_or_sideways() -> None:
    upward = []
    for path, tree in modules().items():
        own = path.relative_to(REPO).parts[0]
        for name in imported(tree):
            top = name.split(".")[0]
            if top in FLOORS and FLOORS[top] > FLOORS[own]:
                upward.append(f"{path.relative_to(REPO)} imports {name} (floor {FLOORS[top]} > {FLOORS[own]})")
    assert not upward, "\n".join(upward)


def test_packages_import_each_other_in_no_circle() -> None:
    graph: dict[str, set[str]] = {package: set() for package in FLOORS}
    for path, tree in modules().items():
        own = path.relative_to(REPO).parts[0]
        graph[own] |= {name.split(".")[0] for name in imported(tree)} & set(FLOORS) - {own}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        raise AssertionError(f"packages import each other in a circle: {error.args[1]}") from error


def test_the_domain_floor_knows_no_engine() -> None:
    found = [f"{path.relative_to(REPO)} imports {name}" for path, tree in modules().items()
             if FLOORS[path.relative_to(REPO).parts[0]] == 1
             for name in imported(tree) if name.split(".")[0] in PURE]
    assert not found, "\n".join(found)


def test_no_product_module_is_over_300_lines() -> None:
    long = [f"{path.relative_to(REPO)}: {n} lines" for path in modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, "\n".join(long)


def test_the_floors_name_every_package() -> None:
    packages = {path.parent.name for path in REPO.glob("*/__init__.py")}
    assert packages - {"tests", "bench"} == set(FLOORS)
