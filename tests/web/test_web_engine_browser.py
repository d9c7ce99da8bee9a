"""The engine's package in a real browser (Debian's Chromium through Playwright): the
mediator runs the engine on a text with choices of every shape, reads the package as
text with a bar per party, and tables it; a party then reads the new version. On
PostgreSQL the run goes through the queue to a worker beside the web app, as
``onetext serve`` runs it. Screenshots in ``test-artifacts/web/engine-{backend}/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_support import SETTLED, table_accord
from live_server import CHROMIUM, CHROMIUM_ARGS, log_in, negotiation_url, serving
from playwright.sync_api import Browser, Page, sync_playwright
from web_support import StoryClock, build_web_record

from onetext.service.engine_queue import WorkerSettings, start_worker_thread
from onetext.store.database import open_database
from onetext.web.presenters import frontier_svg

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


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


@pytest.fixture(params=["sqlite", "postgres"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'engine.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    database = open_database(url)
    clock = StoryClock()
    build_web_record(database, clock)
    table_accord(database, clock)
    thread, stop = start_worker_thread(
        database, WorkerSettings(heartbeat=1.0, stalled_after=5.0), draw_frontier=frontier_svg
    )
    try:
        with serving(database, engine_worker=False) as base:
            yield base, ARTIFACTS / f"engine-{request.param}"
    finally:
        stop.set()
        thread.join(timeout=15)
        database.dispose()


def shoot(page: Page, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_the_mediator_reads_the_package_as_text_and_tables_it(
    site: tuple[str, Path], browser: Browser
) -> None:
    base, shots = site
    chief = log_in(browser, base, "chief")
    chief.goto(negotiation_url(base, "/compromise"))
    chief.select_option("select[name=version]", "accord@1")
    chief.check("input[name=allow_drop]")
    chief.click("button:has-text('Run the engine')")
    chief.wait_for_url("**/compromise/runs/run_*")
    # the page follows the run (server-sent events) until the package shows as text
    chief.wait_for_selector("ol.package-text", timeout=90_000)
    units = chief.locator("ol.package-text li.package-unit")
    assert units.count() == 4
    shown = chief.locator("ol.package-text").inner_text()
    for label, wording in SETTLED.items():
        assert wording.split("\n")[-1] in shown, label
    assert "[" not in shown
    assert "(chosen: “monthly”; without “in the capital”)" in shown
    dropped = chief.locator("ul.package-dropped").inner_text()
    assert "within [30][90] days" in dropped
    # one bar per party, from its worst to its best, the package between them
    meters = chief.locator("ul.standings meter")
    assert meters.count() == 2
    for index in range(2):
        low, high, value = meters.nth(index).evaluate("m => [m.min, m.max, m.value]")
        assert low <= value <= high
    shoot(chief, shots, "01-engine-package-as-text")
    chief.click("button:has-text('Table the package as a new version')")
    chief.wait_for_url("**/versions/accord@2")
    main = chief.locator("main").inner_text()
    assert "The commission shall meet monthly." in main
    assert "[weekly]" not in main and "within [30][90] days" not in main
    shoot(chief, shots, "02-package-tabled-as-accord@2")
    chief.context.close()

    north = log_in(browser, base, "n-expert")
    north.goto(negotiation_url(base, "/versions/accord@2"))
    text = north.locator("main").inner_text()
    assert "The parties shall establish a joint commission." in text
    assert "from a voluntary trust fund" in text and "Option 1" not in text
    shoot(north, shots, "03-party-reads-the-tabled-package")
    north.context.close()
