"""The brackets page of a document: what each version leaves open, by Article, and
the burn-down across versions as a chart.

Kept apart from ``pages.py`` (like the conflicts page): it reads through
``service.brackets``, as ``onetext brackets`` does, and draws with
``formats.brackets_chart``. A document the viewer may not read answers 404 in
the same words as a missing one (the service decides).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from onetext.service.brackets import bracket_burndown, version_brackets
from onetext.views.brackets import BracketStats, Burndown
from onetext.web import presenters
from onetext.web.rendering import render
from onetext.web.schemas import ErrorOut
from onetext.web.security import CurrentSession, Uow

__all__ = ["api_router", "router"]

router = APIRouter(include_in_schema=False)
api_router = APIRouter(
    prefix="/api",
    responses={
        status: {"model": ErrorOut, "description": description}
        for status, description in {
            401: "Not logged in",
            404: "Unknown negotiation, document or version (or not yours to read)",
            422: "Invalid input",
        }.items()
    },
)

DocumentName = Annotated[str, PathParam(max_length=80)]
VersionNumber = Annotated[int | None, Query(ge=1, le=999_999)]
Lineage = Annotated[bool, Query()]


@router.get("/negotiations/{slug}/documents/{document}/brackets", response_class=HTMLResponse)
def brackets_page(
    request: Request,
    slug: str,
    document: DocumentName,
    uow: Uow,
    session: CurrentSession,
    version: VersionNumber = None,
    lineage: Lineage = False,
) -> Response:
    actor, you = presenters.membership(uow, session.account, slug)
    stats = version_brackets(uow, actor, slug, document, version)
    chart = bracket_burndown(uow, actor, slug, document, lineage=lineage)
    return render(
        request,
        "brackets.html",
        session=session,
        you=you,
        stats=stats,
        chart=chart,
        lineage=lineage,
    )


@router.get("/negotiations/{slug}/documents/{document}/brackets.svg")
def brackets_chart(
    slug: str,
    document: DocumentName,
    uow: Uow,
    session: CurrentSession,
    lineage: Lineage = False,
) -> Response:
    from onetext.formats.brackets_chart import render_burndown

    actor, _you = presenters.membership(uow, session.account, slug)
    chart = bracket_burndown(uow, actor, slug, document, lineage=lineage)
    return Response(
        render_burndown(chart, ".svg"),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, no-store"},
    )


@api_router.get("/negotiations/{slug}/documents/{document}/brackets", response_model=BracketStats)
def api_brackets(
    slug: str,
    document: DocumentName,
    uow: Uow,
    session: CurrentSession,
    version: VersionNumber = None,
) -> BracketStats:
    """What a version of the document leaves open (its latest without ``version``),
    by Article: the numbers of ``onetext brackets --json``."""
    actor, _you = presenters.membership(uow, session.account, slug)
    return version_brackets(uow, actor, slug, document, version)


@api_router.get("/negotiations/{slug}/documents/{document}/burndown", response_model=Burndown)
def api_burndown(
    slug: str,
    document: DocumentName,
    uow: Uow,
    session: CurrentSession,
    lineage: Lineage = False,
) -> Burndown:
    """Brackets remaining in each version of the document, oldest first (with
    ``lineage``: the versions it descends from too, as far as you may read them)."""
    actor, _you = presenters.membership(uow, session.account, slug)
    return bracket_burndown(uow, actor, slug, document, lineage=lineage)
