"""The evidence-based WSIS–SDG Matrix: what one tagged submission contributes to it, and the documents of the
matrix index (storage/matrix_index.py) with their mapping.

A *cell* is an action line with an SDG ("C3|4") or with an SDG target ("C3|4.4"); a *goal* is an SDG ("4") or a
target ("4.4"). The index holds two kinds of document: the stream's count table, one document per count key,
and one document per project with the cells it evidences and the sentences behind them.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field

CellState = Literal["supported", "unevidenced", "emerging", "observed"]
Measure = Literal["projects", "line", "goal", "cell"]


class Contribution(BaseModel):
    """Which lines, goals and cells one tagged submission evidences, and where it counts."""

    submission_id: str
    version: int
    region: str
    year: int
    stakeholder_type: str
    title: str = ""
    organisation: str = ""
    lines: list[str] = Field(default_factory=list, description="action lines with phrase evidence")
    goals: list[str] = Field(default_factory=list, description="SDGs ('3') and targets ('3.8') with phrase evidence")
    cells: list[str] = Field(default_factory=list, description="'C7.e-health|3', 'C7.e-health|3.8'")
    evidence: dict[str, list[str]] = Field(
        default_factory=dict, description="line or goal → the sentences (phrases) that evidence it")


class MatrixCount(BaseModel):
    """One row of the stream's count table, as indexed."""

    key: str
    measure: Measure
    line: str = ""
    goal: str = ""
    region: str
    year: int
    stakeholder_type: str
    count: int


class CellView(BaseModel):
    """One cell of the matrix as the dashboard and the reports show it."""

    line: str
    goal: str
    projects: int
    expected: float = Field(description="projects expected if line and goal were independent")
    lift: float
    lift_lower: float = Field(description="one-sided 95% lower bound of the lift")
    proposed: bool
    state: CellState


_KEYWORD = {"type": "keyword"}
MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "doc": _KEYWORD,  # "count" or "project"
        "key": _KEYWORD, "measure": _KEYWORD, "line": _KEYWORD, "goal": _KEYWORD,
        "count": {"type": "integer"},
        "submission_id": _KEYWORD, "version": {"type": "integer"},
        "region": _KEYWORD, "year": {"type": "integer"}, "stakeholder_type": _KEYWORD,
        "title": {"type": "keyword", "index": False}, "organisation": {"type": "keyword", "index": False},
        "lines": _KEYWORD, "goals": _KEYWORD, "cells": _KEYWORD,
        "evidence": {"type": "object", "enabled": False},
    },
}
