"""The dashboard in a real browser (Debian's Chromium driven by Playwright) over the real pipeline: `wsis worker`,
`wsis index`, `wsis prizes-worker` and `wsis dashboard` run as child processes against Apache Kafka and Elasticsearch.

The journey: a project submitted through the form → found in search with its tags (by keyboard) → scored by a
judge (every criterion marked by hand), who stays signed in through a reload; a link to the judge's page signs in and
opens it → shortlisted by an organiser → voted for by the public → in the regional report, downloaded. Every page is
photographed in English, French and Arabic (under the test's folder and bench/out/screenshots/), every input must
have an accessible name (computed by Chromium itself), and every chart a table of its figures.

Then what `wsis up --demo` leaves, made by the same functions (a smaller demo): a demo judge, signed in with the
password the demo printed, scores an entry of the demo's 2026 cycle and sees it counted; the demo voter votes in
the 2025 cycle and sees the tally move.
"""

import csv
import datetime as dt
import io
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, make_settings, record_figure, wait_until
from playwright.sync_api import Browser, Page, expect, sync_playwright

from dashboard.i18n import LANGUAGES, catalog
from producers.demo import generate, publish_demo
from producers.demo_cycle import DEMO_YEAR, VOTING_YEAR, run_demo_cycles
from producers.prize_actions import PrizeActions, entry_from_document
from producers.publisher import SubmissionPublisher
from schemas.clients import search_client
from schemas.prizes import CRITERIA, PHASES
from schemas.settings import Settings
from schemas.users import User
from search.submissions import get_document
from storage.prize_index import PrizeIndex
from storage.prize_topics import ensure_prize_topics
from storage.submission_index import SubmissionIndex
from storage.topics import ensure_topics
from storage.users import DEMO_USERS, add_demo_users, add_user
from wsis.local_servers import free_port, wait_for_port
from wsis.stage_process import StageProcess
from wsis.supervisor import DEMO_INVALID_SHARE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SHOWN_IN = ("en", "fr", "ar")
REPORT_TITLE = "WSIS Stocktaking regional report: {region}, {period}"
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")
expect.set_options(timeout=60_000)  # two CPU cores shared by four stages, the servers and the browser
SCREENSHOTS = REPO / "bench" / "out" / "screenshots"
ORGANISER = User(username="organiser", role="organiser", name="Prize organiser", organisation="ITU")
JUDGE = User(username="judge1", role="judge", name="Judge One", organisation="University of Nairobi")
VOTER = User(username="voter1", role="public", name="A registered voter")
TITLE = f"Telemedicine network for rural clinics {uuid.uuid4().hex[:6]}"
DESCRIPTION = ("Connects rural health clinics to specialist doctors through telemedicine, electronic health "
               "records and mobile health messages for maternal care and vaccination.")
SHORT = " ".join(["Nurses in rural clinics consult specialist doctors by video and share health records."] * 12)
DEMO_SIZE = 100  # `wsis up --demo` publishes 1,000; 100 give each demo year four or five entries


class Dashboard:
    """The dashboard's URL, its settings, and where the screenshots go."""

    def __init__(self, settings: Settings, shots: Path) -> None:
        self.settings, self.shots = settings, shots
        self.url = f"http://127.0.0.1:{settings.dashboard_port}"
        self.index = PrizeIndex(search_client(settings), settings.prize_index, settings.index_layout)
        self.saved: list[Path] = []

    def open(self, page: Page, path: str, language: str, **query: str) -> None:
        page.goto(f"{self.url}/{path}?" + "&".join(f"{k}={v}" for k, v in {"lang": language, **query}.items()))
        expect(page.locator("html")).to_have_attribute("lang", language)

    def shoot(self, page: Page, name: str) -> None:
        path = self.shots / f"{name}.png"
        width = page.viewport_size["width"] if page.viewport_size else 1280
        height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        page.set_viewport_size({"width": width, "height": min(max(height, 900), 5000)})  # the page scrolls inside
        page.wait_for_timeout(500)  # let the charts draw at the new size
        page.screenshot(path=path)
        page.set_viewport_size({"width": width, "height": 1400})
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / path.name)
        self.saved.append(path)


@pytest.fixture(scope="module")
def dashboard(engines: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    folder = tmp_path_factory.mktemp("browser")
    run = f"b{uuid.uuid4().hex[:8]}"
    settings = make_settings(
        *engines, data_dir=folder / "data", users_file=folder / "users.toml", status_index=f"{run}-status",
        prize_index=f"{run}-prizes", prizes_worker_id=f"{run}-prizes", prizes_web_port=free_port(),
        matrix_web_port=free_port(), dashboard_port=free_port(), **{f"topic_prize_{t}": f"{run}.prize.{t}" for t in
                                       ("cycle", "entries", "assignments", "scores", "votes", "audit")})
    ensure_topics(settings)
    ensure_prize_topics(settings)
    for user in (ORGANISER, JUDGE, VOTER):
        add_user(settings.users_path, user, f"{user.username}-secret")
    ports = {"worker": settings.worker_web_port, "index": None, "prizes-worker": settings.prizes_web_port,
             "matrix-worker": settings.matrix_web_port, "dashboard": settings.dashboard_port}
    stages = [StageProcess(command, settings, folder) for command in ports]
    try:
        for stage in stages:  # all four start at once; then wait for each to listen
            stage.start()
        for stage in stages:
            if ports[stage.command]:
                wait_for_port(ports[stage.command], timeout=90, process=stage.process)
        (folder / "screenshots").mkdir()
        yield Dashboard(settings, folder / "screenshots")
    finally:
        for stage in reversed(stages):
            stage.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser session (a new Streamlit session: nobody signed in)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def choose_language(page: Page, language: str) -> None:
    """The sidebar's language switch, as a user works it (the session is kept: no reload)."""
    page.get_by_role("combobox", name=re.compile("^🌐")).click()
    page.get_by_role("option", name=LANGUAGES[language], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_test_id("stMain")).to_have_css("direction", "rtl" if language == "ar" else "ltr")
    assert f"lang={language}" in page.url


def in_each_language(page: Page, dashboard: Dashboard, name: str, texts: dict[str, str]) -> None:
    """Photograph the page in English, French and Arabic; `texts` are shown in each (language → text)."""
    for language in SHOWN_IN:
        choose_language(page, language)
        expect(page.get_by_text(texts[language]).first).to_be_visible()
        check_accessible(page, f"{name} ({language})")
        dashboard.shoot(page, f"{name}-{language}")


def unnamed_inputs(page: Page) -> list[str]:
    """Form controls without an accessible name, as Chromium's accessibility tree computes it."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        controls = {"textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton", "checkbox", "radio",
                    "switch"}
        found = []
        for node in nodes:
            role = node.get("role", {}).get("value")
            if node.get("ignored") or role not in controls or (node.get("name", {}).get("value") or "").strip():
                continue
            html = session.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})["node"]
            attributes = dict(zip(html.get("attributes", [])[::2], html.get("attributes", [])[1::2], strict=True))
            found.append(f"{role} <{html['nodeName'].lower()} {attributes}>")
        return found
    finally:
        session.detach()


def check_accessible(page: Page, where: str) -> None:
    """The page ran without an error, and each of its inputs has a label."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert not unnamed_inputs(page), f"{where}: inputs without a label: {unnamed_inputs(page)}"


def settle(page: Page) -> None:
    """Wait for Streamlit to finish running the script."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget").get_by_text(re.compile("Running"))).to_have_count(0)


def fill(page: Page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).fill(text)
    page.get_by_label(label, exact=True).press("Tab")  # Streamlit takes the value when the field is left
    settle(page)


def select(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(option)  # long lists show only the first options: typing filters them
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def sign_in(page: Page, dashboard: Dashboard, user: User, landing: str, password: str | None = None) -> None:
    dashboard.open(page, "sign_in", "en")
    fill(page, "Username", user.username)
    page.get_by_label("Password", exact=True).fill(password or f"{user.username}-secret")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("stSidebarNav").get_by_text(landing).click()
    settle(page)


@pytest.mark.timeout(900)  # the four stages, the servers and Chromium share two cores with the rest of the suite
def test_journey_from_the_form_to_the_report(dashboard: Dashboard, page: Page, browser: Browser) -> None:
    settings = dashboard.settings
    steps: list[tuple[str, float]] = [("start", time.monotonic())]

    # 1. A stakeholder submits a project through the form; the page follows it until it is published.
    dashboard.open(page, "submit", "en")
    check_accessible(page, "submit form")
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)  # nor Streamlit's Deploy button, in English
    fill(page, "Project title", TITLE)
    fill(page, "Description", DESCRIPTION)
    select(page, "Status", "completed")
    select(page, "Country", "Kenya")
    fill(page, "Organisation", "Ministry of Health of Kenya")
    select(page, "Type of organisation", "Government")
    fill(page, "Contact email (not published)", "health@example.org")
    fill(page, "Short description for voters (150–200 words)", SHORT)
    dashboard.shoot(page, "submit-filled-en")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Accepted and published in the stocktaking database.")).to_be_visible(timeout=120_000)
    submission_id = re.search(r"Submission (S-\S+)", page.get_by_text(re.compile("^Submission S-")).inner_text())[1]
    expect(page.get_by_text(re.compile("Action lines detected: .*E-health"))).to_be_visible()
    dashboard.shoot(page, "submit-published-en")
    for language, title in (("fr", "Soumettre un projet"), ("ar", "تقديم مشروع")):
        dashboard.open(page, "submit", language)
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page).to_have_title(catalog(language)["WSIS Stocktaking"])  # the browser tab
        expect(page.locator("input[placeholder^='Choose']")).to_have_count(0)  # Streamlit's own, English
        check_accessible(page, f"submit form ({language})")
        dashboard.shoot(page, f"submit-{language}")
        page.get_by_role("button", name=catalog(language)["Submit"], exact=True).click()
        expect(page.get_by_text(catalog(language)["required"]).first).to_be_visible()  # under each empty field
        expect(page.get_by_text(re.compile(r"^required$"))).to_have_count(0)
        dashboard.shoot(page, f"submit-errors-{language}")
    # In Arabic, fields and their placeholders take their own text's direction: https:// is not drawn //:https.
    website = page.get_by_label(catalog("ar")["Website"], exact=True)
    assert website.evaluate("e => getComputedStyle(e, '::placeholder').unicodeBidi") == "plaintext"
    expect(page.get_by_label(catalog("ar")["Project title"], exact=True)).to_have_css("direction", "rtl")
    # A browser in French opens the dashboard in French, and Streamlit's calendar names the months in French.
    french = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 1000})
    calendar = french.new_page()
    calendar.goto(f"{dashboard.url}/submit")
    expect(calendar.locator("html")).to_have_attribute("lang", "fr")
    expect(calendar.get_by_label(catalog("fr")["Start date"]).first).to_be_visible()
    calendar.get_by_test_id("stDateInputCalendarButton").first.click()
    expect(calendar.get_by_text(FRENCH_MONTHS[dt.date.today().month - 1], exact=True).first).to_be_visible()
    dashboard.shoot(calendar, "submit-calendar-fr")
    french.close()

    steps.append(("submit", time.monotonic()))
    # 2. Anyone finds it: Tab to the search box, type, Enter; the hit shows its tags, in each language.
    dashboard.open(page, "", "en")
    expect(page.get_by_label("Search text")).to_be_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search text":
            break
    else:
        pytest.fail("the search box cannot be reached with the Tab key")
    page.keyboard.type(TITLE.split()[-1])
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 project", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Action lines: .*C7\.e-health E-health"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^SDGs: .*SDG 3: Good Health and Well-being"))).to_be_visible()
    in_each_language(page, dashboard, "search", {"en": "SDG 3: Good Health and Well-being",
                                                 "fr": "ODD 3 : Bonne santé et bien-être",
                                                 "ar": "الهدف 3: الصحة الجيدة والرفاه"})
    page.get_by_role("button", name="التفاصيل والوسوم والأدلة").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("الصحة الإلكترونية").first).to_be_visible()
    check_accessible(page, "search detail (ar)")
    dashboard.shoot(page, "search-detail-ar")

    steps.append(("search", time.monotonic()))
    # 3. The organisers open a prize cycle, enter the project, and assign it a judge (the console's own actions).
    year = int(time.strftime("%Y")) + 1
    actions = PrizeActions(settings)
    actions.open_cycle(ORGANISER, year, {phase: dt.date(year, i + 1, 1) for i, phase in enumerate(PHASES)})
    assert wait_until(lambda: dashboard.index.cycle(year) is not None, 60)
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    project = get_document(index, submission_id)
    entry = actions.enter(ORGANISER, entry_from_document(project, year))
    assert wait_until(lambda: getattr(dashboard.index.entry(entry.entry_id), "eligible", None) is True, 60), \
        dashboard.index.entry(entry.entry_id)
    actions.advance_phase(ORGANISER, year)
    assert wait_until(lambda: dashboard.index.cycle(year).phase == "nomination", 60)
    actions.assign(ORGANISER, year, entry.category, [JUDGE], 1)
    assert wait_until(lambda: dashboard.index.entry(entry.entry_id).judges == [JUDGE.username], 60)

    steps.append(("prize setup", time.monotonic()))
    # 4. The judge scores it through the rubric form: no criterion has a mark until the judge gives one.
    judge_page = browser.new_page(viewport={"width": 1280, "height": 1400})
    judge_page.set_default_timeout(60_000)
    sign_in(judge_page, dashboard, JUDGE, "My assignments")
    expect(judge_page.get_by_text("0 of 1 entry scored")).to_be_visible()
    judge_page.locator("summary", has_text=TITLE).click()
    check_accessible(judge_page, "judge's rubric form")
    judge_page.get_by_role("button", name="Submit score").click()
    missing = re.compile("^Give a mark for every criterion; still without a mark: ")
    expect(judge_page.get_by_text(missing)).to_be_visible()
    dashboard.shoot(judge_page, "judge-marks-missing-en")
    criteria = judge_page.get_by_test_id("stRadio")
    expect(criteria).to_have_count(8)
    for i in range(8):
        criteria.nth(i).get_by_text("7" if i == 0 else "5", exact=True).click()
    judge_page.get_by_label("Comment", exact=True).fill("Replicable in other counties.")
    judge_page.get_by_role("button", name="Submit score").click()
    # .first: the page draws itself again once the score is indexed, and says it again; both show for a moment
    expect(judge_page.get_by_text("Score recorded; the standings update in a moment.").first).to_be_visible()
    assert wait_until(lambda: dashboard.index.entry(entry.entry_id).score_count == 1, 60)
    scored = dashboard.index.entry(entry.entry_id)
    assert scored.mean == pytest.approx((7 + 5 * 7) / 8), scored
    judge_page.get_by_role("heading", name="My assignments").click()
    judge_page.keyboard.press("r")  # Streamlit's rerun key: the queue shows the new score
    expect(judge_page.get_by_text("1 of 1 entry scored")).to_be_visible()
    judge_page.locator("summary", has_text=TITLE).click()
    in_each_language(judge_page, dashboard, "judge-queue", {"en": "1 of 1 entry scored",
                                                            "fr": "Dossiers notés : 1 sur 1",
                                                            "ar": "قُيّمت 1 من أصل 1 مشاركة"})
    # A reload keeps the judge signed in, on the same page (the session token's cookie).
    dashboard.open(judge_page, "judge_queue", "en")
    judge_page.reload()
    expect(judge_page.get_by_text("1 of 1 entry scored")).to_be_visible()
    expect(judge_page.get_by_text("Page not found")).to_have_count(0)
    dashboard.shoot(judge_page, "judge-queue-after-reload-en")
    # A link opened in a browser with nobody signed in: the sign-in, then the page asked for.
    elsewhere = browser.new_page(viewport={"width": 1280, "height": 1400})
    elsewhere.set_default_timeout(60_000)
    dashboard.open(elsewhere, "judge_queue", "en")
    expect(elsewhere.get_by_text("This page is for judges: sign in to open it.")).to_be_visible()
    expect(elsewhere.get_by_text("Page not found")).to_have_count(0)
    dashboard.shoot(elsewhere, "deep-link-sign-in-en")
    fill(elsewhere, "Username", JUDGE.username)
    elsewhere.get_by_label("Password", exact=True).fill(f"{JUDGE.username}-secret")
    elsewhere.get_by_role("button", name="Sign in").click()
    expect(elsewhere.get_by_text("1 of 1 entry scored")).to_be_visible()
    dashboard.shoot(elsewhere, "deep-link-judge-queue-en")
    dashboard.open(elsewhere, "", "en", q=TITLE.split()[-1])  # the search page's own link: ?q=
    expect(elsewhere.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(elsewhere.get_by_text("1 project", exact=True)).to_be_visible()
    dashboard.shoot(elsewhere, "deep-link-search-en")
    elsewhere.close()
    # Signing out revokes the token: a reload no longer signs the judge in.
    judge_page.get_by_role("button", name="Sign out").click()
    expect(judge_page.get_by_text("This page is for judges: sign in to open it.")).to_be_visible()
    judge_page.reload()
    expect(judge_page.get_by_text("This page is for judges: sign in to open it.")).to_be_visible()
    expect(judge_page.get_by_text("1 of 1 entry scored")).to_have_count(0)
    judge_page.close()

    steps.append(("judge", time.monotonic()))
    # 5. An organiser shortlists it for public voting from the console.
    sign_in(page, dashboard, ORGANISER, "Prize organisers' console")
    page.locator("summary", has_text="Open a prize cycle").click()
    for tab in ("Enter projects", "Assign judges", "Standings", "Winners", "Audit trail"):
        page.get_by_role("tab", name=tab).click()
        check_accessible(page, f"organiser's console, {tab}")
    for language, tab in (("fr", "Liste restreinte"), ("ar", "القائمة المختصرة"), ("en", "Shortlist")):
        choose_language(page, language)
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_test_id("stMultiSelect").get_by_text(entry.entry_id).first).to_be_visible()  # suggested
        check_accessible(page, f"organiser's shortlist ({language})")
        dashboard.shoot(page, f"organiser-shortlist-{language}")
    page.get_by_role("button", name="Nominate for public voting").click()
    expect(page.get_by_text("1 entry nominated")).to_be_visible()
    assert wait_until(lambda: dashboard.index.entry(entry.entry_id).nominated is True, 60)

    steps.append(("shortlist", time.monotonic()))
    # 6. The organisers open public voting; a registered voter votes for the project.
    actions.advance_phase(ORGANISER, year)
    assert wait_until(lambda: dashboard.index.cycle(year).phase == "voting", 60)
    voter_page = browser.new_page(viewport={"width": 1280, "height": 1400})
    voter_page.set_default_timeout(60_000)
    sign_in(voter_page, dashboard, VOTER, "Vote")
    expect(voter_page.get_by_role("heading", name=TITLE)).to_be_visible()
    check_accessible(voter_page, "voting")
    voter_page.get_by_role("button", name="Vote", exact=True).click()
    expect(voter_page.get_by_text("Thank you: your vote is recorded.").first).to_be_visible()
    assert wait_until(lambda: dashboard.index.entry(entry.entry_id).votes == 1, 60)
    caption = "One vote per category: only your first vote in a category counts."
    in_each_language(voter_page, dashboard, "voting", {language: catalog(language).get(caption, caption)
                                                       for language in SHOWN_IN})
    voter_page.close()

    steps.append(("voting", time.monotonic()))
    # 7. The Africa office downloads the regional report, which counts the project.
    dashboard.open(page, "report", "en", region="Africa")
    expect(page.get_by_role("heading", name="Regional WSIS stocktaking report")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert any(TITLE in " ".join(row.values()) for row in rows), rows[:20]
    tables = page.locator("[data-testid=stDataFrame], [data-testid=stTable]")
    for language, heading in (("en", "Regional WSIS stocktaking report"),
                              ("fr", "Rapport régional de l'inventaire du SMSI"),
                              ("ar", "التقرير الإقليمي لحصر أنشطة القمة العالمية لمجتمع المعلومات")):
        dashboard.open(page, "report", language, region="Africa")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        check_accessible(page, f"report ({language})")
        settle(page)
        charts = page.get_by_test_id("stVegaLiteChart").count()
        dashboard.shoot(page, f"report-{language}")
        assert wait_until(lambda n=charts: tables.count() >= n, 30), \
            f"the report shows {charts} charts and only {tables.count()} tables of their figures"
        with page.expect_download() as download:  # the file is in the reader's language too
            page.get_by_role("button", name=catalog(language).get("Download {format}", "Download {format}").format(
                format="MD")).click()
        heading = catalog(language).get(REPORT_TITLE, REPORT_TITLE).split("{region}")[0]
        assert Path(download.value.path()).read_text(encoding="utf-8").startswith(f"# {heading}")

    dashboard.open(page, "report", "en", region="Africa")
    page.get_by_role("button", name="Sign out").click()  # the sign-in page is photographed signed out
    settle(page)
    for language in SHOWN_IN:
        dashboard.open(page, "prize_results", language)
        dashboard.shoot(page, f"results-{language}")
        dashboard.open(page, "sign_in", language)
        check_accessible(page, f"sign in ({language})")
        dashboard.shoot(page, f"sign-in-{language}")
    steps.append(("report and other pages", time.monotonic()))

    # 8. The WSIS team opens the WSIS–SDG Matrix and drills into the cell of the project's links: it is there, with
    # the phrases that evidence each tag.
    for language, heading in (("en", "WSIS–SDG Matrix"), ("fr", "Matrice SMSI–ODD"),
                              ("ar", "مصفوفة القمة العالمية لمجتمع المعلومات وأهداف التنمية المستدامة")):
        dashboard.open(page, "matrix", language, cell="C7.e-health%7C3")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        expect(page.get_by_text(TITLE).first).to_be_visible(timeout=60_000)
        check_accessible(page, f"matrix ({language})")
        settle(page)
        dashboard.shoot(page, f"matrix-cell-{language}")
    steps.append(("matrix", time.monotonic()))
    took = ", ".join(f"{name} {end - start:.0f} s" for (_, start), (name, end) in pairwise(steps))
    record_figure(f"browser journey: {steps[-1][1] - steps[0][1]:.0f} s ({took}); {len(dashboard.saved)} "
                  f"screenshots in {SCREENSHOTS.relative_to(REPO)}/")



def scored_of(scored: int, total: int) -> str:
    return f"{scored} of {total} {'entry' if total == 1 else 'entries'} scored"


def votes_of(votes: int) -> str:
    return f"{votes} vote" if votes == 1 else f"{votes} votes"


@pytest.mark.timeout(900)
def test_the_demo_cycles_scored_and_voted_on(dashboard: Dashboard, browser: Browser) -> None:
    """The demo data, users and prize cycles as `wsis up --demo` makes them (wsis/supervisor.py), then the browser:
    a demo judge's 2026 entry scored, every criterion marked by hand; a vote for a 2025 nominee."""
    settings = dashboard.settings
    started = time.monotonic()
    records = generate(DEMO_SIZE, int(DEMO_SIZE * DEMO_INVALID_SHARE))
    publisher = SubmissionPublisher(settings)
    publish_demo(publisher, records)
    publisher.close()
    passwords = add_demo_users(settings.users_path)  # what `wsis up --demo` prints (the journey made judge1's)
    actions = PrizeActions(settings)
    try:
        cycles = run_demo_cycles(actions, records, DEMO_USERS, wait_seconds=180)
    finally:
        actions.close()
    assert cycles[DEMO_YEAR] and cycles[VOTING_YEAR], cycles
    prepared = time.monotonic()

    # A demo judge opens their 2026 assignments and scores the first, touching every criterion.
    judge, queue = next((user, dashboard.index.entries(DEMO_YEAR, judges=user.username)) for user in DEMO_USERS
                        if user.username in passwords and user.role == "judge"
                        and dashboard.index.entries(DEMO_YEAR, judges=user.username))
    judge_page = browser.new_page(viewport={"width": 1280, "height": 1400})
    judge_page.set_default_timeout(60_000)
    sign_in(judge_page, dashboard, judge, "My assignments", passwords[judge.username])
    select(judge_page, "Prize year", str(DEMO_YEAR))
    expect(judge_page.get_by_text(scored_of(0, len(queue)))).to_be_visible()
    entry = queue[0]
    form = judge_page.get_by_test_id("stExpander").filter(has_text=entry.title)
    form.locator("summary").click()
    check_accessible(judge_page, "demo judge's queue")
    dashboard.shoot(judge_page, "demo-judge-queue-en")
    criteria = form.get_by_test_id("stRadio")
    expect(criteria).to_have_count(len(CRITERIA))
    marks = [8, 7, 6, 9, 5, 7, 8, 6][:len(CRITERIA)]
    for i, mark in enumerate(marks):
        criteria.nth(i).get_by_text(str(mark), exact=True).click()
    form.get_by_label("Comment", exact=True).fill("Clear results; the sustainability plan convinces.")
    form.get_by_role("button", name="Submit score").click()
    expect(judge_page.get_by_text("Score recorded; the standings update in a moment.").first).to_be_visible()
    assert wait_until(lambda: dashboard.index.entry(entry.entry_id).score_count == 1, 60)
    assert dashboard.index.entry(entry.entry_id).mean == pytest.approx(sum(marks) / len(marks))
    expect(judge_page.get_by_text(scored_of(1, len(queue)))).to_be_visible()  # the page drew itself again
    dashboard.shoot(judge_page, "demo-judge-scored-en")
    judge_page.close()

    # The demo voter votes for a 2025 nominee in the category the page opens on, and the tally moves.
    voter = next(user for user in DEMO_USERS if user.role == "public")
    shortlist = dashboard.index.entries(VOTING_YEAR, nominated=True, eligible=True)
    nominee = min(shortlist, key=lambda e: e.category)  # the page opens on the first category
    voter_page = browser.new_page(viewport={"width": 1280, "height": 1400})
    voter_page.set_default_timeout(60_000)
    sign_in(voter_page, dashboard, voter, "Vote", passwords[voter.username])
    if len([c for c in dashboard.index.cycles() if c.phase == "voting"]) > 1:  # the journey's year votes too
        select(voter_page, "Prize year", str(VOTING_YEAR))
    heading = voter_page.get_by_role("heading", name=nominee.title)
    card = heading.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    expect(card.get_by_text(votes_of(nominee.votes), exact=True)).to_be_visible()
    check_accessible(voter_page, "demo voting")
    dashboard.shoot(voter_page, "demo-vote-before-en")
    card.get_by_role("button", name="Vote", exact=True).click()
    expect(voter_page.get_by_text("Thank you: your vote is recorded.").first).to_be_visible()
    assert wait_until(lambda: dashboard.index.entry(nominee.entry_id).votes == nominee.votes + 1, 60)
    expect(card.get_by_text(votes_of(nominee.votes + 1), exact=True)).to_be_visible()  # drawn again, counted
    dashboard.shoot(voter_page, "demo-vote-after-en")
    voter_page.close()
    record_figure(f"demo cycles ({DEMO_SIZE} demo submissions): prepared in {prepared - started:.0f} s "
                  f"({len(cycles[DEMO_YEAR])} entries of {DEMO_YEAR}, {len(shortlist)} nominees of {VOTING_YEAR}), "
                  f"scored and voted on in the browser in {time.monotonic() - prepared:.0f} s")
