"""The confidentiality matrix of the web app, generated: role × route × visibility.

Every party marks one point with each visibility, each mark with a unique note.
For every role (delegates of two parties at different levels, the mediator, the
observer, an anonymous visitor) and every route (pages and API, reads, writes and
error responses), a note appears in the answer only if ``access`` lets that role
read that visibility of that party; where a route shows marks, every note the role
may read does appear (so the test cannot pass by showing nothing).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import docx
import httpx
import pypdf
import pytest
from web_support import (
    LABELS,
    MEMBERS,
    NEGOTIATION,
    OTHER_NEGOTIATION,
    OTHER_TITLE,
    PARTIES,
    StoryClock,
    WebClient,
    note,
    password,
)

from onetext.access import Actor, visible_visibilities
from onetext.model import Level, Role, Visibility
from onetext.store.database import Database
from onetext.web import create_app

ANONYMOUS = "anonymous"
ROLES = [*MEMBERS, ANONYMOUS]
ROLE_OF = {"north": Role.DELEGATE, "south": Role.DELEGATE, "envoy": Role.MEDIATOR}
VISIBILITY_OF_LABEL = dict(zip(LABELS, list(Visibility), strict=True))


def actor_of(handle: str) -> Actor | None:
    if handle == ANONYMOUS:
        return None
    party, level = MEMBERS[handle]
    return Actor(handle, ROLE_OF.get(party, Role.OBSERVER), party, level)


@dataclass(frozen=True)
class Route:
    """One request; ``shows`` are the labels whose marks the answer lists when allowed."""

    name: str
    method: str
    path: str
    body: Callable[[str, str], dict[str, Any]] | None = None
    ok: bool | None = True  # None: the answer depends on the role (never a 5xx)
    shows: tuple[str, ...] = field(default=())
    utilities: bool = False  # the answer may carry the engine's utilities per party


def _other_party(handle: str) -> str:
    own = MEMBERS.get(handle, ("", None))[0]
    return "south" if own == "north" else "north"


def generate_routes() -> list[Route]:
    n = f"/negotiations/{NEGOTIATION}"
    reads: list[tuple[str, bool, tuple[str, ...]]] = [
        (f"{n}", True, ()),
        (f"{n}/matrix", True, LABELS),
        (f"{n}/matrix?version=framework@2", True, LABELS),
        (f"{n}/matrix?as_of=2030-01-01", True, LABELS),
        (f"{n}/matrix?as_of=2000-01-01", True, ()),
        # the seeded marks were typed in by the secretariat: negotiator level
        (f"{n}/matrix?level=negotiator", True, LABELS),
        (f"{n}/matrix?level=expert", True, ()),
        (f"{n}/matrix?level=boss", False, ()),
        (f"{n}/matrix?group=nothing", False, ()),
        (f"{n}/versions/framework@1", True, LABELS),
        (f"{n}/versions/framework@2", True, LABELS),
        *((f"{n}/points/{label}/history", True, (label,)) for label in LABELS),
        (f"{n}/points/2/history?version=framework@2", True, ("2",)),
        (f"{n}/compare?old=framework@1&new=framework@2", True, ()),
        (f"{n}/rounds", True, ()),
        (f"{n}/versions/framework@9", False, ()),
        (f"{n}/points/42/history", False, ()),
        (f"{n}/matrix?as_of=not-a-date", False, ()),
        (f"{n}/matrix?version=nothing", False, ()),
        (f"{n}/compare?old=framework@1&new=missing@1", False, ()),
        (f"/negotiations/{OTHER_NEGOTIATION}/matrix", False, ()),
        (f"/negotiations/{OTHER_NEGOTIATION}/versions/other@1", False, ()),
    ]
    routes = [Route("negotiations page", "GET", "/negotiations")]
    routes.append(Route("api me", "GET", "/api/me"))
    routes.append(Route("api negotiations", "GET", "/api/negotiations"))
    routes.append(Route("api versions", "GET", f"/api{n}/versions"))
    for objective in ("nash", "maxmin"):
        for prefix in ("", "/api"):
            path = f"{prefix}{n}/compromise?objective={objective}&allow_drop=true"
            routes.append(Route(f"engine {path}", "GET", path, ok=None))
    # engine runs in the background: each role may start one (or is refused); a run is
    # read back by its requester only, so a run id from elsewhere is "not found" for all
    run = {"objective": "nash", "allow_drop": "true"}
    routes.append(
        Route("api engine run", "POST", f"/api{n}/engine-runs", body=lambda h, t: run, ok=None)
    )
    routes.append(
        Route("page engine run", "POST", f"{n}/compromise/runs", body=lambda h, t: run, ok=None)
    )
    for path in (
        f"/api{n}/engine-runs/run_00000000000000000000",
        f"{n}/compromise/runs/run_00000000000000000000",
        f"{n}/compromise/runs/run_00000000000000000000/plot.svg",
    ):
        routes.append(Route(f"engine run {path}", "GET", path, ok=False))
    for path, ok, shows in reads:
        routes.append(Route(f"page {path}", "GET", path, ok=ok, shows=shows))
        routes.append(Route(f"api {path}", "GET", f"/api{path}", ok=ok, shows=shows))
    routes += _escalation_routes(n)
    routes += _group_routes(n)
    writes: list[tuple[str, Callable[[str, str], dict[str, Any]]]] = [
        ("unknown point", lambda h, t: {"label": "42", "stance": "open"}),
        ("other party", lambda h, t: {"label": "1", "stance": "open", "party": _other_party(h)}),
        ("bad stance", lambda h, t: {"label": "1", "stance": "NOTE-NORTH-PRIVATE"}),
        ("other negotiation", lambda h, t: {"label": "1", "stance": "open", "version": "other"}),
    ]
    for name, body in writes:
        routes.append(Route(f"api mark: {name}", "POST", f"/api{n}/marks", body=body, ok=False))
        routes.append(Route(f"page mark: {name}", "POST", f"{n}/marks", body=body, ok=False))
    bad_round = {
        "level": "expert",
        "place": "NOTE-SOUTH-PRIVATE",
        "starts_at": "2026-10-03T09:00",
        "agenda": ["42"],
    }
    routes.append(
        Route("api round", "POST", f"/api{n}/rounds", body=lambda h, t: bad_round, ok=False)
    )
    routes.append(
        Route(
            "page round",
            "POST",
            f"{n}/rounds",
            # a refused page form keeps what its author typed (issue 16): the place the
            # mediator typed comes back to her, so it is not a marker here
            body=lambda h, t: bad_round | {"agenda": "42", "place": "Lakeside villa"},
            ok=False,
        )
    )
    # completing a round after the fact: the mediator meets an unknown round (404), the
    # others a refusal (403); no answer may echo the outcome or a version they may not read
    complete_bodies: list[tuple[str, dict[str, Any]]] = [
        ("outcome", {"outcome": "NOTE-SOUTH-PRIVATE", "ends_at": "2026-10-03T18:00"}),
        ("versions", {"produced": ["framework@2", "framework@9"], "unlink": ["framework@1"]}),
    ]
    for what, complete in complete_bodies:
        for prefix in ("/api", ""):
            routes.append(
                Route(
                    f"{prefix or 'page'} complete round: {what}",
                    "POST",
                    f"{prefix}{n}/rounds/rnd_00000000000000000000",
                    body=lambda h, t, c=complete: c,
                    ok=False,
                )
            )
    routes.append(
        Route(
            "api mark in other negotiation",
            "POST",
            f"/api/negotiations/{OTHER_NEGOTIATION}/marks",
            body=lambda h, t: {"label": "1", "stance": "open"},
            ok=False,
        )
    )
    return routes


def _escalation_routes(n: str) -> list[Route]:
    """The escalation board and the brief for principals (pages, JSON, downloads)."""
    routes = []
    for path in (f"{n}/board", f"{n}/board?version=framework@1"):
        routes.append(Route(f"page {path}", "GET", path, shows=LABELS))
        routes.append(Route(f"api {path}", "GET", f"/api{path}", shows=LABELS))
    for path in (f"{n}/board?group=nothing", f"{n}/board?version=nothing"):
        routes.append(Route(f"page {path}", "GET", path, ok=False))
        routes.append(Route(f"api {path}", "GET", f"/api{path}", ok=False))
    routes.append(Route("page brief", "GET", f"{n}/brief", shows=LABELS, utilities=True))
    for form in ("md", "html", "docx", "pdf"):
        path = f"/api{n}/brief?format={form}&allow_drop=true"
        routes.append(Route(f"api brief {form}", "GET", path, shows=LABELS, utilities=True))
    routes.append(Route("api brief bad format", "GET", f"/api{n}/brief?format=rtf", ok=False))
    routes.append(
        Route(
            "api brief other negotiation",
            "GET",
            f"/api/negotiations/{OTHER_NEGOTIATION}/brief",
            ok=False,
        )
    )
    return routes


def _group_routes(n: str) -> list[Route]:
    """Working groups: the list for every role; creates refused for every role (the
    mediator meets an unknown point, member or version, the others a 403), so the
    shared record keeps no group. A successful create is in ``test_web_groups``."""
    routes = []
    for path, ok in (
        (f"{n}/groups", True),
        (f"{n}/groups?version=framework@1", True),
        (f"{n}/groups?version=nothing", False),
        (f"/negotiations/{OTHER_NEGOTIATION}/groups", False),
    ):
        routes.append(Route(f"page {path}", "GET", path, ok=ok))
        routes.append(Route(f"api {path}", "GET", f"/api{path}", ok=ok))
    group = {"slug": "wg", "name": "Working group", "version": "framework@1"}
    creates: list[tuple[str, dict[str, Any]]] = [
        ("unknown point", group | {"points": ["1", "42"]}),
        ("unknown member", group | {"members": ["nobody"]}),
        ("other negotiation version", group | {"points": ["1"], "version": "other"}),
        ("bad level", group | {"level": "boss"}),
    ]
    for what, body in creates:
        form = {k: " ".join(v) if isinstance(v, list) else v for k, v in body.items()}
        routes.append(
            Route(
                f"api group: {what}",
                "POST",
                f"/api{n}/groups",
                body=lambda h, t, b=body: b,
                ok=False,
            )
        )
        routes.append(
            Route(
                f"page group: {what}", "POST", f"{n}/groups", body=lambda h, t, f=form: f, ok=False
            )
        )
    routes.append(
        Route(
            "api group in other negotiation",
            "POST",
            f"/api/negotiations/{OTHER_NEGOTIATION}/groups",
            body=lambda h, t: group,
            ok=False,
        )
    )
    return routes


def _body_text(response: httpx.Response) -> str:
    """What a reader of the answer sees. DOCX and PDF are read as their words, never
    as bytes (compressed streams would make a leak check pass vacuously); a PDF's
    words come twice, once with all white space removed, so a note wrapped across
    lines is still found, and without the page-number footers."""
    media = response.headers.get("content-type", "")
    body = io.BytesIO(response.content)
    if media.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        return "\n".join(p.text for p in docx.Document(body).paragraphs)
    if media.startswith("application/pdf"):
        pages = pypdf.PdfReader(body).pages
        words = "\n".join(re.sub(r"\nPage \d+ of \d+$", "", p.extract_text()) for p in pages)
        return words + "\n" + "".join(words.split())
    return response.text


def _utility_lines(text: str, party: str) -> list[str]:
    """Lines of a brief that give ``party``'s utility (``south: 50.0``)."""
    return re.findall(rf"\b{party}: \d+\.\d\b", text, flags=re.IGNORECASE)  # slug or name


ROUTES = generate_routes()


@pytest.fixture(scope="module")
def clients(shared_record: tuple[Database, StoryClock]) -> Iterator[dict[str, WebClient]]:
    database, clock = shared_record
    app = create_app(database, clock=clock)
    made = {}
    for handle in ROLES:
        client = WebClient(app)
        if handle != ANONYMOUS:
            assert client.login(handle, password(handle)).status_code == 200
        made[handle] = client
    yield made
    for client in made.values():
        client.close()


def send(client: WebClient, handle: str, route: Route) -> httpx.Response:
    if route.method == "GET":
        return client.get(route.path)
    body = route.body(handle, client.csrf or "") if route.body else {}
    if route.path.startswith("/api/"):
        return client.post(route.path, json=body, headers={"X-CSRF-Token": client.csrf or ""})
    form = {key: str(value) for key, value in body.items()} | {"csrf_token": client.csrf or ""}
    return client.post(route.path, data=form)


@pytest.mark.parametrize("handle", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_no_route_shows_a_role_what_it_may_not_read(
    clients: dict[str, WebClient], handle: str, route: Route
) -> None:
    response = send(clients[handle], handle, route)
    text = _body_text(response)
    assert response.status_code < 500, text
    assert "Traceback" not in text
    assert "OTHER-NEGOTIATION-NOTE" not in text
    assert OTHER_TITLE not in text
    actor = actor_of(handle)
    if actor is None:
        expected = 401 if route.path.startswith("/api/") or route.method == "POST" else 303
        assert response.status_code == expected
        assert "NOTE-" not in text
        return
    if route.ok:
        assert response.status_code == 200, text
    elif route.ok is False:
        assert response.status_code >= 400
    for party, visibility in itertools.product(PARTIES, Visibility):
        marker = note(party, visibility)
        readable = visibility in visible_visibilities(actor, party)
        if not readable:
            assert marker not in text, f"{handle} sees {marker} via {route.name}"
        elif route.ok and visibility in _shown(route):
            assert marker in text, f"{handle} misses {marker} via {route.name}"
    if route.utilities:
        for party in PARTIES:
            shown = _utility_lines(text, party)
            if actor.role is Role.MEDIATOR or party == actor.party:
                assert shown, f"{handle} misses {party}'s utility via {route.name}"
            else:
                assert not shown, f"{handle} sees {party}'s utility via {route.name}"


def _shown(route: Route) -> set[Visibility]:
    return {VISIBILITY_OF_LABEL[label] for label in route.shows}


def test_the_matrix_covers_every_role_visibility_and_kind_of_route() -> None:
    assert {actor_of(h).role for h in MEMBERS if actor_of(h)} == set(Role)  # type: ignore[union-attr]
    levels = {level for party, level in MEMBERS.values() if party in PARTIES}
    assert {Level.PRINCIPAL, Level.EXPERT} <= levels
    assert {r.method for r in ROUTES} == {"GET", "POST"}
    assert any(r.path.startswith("/api/") for r in ROUTES)
    assert any(not r.path.startswith("/api/") for r in ROUTES)
    assert any(not r.ok for r in ROUTES)
    assert len(ROUTES) * len(ROLES) >= 250
