"""The conflicts page: open merge conflicts with a form to settle each one.

Kept apart from ``pages.py``: it reads through ``service.versions.list_conflicts``
and writes through ``service.conflicts.resolve_conflict``, like the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from onetext.service.conflicts import SIDES, resolve_conflict
from onetext.service.versions import list_conflicts
from onetext.web import presenters
from onetext.web.rendering import render
from onetext.web.security import CurrentSession, Uow, check_csrf

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

ShortForm = Annotated[str, Form(max_length=200)]


@router.get("/negotiations/{slug}/conflicts", response_class=HTMLResponse)
def conflicts_page(
    request: Request, slug: str, uow: Uow, session: CurrentSession, done: str = ""
) -> Response:
    actor, you = presenters.membership(uow, session.account, slug)
    items = list_conflicts(uow, actor, slug)
    return render(
        request,
        "conflicts.html",
        session=session,
        you=you,
        slug=slug,
        conflicts=items,
        sides=SIDES,
        done=done[:100],
    )


@router.post("/negotiations/{slug}/conflicts", response_class=HTMLResponse)
def conflict_resolve_submit(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: ShortForm = "",
    label: ShortForm = "",
    take: ShortForm = "",
    csrf_token: ShortForm = "",
) -> Response:
    check_csrf(session, csrf_token)
    actor, _you = presenters.membership(uow, session.account, slug)
    outcome = resolve_conflict(uow, actor, slug, version, label, take)
    return RedirectResponse(f"/negotiations/{slug}/conflicts?done={outcome.version}", 303)
