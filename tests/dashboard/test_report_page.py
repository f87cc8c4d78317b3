"""The regional report page, run by Streamlit's AppTest against the real search server: it shows the numbers of
the one report function (the one `wsis report` writes), and counts that match the generated records; its key
figures' labels fit a metric in every language, the full label in their help."""

from pathlib import Path

import pytest
from conftest import index_demo
from streamlit.testing.v1 import AppTest

import dashboard.data  # noqa: F401  (before AppTest puts app_pages/ on sys.path, where search.py hides `search`)
from reports.figures import Scope, build_report
from schemas.translation import LANGUAGES, translator

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "app_pages" / "report.py")
SHORT = {"Submissions": "Projects", "Countries": "Countries", "Organisations": "Organisations",
         "Action lines covered": "Action lines", "SDGs covered": "SDGs", "Completed projects": "Completed"}
LONGEST_LABEL = 24  # characters: three metrics a row leave each about 35 on a laptop's screen


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
    assert metrics(app) == {SHORT[k.label]: (str(k.value), str(k.change)) for k in report.key_figures()}
    assert [m.help for m in app.metric] == [f"{k.label}: {k.value} in 2016–2020, {k.previous} in 2011–2015."
                                            for k in report.key_figures()]
    assert [b.label for b in app.get("download_button")] == [f"Download {f}" for f in ("PDF", "XLSX", "CSV", "MD")]
    assert [(s.label, s.state) for s in app.status] == [("Report ready: Americas, 2016–2020", "complete")]
    captions = [c.value for c in app.caption]
    assert any(c.startswith("Top projects: WSIS Prize winners first") for c in captions)
    assert any(c.startswith("Countries count in their ITU region. A territory counts") for c in captions)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_key_figure_labels_fit_in_every_language(indexed, language: str) -> None:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.query_params.update({"region": "Europe", "from": "2012", "to": "2019", "lang": language})
    app.run()
    assert not app.exception
    t = translator(language)
    assert [m.label for m in app.metric] == [t(short) for short in SHORT.values()]
    for metric, label in zip(app.metric, SHORT, strict=True):
        assert len(metric.label) <= LONGEST_LABEL, metric.label
        assert metric.help.startswith(t(label)), metric.help  # the full label, with both periods' values


def test_changing_region_and_period_follows_the_url(indexed) -> None:
    index, _ = indexed
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.query_params.update({"region": "Europe", "from": "2012", "to": "2019"})
    app.run()
    assert app.selectbox(key="report_region").value == "Europe"
    report = build_report(index, Scope("Europe", 2012, 2019))
    assert metrics(app)["Projects"] == (str(report.current.submissions), str(report.key_figures()[0].change))

    app.selectbox(key="report_region").select(None).run()
    everywhere = build_report(index, Scope(None, 2012, 2019))
    assert metrics(app)["Projects"][0] == str(everywhere.current.submissions)
    assert {k: v for k, v in app.query_params.items() if k != "lang"} == {"from": "2012", "to": "2019"}

    app.number_input(key="report_from").set_value(2020).run()
    assert [e.value for e in app.error] == ["The period starts after it ends."]
