"""The regional report page, run by Streamlit's AppTest against the real search server: it shows the numbers of
the one report function (the one `wsis report` writes), and counts that match the generated records."""

from pathlib import Path

import pytest
from conftest import index_demo
from streamlit.testing.v1 import AppTest

from reports.figures import Scope, build_report

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "app_pages" / "report.py")


@pytest.fixture
def indexed(settings, use_settings):
    """200 demo submissions indexed; the dashboard reads the test's settings."""
    return index_demo(use_settings(settings), 200, seed=71)


def metrics(app: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in app.metric}


def test_a_regional_office_lands_on_its_region_with_the_reports_figures(indexed) -> None:
    index, records = indexed
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.session_state["user_region"] = "Americas"
    app.query_params.update({"from": "2016", "to": "2020"})
    app.run()
    assert not app.exception
    assert app.selectbox(key="report_region").value == "Americas"
    expected = sum(r.submission.region == "Americas" and 2016 <= r.submission.start_date.year <= 2020
                   for r in records)
    report = build_report(index, Scope("Americas", 2016, 2020))
    assert report.current.submissions == expected > 0
    assert metrics(app) == {k.label: (str(k.value), str(k.change)) for k in report.key_figures()}
    assert [b.label for b in app.get("download_button")] == [f"Download {f}" for f in ("PDF", "XLSX", "CSV", "MD")]


def test_changing_region_and_period_follows_the_url(indexed) -> None:
    index, _ = indexed
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.query_params.update({"region": "Europe", "from": "2012", "to": "2019"})
    app.run()
    assert app.selectbox(key="report_region").value == "Europe"
    report = build_report(index, Scope("Europe", 2012, 2019))
    assert metrics(app)["Submissions"] == (str(report.current.submissions), str(report.key_figures()[0].change))

    app.selectbox(key="report_region").select(None).run()
    everywhere = build_report(index, Scope(None, 2012, 2019))
    assert metrics(app)["Submissions"][0] == str(everywhere.current.submissions)
    assert {k: v for k, v in app.query_params.items() if k != "lang"} == {"from": "2012", "to": "2019"}

    app.number_input(key="report_from").set_value(2020).run()
    assert [e.value for e in app.error] == ["The period starts after it ends."]
