"""Amendments in Debian's Chromium (issue 16): two delegations and the mediator work at
once, in three browser contexts. North tables an amendment from the version page; the
amendment appears on south's open list without a reload (server-sent events) and south
marks it; the mediator accepts it and writes it into a new version, whose comparison
names the amendment as the source of the change. Screenshots go to
``test-artifacts/web/{sqlite,postgres}/amendments-*.png``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import CHROMIUM, CHROMIUM_ARGS, log_in, negotiation_url, serving
from playwright.sync_api import Browser, Page, sync_playwright
from web_support import StoryClock, build_web_record

from onetext.store.database import open_database

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
WORDING = "A monitoring mission shall observe the line of contact [daily][twice daily]."


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('amend') / 'amend.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    database = open_database(url)
    build_web_record(database, StoryClock())
    shots = ARTIFACTS / request.param
    shots.mkdir(parents=True, exist_ok=True)
    try:
        with serving(database) as base:
            yield base, shots
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


def watch(page: Page) -> None:
    """Mark the document and count live updates: a reload would lose both."""
    page.wait_for_selector("#live-status:has-text('Live')")
    page.evaluate(
        """() => { window.__sameDocument = true; window.__updates = 0;
            document.addEventListener('onetext:updated', () => { window.__updates += 1; }); }"""
    )


def test_two_delegations_and_the_mediator_work_at_once(
    site: tuple[str, Path], browser: Browser
) -> None:
    base, shots = site
    north = log_in(browser, base, "n-expert")
    south = log_in(browser, base, "s-expert")
    chief = log_in(browser, base, "chief")

    # south keeps the list of amendments to framework@2 open
    south.goto(negotiation_url(base, "/versions/framework@2/amendments"))
    south.locator("#no-amendments").wait_for()
    watch(south)

    # north drafts one privately first: south's open list learns nothing of it
    north.goto(negotiation_url(base, "/versions/framework@2"))
    form = north.locator("#amend-2")
    form.locator("summary").focus()
    north.keyboard.press("Enter")  # the form opens from the keyboard
    form.locator("select[name=kind]").select_option("delete")
    form.locator("select[name=visibility]").select_option("private")
    form.locator("textarea[name=justification]").fill("PRIVATE-DRAFT-REASON")
    form.locator("button[type=submit]").click()
    north.wait_for_url("**/amendments?tabled=*")

    # then the joint one, typed from the keyboard only
    north.goto(negotiation_url(base, "/versions/framework@2"))
    form = north.locator("#amend-2")
    form.locator("summary").focus()
    north.keyboard.press("Enter")
    form.locator("select[name=visibility]").focus()
    form.locator("select[name=visibility]").select_option("joint")
    form.locator("textarea[name=wording]").focus()
    north.keyboard.type(WORDING)
    north.keyboard.press("Tab")
    north.keyboard.type("Weekly visits miss breaches.")
    north.screenshot(path=str(shots / "amendments-1-north-form.png"), full_page=True)
    north.keyboard.press("Tab")
    north.keyboard.press("Enter")
    north.wait_for_url("**/amendments?tabled=*")
    north.locator("#tabled-notice").wait_for()

    # south sees it appear, in the same document, without reloading
    south.locator(".amendment", has_text="Weekly visits miss breaches.").wait_for(timeout=20_000)
    assert south.evaluate("window.__sameDocument") is True
    assert south.evaluate("window.__updates") == 1  # the private draft sent nothing
    assert "PRIVATE-DRAFT-REASON" not in south.content()
    south.screenshot(path=str(shots / "amendments-2-south-sees-it.png"), full_page=True)
    item = south.locator(".amendment", has_text="Weekly visits miss breaches.")
    item.locator("select[name=stance]").select_option("reservations")
    item.locator("select[name=visibility]").select_option("joint")
    item.locator("input[name=note]").fill("daily would do")
    item.locator("button[type=submit]").click()
    south.locator(".amendment .mark", has_text="daily would do").wait_for()

    # the mediator accepts it and writes it into the next version
    chief.goto(negotiation_url(base, "/versions/framework@2/consolidate"))
    assert "PRIVATE-DRAFT-REASON" not in chief.content()
    card = chief.locator(".amendment", has_text="Weekly visits miss breaches.")
    assert "daily would do" in card.inner_text()
    card.locator("select[name=decision]").select_option("accepted")
    card.locator("input[name=note]").fill("both can live with it")
    card.locator("button[type=submit]").click()
    chief.locator(".amendment .status", has_text="accepted").wait_for()
    chief.screenshot(path=str(shots / "amendments-3-mediator-decides.png"), full_page=True)
    chief.locator("form.consolidate button[type=submit]").click()
    chief.wait_for_url("**/compare?old=framework%402&new=framework%403")

    # the comparison shows the amendment as the source of the change
    row = chief.locator("table.redline tbody tr.reworded")
    source = row.locator(".amendment-source").inner_text()
    assert source.startswith("amd_")
    assert "twice daily" in row.inner_text()
    chief.screenshot(path=str(shots / "amendments-4-compare.png"), full_page=True)
    south.goto(negotiation_url(base, "/compare?old=framework@2&new=framework@3"))
    assert south.locator("tr.reworded .amendment-source").inner_text() == source
    for page in (north, south, chief):
        page.context.close()


# axe reads the rendered pages, the same on either backend: checked on SQLite alone
# (the story above, which writes, runs on both)
@pytest.mark.parametrize("site", ["sqlite"], indirect=True)
@pytest.mark.parametrize("handle", ["chief", "n-expert", "reporter"])
def test_the_amendment_pages_pass_axe(
    site: tuple[str, Path], browser: Browser, handle: str
) -> None:
    from test_web_accessibility import serious_violations

    base, _shots = site
    page = log_in(browser, base, handle)
    paths = ["/versions/framework@3", "/versions/framework@2/amendments"]
    if handle == "chief":
        paths.append("/versions/framework@3/consolidate")
    failures: dict[str, list[str]] = {}
    for path in paths:
        answer = page.goto(negotiation_url(base, path))
        assert answer is not None and answer.status == 200, path
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")
        if found := serious_violations(page):
            failures[path] = found
    if handle == "n-expert":  # a form sent back with its error, by the field
        page.goto(negotiation_url(base, "/versions/framework@3"))
        form = page.locator("#amend-1")
        form.locator("summary").click()
        form.locator("textarea[name=justification]").fill("KEPT")
        form.locator("button[type=submit]").click()
        page.locator("#amend-1-error").wait_for()
        assert form.locator("textarea[name=justification]").input_value() == "KEPT"
        assert (
            page.locator("textarea[name=wording]").get_attribute("aria-describedby")
            == "amend-1-error"
        )
        if found := serious_violations(page):
            failures["form with an error"] = found
    page.context.close()
    assert not failures, failures
