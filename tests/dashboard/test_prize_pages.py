"""The WSIS Prizes pages, run by Streamlit's AppTest against the real servers: sign-in, a link to a role's page, a
judge's queue (only their own assignments, only their own scores, blind mode), score entry through the form (every
criterion marked by hand); the organiser's tables, their refresh after an action, the reasons an action does nothing,
and a refused action in French and Arabic."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import read_all, read_topic, wait_until
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import i18n
from dashboard.i18n import catalog
from dashboard.prize_data import judge_entry, judge_queue, nominees, results, standings
from prizes.documents import eligibility_of, year_documents
from prizes.state import TABLES, all_entries, apply, year_state
from prizes.voting import VoteLimits
from producers.prize_actions import ActionRefused, PrizeActions
from schemas.clients import search_client
from schemas.prize_documents import PrizeCycleDocument
from schemas.prizes import (
    CRITERIA,
    PHASES,
    CycleOpened,
    EntryNominated,
    EntrySubmitted,
    JudgeAssigned,
    PhaseChanged,
    ScoreSubmitted,
)
from schemas.reference import PRIZE_CATEGORIES
from schemas.users import User
from storage.prize_index import PrizeIndex
from storage.prize_topics import ensure_prize_topics
from storage.users import add_user

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")
J1 = User(username="j1", role="judge", name="Judge One", organisation="University of Nairobi")
J2 = User(username="j2", role="judge", organisation="Other")
ORGANISER = User(username="org", role="organiser")


def prize_year(blind: bool, voting: bool = False) -> tuple[list, list]:
    """A 2026 cycle in its nomination phase: 6 entries, j1 judges three of them, j2 four; j2 scored two; the last
    one, in French, is not eligible. Or, `voting`, in its voting phase with entries 0 and 1 on the shortlist."""
    phases = ("nomination", "voting") if voting else ("nomination",)
    events: list = [CycleOpened(actor="org", year=2026, dates={}, blind=blind)]
    events += [PhaseChanged(actor="org", year=2026, phase=phase) for phase in phases]
    for i in range(6):
        events.append(EntrySubmitted(
            actor="org", year=2026, entry_id=f"2026-01-P{i}", category=1, project_id=f"P{i}",
            title=f"Project number {i} **bold**", organisation=f"Organisation {i}", stakeholder_type="Academia",
            country="Kenya", region="Africa", status="completed", language="fr" if i == 5 else "en",
            short_description=" ".join([f"word{i}"] * 150), description=f"description {i} " * 10))
        for judge in (["j1"] if i % 2 == 0 else []) + (["j2"] if i < 4 else []):
            events.append(JudgeAssigned(actor="org", year=2026, entry_id=f"2026-01-P{i}", judge=judge))
    events += [ScoreSubmitted(actor="j2", year=2026, entry_id=f"2026-01-P{i}", judge="j2",
                              criteria=dict.fromkeys(CRITERIA, 7), comment="j2's private comment") for i in (0, 1)]
    events += [EntryNominated(actor="org", year=2026, entry_id=f"2026-01-P{i}") for i in (0, 1) if voting]
    tables: dict = {name: {} for name in TABLES}
    for event in events:
        apply(tables, event, VoteLimits(10, 600))
    entries = all_entries(tables)
    state = year_state(tables, 2026, entries)
    return year_documents(state, eligibility_of(state, entries)), \
        [PrizeCycleDocument.model_validate(tables["cycles"]["2026"])]


@pytest.fixture
def prizes(request, settings, use_settings, tmp_path):
    blind = getattr(request, "param", False)
    settings = settings.model_copy(update={"users_file": tmp_path / "users.toml"})  # prize names of its own
    ensure_prize_topics(use_settings(settings))
    for user in (J1, J2, ORGANISER):
        add_user(settings.users_path, user, f"{user.username}-secret")
    index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
    index.ensure()
    index.write(*prize_year(blind))
    return settings, index, blind


def signed_in(username: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30).run()
    app.switch_page("app_pages/sign_in.py").run()
    app.text_input[0].input(username)
    app.text_input[1].input(f"{username}-secret")
    app.button[0].click().run()
    assert not app.exception
    return app


@pytest.mark.parametrize("prizes", [False, True], ids=["open", "blind"], indirect=True)
def test_a_judge_sees_and_scores_only_their_own_assignments(prizes) -> None:
    settings, index, blind = prizes
    app = signed_in("j1")
    assert app.session_state["user"].username == "j1"
    app.switch_page("app_pages/judge_queue.py").run()
    assert not app.exception
    labels = [e.label for e in app.expander]
    assert len(labels) == 3 and all(any(f"Project number {i}" in label for label in labels) for i in (0, 2, 4))
    shown = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert "private comment" not in shown and "word1" not in shown and "word0" in shown
    assert ("Organisation 0" in shown) is (not blind)
    if blind:  # security finding 7: no id a public search turns into the organisation, nor in the widgets' keys
        everything = shown + " ".join(labels) + " ".join(w.form_id for w in [*app.radio, *app.button, *app.text_input])
        assert "P0" not in everything and "Entry 1" in shown
    assert "0 of 3 entries scored" in app.get("progress")[0].proto.text

    assert all(radio.value is None for radio in app.radio)  # no mark until the judge gives one
    for radio, mark in zip(app.radio[:8], [1, 2, 3, 4, 5, 6, 7, 8], strict=True):
        radio.set_value(mark)
    app.text_area[0].input("clear and replicable")
    app.button[0].click().run()  # "Submit score" of the first entry
    assert not app.exception and app.success
    event = json.loads(read_topic(settings, settings.topic_prize_scores, 1)[0].value)
    assert (event["judge"], event["entry_id"], event["comment"]) == ("j1", "2026-01-P0", "clear and replicable")
    assert list(event["criteria"].values()) == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("prizes", [False, True], ids=["open", "blind"], indirect=True)
def test_the_data_layer_refuses_what_the_role_does_not_allow(prizes) -> None:
    _, index, blind = prizes
    assert [e.entry_id for e in judge_queue(index, J1, 2026)] == ["2026-01-P0", "2026-01-P2", "2026-01-P4"]
    own = judge_entry(index, J2, "2026-01-P0")
    assert [s.judge for s in own.scores] == ["j2"] and "judges" not in own.source() and "mean" not in own.source()
    assert (own.organisation == "Organisation 0") is (not blind) and own.blind is blind
    for refused in (lambda: judge_entry(index, J1, "2026-01-P1"), lambda: judge_queue(index, ORGANISER, 2026),
                    lambda: judge_queue(index, None, 2026), lambda: standings(index, J1, 2026)):
        with pytest.raises(ActionRefused):
            refused()
    assert len(standings(index, ORGANISER, 2026)) == 6
    assert results(index, None, 2026) == [] and nominees(index, 2026) == []


def test_pages_by_role(prizes) -> None:
    anonymous = AppTest.from_file(APP, default_timeout=30).run()
    assert not anonymous.exception
    assert "user" not in anonymous.session_state
    with pytest.raises(ValueError, match="judge_queue"):  # not in a visitor's navigation
        anonymous.switch_page("app_pages/judge_queue.py").run()
    organiser = signed_in("org")
    organiser.switch_page("app_pages/organiser.py").run()
    assert not organiser.exception
    assert "Phase: Expert nomination" in [h.value for h in organiser.subheader]
    wrong = AppTest.from_file(APP, default_timeout=30).run()
    wrong.switch_page("app_pages/sign_in.py").run()
    wrong.text_input[0].input("j1")
    wrong.text_input[1].input("not the password")
    wrong.button[0].click().run()
    assert wrong.error and "user" not in wrong.session_state


def test_a_registered_voter_votes_and_results_wait_for_their_phase(prizes) -> None:
    settings, index, _ = prizes
    index.write(*prize_year(blind=False, voting=True))
    add_user(settings.users_path, User(username="voter1", role="public"), "voter1-secret")
    visitor = AppTest.from_file(APP, default_timeout=30).run()
    visitor.switch_page("app_pages/prize_results.py").run()
    assert not visitor.exception and "not announced" in visitor.info[0].value

    voter = signed_in("voter1")
    voter.switch_page("app_pages/voting.py").run()
    assert not voter.exception
    assert [h.value for h in voter.subheader] == ["Project number 0 \\*\\*bold\\*\\*",
                                                  "Project number 1 \\*\\*bold\\*\\*"]
    voter.button(key="vote-2026-01-P1").click().run()
    assert not voter.exception and voter.success
    event = json.loads(read_topic(settings, settings.topic_prize_votes, 1)[0].value)
    assert (event["voter"], event["entry_id"], event["category"]) == ("voter1", "2026-01-P1", 1)


def reading(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """AppTest formats a select box's choice again in the test's own thread (to send it back on the next run), and
    no session there says the language: the pages and the test both read it from here."""
    monkeypatch.setattr(i18n, "current_language", lambda: language)


def test_the_organiser_console_in_french_shows_headings_not_field_names(prizes, monkeypatch) -> None:
    reading(monkeypatch, "fr")
    organiser = signed_in("org")
    organiser.switch_page("app_pages/organiser.py").run()
    assert not organiser.exception
    standings_table, audit_table = (frame.value for frame in organiser.dataframe)
    assert list(standings_table.columns[:6]) == ["Catégorie", "Dossier", "Titre", catalog("fr")["Eligible"],
                                                 catalog("fr")["Why not eligible"], "Organisation"]
    assert not [c for c in standings_table.columns if re.fullmatch(r"[a-z]+(_[a-z]+)+", c)]
    assert not {"category", "entry_id", "title", "eligible", "mean", "votes", "winner"} & set(standings_table.columns)
    assert standings_table["Catégorie"].iloc[0] == f"1. {catalog('fr')[PRIZE_CATEGORIES[1]['name']]}"
    assert list(audit_table.columns) == ["Quand", "Qui", "Rôle", "Action", "Résultat", "Détail"]
    why = standings_table.set_index("Dossier")[catalog("fr")["Why not eligible"]]
    assert why["2026-01-P5"] == catalog("fr")["entries must be in English; this one reads as '{language}'"].format(
        language="fr") and why["2026-01-P4"] == ""
    assert organiser.multiselect[0].label == "Nominer" and organiser.multiselect[0].placeholder == "Choisir des options"
    assert {box.placeholder for box in organiser.main.selectbox} == {"Choisir une option"}


def test_a_refused_action_is_shown_in_the_users_language(prizes, monkeypatch, start_stage) -> None:
    settings, index, _ = prizes
    start_stage("prizes-worker", settings)  # it indexes the audit topic, which the audit tab reads
    reading(monkeypatch, "ar")
    organiser = signed_in("org")
    organiser.switch_page("app_pages/organiser.py").run()
    organiser.number_input[0].set_value(2026)  # the year of the cycle already open
    next(b for b in organiser.button if b.label == catalog("ar")["Open the cycle"]).click().run()
    assert [e.value for e in organiser.error] == ["دورة جوائز 2026 مفتوحة بالفعل"]
    assert wait_until(lambda: len(index.audit(2026)) == 1, 60)
    organiser.run()
    audit_table = organiser.dataframe[1].value
    assert audit_table[catalog("ar")["Detail"]].iloc[0] == "دورة جوائز 2026 مفتوحة بالفعل"  # the newest line

    index.write(*prize_year(blind=False, voting=True))  # judges score before public voting, not during it
    reading(monkeypatch, "fr")
    judge = signed_in("j1")
    judge.switch_page("app_pages/judge_queue.py").run()
    for radio in judge.radio[:8]:
        radio.set_value(6)
    next(b for b in judge.button if b.label == "Envoyer la note").click().run()
    assert [e.value for e in judge.error] == ["« noter » se fait pendant la phase « nomination par les experts » ; "
                                              "le cycle 2026 est en phase « vote public »"]


def at_address(app: AppTest, url_path: str) -> AppTest:
    """The page a browser opens at /<url_path> (a link, a reload): AppTest switches pages by script file only, and
    a role's page is at that address before sign-in too, as the sign-in that leads to it."""
    app._page_hash = calc_hash(url_path)
    return app


def test_a_link_to_a_judges_page_signs_in_then_shows_it(prizes) -> None:
    visitor = AppTest.from_file(APP, default_timeout=30).run()
    at_address(visitor, "judge_queue").run()
    assert not visitor.exception
    assert [h.value for h in visitor.title] == ["My assignments"]
    assert "This page is for judges: sign in to open it." in [i.value for i in visitor.info]
    visitor.text_input[0].input("j1")
    visitor.text_input[1].input("j1-secret")
    visitor.button[0].click().run()
    assert not visitor.exception and visitor.session_state["user"].username == "j1"
    assert len(visitor.expander) == 3 and visitor.get("progress")  # the queue itself, at the same address

    organiser = signed_in("org")  # another role: told who they are, offered the sign-in
    at_address(organiser, "judge_queue").run()
    assert not organiser.exception and not organiser.expander
    assert "You are signed in as org (organiser)." in [w.value for w in organiser.warning]


def test_the_judge_must_mark_every_criterion_and_a_score_given_fills_the_form(prizes) -> None:
    settings, _, _ = prizes
    app = signed_in("j1")
    app.switch_page("app_pages/judge_queue.py").run()
    for radio in app.radio[:3]:
        radio.set_value(9)
    app.button[0].click().run()  # "Submit score" of the first entry, five criteria untouched
    assert not app.exception and not app.success
    names = list(CRITERIA.values())
    assert [e.value for e in app.error] == [
        "Give a mark for every criterion; still without a mark: " + "; ".join(names[3:])]
    assert read_all(settings, settings.topic_prize_scores) == []  # nothing published

    scored = signed_in("j2")  # j2 scored entries 0 and 1 with 7 on every criterion
    scored.switch_page("app_pages/judge_queue.py").run()
    assert [r.value for r in scored.radio[:8]] == [7] * 8 and [r.value for r in scored.radio[8:16]] == [7] * 8
    assert all(r.value is None for r in scored.radio[16:])


def organiser_console(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    reading(monkeypatch, "en")
    organiser = signed_in("org")
    organiser.switch_page("app_pages/organiser.py").run()
    assert not organiser.exception
    return organiser


def test_the_prize_year_box_shows_the_newest_year(prizes, monkeypatch) -> None:
    _, index, _ = prizes
    cycle = prize_year(blind=False)[1][0]
    index.write([], [cycle.model_copy(update={"year": 2024}), cycle.model_copy(update={"year": 2025})])
    organiser = organiser_console(monkeypatch)
    year_box = next(box for box in organiser.main.selectbox if box.label == "Prize year")
    assert year_box.options == ["2026", "2025", "2024"] and year_box.value == 2026


def test_an_assignment_that_does_nothing_says_why(prizes, monkeypatch) -> None:
    organiser = organiser_console(monkeypatch)
    next(n for n in organiser.number_input if n.label == "Judges per entry").set_value(1)
    next(b for b in organiser.button if b.label == "Assign").click().run()
    assert not organiser.exception
    shown = [i.value for i in organiser.info]
    assert "0 new assignments" in shown and "5 entries already had 1 judges or more" in shown
    assert not organiser.success  # nothing was published

    next(box for box in organiser.main.selectbox if box.label == "Category").set_value(2)
    next(b for b in organiser.button if b.label == "Assign").click().run()
    assert [e.value for e in organiser.error] == ["category 2 has no entries in 2026"]

    settings, index, _ = prizes
    ineligible = index.entry("2026-01-P5")
    index.write([ineligible.model_copy(update={"entry_id": "2026-03-P5", "category": 3})], [])
    actions = PrizeActions(settings, index)
    try:
        with pytest.raises(ActionRefused, match="^no judges are registered"):
            actions.assign(ORGANISER, 2026, 1, [], 1)
        with pytest.raises(ActionRefused, match="^none of the 1 entries of category 3 is eligible"):
            actions.assign(ORGANISER, 2026, 3, [J1, J2], 1)
    finally:
        actions.close()


def test_opening_a_cycle_shows_it_without_leaving_the_page(prizes, monkeypatch, start_stage) -> None:
    settings, index, _ = prizes
    start_stage("prizes-worker", settings)
    warm_up = PrizeActions(settings, index)  # the worker reads its topics (on a loaded machine that takes a while)
    warm_up.open_cycle(ORGANISER, 2030, {phase: dt.date(2030, i + 1, 1) for i, phase in enumerate(PHASES)})
    warm_up.close()
    assert wait_until(lambda: index.cycle(2030) is not None, 120)
    organiser = organiser_console(monkeypatch)
    next(n for n in organiser.number_input if n.label == "Prize year").set_value(2031)
    next(b for b in organiser.button if b.label == "Open the cycle").click().run(timeout=60)
    assert not organiser.exception and index.cycle(2031) is not None
    assert "Cycle opened." in [s.value for s in organiser.success]  # said again after the refresh
    year_box = next(box for box in organiser.main.selectbox if box.label == "Prize year")
    assert year_box.value == 2031 and "2031" in year_box.options
    assert "Phase: Submission" in [h.value for h in organiser.subheader]
