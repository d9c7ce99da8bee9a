"""Every page passes axe-core (the copy bundled with axe-playwright-python, injected
into Debian's Chromium: nothing fetched at test time) with no serious or critical
violation; the marking form works from the keyboard alone; the version page and the
brief print without the site's chrome."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from live_server import CHROMIUM, CHROMIUM_ARGS, log_in, negotiation_url, serving
from playwright.sync_api import Browser, Page, sync_playwright
from web_support import ADMIN, StoryClock, build_web_record

from onetext.store.database import open_database

PAGES = [
    "",
    "/versions/framework@2",
    "/versions/framework@1",
    "/matrix",
    "/matrix?version=framework@1&level=expert",
    "/compare",
    "/compare?old=framework@1&new=framework@2",
    "/board",
    "/groups",
    "/brief",
    "/rounds",
    "/points/2/history?version=framework@2",
    "/compromise",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'a11y.db'}")
    build_web_record(database, StoryClock())
    try:
        with serving(database) as url:
            yield url
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


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results: Any = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("handle", ["chief", "n-expert", "reporter"])
def test_every_page_passes_axe(base: str, browser: Browser, handle: str) -> None:
    page = log_in(browser, base, handle)
    failures: dict[str, list[str]] = {}
    for path in PAGES:
        answer = page.goto(negotiation_url(base, path))
        assert answer is not None
        for details in page.locator("details").all():  # forms folded away count too
            details.evaluate("d => d.open = true")
        found = serious_violations(page)
        if found:
            failures[path or "/"] = found
    page.goto(f"{base}/negotiations")
    if found := serious_violations(page):
        failures["/negotiations"] = found
    page.context.close()
    assert not failures, failures


def test_login_and_admin_pages_pass_axe(base: str, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login")
    assert serious_violations(page) == []
    context.close()
    admin = browser.new_context().new_page()
    admin.goto(f"{base}/login")
    admin.fill("input[name=username]", ADMIN[0])
    admin.fill("input[name=password]", ADMIN[1])
    admin.click("button[type=submit]")
    admin.wait_for_url("**/negotiations")
    admin.goto(f"{base}/admin")
    assert serious_violations(admin) == []
    admin.context.close()


def test_marking_works_from_the_keyboard_alone(base: str, browser: Browser) -> None:
    page = log_in(browser, base, "s-expert")
    page.goto(negotiation_url(base, "/versions/framework@2"))
    summary = page.locator("#point-3 details.mark-form summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the form
    page.keyboard.press("Tab")  # to the stance
    assert page.evaluate("document.activeElement.name") == "stance"
    page.keyboard.press("ArrowDown")  # reservations
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "priority"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "visibility"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "note"
    page.keyboard.type("KEYBOARD-ONLY-NOTE")
    page.keyboard.press("Enter")  # submits
    page.wait_for_url("**/versions/framework@2?marked=3*")  # the answer to the POST, not the form
    assert "KEYBOARD-ONLY-NOTE" in page.locator("#point-3").inner_text()
    # the focus ring is visible where the keyboard is
    page.locator("#point-3 details.mark-form summary").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}
    page.context.close()


@pytest.mark.parametrize("path", ["/versions/framework@2", "/brief"])
def test_version_and_brief_print_without_the_sites_chrome(
    base: str, browser: Browser, path: str
) -> None:
    page = log_in(browser, base, "n-principal")
    page.goto(negotiation_url(base, path))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['header.top', 'footer', 'form.filters', 'details.mark-form', '.downloads']
            .flatMap(sel => [...document.querySelectorAll(sel)])
            .map(el => getComputedStyle(el).display)"""
    )
    assert hidden and all(display == "none" for display in hidden), hidden
    main = page.evaluate("getComputedStyle(document.querySelector('main')).color")
    assert main in {"rgb(0, 0, 0)"}
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") != "none"
    page.context.close()
