"""Server-rendered pages: they render for every role, mark inline, speak errors in words;
``onetext serve --demo`` prepares the demo and its accounts once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner
from web_support import MEMBERS, NEGOTIATION, WebClient

from onetext.cli import web as web_cli
from onetext.service.accounts import DEMO_PASSWORD
from onetext.store.accounts_tables import MembershipRow, UserRow
from onetext.store.database import Database
from onetext.store.tables import PositionRow
from onetext.web import create_app
from onetext.web.app import app_from_environment

N = f"/negotiations/{NEGOTIATION}"
PAGES = [
    "/negotiations",
    N,
    f"{N}/matrix",
    f"{N}/versions/framework@1",
    f"{N}/points/2/history",
    f"{N}/compare?old=framework@1&new=framework@2",
    f"{N}/compare",
    f"{N}/rounds",
    f"{N}/compromise",
]


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_every_page_renders_for_every_role(as_member: Any) -> None:
    for handle in MEMBERS:
        client = as_member(handle)
        for path in PAGES:
            page = client.get(path)
            assert page.status_code == 200, (handle, path, page.text[:300])
            assert page.headers["content-type"].startswith("text/html")
            assert "Content-Security-Policy" in page.headers
            assert handle in page.text  # the footer says whose view this is


def test_inline_mark_form_writes_a_row_and_returns_to_the_point(
    web_db: Database, as_member: Any
) -> None:
    client = as_member("n-principal")
    page = client.get(f"{N}/versions/framework@2")
    assert 'action="/negotiations/talks/marks"' in page.text
    done = client.post(
        f"{N}/marks",
        data={
            "csrf_token": csrf_of(page.text),
            "label": "2",
            "stance": "unacceptable",
            "priority": "5",
            "visibility": "caucus",
            "note": "daily is too intrusive <script>",
            "version": "framework@2",
            "next": f"{N}/versions/framework@2",
        },
    )
    assert done.status_code == 303
    # back to the point, with a word that the mark is recorded (issue 16)
    assert done.headers["location"] == f"{N}/versions/framework@2?marked=2#point-2"
    with web_db.session() as session:
        row = session.execute(
            select(PositionRow).order_by(PositionRow.id.desc()).limit(1)
        ).scalar_one()
    assert (row.stance, row.priority, row.visibility, row.author) == (
        "unacceptable",
        5,
        "caucus",
        "n-principal",
    )
    again = client.get(f"{N}/versions/framework@2")
    assert "daily is too intrusive &lt;script&gt;" in again.text
    assert "<script>" not in again.text
    matrix = client.get(f"{N}/matrix?version=framework@2")
    assert "stance-unacceptable" in matrix.text


def test_only_delegates_get_the_mark_form(as_member: Any) -> None:
    for handle, expected in (("s-expert", True), ("chief", False), ("reporter", False)):
        page = as_member(handle).get(f"{N}/versions/framework@1")
        assert ("/marks" in page.text) is expected, handle


def test_errors_are_pages_in_words(as_member: Any) -> None:
    client = as_member("s-expert")
    missing = client.get(f"{N}/versions/framework@9")
    assert missing.status_code == 404
    assert "no version" in missing.text and "Not found" in missing.text
    invalid = client.get(f"{N}/matrix?as_of=soon")
    assert invalid.status_code == 422
    assert "invalid date" in invalid.text
    form = client.get(f"{N}/versions/framework@1")
    bad = client.post(
        f"{N}/marks",
        data={"csrf_token": csrf_of(form.text), "label": "1", "stance": "perhaps"},
    )
    assert bad.status_code == 422
    assert "stance" in bad.text
    for page in (missing, invalid, bad):
        assert "Traceback" not in page.text
        assert "Log out" in page.text  # the header stays: the visitor can go on
        assert 'href="/static/onetext.css"' in page.text


def test_anonymous_visitors_are_sent_to_the_login_form(make_client: Any) -> None:
    client = make_client()
    page = client.get(f"{N}/matrix?version=framework@1")
    assert page.status_code == 303
    assert (
        page.headers["location"]
        == "/login?next=/negotiations/talks/matrix%3Fversion%3Dframework%401"
    )
    login = client.get("/login")
    assert login.status_code == 200
    assert 'type="password"' in login.text
    assert client.get("/static/onetext.css").status_code == 200


def test_admin_pages_create_and_invite(web_db: Database, as_member: Any) -> None:
    admin = as_member("root")
    page = admin.get("/admin")
    assert page.status_code == 200
    token = csrf_of(page.text)
    made = admin.post(
        "/admin/users",
        data={"csrf_token": token, "username": "s-chief", "password": "long-enough-3"},
    )
    assert made.status_code == 200 and "user s-chief created" in made.text
    invited = admin.post(
        "/admin/invitations",
        data={
            "csrf_token": token,
            "username": "s-chief",
            "negotiation": NEGOTIATION,
            "handle": "s-chief",
            "party": "south",
            "level": "principal",
        },
    )
    assert invited.status_code == 200, invited.text
    assert "s-chief joined talks" in invited.text
    # south's principal has an account now: its other seats are south's to grant
    admin.post("/admin/users", data={"csrf_token": token, "username": "s-mole",
                                     "password": "long-enough-4"})  # fmt: skip
    refused = admin.post(
        "/admin/invitations",
        data={"csrf_token": token, "username": "s-mole", "negotiation": NEGOTIATION,
              "handle": "s-mole", "party": "south", "level": "expert"},
    )  # fmt: skip
    assert refused.status_code == 403 and "grants its seats" in refused.text
    assert as_member("s-expert").get("/admin").status_code == 403


def test_serve_demo_prepares_accounts_once(database: Database) -> None:
    first = web_cli.prepare_demo(database)
    second = web_cli.prepare_demo(database)
    assert first == second
    assert ("envoy-chief", DEMO_PASSWORD) in first
    with database.session() as session:
        users = session.execute(select(func.count()).select_from(UserRow)).scalar_one()
        links = session.execute(select(func.count()).select_from(MembershipRow)).scalar_one()
    assert users == len(first)
    assert links == len(first) - 1  # every member but the administrator
    client = WebClient(create_app(database))
    try:
        assert client.login("varnia-expert", DEMO_PASSWORD).status_code == 200
        matrix = client.get("/api/negotiations/lakemont-talks/matrix").json()
        assert matrix["version"] == "framework@1"
        assert set(matrix["parties"]) >= {"varnia", "ostrel"}
    finally:
        client.close()


def test_serve_command_is_documented() -> None:
    app = typer.Typer()
    web_cli.register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--demo", "--db"):
        assert option in result.output


def test_the_mediator_records_a_round_from_the_rounds_page(as_member: Any) -> None:
    delegate = as_member("s-expert").get(f"{N}/rounds")
    assert "Record a round" not in delegate.text
    chief = as_member("chief")
    page = chief.get(f"{N}/rounds")
    assert "Record a round" in page.text
    done = chief.post(
        f"{N}/rounds",
        data={
            "csrf_token": csrf_of(page.text),
            "level": "principal",
            "place": "Villa Morand",
            "starts_at": "2026-10-04T10:00",
            "ends_at": "2026-10-04T18:00",
            "attendees": "chief, n-principal",
            "agenda": "1 3",
            "produced": "",
            "outcome": "no agreement on point 3",
        },
    )
    assert done.status_code == 303, done.text
    after = chief.get(done.headers["location"])
    assert "Villa Morand" in after.text
    assert "no agreement on point 3" in after.text
    assert "Villa Morand" in as_member("n-principal").get(N).text  # an attendee's delegation
    # the observer and the other party read it once the mediator publishes it
    assert "Villa Morand" not in as_member("reporter").get(N).text
    assert "Villa Morand" not in as_member("s-expert").get(f"{N}/rounds").text
    publish = re.search(r'action="([^"]+/publish)"', after.text)
    assert publish is not None
    published = chief.post(publish.group(1), data={"csrf_token": csrf_of(after.text)})
    assert published.status_code == 303, published.text
    assert "Villa Morand" in as_member("reporter").get(N).text


def test_worker_processes_open_the_database_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONETEXT_DATABASE_URL", f"sqlite:///{tmp_path / 'workers.db'}")
    app = app_from_environment()
    client = WebClient(app)
    try:
        assert client.get("/login").status_code == 200
        assert client.get("/api/me").status_code == 401
    finally:
        client.close()
        app.state.database.dispose()


def test_the_compromise_page_runs_the_engine(as_member: Any) -> None:
    page = as_member("chief").get(f"{N}/compromise?objective=welfare")
    assert page.status_code == 200
    assert "optimal" in page.text and "Utilities" in page.text
    blind = as_member("n-expert").get(f"{N}/compromise?objective=nash&version=framework@2")
    assert blind.status_code == 200
    assert "Utility for north" in blind.text
    assert "Utilities" not in blind.text
