"""The engine's answer as text, and the mediator tabling it: pages and API.

The run page shows the package written into the version it was computed on (each
unit with the chosen wording, the dropped units named) and each party's utility on
a bar from its own worst to its best acceptable package (``service.engine_package``).
The mediator may table a finished run's package as the next version of the single
text (``Action.TABLE_PACKAGE``, decided in ``access``); the run's own page offers it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Header, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from onetext.errors import NotFound, PermissionDenied
from onetext.service import accounts, engine_package, engine_runs
from onetext.views import to_json
from onetext.views.engine_package import PackageText
from onetext.web import presenters
from onetext.web.rendering import render
from onetext.web.security import CSRF_HEADER, CurrentSession, Uow, check_csrf

__all__ = ["router"]

router = APIRouter()

RunUid = Annotated[str, PathParam(max_length=40)]


class PackageUnitOut(BaseModel):
    label: str
    heading: str | None
    text: str
    written: str
    choice: str
    wording: str
    state: str


class PartyStandingOut(BaseModel):
    party: str
    utility: float
    worst: float
    best: float
    share: float


class PackageTextOut(BaseModel):
    version: str
    units: list[PackageUnitOut]
    dropped: list[str]
    standings: list[PartyStandingOut]
    tabled_as: str | None


class TabledPackageOut(BaseModel):
    run: str
    version: str
    based_on: str
    units: int
    settled: list[str]
    dropped: list[str]


@router.get(
    "/negotiations/{slug}/compromise/runs/{uid}",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def engine_run_page(
    request: Request, slug: str, uid: RunUid, uow: Uow, session: CurrentSession
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    run = presenters.engine_run_out(engine_runs.engine_run(uow, session.account, slug, uid))
    package = (run.result or {}).get("package") or {}
    words = presenters.package_words(uow, session.account, slug, run.version, package)
    text = _package_text_or_none(uow, session, slug, uid)
    return render(
        request, "engine_run.html", session=session, you=you, run=run, words=words, text=text
    )


def _package_text_or_none(
    uow: Uow, session: CurrentSession, slug: str, uid: str
) -> PackageText | None:
    try:
        return engine_package.run_package_text(uow, session.account, slug, uid)
    except (NotFound, PermissionDenied):  # the version is no longer readable
        return None


@router.post(
    "/negotiations/{slug}/compromise/runs/{uid}/table",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def table_package_submit(
    slug: str,
    uid: RunUid,
    uow: Uow,
    session: CurrentSession,
    csrf_token: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """The mediator tables the run's package; the new version's page follows."""
    check_csrf(session, csrf_token)
    actor = accounts.actor_in(uow, session.account, slug)
    tabled = engine_package.table_package(uow, actor, slug, uid, account=session.account)
    return RedirectResponse(f"/negotiations/{slug}/versions/{tabled.version}", status_code=303)


@router.get("/api/negotiations/{slug}/engine-runs/{uid}/text", response_model=PackageTextOut)
def api_package_text(slug: str, uid: RunUid, uow: Uow, session: CurrentSession) -> PackageTextOut:
    """Your finished run's package as text: each unit with the chosen wording written in,
    the dropped units, and each party's utility against its own worst and best (yours
    only in a party's run). 404 while it runs or when it found no package."""
    text = engine_package.run_package_text(uow, session.account, slug, uid)
    if text is None:
        raise NotFound(f"engine run {uid!r} has no package to read (yet)")
    return PackageTextOut.model_validate(to_json(text))


@router.post(
    "/api/negotiations/{slug}/engine-runs/{uid}/table",
    response_model=TabledPackageOut,
    status_code=201,
)
def api_table_package(
    slug: str,
    uid: RunUid,
    uow: Uow,
    session: CurrentSession,
    csrf: Annotated[
        str | None, Header(alias=CSRF_HEADER, description="The session's CSRF token")
    ] = None,
) -> TabledPackageOut:
    """Table your finished run's package as the next version of its text (the mediator
    only; a joint text; the run's version must be the latest): the chosen alternatives
    written in, the dropped units removed, recorded in the audit log with the run."""
    check_csrf(session, csrf)
    actor = accounts.actor_in(uow, session.account, slug)
    tabled = engine_package.table_package(uow, actor, slug, uid, account=session.account)
    return TabledPackageOut.model_validate(to_json(tabled))
