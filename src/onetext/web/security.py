"""Who is asking: the session cookie, the CSRF check, the database unit of work.

The cookie holds a random token; the database holds its digest, so every worker
recognises the session and logging out anywhere ends it everywhere. Writes must
carry the session's CSRF token: a form field on pages, the ``X-CSRF-Token``
header on the JSON API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from onetext.errors import NotAuthenticated, PermissionDenied
from onetext.service import accounts
from onetext.service.accounts import Account
from onetext.store.unit_of_work import UnitOfWork

__all__ = [
    "CSRF_HEADER",
    "LOGIN_CSRF_COOKIE",
    "SESSION_COOKIE",
    "CurrentSession",
    "LoginRequired",
    "OptionalSession",
    "Uow",
    "WebSession",
    "check_csrf",
    "clear_session_cookie",
    "client_address",
    "is_https",
    "session_of",
    "set_session_cookie",
]

SESSION_COOKIE = "onetext_session"
LOGIN_CSRF_COOKIE = "onetext_login_csrf"
CSRF_HEADER = "X-CSRF-Token"


class LoginRequired(NotAuthenticated):
    """No live session: the API answers 401, a page sends the browser to the login form."""


@dataclass(frozen=True, slots=True)
class WebSession:
    account: Account
    csrf_token: str
    token: str


def _unit_of_work(request: Request) -> Iterator[UnitOfWork]:
    with UnitOfWork(request.app.state.database, request.app.state.clock) as uow:
        yield uow


Uow = Annotated[UnitOfWork, Depends(_unit_of_work)]


def session_of(request: Request, uow: UnitOfWork) -> WebSession | None:
    """The live session the request's cookie names, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    # a route of one negotiation: the same query finds the user's membership there
    found = accounts.find_session(uow, token, negotiation=request.path_params.get("slug"))
    if found is None or token is None:
        return None
    return WebSession(found[0], found[1], token)


def _optional_session(request: Request, uow: Uow) -> WebSession | None:
    return session_of(request, uow)


async def _session(
    session: Annotated[WebSession | None, Depends(_optional_session)],
) -> WebSession:
    """No I/O here: async, so FastAPI does not hand it to a thread."""
    if session is None:
        raise LoginRequired("log in first: no valid session")
    return session


OptionalSession = Annotated[WebSession | None, Depends(_optional_session)]
CurrentSession = Annotated[WebSession, Depends(_session)]


def check_csrf(session: WebSession, given: str | None) -> None:
    """Refuse a write whose CSRF token is missing or not this session's."""
    if not accounts.csrf_matches(session.csrf_token, given):
        raise PermissionDenied("missing or wrong CSRF token: reload the page and try again")


def is_https(request: Request) -> bool:
    """Served over HTTPS, directly or behind a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def client_address(request: Request) -> str:
    """The peer address (uvicorn's ``--proxy-headers`` resolves trusted proxies)."""
    return request.client.host if request.client else "unknown"


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=is_https(request), path="/"
    )
