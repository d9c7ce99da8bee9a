"""Shared by the web tests: a small record with users, and an in-process client.

The client speaks to the ASGI app through ``httpx.ASGITransport`` (no sockets);
a test drives it synchronously on one event loop of its own.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

import onetext.store.accounts_tables  # noqa: F401  (registers the account tables on Base)
from onetext.access import Actor
from onetext.model import Level, PartyKind, Role, Stance, Visibility
from onetext.service import accounts, drafts, negotiations, positions
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

DRAFT = """CEASEFIRE FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact [weekly][daily].
3. All prisoners shall be exchanged on the basis of all for all.
"""
SECOND_DRAFT = DRAFT.replace("[weekly][daily]", "every day and report [weekly][monthly]")
NEGOTIATION = "talks"
OTHER_NEGOTIATION = "secret-talks"
OTHER_TITLE = "OTHER-NEGOTIATION-TITLE"
PARTIES = ("north", "south")
LABELS = ("1", "2", "3")
ADMIN = ("root", "root-password-1")

# handle -> (party, level); the party's kind decides the role
MEMBERS: dict[str, tuple[str, Level | None]] = {
    "n-principal": ("north", Level.PRINCIPAL),
    "n-expert": ("north", Level.EXPERT),
    "s-expert": ("south", Level.EXPERT),
    "chief": ("envoy", None),
    "reporter": ("press", None),
}


def password(handle: str) -> str:
    return f"pw-{handle}-secret"


def note(party: str, visibility: Visibility) -> str:
    """The unique note each seeded mark carries."""
    return f"NOTE-{party.upper()}-{visibility.value.upper()}"


class StoryClock:
    """A clock the tests can move; each reading is one second after the last."""

    def __init__(self) -> None:
        self.now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def build_web_record(database: Database, clock: StoryClock) -> None:
    """Two negotiations; in ``talks``: a mediator, two parties, an observer, two
    versions of a draft, one mark per party, point and visibility, and a user per member."""
    operator = Actor.system_operator()

    def uow() -> UnitOfWork:
        return UnitOfWork(database, clock)

    for slug, title in ((NEGOTIATION, "Talks on the Lake"), (OTHER_NEGOTIATION, OTHER_TITLE)):
        with uow() as u:
            negotiations.create_negotiation(u, operator, slug, title)
        for party, kind in (
            ("envoy", PartyKind.MEDIATOR),
            ("north", PartyKind.PARTY),
            ("south", PartyKind.PARTY),
            ("press", PartyKind.OBSERVER),
        ):
            with uow() as u:
                negotiations.add_party(u, operator, slug, party, party.title(), kind)
    for handle, (party, level) in MEMBERS.items():
        with uow() as u:
            negotiations.add_member(u, operator, NEGOTIATION, handle, handle.title(), party, level)
    for text, message in ((DRAFT, "first"), (SECOND_DRAFT, "second")):
        with uow() as u:
            drafts.table_draft(
                u,
                operator,
                NEGOTIATION,
                parse_draft(text),
                document="framework",
                party="envoy",
                message=message,
            )
    with uow() as u:
        drafts.table_draft(
            u,
            operator,
            OTHER_NEGOTIATION,
            parse_draft(DRAFT),
            document="other",
            party="envoy",
            message="OTHER-SECRET",
        )
    for party, (label, visibility) in itertools.product(
        PARTIES, zip(LABELS, list(Visibility), strict=True)
    ):
        with uow() as u:
            positions.mark_stance(
                u,
                operator,
                NEGOTIATION,
                party=party,
                label=label,
                stance=Stance.OPEN,
                version="framework@1",
                visibility=visibility,
                note=note(party, visibility),
            )
    with uow() as u:
        positions.mark_stance(
            u,
            operator,
            OTHER_NEGOTIATION,
            party="north",
            label="1",
            stance=Stance.ACCEPTED,
            visibility=Visibility.JOINT,
            note="OTHER-NEGOTIATION-NOTE",
        )
    with uow() as u:
        accounts.create_user(u, operator, ADMIN[0], ADMIN[1], display_name="Root", admin=True)
    for handle in MEMBERS:
        with uow() as u:
            accounts.create_user(u, operator, handle, password(handle))
        with uow() as u:
            accounts.invite(u, granter(handle, MEMBERS[handle][0]), handle, NEGOTIATION, handle)


def granter(handle: str, party: str) -> Actor:
    """Who gives ``handle``'s account its seat: the party's principal once it has an
    account (issue 13: a party grants its own seats), else the installation."""
    if party == "north" and handle != "n-principal":
        return Actor("n-principal", Role.DELEGATE, party="north", level=Level.PRINCIPAL)
    return Actor.system_operator()


class WebClient:
    """A synchronous face on ``httpx.AsyncClient`` over ``ASGITransport``."""

    def __init__(
        self,
        app: FastAPI,
        *,
        address: str = "127.0.0.1",
        base_url: str = "http://testserver",
    ) -> None:
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(
            app=app, client=(address, 50000), raise_app_exceptions=False
        )
        self.client = httpx.AsyncClient(transport=transport, base_url=base_url)
        self.csrf: str | None = None

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def login(self, username: str, secret: str) -> httpx.Response:
        response = self.post("/api/login", json={"username": username, "password": secret})
        if response.status_code == 200:
            self.csrf = response.json()["csrf_token"]
        return response

    def write(self, url: str, body: dict[str, Any]) -> httpx.Response:
        """A JSON write with the session's CSRF header."""
        return self.post(url, json=body, headers={"X-CSRF-Token": self.csrf or ""})

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


def add_delegate(
    database: Database, clock: StoryClock, handle: str, party: str, level: Level
) -> None:
    """One more delegate with an account (password ``password(handle)``) in the talks."""
    operator = Actor.system_operator()
    with UnitOfWork(database, clock) as uow:
        negotiations.add_member(uow, operator, NEGOTIATION, handle, handle, party, level)
    with UnitOfWork(database, clock) as uow:
        accounts.create_user(uow, operator, handle, password(handle))
    with UnitOfWork(database, clock) as uow:
        accounts.invite(uow, granter(handle, party), handle, NEGOTIATION, handle)
