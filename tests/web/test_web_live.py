"""Live pages (issue 16): an open matrix, board, version page or engine run follows
the record without a reload, through server-sent events, in Debian's Chromium.
Two workers (two servers over one database) show that the database is the source
of truth; a write a viewer may not see sends that viewer nothing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from live_server import CHROMIUM, CHROMIUM_ARGS, log_in, negotiation_url, serving_app
from playwright.sync_api import Browser, Page, sync_playwright
from web_support import StoryClock, build_web_record

from onetext.store.database import open_database
from onetext.web import create_app


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def workers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[str], list[FastAPI]]]:
    """Two servers (two workers' worth) over one database of the small record."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    databases = [open_database(url), open_database(url)]
    build_web_record(databases[0], StoryClock())
    apps = [create_app(database) for database in databases]
    try:
        with serving_app(apps[0]) as first, serving_app(apps[1]) as second:
            yield [first, second], apps
    finally:
        for database in databases:
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
    """Count the page's live updates and mark the document: a reload would lose both."""
    page.wait_for_selector("#live-status:has-text('Live')")
    page.evaluate(
        """() => { window.__sameDocument = true; window.__updates = 0;
            document.addEventListener('onetext:updated', () => { window.__updates += 1; }); }"""
    )


def mark(page: Page, base: str, label: str, stance: str, visibility: str, note: str) -> None:
    page.goto(negotiation_url(base, "/versions/framework@2"))
    point = page.locator(f"#point-{label}")
    point.locator("details.mark-form summary").click()
    point.locator("details.mark-form select[name=stance]").select_option(stance)
    point.locator("details.mark-form select[name=visibility]").select_option(visibility)
    point.locator("details.mark-form input[name=note]").fill(note)
    point.locator("details.mark-form button[type=submit]").click()
    page.wait_for_url(f"**/versions/framework@2**#point-{label}")


def generation_seen(app: FastAPI) -> int:
    live: Any = getattr(app.state, "live", None)
    return -1 if live is None else int(live.generation)


def wait_for(predicate: Any, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_an_open_matrix_follows_a_mark_made_through_another_worker(
    workers: tuple[list[str], list[FastAPI]], browser: Browser
) -> None:
    (first, second), apps = workers
    south = log_in(browser, first, "s-expert")
    south.goto(negotiation_url(first, "/matrix"))
    watch(south)
    north = log_in(browser, second, "n-expert")

    # a private mark moves the record but not what south sees: no update for south
    before = generation_seen(apps[0])
    mark(north, second, "1", "unacceptable", "private", "LIVE-NORTH-PRIVATE")
    wait_for(lambda: generation_seen(apps[0]) > before, "worker 1 to see the write")
    # a joint mark does change south's matrix: it appears without a reload
    mark(north, second, "1", "accepted", "joint", "LIVE-NORTH-JOINT")
    cell = south.locator("table.heatmap tbody tr").first.locator("td").first
    cell.locator("[title*='LIVE-NORTH-JOINT']").or_(
        south.locator("td[title*='LIVE-NORTH-JOINT']")
    ).first.wait_for(timeout=20_000)
    assert south.evaluate("window.__sameDocument") is True
    assert south.evaluate("window.__updates") == 1  # the private mark sent nothing
    assert "LIVE-NORTH-PRIVATE" not in south.content()
    south.context.close()
    north.context.close()


def test_the_board_and_the_version_page_follow_too(
    workers: tuple[list[str], list[FastAPI]], browser: Browser
) -> None:
    (first, second), _apps = workers
    chief = log_in(browser, first, "chief")
    chief.goto(negotiation_url(first, "/board"))
    watch(chief)
    reader = log_in(browser, first, "s-expert")
    reader.goto(negotiation_url(first, "/versions/framework@2"))
    watch(reader)
    north = log_in(browser, second, "n-expert")
    mark(north, second, "3", "unacceptable", "joint", "LIVE-BOARD-JOINT")
    chief.locator("#point-3 >> text=LIVE-BOARD-JOINT").wait_for(timeout=20_000)
    assert "blocked" in chief.locator("#point-3").inner_text().lower()
    reader.locator("#point-3 >> text=LIVE-BOARD-JOINT").wait_for(timeout=20_000)
    assert chief.evaluate("window.__sameDocument") is True
    assert reader.evaluate("window.__sameDocument") is True
    for page in (chief, reader, north):
        page.context.close()


def test_a_form_being_filled_in_is_not_swapped_away(
    workers: tuple[list[str], list[FastAPI]], browser: Browser
) -> None:
    (first, second), _apps = workers
    south = log_in(browser, first, "s-expert")
    south.goto(negotiation_url(first, "/versions/framework@2"))
    watch(south)
    point = south.locator("#point-2")
    point.locator("details.mark-form summary").click()
    point.locator("details.mark-form input[name=note]").fill("HALF-TYPED")
    point.locator("details.mark-form input[name=note]").focus()
    north = log_in(browser, second, "n-expert")
    mark(north, second, "1", "reservations", "joint", "LIVE-WHILE-TYPING")
    south.wait_for_selector("#live-status:has-text('New changes')", timeout=20_000)
    assert point.locator("details.mark-form input[name=note]").input_value() == "HALF-TYPED"
    south.locator("h1").click()  # leaving the form lets the update in
    south.locator("#point-1 >> text=LIVE-WHILE-TYPING").wait_for(timeout=20_000)
    south.context.close()
    north.context.close()


def test_an_engine_run_page_follows_its_progress_without_a_meta_refresh(
    workers: tuple[list[str], list[FastAPI]], browser: Browser
) -> None:
    (first, _second), _apps = workers
    chief = log_in(browser, first, "chief")
    chief.goto(negotiation_url(first, "/compromise"))
    chief.select_option("select[name=objective]", "maxmin")
    chief.click("button:has-text('Run the engine')")
    chief.wait_for_url("**/compromise/runs/run_*")
    refresh = chief.locator("head > meta[http-equiv=refresh]")
    assert refresh.count() == 0  # only inside <noscript>
    chief.evaluate("window.__sameDocument = true")
    # the result (a package, or none acceptable after the marks above) replaces the
    # progress bar in the same document
    try:
        chief.wait_for_selector("main span.status", timeout=120_000)
    except Exception:
        pytest.fail(
            "no result: "
            + chief.locator("main").inner_text()[:500]
            + " | "
            + chief.locator("#live-status").inner_text()
        )
    assert chief.locator("main progress").count() == 0
    assert chief.evaluate("window.__sameDocument") is True
    chief.context.close()


def test_the_event_stream_refuses_a_stranger(
    workers: tuple[list[str], list[FastAPI]], browser: Browser
) -> None:
    (first, _second), _apps = workers
    context = browser.new_context()
    answer = context.request.get(negotiation_url(first, "/live?view=matrix"), max_redirects=0)
    assert answer.status == 303  # to the login form, as any page: no stream
    assert "/login" in answer.headers["location"]
    assert "text/event-stream" not in answer.headers.get("content-type", "")
    context.close()
