"""Comments on a unit on the web: the JSON API, the forms under each unit of the
version page, and what that page needs to show them (``version_page_extras``).

Who reads which comment, and who may resolve it, is decided by the services
(``service.comments``, through ``access``); a version the viewer may not read answers
"not found" in the same words as a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from onetext.errors import InvalidInput, NotFound, PermissionDenied
from onetext.model.position import Visibility
from onetext.service import comments, editing
from onetext.service.actors import Actor
from onetext.service.audit import record_generation
from onetext.store.unit_of_work import UnitOfWork
from onetext.views import to_json
from onetext.web import presenters
from onetext.web.rendering import render
from onetext.web.security import CSRF_HEADER, CurrentSession, Uow, WebSession, check_csrf

__all__ = ["api_router", "pages_router", "version_page_extras"]

api_router = APIRouter(prefix="/api")
pages_router = APIRouter(include_in_schema=False)

Label = Annotated[str, PathParam(max_length=40)]
Ref = Annotated[str, PathParam(max_length=120)]
Uid = Annotated[str, PathParam(max_length=40)]


class CommentIn(BaseModel):
    text: str = Field(min_length=1, max_length=comments.MAX_COMMENT)
    visibility: Literal["private", "caucus", "joint"] = "caucus"
    party: str | None = Field(default=None, max_length=63)


def version_page_extras(uow: UnitOfWork, actor: Actor, slug: str, ref: str) -> dict[str, Any]:
    """What the version page shows beside the text: each unit's comment thread, whether
    the viewer may comment, and whether it may open the text in the editor."""
    threads = comments.version_threads(uow, actor, slug, ref)
    return {
        "threads": {t.point: t for t in threads},
        "commenting": comments.can_comment(actor),
        "editing": editing.may_edit(uow, actor, slug, ref),
    }


@api_router.get("/negotiations/{slug}/versions/{ref}/comments")
def api_version_comments(
    slug: str,
    ref: Ref,
    uow: Uow,
    session: CurrentSession,
    status: Annotated[Literal["open", "resolved"] | None, Query()] = None,
) -> list[dict[str, Any]]:
    """The comment threads of the version's units that hold a comment you may read."""
    actor = presenters.membership(uow, session.account, slug)[0]
    return [to_json(t) for t in comments.list_comments(uow, actor, slug, ref, status=status)]


@api_router.get("/negotiations/{slug}/versions/{ref}/points/{label}/comments")
def api_unit_comments(
    slug: str, ref: Ref, label: Label, uow: Uow, session: CurrentSession
) -> dict[str, Any]:
    """One unit's thread: the comments you may read on it, in any version of its document."""
    actor = presenters.membership(uow, session.account, slug)[0]
    thread = comments.list_comments(uow, actor, slug, ref, label=label)[0]
    result: dict[str, Any] = to_json(thread)
    return result


@api_router.post("/negotiations/{slug}/versions/{ref}/points/{label}/comments", status_code=201)
def api_add_comment(
    slug: str,
    ref: Ref,
    label: Label,
    body: CommentIn,
    uow: Uow,
    session: CurrentSession,
    request: Request,
) -> dict[str, Any]:
    """Comment on a unit for your party (private, caucus to the mediator, or joint)."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = presenters.membership(uow, session.account, slug)[0]
    view = comments.add_comment(
        uow, actor, slug, version=ref, label=label, text=body.text,
        visibility=Visibility(body.visibility), party=body.party,
    )  # fmt: skip
    result: dict[str, Any] = to_json(view)
    return result


def _settle(
    uow: UnitOfWork, session: WebSession, slug: str, uid: str, *, resolved: bool
) -> dict[str, Any]:
    actor = presenters.membership(uow, session.account, slug)[0]
    result: dict[str, Any] = to_json(
        comments.set_comment_status(uow, actor, slug, uid, resolved=resolved)
    )
    return result


@api_router.post("/negotiations/{slug}/comments/{uid}/resolve")
def api_resolve_comment(
    slug: str, uid: Uid, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Resolve a comment (its party's members, or the mediator who reads it)."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    return _settle(uow, session, slug, uid, resolved=True)


@api_router.post("/negotiations/{slug}/comments/{uid}/reopen")
def api_reopen_comment(
    slug: str, uid: Uid, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Reopen a resolved comment."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    return _settle(uow, session, slug, uid, resolved=False)


FormText = Annotated[str, Form(max_length=comments.MAX_COMMENT + 100)]


def _version_url(slug: str, ref: str, anchor: str = "") -> str:
    return f"/negotiations/{slug}/versions/{quote(ref, safe='@')}{anchor}"


@pages_router.post(
    "/negotiations/{slug}/versions/{ref}/points/{label}/comments", response_class=HTMLResponse
)
def comment_submit(
    request: Request,
    slug: str,
    ref: Ref,
    label: Label,
    uow: Uow,
    session: CurrentSession,
    text: FormText = "",
    visibility: FormText = "caucus",
    csrf_token: FormText = "",
) -> Response:
    check_csrf(session, csrf_token)
    actor, you = presenters.membership(uow, session.account, slug)
    try:
        if visibility not in {v.value for v in Visibility}:
            raise InvalidInput(f"unknown visibility {visibility!r}")
        if "\x00" in text:
            raise InvalidInput("text may not contain NUL characters")
        comments.add_comment(
            uow, actor, slug, version=ref, label=label, text=text,
            visibility=Visibility(visibility),
        )  # fmt: skip
    except (InvalidInput, PermissionDenied) as error:
        uow.session.rollback()
        view = presenters.version(uow, session.account, slug, ref)
        return render(
            request,
            "version.html",
            status=400,
            session=session,
            you=you,
            view=view,
            outline=presenters.outline(view.points),
            marked=None,
            generation=record_generation(uow),
            comment_error={"label": label, "message": error.message},
            comment_typed={"text": text, "visibility": visibility},
            **version_page_extras(uow, actor, slug, view.ref),
        )
    return RedirectResponse(_version_url(slug, ref, f"#comments-{quote(label)}"), 303)


def _settle_page(
    slug: str, uid: str, uow: UnitOfWork, session: WebSession, csrf_token: str, next_ref: str,
    *, resolved: bool,
) -> Response:  # fmt: skip
    check_csrf(session, csrf_token)
    _settle(uow, session, slug, uid, resolved=resolved)
    if not next_ref:
        raise NotFound("comment settled; no version to go back to")
    return RedirectResponse(_version_url(slug, next_ref, f"#comment-{uid}"), 303)


@pages_router.post("/negotiations/{slug}/comments/{uid}/resolve", response_class=HTMLResponse)
def comment_resolve_submit(
    slug: str,
    uid: Uid,
    uow: Uow,
    session: CurrentSession,
    csrf_token: FormText = "",
    next_ref: Annotated[str, Form(alias="next", max_length=120)] = "",
) -> Response:
    return _settle_page(slug, uid, uow, session, csrf_token, next_ref, resolved=True)


@pages_router.post("/negotiations/{slug}/comments/{uid}/reopen", response_class=HTMLResponse)
def comment_reopen_submit(
    slug: str,
    uid: Uid,
    uow: Uow,
    session: CurrentSession,
    csrf_token: FormText = "",
    next_ref: Annotated[str, Form(alias="next", max_length=120)] = "",
) -> Response:
    return _settle_page(slug, uid, uow, session, csrf_token, next_ref, resolved=False)
