"""A mediator's day in the browser (issue 16), each item seen by a new user, in
Debian's Chromium: the latest tabled version is the default and every view says
which version and date it shows; matrix rows name their points; a refused form
keeps what was typed and says why by the field; the brief is dated and classified."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import CHROMIUM, CHROMIUM_ARGS, log_in, negotiation_url, serving
from playwright.sync_api import Browser, sync_playwright
from web_support import StoryClock, build_web_record

from onetext.store.database import open_database

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web" / "mediators-day"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small record (marks made on framework@1, framework@2 tabled after it)."""
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('day') / 'day.db'}")
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


def shoot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("view", ["matrix", "board", "groups", "brief"])
def test_each_view_opens_on_the_latest_tabled_version_and_says_so(
    base: str, browser: Browser, view: str
) -> None:
    page = log_in(browser, base, "chief")
    page.goto(negotiation_url(base, f"/{view}"))
    shown = page.locator(".shown-version, .facts").first.inner_text()
    # the marks were made on framework@1; framework@2 is the latest tabled text
    assert "framework@2" in shown, shown
    assert "framework@1" not in shown
    assert "tabled 2026-10-01" in shown, shown
    picked = page.locator("select[name=version]").input_value()
    assert picked == "framework@2"
    shoot(page, f"default-{view}")
    page.context.close()


def test_the_version_page_says_which_version_and_date(base: str, browser: Browser) -> None:
    page = log_in(browser, base, "n-expert")
    page.goto(negotiation_url(base, "/versions/framework@1"))
    assert "framework@1" in page.locator("h1").inner_text()
    assert "2026-10-01" in page.locator("main").inner_text()
    page.context.close()


def test_matrix_rows_show_each_points_first_words(base: str, browser: Browser) -> None:
    page = log_in(browser, base, "n-expert")
    page.goto(negotiation_url(base, "/matrix"))
    rows = page.locator("table.heatmap tbody th").all_inner_texts()
    assert len(rows) == 3
    assert "The parties shall cease all hostilities" in rows[0]
    assert "A monitoring mission shall observe" in rows[1]
    assert "All prisoners shall be exchanged" in rows[2]
    # party names in the header, not short names
    header = page.locator("table.heatmap thead").inner_text()
    assert "North" in header and "South" in header
    shoot(page, "matrix-rows")
    page.context.close()


def test_a_refused_round_keeps_what_was_typed_and_says_why_by_the_field(
    base: str, browser: Browser
) -> None:
    page = log_in(browser, base, "chief")
    page.goto(negotiation_url(base, "/rounds"))
    page.click("summary:has-text('Record a round')")
    form = page.locator("#new-round form")
    form.locator("select[name=level]").select_option("expert")
    form.locator("input[name=place]").fill("Lakeside villa, room 3")
    form.locator("input[name=starts_at]").fill("2026-10-02T09:30")
    form.locator("input[name=attendees]").fill("n-expert, s-exprt")
    form.locator("input[name=agenda]").fill("1, 2")
    form.locator("textarea[name=outcome]").fill("Agreed to meet again on Thursday.")
    with page.expect_response("**/rounds") as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 400  # a refused form, not a bare "not found"
    page.wait_for_selector("#error-attendees")
    assert "s-exprt" in page.locator("#error-attendees").inner_text()
    attendees = page.locator("#new-round input[name=attendees]")
    assert attendees.get_attribute("aria-invalid") == "true"
    assert attendees.input_value() == "n-expert, s-exprt"
    assert page.locator("#new-round input[name=place]").input_value() == "Lakeside villa, room 3"
    assert page.locator("#new-round input[name=starts_at]").input_value() == "2026-10-02T09:30"
    assert page.locator("#new-round input[name=agenda]").input_value() == "1, 2"
    outcome = page.locator("#new-round textarea[name=outcome]").input_value()
    assert outcome == "Agreed to meet again on Thursday."
    assert page.locator("#new-round select[name=level]").input_value() == "expert"
    shoot(page, "round-form-error")
    # corrected, it goes through and says so
    attendees.fill("n-expert, s-expert")
    page.locator("#new-round button[type=submit]").click()
    page.wait_for_selector("text=The round is recorded")
    assert "Lakeside villa, room 3" in page.locator("#rounds-list").inner_text()
    page.context.close()


def test_the_brief_page_is_dated_classified_and_names_parties(base: str, browser: Browser) -> None:
    page = log_in(browser, base, "n-principal")
    page.goto(negotiation_url(base, "/brief"))
    banner = page.locator(".banner").inner_text()
    assert "CONFIDENTIAL" in banner and "NORTH DELEGATION ONLY" in banner
    facts = page.locator(".facts").inner_text()
    assert "Prepared on" in facts and "Prepared for: North" in facts
    assert "framework@2, tabled 2026-10-01" in facts
    body = page.locator("article.brief").inner_text()
    assert "north:" not in body and "south:" not in body
    assert "North:" in body
    shoot(page, "brief")
    page.context.close()
