"""The text editor and comments on the web: the JSON API and the form (in-process, on
SQLite and PostgreSQL), then Debian's Chromium through Playwright: the mediator edits
two units, reloads and finds the autosaved draft, tables it and the new version shows
the edits; a delegate cannot open the editor; a comment thread is added to and resolved
from the keyboard; the pages pass axe-core. Screenshots go to
``test-artifacts/web/editor/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import CHROMIUM, CHROMIUM_ARGS, log_in, negotiation_url, serving
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import func, select
from test_web_accessibility import serious_violations
from web_support import NEGOTIATION, StoryClock, build_web_record

from onetext.store.audit import verify_chain
from onetext.store.comment_tables import CommentRow
from onetext.store.database import Database, open_database
from onetext.store.draft_tables import EditDraftRow
from onetext.store.record_check import check_tables
from onetext.store.record_specs import SPECS
from onetext.store.tables import AuditEventRow, VersionRow

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web" / "editor"
DRAFT_API = f"/api/negotiations/{NEGOTIATION}/documents/framework/draft"
EDIT_PAGE = f"/negotiations/{NEGOTIATION}/documents/framework/edit"


def _counts(database: Database) -> tuple[int, int, int, int]:
    with database.session() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (VersionRow, AuditEventRow, EditDraftRow, CommentRow)
        )


def test_an_edit_is_tabled_through_the_api(as_member: Any, web_db: Database) -> None:
    chief = as_member("chief")
    draft = chief.get(DRAFT_API).json()
    assert draft["base"] == "framework@2" and draft["saved_at"] is None
    units = [
        {"point": u["point"], "label": u["label"], "heading": u["heading"], "text": u["text"]}
        for u in draft["units"]
    ]
    units[0]["text"] = "The parties shall cease all hostilities within [12][24] hours."
    body = {"base": "framework@2", "message": "API reading", "units": units}
    inserted = chief.write(DRAFT_API, body | {"operation": {"kind": "insert", "index": 0}}).json()
    assert [u["label"] for u in inserted["units"]] == ["1", "1bis", "2", "3"]
    units = [
        {"point": u["point"], "label": u["label"], "heading": u["heading"], "text": u["text"]}
        for u in inserted["units"]
    ]
    units[1]["text"] = "Observers [may][shall] accompany the mission."
    saved = chief.write(DRAFT_API, body | {"units": units})
    assert saved.status_code == 200 and saved.json()["problems"] == {}
    tabled = chief.write(f"{DRAFT_API}/table", {"message": "API reading"})
    assert tabled.status_code == 201, tabled.text
    assert tabled.json()["ref"] == "framework@3"
    version = chief.get(f"/api/negotiations/{NEGOTIATION}/versions/framework@3").json()
    texts = [p["text"] for p in version["points"]]
    assert texts[0].endswith("within [12][24] hours.") and texts[1].startswith("Observers")
    assert [o["key"] for o in version["points"][1]["options"]] == ["a", "b"]
    with web_db.session() as session:
        verify_chain(session)
        assert check_tables(session, SPECS).findings == ()


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"base": "framework@1", "units": []}, 409, "began from framework@2"),
        ({"base": "framework@2", "units": [{"point": "pt_x", "label": "1", "text": "x"}]}, 422,
         "does not hold"),
        ({"base": "framework@2", "units": [{"label": "1" * 41, "text": "x"}]}, 422, "label"),
        ({"base": "framework@2", "units": [{"label": "1", "text": "x"}],
          "operation": {"kind": "up", "index": 0}}, 422, "first unit"),
        ({"base": "framework@2", "units": "not a list"}, 422, "units"),
    ],
)  # fmt: skip
def test_bad_drafts_change_nothing(
    as_member: Any, web_db: Database, body: dict[str, Any], status: int, words: str
) -> None:
    chief = as_member("chief")
    before = _counts(web_db)
    answer = chief.write(DRAFT_API, body)
    assert answer.status_code == status and words in answer.json()["error"], answer.text
    assert _counts(web_db) == before
    table = chief.write(f"{DRAFT_API}/table", {"message": "x"})
    assert table.status_code in (404, 422) and _counts(web_db)[:2] == before[:2]


@pytest.mark.parametrize("handle", ["n-expert", "s-expert", "reporter"])
def test_only_the_mediator_opens_the_editor_of_the_single_text(
    as_member: Any, web_db: Database, handle: str
) -> None:
    member = as_member(handle)
    before = _counts(web_db)
    assert member.get(EDIT_PAGE).status_code == 403
    assert member.get(DRAFT_API).status_code == 403
    refused = member.write(DRAFT_API, {"base": "framework@2", "units": []})
    assert refused.status_code == 403
    assert member.write(f"{DRAFT_API}/table", {"message": "x"}).status_code == 403
    assert (
        "edit this text" not in member.get(f"/negotiations/{NEGOTIATION}/versions/framework@2").text
    )
    assert _counts(web_db) == before


def test_the_form_keeps_the_input_and_shows_the_message_by_the_field(
    as_member: Any, web_db: Database
) -> None:
    chief = as_member("chief")
    page = chief.get(EDIT_PAGE)
    assert page.status_code == 200 and 'name="unit-1-text"' in page.text
    draft = chief.get(DRAFT_API).json()
    form = {"csrf_token": chief.csrf or "", "base": "framework@2", "message": "typed message"}
    for i, unit in enumerate(draft["units"]):
        form |= {f"unit-{i}-point": unit["point"], f"unit-{i}-label": unit["label"]}
        form[f"unit-{i}-text"] = unit["text"]
    form["unit-1-text"] = "A monitoring mission [shall observe TYPED-KEPT."
    before = _counts(web_db)
    answer = chief.post(EDIT_PAGE, data=form | {"do": "table"})
    assert answer.status_code == 400
    assert "TYPED-KEPT" in answer.text and "typed message" in answer.text
    assert "unbalanced brackets: &#39;[&#39; is never closed (line 1, column 22)" in answer.text
    assert 'id="problem-1" data-problem-for="1" role="alert"' in answer.text
    assert _counts(web_db)[:2] == before[:2]  # nothing tabled
    again = chief.get(EDIT_PAGE)  # the draft kept what was typed
    assert "TYPED-KEPT" in again.text and "Draft saved at" in again.text
    refused = chief.post(
        EDIT_PAGE, data=form | {"do": "add-alternative:2", "unit-2-phrase": "gone"}
    )
    assert refused.status_code == 400 and "does not contain the phrase" in refused.text
    assert 'value="gone"' in refused.text  # the typed phrase is kept too
    no_token = chief.post(EDIT_PAGE, data=form | {"csrf_token": "", "do": "save"})
    assert no_token.status_code == 403


def test_comments_through_the_api(as_member: Any, web_db: Database) -> None:
    north, south, chief = as_member("n-expert"), as_member("s-expert"), as_member("chief")
    thread = f"/api/negotiations/{NEGOTIATION}/versions/framework@2/points/2/comments"
    made = {}
    for visibility in ("private", "caucus", "joint"):
        answer = north.write(thread, {"text": f"NORTH-{visibility}", "visibility": visibility})
        assert answer.status_code == 201, answer.text
        made[visibility] = answer.json()["uid"]
    seen = {
        who: {c["text"] for c in client.get(thread).json()["comments"]}
        for who, client in (("north", north), ("south", south), ("chief", chief))
    }
    assert seen == {
        "north": {"NORTH-private", "NORTH-caucus", "NORTH-joint"},
        "south": {"NORTH-joint"},
        "chief": {"NORTH-caucus", "NORTH-joint"},
    }
    listing = south.get(f"/api/negotiations/{NEGOTIATION}/versions/framework@2/comments").json()
    assert [[c["text"] for c in t["comments"]] for t in listing] == [["NORTH-joint"]]
    resolve = f"/api/negotiations/{NEGOTIATION}/comments/{made['caucus']}/resolve"
    assert south.write(resolve, {}).status_code == 404  # not south's to know of
    assert chief.write(resolve, {}).json()["status"] == "resolved"
    assert north.get(thread).json()["comments"][1]["status_by"] == "envoy/chief"
    before = _counts(web_db)
    for bad, status in (
        ({"text": ""}, 422),
        ({"text": "x", "visibility": "secret"}, 422),
        ({"text": "x", "party": "south"}, 403),
    ):
        assert north.write(thread, bad).status_code == status
    assert north.post(thread, json={"text": "no token"}).status_code == 403
    assert _counts(web_db) == before
    with web_db.session() as session:
        assert check_tables(session, SPECS).findings == ()


# --- in the browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('editor') / 'editor.db'}")
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


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_mediator_edits_reloads_and_tables_in_the_browser(live: str, browser: Browser) -> None:
    page = log_in(browser, live, "chief")
    page.goto(negotiation_url(live, "/versions/framework@2"))
    page.get_by_role("link", name="edit this text").click()
    page.wait_for_url("**/documents/framework/edit")
    assert serious_violations(page) == []
    first = page.locator("textarea[name=unit-0-text]")
    first.fill("")
    first.press_sequentially("The parties shall cease all hostilities within [12][24] hours.")
    third = page.locator("textarea[name=unit-2-text]")
    third.fill("All prisoners shall be exchanged [within 30 days][at once].")
    expect(page.locator("#save-state")).to_contain_text("Draft saved at", timeout=10_000)
    _shot(page, "editor-autosaved")
    page.reload()
    expect(first).to_have_value("The parties shall cease all hostilities within [12][24] hours.")
    expect(third).to_have_value("All prisoners shall be exchanged [within 30 days][at once].")
    expect(page.locator("#save-state")).to_contain_text("Draft saved at")
    # the alternatives are listed by the grammar; one is removed by its button
    expect(page.locator("#unit-2 .alternatives")).to_contain_text("at once")
    page.get_by_role("button", name="Remove alternative b of unit 3").click()
    page.wait_for_url("**/edit?saved=1#unit-2")
    expect(third).to_have_value("All prisoners shall be exchanged within 30 days.")
    page.fill("input[name=message]", "Hours and days shortened")
    page.get_by_role("button", name="Table as framework@3").click()
    page.wait_for_url("**/versions/framework@3?tabled=1")
    expect(page.locator("#point-1 .text")).to_have_text(
        "The parties shall cease all hostilities within [12][24] hours."
    )
    expect(page.locator("#point-3 .text")).to_have_text(
        "All prisoners shall be exchanged within 30 days."
    )
    expect(page.locator("#point-1 .options")).to_contain_text("12")
    _shot(page, "version-after-tabling")
    page.goto(live + EDIT_PAGE)  # the draft is gone: the editor starts from framework@3
    expect(page.locator("h1")).to_contain_text("from framework@3")
    expect(page.locator("#save-state")).to_contain_text("No draft yet")
    page.context.close()


def test_typing_during_a_save_is_not_lost(live: str, browser: Browser) -> None:
    page = log_in(browser, live, "chief")
    page.goto(live + EDIT_PAGE)
    field = page.locator("textarea[name=unit-1-text]")
    field.fill("")
    words = "A monitoring mission shall observe the line of contact every hour."
    for word in words.split(" "):  # pauses of different lengths, saves in between
        field.press_sequentially(word + " ", delay=15)
        page.wait_for_timeout(300 if len(word) % 2 else 900)
    expect(page.locator("#save-state")).to_contain_text("Draft saved at", timeout=10_000)
    expect(field).to_have_value(words + " ")
    page.reload()
    expect(field).to_have_value(words + " ")
    page.get_by_role("button", name="Discard draft").click()
    page.wait_for_url("**/documents/framework/edit")
    page.context.close()


def test_a_delegate_cannot_open_the_editor(live: str, browser: Browser) -> None:
    page = log_in(browser, live, "n-expert")
    answer = page.goto(live + EDIT_PAGE)
    assert answer is not None and answer.status == 403
    expect(page.locator("main")).to_contain_text("may not edit this text")
    page.goto(negotiation_url(live, "/versions/framework@2"))
    expect(page.get_by_role("link", name="edit this text")).to_have_count(0)
    page.context.close()


def test_a_comment_thread_is_added_to_and_resolved_from_the_keyboard(
    live: str, browser: Browser
) -> None:
    page = log_in(browser, live, "s-expert")
    page.goto(negotiation_url(live, "/versions/framework@2"))
    summary = page.locator("#comments-3 summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "text"
    page.keyboard.type("All for all must include civilians.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "visibility"
    page.keyboard.press("ArrowDown")  # caucus -> joint
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Add comment"
    page.keyboard.press("Enter")
    page.wait_for_url("**/versions/framework@2#comments-3")
    comment = page.locator("#comments-3 li.comment")
    expect(comment).to_contain_text("All for all must include civilians.")
    expect(comment).to_contain_text("joint")
    expect(comment.locator(".comment-status")).to_have_text("open")
    assert serious_violations(page) == []
    resolve = comment.get_by_role("button", name="Resolve the comment of south/s-expert on 3")
    resolve.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/versions/framework@2#comment-*")
    expect(page.locator("#comments-3 .comment-status")).to_have_text("resolved")
    expect(page.locator("#comments-3")).to_contain_text("by south/s-expert")
    _shot(page, "comment-resolved")
    page.context.close()
    other = log_in(browser, live, "n-expert")  # a joint comment reaches the other party
    other.goto(negotiation_url(live, "/versions/framework@2"))
    expect(other.locator("#comments-3")).to_contain_text("All for all must include civilians.")
    expect(other.locator("#comments-3 li.comment button")).to_have_count(0)  # not north's
    other.context.close()


def test_a_refused_comment_keeps_what_was_typed(live: str, browser: Browser) -> None:
    page = log_in(browser, live, "n-expert")
    page.goto(negotiation_url(live, "/versions/framework@2"))
    page.locator("#comments-1 summary").click()
    page.fill("#comments-1 textarea[name=text]", "   ")
    page.locator("#comments-1 button", has_text="Add comment").click()
    expect(page.locator("#comment-error-1")).to_have_text("a comment needs some text")
    expect(page.locator("#comments-1 details")).to_have_attribute("open", "")
    page.context.close()


def test_the_editor_works_from_the_keyboard(live: str, browser: Browser) -> None:
    page = log_in(browser, live, "chief")
    page.goto(live + EDIT_PAGE)
    label = page.locator("input[name=unit-0-label]")
    label.focus()
    page.keyboard.press("Enter")  # Enter in a field saves; it presses no unit's button
    page.wait_for_url("**/edit?saved=1")
    expect(page.locator("#save-state")).to_contain_text("Draft saved at")
    page.locator("textarea[name=unit-0-text]").focus()
    reached = []
    for _ in range(12):  # through the unit's alternatives and its buttons, by Tab alone
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        if reached[-1] == "Move unit 1 down":
            break
    assert reached[-1] == "Move unit 1 down", reached
    page.keyboard.press("Enter")
    page.wait_for_url("**/edit?saved=1#unit-1")
    expect(page.locator("input[name=unit-1-label]")).to_have_value("1")
    expect(page.locator("input[name=unit-0-label]")).to_have_value("2")
    page.get_by_role("button", name="Discard draft").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/documents/framework/edit")
    expect(page.locator("input[name=unit-0-label]")).to_have_value("1")
    page.context.close()
