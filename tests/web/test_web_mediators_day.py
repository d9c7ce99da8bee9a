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
from web_support import NEGOTIATION, StoryClock, build_web_record

from onetext.access import Actor
from onetext.model import DocumentKind
from onetext.service import drafts
from onetext.store.database import open_database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

LONG_PAPER = """NOTE BY THE ENVOY
1. The line of contact shall be the line established on the map annexed to this framework, \
as verified by the monitoring mission within fourteen days, and no party shall move forces \
across it, save for the rotation of personnel already established before signature.
2. The parties shall meet again within thirty days.
"""
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web" / "mediators-day"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small record (marks made on framework@1, framework@2 tabled after it)."""
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('day') / 'day.db'}")
    clock = StoryClock()
    build_web_record(database, clock)
    with UnitOfWork(database, clock) as uow:  # a paper with a long point, for the board
        drafts.table_draft(
            uow,
            Actor.system_operator(),
            NEGOTIATION,
            parse_draft(LONG_PAPER),
            document="envoy-paper",
            party="envoy",
            kind=DocumentKind.POSITION_PAPER,
            message="long",
        )
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


def test_marking_says_it_is_done_in_words(base: str, browser: Browser) -> None:
    page = log_in(browser, base, "s-expert")
    page.goto(negotiation_url(base, "/versions/framework@2"))
    point = page.locator("#point-2")
    point.locator("details.mark-form summary").click()
    point.locator("details.mark-form select[name=stance]").select_option("reservations")
    point.locator("details.mark-form select[name=priority]").select_option("4")
    point.locator("details.mark-form button[type=submit]").click()
    page.wait_for_selector("#marked-notice")
    assert "point 2 is recorded" in page.locator("#marked-notice").inner_text()
    marks = point.locator("ul.marks").inner_text()
    assert "priority 4 of 5" in marks and "p4" not in marks
    page.context.close()


def test_observers_get_no_engine_form_to_be_refused_by(base: str, browser: Browser) -> None:
    page = log_in(browser, base, "reporter")
    page.goto(negotiation_url(base, "/compromise"))
    assert page.locator("form.engine-run-form").count() == 0
    assert "not run the engine" in page.locator("main").inner_text()
    page.context.close()


@pytest.mark.parametrize("width", [768, 1280])
def test_the_board_shows_whole_points_and_every_party(
    base: str, browser: Browser, width: int
) -> None:
    page = log_in(browser, base, "chief", width=width)
    page.goto(negotiation_url(base, "/board?version=envoy-paper@1"))
    page.wait_for_selector("table.board")
    text = " ".join(page.locator("#point-1 .point-text").inner_text().split())
    assert text.endswith("already established before signature.")  # not "established…"
    status = page.locator("table.board tbody td:nth-child(2)").first.bounding_box()
    assert status is not None and status["width"] <= 160  # no wide empty status column
    # every party's column can be reached: inside the page, or in a scrolling box
    reachable = page.evaluate(
        """() => [...document.querySelectorAll('table.board thead th')].every(th => {
            const box = th.getBoundingClientRect();
            const scroller = th.closest('.scroll');
            const inside = box.right <= document.documentElement.clientWidth + 1;
            const scrolls = scroller && getComputedStyle(scroller).overflowX === 'auto'
                && scroller.scrollWidth > scroller.clientWidth;
            return inside || scrolls;
        })"""
    )
    assert reachable
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] < (140 if width < 900 else 80)
    shoot(page, f"board-{width}")
    page.context.close()
