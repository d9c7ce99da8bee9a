"""The escalation board and the brief for principals, in-process on both backends."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pypdf
from web_support import MEMBERS, NEGOTIATION, PARTIES, StoryClock, add_delegate, note

from onetext.access import Actor, visible_visibilities
from onetext.model import Level, Role, Visibility
from onetext.service import escalation
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork

PAGES = f"/negotiations/{NEGOTIATION}"
API = f"/api{PAGES}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROLE_OF = {"north": Role.DELEGATE, "south": Role.DELEGATE, "envoy": Role.MEDIATOR}


def _mark(client: Any, label: str, stance: str, option: str | None = None) -> None:
    body = {"label": label, "stance": stance, "visibility": "joint", "version": "framework@1"}
    if option is not None:
        body["option"] = option
    response = client.write(f"{API}/marks", body)
    assert response.status_code == 201, response.text


def _statuses(board: dict[str, Any]) -> dict[str, str]:
    return {point["label"]: point["status"] for point in board["points"]}


def test_board_json_reflects_marks_by_level(as_member: Any) -> None:
    mediator = as_member("chief")
    before = mediator.get(f"{API}/board?version=framework@1").json()
    assert before["version"] == "framework@1"
    assert before["parties"] == list(PARTIES)
    assert _statuses(before) == {"1": "open", "2": "open", "3": "open"}
    assert before["package"]["endorsed"] is False
    assert before["package"]["counts"] == {
        "endorsed": 0,
        "agreed_expert": 0,
        "blocked": 0,
        "open": 3,
    }
    assert before["package"]["words"].startswith("nothing is agreed until everything is agreed")

    north, south = as_member("n-expert"), as_member("s-expert")
    _mark(south, "1", "unacceptable")
    _mark(north, "3", "accepted")
    _mark(south, "3", "accepted")
    after = mediator.get(f"{API}/board", params={"version": "framework@1"}).json()
    assert _statuses(after) == {"1": "blocked", "2": "open", "3": "agreed_expert"}
    first = after["points"][0]
    assert first["blocked_by"] == ["south"]
    assert first["status_words"] == "blocked — escalated"
    assert first["marks"]["south"]["stance"] == "unacceptable"
    assert first["marks"]["south"]["level"] == "expert"
    assert after["points"][1]["options"][0] == {
        "key": "a",
        "text": "weekly",
        "unacceptable_to": [],
        "parent": None,
        "stances": {},
        "group": 1,
    }
    assert after["package"]["counts"]["blocked"] == 1
    assert after["package"]["counts"]["agreed_expert"] == 1


def test_board_page_shows_badges_package_line_and_filters(as_member: Any) -> None:
    north = as_member("n-expert")
    _mark(as_member("s-expert"), "1", "unacceptable")
    page = north.get(f"{PAGES}/board?version=framework@1")
    assert page.status_code == 200
    html = page.text
    assert 'class="board-status board-blocked">blocked — escalated' in html
    assert "<strong>Blocked by</strong> south" in html
    assert "nothing is agreed until everything is agreed" in html
    assert f'href="{PAGES}/board">Board</a>' in html
    assert f'href="{PAGES}/brief">Brief</a>' in html
    assert '<select name="group">' in html
    assert '<option value="framework@2"' in html
    assert north.get(f"{PAGES}/board?group=missing").status_code == 404
    missing = north.get(f"{API}/board?group=missing")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": f"unknown working group 'missing' in {NEGOTIATION} (known: none yet)"
    }


def test_board_filters_by_working_group(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    with UnitOfWork(web_db, story_clock) as uow:
        escalation.create_working_group(
            uow,
            Actor.system_operator(),
            NEGOTIATION,
            "monitoring",
            "Monitoring",
            points=["2"],
            version="framework@1",
        )
    client = as_member("reporter")
    board = client.get(f"{API}/board?version=framework@1&group=monitoring").json()
    assert board["group"] == "monitoring"
    assert [p["label"] for p in board["points"]] == ["2"]
    assert board["points"][0]["groups"] == ["monitoring"]
    page = client.get(f"{PAGES}/board?version=framework@1&group=monitoring").text
    assert '<option value="monitoring" selected>' in page
    assert 'id="point-1"' not in page and 'id="point-2"' in page


def test_brief_downloads_have_media_type_and_file_name(as_member: Any) -> None:
    client = as_member("chief")
    md = client.get(f"{API}/brief?version=framework@1&format=md")
    assert md.status_code == 200
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"] == (
        'attachment; filename="brief-talks-framework-1.md"'
    )
    assert md.text.startswith("**CONFIDENTIAL")  # the classification banner first
    assert "\n# Brief for principals — Talks on the Lake\n" in md.text
    html = client.get(f"{API}/brief?format=html&version=framework@2")
    assert html.headers["content-type"].startswith("text/html")
    assert 'filename="brief-talks-framework-2.html"' in html.headers["content-disposition"]
    assert "<h1>Brief for principals" in html.text
    word = client.get(f"{API}/brief?version=framework@1&format=docx")
    assert word.headers["content-type"] == DOCX
    assert 'filename="brief-talks-framework-1.docx"' in word.headers["content-disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert paragraphs[0].startswith("CONFIDENTIAL")  # the classification banner first
    assert paragraphs[1] == "Brief for principals — Talks on the Lake"
    assert "Suggested package" in paragraphs
    pdf = client.get(f"{API}/brief?version=framework@1&format=pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == (
        'attachment; filename="brief-talks-framework-1.pdf"'
    )
    pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    first_page = pages[0].extract_text()
    assert first_page.startswith("CONFIDENTIAL")
    assert "Brief for principals — Talks on the Lake" in first_page
    bad = client.get(f"{API}/brief?format=rtf")
    assert bad.status_code == 422
    assert "error" in bad.json()


def test_brief_page_renders_inside_the_layout(as_member: Any) -> None:
    page = as_member("n-principal").get(f"{PAGES}/brief?version=framework@1")
    assert page.status_code == 200
    html = page.text
    assert '<nav class="sections"' in html
    assert "<h1>Brief for principals — Talks on the Lake</h1>" in html
    assert "<h2>Open (3)</h2>" in html
    assert f'href="{API}/brief?version=framework%401&format=md"' in html
    assert f'href="{API}/brief?version=framework%401&format=docx"' in html
    assert f'href="{API}/brief?version=framework%401&format=pdf"' in html
    assert "<style>" not in html  # the page keeps the app's stylesheet (CSP: no inline style)


def test_docx_brief_shows_each_role_only_what_it_may_read(as_member: Any) -> None:
    for handle, (party, level) in MEMBERS.items():
        actor = Actor(handle, ROLE_OF.get(party, Role.OBSERVER), party, level)
        word = as_member(handle).get(f"{API}/brief?version=framework@1&format=docx")
        assert word.status_code == 200, handle
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
        for owner in PARTIES:
            for visibility in Visibility:
                readable = visibility in visible_visibilities(actor, owner)
                assert (note(owner, visibility) in text) is readable, (handle, owner, visibility)
            utility = re.search(rf"\b{owner}: \d+\.\d\b", text, re.IGNORECASE) is not None
            assert utility is (actor.role is Role.MEDIATOR or owner == party), (handle, owner)


def test_principals_endorse_points_and_then_the_package(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    """Experts agree (provisional); principals of both parties endorse point by point;
    the package is endorsed only once every point is, as the board and page say."""
    add_delegate(web_db, story_clock, "s-principal", "south", Level.PRINCIPAL)
    north_expert, south_expert = as_member("n-expert"), as_member("s-expert")
    north_chief, south_chief = as_member("n-principal"), as_member("s-principal")
    mediator = as_member("chief")
    for label in ("1", "2", "3"):
        _mark(north_expert, label, "accepted")
        _mark(south_expert, label, "reservations")
    board = mediator.get(f"{API}/board?version=framework@1").json()
    # point 2 reads "[weekly][daily]": accepting it is not yet choosing between them
    assert _statuses(board) == {"1": "agreed_expert", "2": "open", "3": "agreed_expert"}
    _mark(north_expert, "2", "accepted", option="b")
    _mark(south_expert, "2", "accepted", option="b")
    board = mediator.get(f"{API}/board?version=framework@1").json()
    assert _statuses(board) == {"1": "agreed_expert", "2": "agreed_expert", "3": "agreed_expert"}
    assert board["points"][1]["options"][1]["stances"] == {"north": "accepted", "south": "accepted"}
    _mark(north_chief, "1", "accepted")
    half = mediator.get(f"{API}/board?version=framework@1").json()
    assert _statuses(half)["1"] == "agreed_expert"  # one principal is not both
    _mark(south_chief, "1", "accepted")
    one = mediator.get(f"{API}/board?version=framework@1").json()
    assert _statuses(one) == {"1": "endorsed", "2": "agreed_expert", "3": "agreed_expert"}
    assert one["package"]["endorsed"] is False
    assert one["package"]["words"].startswith("nothing is agreed until everything is agreed")
    for label in ("2", "3"):
        _mark(north_chief, label, "accepted")
        _mark(south_chief, label, "reservations")
    done = north_expert.get(f"{API}/board?version=framework@1").json()
    assert set(_statuses(done).values()) == {"endorsed"}
    assert done["package"]["endorsed"] is True
    words = done["package"]["words"]
    assert words == "package endorsed: every point is endorsed by every principal"
    page = north_expert.get(f"{PAGES}/board?version=framework@1").text
    assert "package endorsed" in page
    # the principals' word, as a matrix of principal-level marks
    matrix = mediator.get(f"{API}/matrix?version=framework@1&level=principal").json()
    assert {cell["stance"] for row in matrix["matrix"].values() for cell in row.values()} == {
        "accepted",
        "reservations",
    }
