"""The brackets page in a real browser (Debian's Chromium through Playwright): the
worked example of docs/brackets.md tabled in the web record, read by a party from
the version page; a party's private draft is a 404 to the other party, in the same
words as a missing document. Screenshots go to ``test-artifacts/web/{backend}/``
with the other browser tests'."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from live_server import CHROMIUM, CHROMIUM_ARGS, serving
from playwright.sync_api import Browser, Page
from test_web_browser import ARTIFACTS, log_in
from web_support import NEGOTIATION, StoryClock, build_web_record

from brackets.bracket_support import worked_example
from onetext.access import Actor
from onetext.model import Visibility
from onetext.service import drafts
from onetext.service.actors import member_actor
from onetext.store.database import open_database
from onetext.store.unit_of_work import UnitOfWork

PRIVATE = "north-ideas"
MISSING = "north-idear"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The web record plus ``basin`` (the worked example's three readings, joint) and
    north's private bracketed draft; the base URL and the backend's name."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('brackets') / 'web.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    database = open_database(url)
    clock = StoryClock()
    build_web_record(database, clock)
    example = worked_example()
    for number, path in enumerate(example.READINGS, start=1):
        clock.advance(timedelta(days=14))
        with UnitOfWork(database, clock) as uow:
            drafts.table_draft(
                uow,
                Actor.system_operator(),
                NEGOTIATION,
                example.reading(path.read_text(encoding="utf-8")),
                document="basin",
                party="envoy",
                message=f"reading {number}",
            )
    with UnitOfWork(database, clock) as uow:
        drafts.table_draft(
            uow,
            member_actor(uow, NEGOTIATION, "n-expert"),
            NEGOTIATION,
            example.reading(example.READINGS[0].read_text(encoding="utf-8")),
            document=PRIVATE,
            party="north",
            message="NORTH-PRIVATE-IDEAS",
            visibility=Visibility.PRIVATE,
        )
    try:
        with serving(database) as base:
            yield base, request.param
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def shoot(page: Page, backend: str, name: str) -> None:
    folder = ARTIFACTS / backend
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def cells(page: Page, selector: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("th, td").all_text_contents()]
        for row in page.locator(selector).all()
    ]


def test_a_party_reads_the_brackets_from_the_version_page(
    server: tuple[str, str], browser: Browser
) -> None:
    base, backend = server
    south = log_in(browser, base, "s-expert")
    south.goto(f"{base}/negotiations/{NEGOTIATION}/versions/basin@3")
    south.click("a.brackets-link")
    south.wait_for_url("**/documents/basin/brackets?version=3")
    assert cells(south, "table.brackets tr.total") == [["total", "2", "2", "1", "12"]]
    burndown = cells(south, "table.burndown tbody tr")
    assert [[row[0], *row[2:]] for row in burndown] == [
        ["basin@1", "44", "41", "12", "12"],
        ["basin@2", "18", "16", "9", "12"],
        ["basin@3", "2", "2", "1", "12"],
    ]
    dates = [row[1] for row in burndown]
    assert dates == sorted(dates) and len(set(dates)) == 3
    width = south.eval_on_selector("img.burndown", "img => img.complete ? img.naturalWidth : 0")
    assert width > 100  # the chart loaded and drew
    shoot(south, backend, "20-brackets-south")

    south.click("nav.versions a:has-text('basin@1')")
    south.wait_for_url("**/brackets?version=1")
    articles = cells(south, "table.brackets tr.article")
    assert [row[0] for row in articles] == [f"Article {n}" for n in range(1, 6)]
    assert articles[0] == ["Article 1", "12", "9", "2", "2"]
    assert cells(south, "table.brackets tr.total") == [["total", "44", "41", "12", "12"]]
    shoot(south, backend, "21-brackets-first-reading")


def test_a_private_draft_is_a_404_in_the_same_words(
    server: tuple[str, str], browser: Browser
) -> None:
    base, backend = server
    south = log_in(browser, base, "s-expert")
    answers = {}
    for name in (PRIVATE, MISSING):
        for suffix in ("brackets", "brackets.svg", "brackets?version=1&lineage=true"):
            response = south.goto(f"{base}/negotiations/{NEGOTIATION}/documents/{name}/{suffix}")
            assert response is not None and response.status == 404
            answers[name, suffix] = south.inner_text("body")
    for suffix in ("brackets", "brackets.svg", "brackets?version=1&lineage=true"):
        assert answers[PRIVATE, suffix].replace(PRIVATE, MISSING) == answers[MISSING, suffix]
        assert "NORTH-PRIVATE-IDEAS" not in answers[PRIVATE, suffix]
    shoot(south, backend, "22-brackets-private-404")
    north = log_in(browser, base, "n-expert")
    response = north.goto(f"{base}/negotiations/{NEGOTIATION}/documents/{PRIVATE}/brackets")
    assert response is not None and response.status == 200
    assert cells(north, "table.brackets tr.total") == [["total", "44", "41", "12", "12"]]


def test_the_chart_is_svg_and_bad_numbers_are_refused(
    server: tuple[str, str], browser: Browser
) -> None:
    base, _backend = server
    south = log_in(browser, base, "s-expert")
    chart = south.request.get(f"{base}/negotiations/{NEGOTIATION}/documents/basin/brackets.svg")
    assert chart.status == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert b"basin@3" in chart.body()
    for bad in ("0", "-1", "x", "9999999"):
        response = south.request.get(
            f"{base}/negotiations/{NEGOTIATION}/documents/basin/brackets?version={bad}"
        )
        assert response.status in (400, 422), bad
    late = south.request.get(
        f"{base}/negotiations/{NEGOTIATION}/documents/basin/brackets?version=4"
    )
    assert late.status == 404 and "no version &#39;basin@4&#39;" in late.text()


def test_the_version_page_draws_the_tree_and_takes_a_stance_on_an_alternative(
    server: tuple[str, str], browser: Browser
) -> None:
    """Articles fold and unfold; a delegate marks one alternative of a paragraph and
    sees its stance on that alternative, the others untouched."""
    base, backend = server
    south = log_in(browser, base, "s-expert")
    south.goto(f"{base}/negotiations/{NEGOTIATION}/versions/basin@1")
    summaries = south.locator("li.division.level-article > details > summary")
    assert [t.split()[:2] for t in summaries.all_text_contents()] == [
        ["Article", str(n)] for n in range(1, 6)
    ]
    assert "Purpose" in summaries.first.inner_text()
    first = south.locator('[id="point-1.1"]')
    assert first.is_visible()
    summaries.first.click()  # fold Article 1
    assert not first.is_visible()
    summaries.first.click()
    assert first.is_visible()

    allocation = south.locator('[id="point-2.1"]')
    keys = allocation.locator("ul.options li.option").evaluate_all(
        "items => items.map(i => i.dataset.key)"
    )
    assert keys[:3] == ["1a", "1b", "1c"]  # Option 1, 2, 3 of Article 2.1
    assert allocation.locator("li.option.nested").count() >= 2  # brackets inside options
    allocation.locator("details.mark-form summary").click()
    allocation.locator("details.mark-form select[name=option]").select_option("1b")
    allocation.locator("details.mark-form select[name=stance]").select_option("accepted")
    allocation.locator("details.mark-form select[name=visibility]").select_option("joint")
    allocation.locator("details.mark-form button[type=submit]").click()
    south.wait_for_url("**/versions/basin@1?marked=2.1#point-2.1")
    chosen = south.locator('[id="point-2.1"] li.option[data-key="1b"] .mark-chip')
    assert chosen.all_text_contents() == ["south: accepted"]
    assert south.locator('[id="point-2.1"] li.option[data-key="1a"] .mark-chip').count() == 0
    shoot(south, backend, "23-version-tree-option-stance")

    south.goto(f"{base}/negotiations/{NEGOTIATION}/matrix?version=basin@1")
    rows = south.locator("tr.division-row")
    assert [t.split()[:2] for t in rows.all_text_contents()] == [
        ["Article", str(n)] for n in range(1, 6)
    ]
    option_row = south.locator('tr.option-row[data-key="1b"]')
    assert option_row.count() == 1 and "A" in option_row.locator("td").nth(1).inner_text()
    unit_row = south.locator("tbody.has-division").first.locator("tr.unit").first
    assert unit_row.is_visible()
    rows.first.locator("input.fold").uncheck()  # fold Article 1
    assert not unit_row.is_visible()
    shoot(south, backend, "24-matrix-tree-folded")
