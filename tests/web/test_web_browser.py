"""End to end in a real browser: Debian's Chromium driven by Playwright.

The app runs under uvicorn on a free loopback port in a background thread. Two
party members and the mediator log in through the form, mark stances inline, and
each sees exactly what the access policy allows. Screenshots of the main pages go
to ``test-artifacts/web/{sqlite,postgres}/``; the app runs on each backend.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pypdf
import pytest
from live_server import CHROMIUM, CHROMIUM_ARGS, serving
from playwright.sync_api import Browser, Page, sync_playwright
from web_support import NEGOTIATION, StoryClock, build_web_record, password

from onetext.store.database import open_database

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


#: where screenshots go: one folder per backend
_SHOTS: dict[str, Path] = {}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    _SHOTS["folder"] = ARTIFACTS / request.param
    database = open_database(url)
    build_web_record(database, StoryClock())
    try:
        with serving(database) as base:
            yield base
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def log_in(browser: Browser, base: str, handle: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/negotiations/{NEGOTIATION}")
    assert "/login" in page.url
    page.fill("input[name=username]", handle)
    page.fill("input[name=password]", password(handle))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/negotiations/{NEGOTIATION}")
    return page


def mark(page: Page, base: str, label: str, stance: str, visibility: str, note: str) -> None:
    page.goto(f"{base}/negotiations/{NEGOTIATION}/versions/framework@2")
    point = page.locator(f"#point-{label}")
    point.locator("details.mark-form summary").click()
    point.locator("details.mark-form select[name=stance]").select_option(stance)
    point.locator("details.mark-form select[name=visibility]").select_option(visibility)
    point.locator("details.mark-form input[name=note]").fill(note)
    point.locator("details.mark-form button[type=submit]").click()
    page.wait_for_url(f"**/versions/framework@2?marked={label}#point-{label}")
    assert note in point.inner_text()


def download_text(page: Page, link: str) -> str:
    """Click a download link; the file's text (PDF and DOCX read back), spaces removed."""
    with page.expect_download() as event:
        page.click(f"a:has-text('{link}')")
    path = Path(event.value.path())
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    elif data.startswith(b"PK"):
        text = "\n".join(par.text for par in docx.Document(io.BytesIO(data)).paragraphs)
    else:
        text = data.decode("utf-8")
    return "".join(text.split())


def shoot(page: Page, name: str) -> None:
    folder = _SHOTS.get("folder", ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_two_parties_and_the_mediator_see_what_they_may(server: str, browser: Browser) -> None:
    base = server
    login = browser.new_page(viewport={"width": 1280, "height": 700})
    login.goto(f"{base}/login")
    shoot(login, "01-login")
    login.close()

    north = log_in(browser, base, "n-principal")
    shoot(north, "02-overview")
    mark(north, base, "2", "unacceptable", "private", "NORTH-E2E-PRIVATE")
    mark(north, base, "1", "accepted", "joint", "NORTH-E2E-JOINT")
    north.locator("#point-2").scroll_into_view_if_needed()
    shoot(north, "03-version-north")

    south = log_in(browser, base, "s-expert")
    mark(south, base, "2", "reservations", "caucus", "SOUTH-E2E-CAUCUS")
    south.goto(f"{base}/negotiations/{NEGOTIATION}/matrix?version=framework@2")
    south_view = south.content()
    assert "NORTH-E2E-JOINT" in south_view
    assert "SOUTH-E2E-CAUCUS" in south_view
    assert "NORTH-E2E-PRIVATE" not in south_view
    shoot(south, "04-matrix-south")

    chief = log_in(browser, base, "chief")
    chief.goto(f"{base}/negotiations/{NEGOTIATION}/matrix?version=framework@2")
    chief_view = chief.content()
    assert "SOUTH-E2E-CAUCUS" in chief_view
    assert "NORTH-E2E-JOINT" in chief_view
    assert "NORTH-E2E-PRIVATE" not in chief_view
    assert chief.locator("td.stance-reservations").count() >= 1
    shoot(chief, "05-matrix-mediator")
    chief.goto(f"{base}/negotiations/{NEGOTIATION}/versions/framework@2")
    assert chief.locator("details.mark-form").count() == 0
    chief.goto(f"{base}/negotiations/{NEGOTIATION}/points/2/history?version=framework@2")
    assert "NORTH-E2E-PRIVATE" not in chief.content()
    shoot(chief, "06-history-mediator")
    chief.goto(f"{base}/negotiations/{NEGOTIATION}/matrix?version=framework@2")
    chief.select_option("select[name=level]", "expert")
    chief.click("button:has-text('Show')")
    chief.wait_for_selector("text=only marks made at expert level")
    assert "level=expert" in chief.url
    shoot(chief, "05b-matrix-expert-level")
    chief.goto(f"{base}/negotiations/{NEGOTIATION}/compromise")
    chief.select_option("select[name=objective]", "maxmin")
    chief.select_option("select[name=samples]", "50")
    chief.click("button:has-text('Run the engine')")
    chief.wait_for_url("**/compromise/runs/run_*")
    if chief.locator("progress").count():  # still running: the progress bar
        shoot(chief, "12a-engine-run-progress")
    # the page follows the run until it is done; one acceptable package in this record:
    # no one-point "frontier", each party's bar from its worst to its best instead
    chief.wait_for_selector("ul.standings", timeout=60_000)
    assert "Utilities" in chief.content() and "Robustness" in chief.content()
    assert chief.locator("img.pareto").count() == 0
    assert chief.locator("ul.standings meter").count() == 2
    shoot(chief, "12-compromise-mediator")

    north.goto(f"{base}/negotiations/{NEGOTIATION}/matrix?version=framework@2")
    north_view = north.content()
    assert "NORTH-E2E-PRIVATE" in north_view
    assert "SOUTH-E2E-CAUCUS" not in north_view
    shoot(north, "07-matrix-north")
    north.goto(f"{base}/negotiations/{NEGOTIATION}/compare?old=framework@1&new=framework@2")
    assert north.locator("ins").count() >= 1
    assert north.locator("del").count() >= 1
    shoot(north, "08-compare")
    north.goto(f"{base}/negotiations/{NEGOTIATION}/rounds")
    shoot(north, "09-rounds")
    north.goto(f"{base}/negotiations/{NEGOTIATION}/versions/framework@9")
    assert "no version" in north.content()
    shoot(north, "10-error")
    north.goto(f"{base}/negotiations")
    shoot(north, "11-negotiations")
    north.goto(f"{base}/negotiations/{NEGOTIATION}/compromise")
    assert north.locator("select[name=samples]").count() == 0  # the mediator's test only
    north.click("button:has-text('Run the engine')")
    north.wait_for_selector("text=Utility for north", timeout=60_000)
    assert "Utilities" not in north.content()
    assert north.locator("img.pareto").count() == 0
    shoot(north, "13-compromise-north")

    # the brief for principals, downloaded as a delegate would: own notes, never the
    # other party's caucus note; the mediator's copy has caucus notes, no private one
    north.goto(f"{base}/negotiations/{NEGOTIATION}/brief?version=framework@2")
    shoot(north, "14-brief-north")
    markdown = download_text(north, "Markdown")
    assert "NORTH-E2E-PRIVATE" in markdown and "NORTH-E2E-JOINT" in markdown
    assert "SOUTH-E2E-CAUCUS" not in markdown
    pdf = download_text(north, "PDF")
    assert "NORTH-E2E-JOINT" in pdf and "SOUTH-E2E-CAUCUS" not in pdf
    chief.goto(f"{base}/negotiations/{NEGOTIATION}/brief?version=framework@2")
    word = download_text(chief, "Word (DOCX)")
    assert "SOUTH-E2E-CAUCUS" in word and "NORTH-E2E-JOINT" in word
    assert "NORTH-E2E-PRIVATE" not in word

    north.click("button:has-text('Log out')")
    north.wait_for_url(f"{base}/login")
    north.goto(f"{base}/negotiations/{NEGOTIATION}/matrix")
    assert "/login" in north.url
