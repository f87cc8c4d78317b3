"""The WSIS–SDG Matrix page, run by Streamlit's AppTest against the real search server, on a matrix index holding
what the matrix worker writes for 300 demo submissions: its figures are those of the rule, the filters and the
chosen cell live in the URL, a cell lists its projects with their evidence, and the page speaks French."""

import uuid
from collections import Counter
from pathlib import Path

import pytest
from conftest import make_settings
from streamlit.testing.v1 import AppTest

from matrix.contribution import contribution
from matrix.counts import parse_key, recount
from producers.demo import generate
from reports.hlpf_matrix import MatrixScope, build_matrix
from schemas.clients import search_client
from schemas.matrix import MatrixCount
from storage.matrix_index import MatrixIndex, matrix_index_name
from streams.processing import process_raw

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "app_pages" / "matrix.py")
CELL = "C7.e-health|3"


@pytest.fixture
def matrix(engines, use_settings) -> MatrixIndex:
    settings = use_settings(make_settings(*engines, prize_index=f"p{uuid.uuid4().hex[:8]}-prizes"))
    index = MatrixIndex(search_client(settings), matrix_index_name(settings), settings.index_layout)
    index.ensure()
    contributions = [contribution(process_raw(r.submission_id.encode(), r.value)) for r in generate(300, seed=23)]
    rows = [MatrixCount(key=k, count=n, **parse_key(k)._asdict()) for k, n in recount(contributions).items()]
    index.write(rows, [], contributions, [])
    index.refresh()
    return index


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_the_page_shows_the_rules_states_and_a_cells_projects(matrix) -> None:
    app = AppTest.from_file(PAGE, default_timeout=180).run()  # 180 s: a loaded 2-core machine
    assert not app.exception
    report = build_matrix(matrix, None, MatrixScope(years=(2000, app.number_input(key="matrix_to").value)))
    counts = report.state_counts()
    assert metrics(app) == {"Projects": str(report.totals.projects), "supported": str(counts["supported"]),
                            "proposed, no evidence yet": str(counts["unevidenced"]),
                            "emerging": str(counts["emerging"])}
    assert counts["supported"] > 0 and counts["unevidenced"] > 0

    app.selectbox(key="matrix_cell").select(CELL).run()
    expected = matrix.projects(CELL)
    assert len(expected) > 0
    assert app.query_params["cell"] == [CELL] or app.query_params["cell"] == CELL
    shown = [m.value for m in app.markdown if m.value.startswith("**")]
    assert len(shown) == len(expected)
    assert any("Why C7.e-health:" in m.value for m in app.markdown)
    assert [b.label for b in app.get("download_button")] == [f"Download {f}" for f in ("PDF", "XLSX", "CSV", "MD")]

    app.checkbox(key="matrix_finalists").check().run()  # no prize year yet: no finalist
    assert metrics(app)["Projects"] == "0"
    assert app.query_params["finalists"] in (["1"], "1")

    app.toggle(key="matrix_hlpf").set_value(True).run()  # the HLPF draft, the newest year first
    assert not app.exception
    assert app.selectbox(key="matrix_hlpf_year").value == 2025
    assert "WSIS contribution to the HLPF 2025" in [h.value for h in app.subheader]
    assert len(app.dataframe[-1].value) == 5  # SDGs 3, 5, 8, 14 and 17
    assert [b.label for b in app.get("download_button")][-3:] == ["Download PDF", "Download XLSX", "Download MD"]


def test_filters_come_from_the_url_and_count_what_they_admit(matrix) -> None:
    app = AppTest.from_file(PAGE, default_timeout=180)  # a loaded 2-core machine
    app.query_params.update({"region": "Africa", "from": "2010", "to": "2019", "cell": CELL, "lang": "fr"})
    app.session_state["language"] = "fr"
    app.run()
    assert not app.exception
    assert app.multiselect(key="matrix_regions").value == ["Africa"]
    assert app.selectbox(key="matrix_cell").value == CELL
    africa = [p for p in matrix.projects() if p.region == "Africa" and 2010 <= p.year <= 2019]
    assert metrics(app)["Projets"] == str(len(africa))
    in_cell = Counter(CELL in p.cells for p in africa)[True]
    assert len([m for m in app.markdown if m.value.startswith("**")]) == in_cell
    assert app.title[0].value == "Matrice SMSI–ODD"
    assert any("Pourquoi l'ODD 3 :" in m.value for m in app.markdown)
