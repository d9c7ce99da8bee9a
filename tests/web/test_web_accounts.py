"""Accounts and sessions over HTTP: cookies, CSRF, throttling, logout, administration.

Each test runs on SQLite and on PostgreSQL and checks the rows behind the answer.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from web_support import ADMIN, NEGOTIATION, StoryClock, password

from onetext.access import Actor
from onetext.model import Level
from onetext.service import accounts, negotiations
from onetext.store.accounts_tables import (
    LoginFailureRow,
    MembershipRow,
    UserRow,
    UserSessionRow,
)
from onetext.store.database import Database
from onetext.store.tables import MemberRow, PositionRow
from onetext.store.unit_of_work import UnitOfWork


def count(database: Database, table: Any) -> int:
    with database.session() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def test_login_sets_a_hardened_cookie_and_stores_only_a_digest(
    web_db: Database, make_client: Any
) -> None:
    client = make_client()
    response = client.login("n-expert", password("n-expert"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "n-expert"
    assert [m["party"] for m in body["negotiations"]] == ["north"]
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie
    token = re.search(r"onetext_session=([^;]+)", cookie)
    assert token is not None
    with web_db.session() as session:
        rows = session.execute(select(UserSessionRow)).scalars().all()
        stored = [row.token_digest for row in rows]
        assert token.group(1) not in stored
        assert len(stored) == 1 and len(stored[0]) == 64
        assert rows[0].csrf_token == body["csrf_token"]
        hashed = session.execute(
            select(UserRow.password_hash).where(UserRow.username == "n-expert")
        ).scalar_one()
        assert hashed.startswith("$argon2id$")


def test_cookie_is_secure_over_https_and_behind_a_tls_proxy(make_client: Any) -> None:
    direct = make_client(base_url="https://testserver")
    assert "Secure" in direct.login("s-expert", password("s-expert")).headers["set-cookie"]
    proxied = make_client()
    response = proxied.post(
        "/api/login",
        json={"username": "chief", "password": password("chief")},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 200
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_and_unknown_user_get_the_same_answer(
    web_db: Database, make_client: Any
) -> None:
    client = make_client()
    wrong = client.login("n-expert", "not-the-password")
    unknown = client.login("nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"error": "wrong username or password"}
    assert "set-cookie" not in wrong.headers
    assert count(web_db, LoginFailureRow) == 2
    assert count(web_db, UserSessionRow) == 0


def test_failed_logins_are_throttled_per_username_and_address(
    web_db: Database, make_client: Any, story_clock: StoryClock
) -> None:
    attacker = make_client(address="203.0.113.9")
    for _ in range(accounts.FAILURE_LIMIT):
        assert attacker.login("s-expert", "guess-guess").status_code == 401
    blocked = attacker.login("s-expert", password("s-expert"))
    assert blocked.status_code == 429
    assert "too many failed logins" in blocked.json()["error"]
    assert "wait 15 minutes" in blocked.json()["error"]
    assert count(web_db, UserSessionRow) == 0
    # the real user elsewhere is not locked out, nor is another account from here
    assert make_client(address="198.51.100.7").login("s-expert", password("s-expert")).is_success
    assert attacker.login("n-expert", password("n-expert")).is_success
    # after the window the address may try again; success clears its failures
    story_clock.advance(accounts.FAILURE_WINDOW + timedelta(seconds=1))
    assert attacker.login("s-expert", password("s-expert")).is_success
    with web_db.session() as session:
        left = session.execute(
            select(func.count()).where(LoginFailureRow.address == "203.0.113.9")
        ).scalar_one()
    assert left == 0


def test_throttled_login_form_says_so_in_words(make_client: Any) -> None:
    client = make_client(address="203.0.113.10")
    for _ in range(accounts.FAILURE_LIMIT):
        client.login("chief", "guess-guess")
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    page = client.post(
        "/login",
        data={"username": "chief", "password": password("chief"), "csrf_token": token.group(1)},
    )
    assert page.status_code == 429
    assert "too many failed logins" in page.text
    assert "Traceback" not in page.text


def test_login_form_needs_its_csrf_token(web_db: Database, make_client: Any) -> None:
    client = make_client()
    refused = client.post(
        "/login", data={"username": "chief", "password": password("chief"), "csrf_token": "x"}
    )
    assert refused.status_code == 403
    assert "login form expired" in refused.text
    assert count(web_db, UserSessionRow) == 0
    form = client.get("/login?next=/negotiations/talks")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    done = client.post(
        "/login",
        data={
            "username": "chief",
            "password": password("chief"),
            "csrf_token": token.group(1),
            "next": "/negotiations/talks",
        },
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/negotiations/talks"
    assert client.get("/negotiations/talks").status_code == 200


def test_login_never_redirects_off_site(make_client: Any) -> None:
    client = make_client()
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    done = client.post(
        "/login",
        data={
            "username": "chief",
            "password": password("chief"),
            "csrf_token": token.group(1),
            "next": "//evil.example/steal",
        },
    )
    assert done.headers["location"] == "/negotiations"


def test_writes_without_the_csrf_token_are_refused_and_change_nothing(
    web_db: Database, as_member: Any
) -> None:
    client = as_member("n-expert")
    before = count(web_db, PositionRow)
    url = f"/api/negotiations/{NEGOTIATION}/marks"
    body = {"label": "1", "stance": "accepted", "visibility": "joint"}
    missing = client.post(url, json=body)
    wrong = client.post(url, json=body, headers={"X-CSRF-Token": "forged"})
    assert missing.status_code == wrong.status_code == 403
    assert "CSRF" in missing.json()["error"]
    page = client.post(
        f"/negotiations/{NEGOTIATION}/marks", data={"label": "1", "stance": "accepted"}
    )
    assert page.status_code == 403
    assert "CSRF" in page.text
    assert count(web_db, PositionRow) == before
    assert client.write(url, body).status_code == 201
    assert count(web_db, PositionRow) == before + 1


def test_logout_ends_the_session_in_the_database(web_db: Database, as_member: Any) -> None:
    client = as_member("chief")
    assert client.get("/api/me").status_code == 200
    assert client.post("/api/logout").status_code == 403
    assert count(web_db, UserSessionRow) == 1
    response = client.write("/api/logout", {})
    assert response.status_code == 200
    assert count(web_db, UserSessionRow) == 0
    assert client.get("/api/me").status_code == 401
    page = client.get("/negotiations")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")


def test_logout_form_on_the_pages(web_db: Database, as_member: Any) -> None:
    client = as_member("reporter")
    page = client.get("/negotiations")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    done = client.post("/logout", data={"csrf_token": token.group(1)})
    assert done.status_code == 303
    assert count(web_db, UserSessionRow) == 0


def test_sessions_expire(as_member: Any, story_clock: StoryClock) -> None:
    client = as_member("s-expert")
    story_clock.advance(accounts.SESSION_LIFETIME)
    assert client.get("/api/me").status_code == 401


def test_administrator_creates_and_invites_users(web_db: Database, as_member: Any) -> None:
    delegate = as_member("n-expert")
    refused = delegate.write("/api/admin/users", {"username": "mole", "password": "long-enough-1"})
    assert refused.status_code == 403
    admin = as_member(ADMIN[0])
    created = admin.write(
        "/api/admin/users",
        {"username": "n-negotiator", "password": "long-enough-1", "display_name": "N. Egotiator"},
    )
    assert created.status_code == 201
    seat = {
        "username": "n-negotiator",
        "negotiation": NEGOTIATION,
        "handle": "n-negotiator",
        "party": "north",
        "level": "negotiator",
    }
    # issue 13, finding 7: north's principal has an account, so north grants its seats;
    # the administrator is refused and nothing is written
    with web_db.session() as session:
        before = session.execute(select(func.count()).select_from(MemberRow)).scalar_one()
    refused = admin.write("/api/admin/invitations", seat)
    assert refused.status_code == 403, refused.text
    assert "grants its seats" in refused.json()["error"]
    with web_db.session() as session:
        assert session.execute(select(func.count()).select_from(MemberRow)).scalar_one() == before
    with UnitOfWork(web_db) as uow:  # the secretariat registers the member
        negotiations.add_member(
            uow, Actor.system_operator(), NEGOTIATION, "n-negotiator", "N. Egotiator",
            "north", Level.NEGOTIATOR,
        )  # fmt: skip
    body = {"username": "n-negotiator", "handle": "n-negotiator"}
    seats = f"/api/negotiations/{NEGOTIATION}/seats"
    for outsider in ("n-expert", "s-expert", "chief"):
        assert as_member(outsider).write(seats, body).status_code == 403
    assert admin.write(seats, body).status_code in (403, 404)  # not a member of the talks
    invited = as_member("n-principal").write(seats, body)
    assert invited.status_code == 201, invited.text
    assert invited.json()["role"] == "delegate"
    with web_db.session() as session:
        member = session.execute(
            select(MemberRow).where(MemberRow.handle == "n-negotiator")
        ).scalar_one()
        assert member.level == "negotiator"
        link = session.execute(
            select(MembershipRow).where(MembershipRow.member_id == member.id)
        ).scalar_one()
        assert link.user.username == "n-negotiator"
    taken = {"username": "n-negotiator", "handle": "n-expert"}
    again = as_member("n-principal").write(seats, taken)
    assert again.status_code == 409
    short = admin.write("/api/admin/users", {"username": "x", "password": "short"})
    assert short.status_code == 422
    assert "password" in short.json()["error"]


def test_new_user_logs_in_and_acts_as_the_invited_member(
    web_db: Database, as_member: Any, make_client: Any
) -> None:
    admin = as_member(ADMIN[0])
    admin.write("/api/admin/users", {"username": "s-principal", "password": "long-enough-2"})
    admin.write(
        "/api/admin/invitations",
        {
            "username": "s-principal",
            "negotiation": NEGOTIATION,
            "handle": "s-principal",
            "party": "south",
            "level": "principal",
        },
    )
    client = make_client()
    assert client.login("s-principal", "long-enough-2").status_code == 200
    mark = client.write(
        f"/api/negotiations/{NEGOTIATION}/marks", {"label": "3", "stance": "unacceptable"}
    )
    assert mark.status_code == 201
    assert mark.json()["party"] == "south"
    assert mark.json()["author"] == "s-principal"


def test_api_login_only_takes_json(web_db: Database, make_client: Any) -> None:
    client = make_client()
    body = b'{"username": "chief", "password": "' + password("chief").encode() + b'"}'
    for headers in ({}, {"Content-Type": "text/plain"}):
        response = client.post("/api/login", content=body, headers=headers)
        assert response.status_code == 422, headers
        assert set(response.json()) == {"error"}
    assert count(web_db, UserSessionRow) == 0


def test_a_new_login_clears_the_users_expired_sessions(
    web_db: Database, make_client: Any, story_clock: StoryClock
) -> None:
    make_client().login("chief", password("chief"))
    story_clock.advance(accounts.SESSION_LIFETIME + timedelta(minutes=1))
    make_client().login("chief", password("chief"))
    assert count(web_db, UserSessionRow) == 1
