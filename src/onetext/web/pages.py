"""Server-rendered pages: the same presenters as the API, rendered with Jinja2.

Every form carries the session's CSRF token; the login form, before any session
exists, carries a token that must match a cookie set with the form.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import AfterValidator, ValidationError

from onetext.errors import InvalidInput, NotFound, PermissionDenied
from onetext.formats.brief import brief_outline
from onetext.model import Level
from onetext.model.position import PRIORITY_DEFAULT
from onetext.service import accounts, drafts, engine_runs, escalation, negotiations
from onetext.service.audit import record_generation
from onetext.web import comment_routes, presenters
from onetext.web.cache import cached_view
from onetext.web.rendering import render, templates, validation_message
from onetext.web.schemas import (
    EngineRunIn,
    InvitationIn,
    MarkIn,
    Objective,
    RoundIn,
    RoundUpdateIn,
    UserIn,
    WorkingGroupIn,
)
from onetext.web.security import (
    LOGIN_CSRF_COOKIE,
    CurrentSession,
    OptionalSession,
    Uow,
    check_csrf,
    clear_session_cookie,
    client_address,
    is_https,
    set_session_cookie,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


FormText = Annotated[str, Form(max_length=4000), AfterValidator(_no_nul)]
ShortFormText = Annotated[str, Form(max_length=1024), AfterValidator(_no_nul)]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and all(32 <= ord(char) != 127 for char in target)
    ):
        return target
    return "/negotiations"


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _model(kind: type[Any], data: Mapping[str, Any]) -> Any:
    try:
        return kind.model_validate(dict(data))
    except ValidationError as error:
        raise InvalidInput(validation_message(error.errors())) from None


@router.get("/", response_class=HTMLResponse)
def home(session: OptionalSession) -> Response:
    return _see_other("/negotiations" if session else "/login")


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request,
    session: OptionalSession,
    next_url: Annotated[str | None, Query(alias="next", max_length=500)] = None,
) -> Response:
    if session is not None:
        return _see_other(_safe_next(next_url))
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", login_csrf=token, next_url=_safe_next(next_url))
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=is_https(request)
    )
    return response


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    uow: Uow,
    username: ShortFormText = "",
    password: ShortFormText = "",
    csrf_token: ShortFormText = "",
    next_url: Annotated[str, Form(alias="next", max_length=500)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not accounts.csrf_matches(expected, csrf_token):
        raise PermissionDenied("the login form expired: reload the page and try again")
    if not username or not password:
        raise InvalidInput("enter your username and password")
    ticket = accounts.log_in(uow, username, password, client_address(request))
    response = _see_other(_safe_next(next_url))
    set_session_cookie(request, response, ticket.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout", response_class=HTMLResponse)
def logout(
    request: Request,
    uow: Uow,
    session: CurrentSession,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(session, csrf_token)
    accounts.log_out(uow, session.token)
    response = _see_other("/login")
    clear_session_cookie(request, response)
    return response


@router.get("/negotiations", response_class=HTMLResponse)
def negotiations_page(request: Request, uow: Uow, session: CurrentSession) -> Response:
    return render(
        request,
        "negotiations.html",
        session=session,
        memberships=accounts.memberships(uow, session.account),
    )


@router.get("/negotiations/{slug}", response_class=HTMLResponse)
def overview_page(request: Request, slug: str, uow: Uow, session: CurrentSession) -> Response:
    view = presenters.overview(uow, session.account, slug)
    documents: dict[str, list[Any]] = {}
    for summary in view.versions:
        documents.setdefault(summary.document, []).append(summary)
    return render(
        request, "overview.html", session=session, view=view, you=view.you, documents=documents
    )


@router.get("/negotiations/{slug}/versions/{ref}", response_class=HTMLResponse)
def version_page(
    request: Request,
    slug: str,
    ref: str,
    uow: Uow,
    session: CurrentSession,
    marked: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    view = presenters.version(uow, session.account, slug, ref)
    shown = marked if marked and any(p.label == marked for p in view.points) else None
    return render(
        request,
        "version.html",
        session=session,
        you=you,
        view=view,
        outline=presenters.outline(view.points),
        marked=shown,
        generation=record_generation(uow),
        **comment_routes.version_page_extras(uow, _actor, slug, view.ref),
    )


@router.post("/negotiations/{slug}/marks", response_class=HTMLResponse)
def mark_submit(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    label: FormText = "",
    stance: FormText = "",
    priority: FormText = str(PRIORITY_DEFAULT),
    visibility: FormText = "caucus",
    note: FormText = "",
    version: FormText = "",
    party: FormText = "",
    option: FormText = "",
    csrf_token: FormText = "",
    next_url: Annotated[str, Form(alias="next", max_length=500)] = "",
) -> Response:
    check_csrf(session, csrf_token)
    body: MarkIn = _model(
        MarkIn,
        {
            "option": option or None,
            "label": label,
            "stance": stance,
            "priority": priority,
            "visibility": visibility,
            "note": note,
            "version": version or None,
            "party": party or None,
        },
    )
    presenters.mark(uow, session.account, slug, body)
    target = _safe_next(next_url)
    joiner = "&" if "?" in target else "?"
    return _see_other(f"{target}{joiner}marked={quote(label)}#point-{quote(label)}")


@router.get("/negotiations/{slug}/matrix", response_class=HTMLResponse)
def matrix_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80)] = None,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
    level: Annotated[Level | None, Query()] = None,
    group: Annotated[str | None, Query(max_length=63)] = None,
) -> Response:
    actor, you = presenters.membership(uow, session.account, slug)

    def body() -> Markup:
        view = presenters.matrix(
            uow, actor, slug, version=version, as_of=as_of, level=level, group=group
        )
        tree = presenters.matrix_tree(uow, actor, slug, view, as_of=as_of, level=level)
        return Markup(
            templates.get_template("matrix_body.html").render(
                view=view,
                tree=tree,
                versions=drafts.version_refs(uow, actor, slug),
                groups=escalation.working_group_slugs(uow, actor, slug),
                levels=[item.value for item in Level],
                as_of=as_of or "",
            )
        )

    key = ("matrix-page", slug, version, as_of, level, group)
    return render(
        request,
        "matrix.html",
        session=session,
        you=you,
        body=cached_view(request.app.state.views, uow, actor, key, body),
        generation=record_generation(uow),
    )


@router.get("/negotiations/{slug}/points/{label}/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    slug: str,
    label: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    view = presenters.history(uow, session.account, slug, label, version=version)
    return render(request, "history.html", session=session, you=you, view=view)


@router.get("/negotiations/{slug}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    old: Annotated[str | None, Query(max_length=80)] = None,
    new: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    refs = presenters.version_refs(uow, session.account, slug)
    view = presenters.compare(uow, session.account, slug, old, new) if old and new else None
    return render(
        request,
        "compare.html",
        session=session,
        you=you,
        view=view,
        versions=refs,
        old=old or "",
        new=new or "",
    )


@router.get("/negotiations/{slug}/compromise", response_class=HTMLResponse)
def compromise_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    objective: Objective | None = None,
    version: Annotated[str | None, Query(max_length=80)] = None,
    allow_drop: bool = False,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    refs = presenters.version_refs(uow, session.account, slug)
    view = None
    if objective is not None:
        view = presenters.compromise(
            uow,
            session.account,
            slug,
            objective=objective,
            version=version,
            allow_drop=allow_drop,
        )
    return render(
        request,
        "compromise.html",
        session=session,
        you=you,
        view=view,
        versions=refs,
        objective=objective or "nash",
        version=version or "",
        allow_drop=allow_drop,
    )


@router.post("/negotiations/{slug}/compromise/runs", response_class=HTMLResponse)
def engine_run_submit(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    background: BackgroundTasks,
    objective: ShortFormText = "nash",
    version: ShortFormText = "",
    allow_drop: ShortFormText = "",
    samples: ShortFormText = "0",
    csrf_token: ShortFormText = "",
) -> Response:
    check_csrf(session, csrf_token)
    body: EngineRunIn = _model(
        EngineRunIn,
        {
            "objective": objective,
            "version": version or None,
            "allow_drop": allow_drop in {"true", "on", "1"},
            "samples": samples or "0",
        },
    )
    run = presenters.request_engine_run(request, background, uow, session.account, slug, body)
    return _see_other(f"/negotiations/{slug}/compromise/runs/{run.uid}")


# the run's own page: web/engine_routes.py


@router.get("/negotiations/{slug}/compromise/runs/{uid}/plot.svg")
def engine_run_plot(
    slug: str,
    uid: Annotated[str, PathParam(max_length=40)],
    uow: Uow,
    session: CurrentSession,
) -> Response:
    svg = engine_runs.run_plot(uow, session.account, slug, uid)
    return Response(svg, media_type="image/svg+xml")


@router.get("/negotiations/{slug}/board", response_class=HTMLResponse)
def board_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80)] = None,
    group: Annotated[str | None, Query(max_length=63)] = None,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    view = presenters.board(uow, session.account, slug, version=version, group=group)
    return render(
        request,
        "board.html",
        session=session,
        you=you,
        view=view,
        generation=record_generation(uow),
        versions=presenters.version_refs(uow, session.account, slug),
        groups=presenters.working_groups(uow, session.account, slug),
        group=group or "",
    )


@router.get("/negotiations/{slug}/groups", response_class=HTMLResponse)
def groups_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    view = presenters.working_group_list(uow, session.account, slug, version=version)
    members = {
        m.handle: f"{m.name or m.handle} · {party.slug}"
        for party in negotiations.list_parties(uow, slug)
        for m in party.members
    }
    return render(
        request,
        "groups.html",
        session=session,
        you=you,
        view=view,
        versions=presenters.version_refs(uow, session.account, slug),
        members=members,
        levels=[level.value for level in Level],
        picked=version or "",
    )


@router.post("/negotiations/{slug}/groups", response_class=HTMLResponse)
def group_submit(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    group_slug: Annotated[str, Form(alias="slug", max_length=4000), AfterValidator(_no_nul)] = "",
    name: FormText = "",
    level: FormText = "expert",
    points: FormText = "",
    members: FormText = "",
    version: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    check_csrf(session, csrf_token)
    body: WorkingGroupIn = _model(
        WorkingGroupIn,
        {
            "slug": group_slug,
            "name": name,
            "level": level,
            "points": _names(points),
            "members": _names(members),
            "version": version or None,
        },
    )
    view = presenters.create_working_group(uow, session.account, slug, body)
    target = f"/negotiations/{slug}/groups"
    if body.version:
        target += f"?version={quote(body.version)}"
    return _see_other(f"{target}#group-{quote(view.slug)}")


@router.get("/negotiations/{slug}/brief", response_class=HTMLResponse)
def brief_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80)] = None,
    allow_drop: bool = False,
) -> Response:
    _actor, you = presenters.membership(uow, session.account, slug)
    data = presenters.brief(uow, session.account, slug, version=version, allow_drop=allow_drop)
    return render(
        request,
        "brief.html",
        session=session,
        you=you,
        outline=brief_outline(data),
        board=data.board,
        versions=presenters.version_refs(uow, session.account, slug),
        allow_drop=allow_drop,
    )


@router.get("/negotiations/{slug}/rounds", response_class=HTMLResponse)
def rounds_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    recorded: Annotated[str | None, Query(max_length=4)] = None,
) -> Response:
    return _rounds(request, uow, session, slug, {}, {}, recorded=bool(recorded))


def _rounds(
    request: Request,
    uow: Uow,
    session: Any,
    slug: str,
    typed: Mapping[str, str],
    errors: Mapping[str, str],
    *,
    status: int = 200,
    recorded: bool = False,
) -> Response:
    """The rounds page; after a refused form, with what was typed and the message."""
    view = presenters.overview(uow, session.account, slug)
    return render(
        request,
        "rounds.html",
        status=status,
        session=session,
        you=view.you,
        view=view,
        levels=[level.value for level in Level],
        members=[m.handle for p in view.parties for m in p.members if m.handle],
        typed=typed,
        errors=errors,
        recorded=recorded,
    )


def _names(text: str) -> list[str]:
    """``"a, b c"`` → ``["a", "b", "c"]``: lists typed into one form field."""
    return [name for name in text.replace(",", " ").split() if name]


#: which field of the round form a service's refusal is about, by the words it uses
_ROUND_FIELD_WORDS = (
    ("member", "attendees"),
    ("point", "agenda"),
    ("version", "produced"),
    ("document", "produced"),
    ("place", "place"),
    ("level", "level"),
    ("starts_at", "starts_at"),
    ("ends_at", "ends_at"),
    ("start", "starts_at"),
    ("end", "ends_at"),
    ("outcome", "outcome"),
    ("attendees", "attendees"),
    ("agenda", "agenda"),
    ("produced", "produced"),
)


def _round_field(message: str) -> str:
    """The form field a message is about (the whole form when none is named)."""
    lowered = message.lower()
    for word, field in _ROUND_FIELD_WORDS:
        if word in lowered:
            return field
    return "form"


@router.post("/negotiations/{slug}/rounds", response_class=HTMLResponse)
def round_submit(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    level: FormText = "",
    place: FormText = "",
    starts_at: FormText = "",
    ends_at: FormText = "",
    attendees: FormText = "",
    agenda: FormText = "",
    outcome: Annotated[str, Form(max_length=20000), AfterValidator(_no_nul)] = "",
    produced: FormText = "",
    publish: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    check_csrf(session, csrf_token)
    typed = {
        "level": level,
        "place": place,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "attendees": attendees,
        "agenda": agenda,
        "outcome": outcome,
        "produced": produced,
    }
    try:
        body: RoundIn = _model(
            RoundIn,
            typed
            | {
                "ends_at": ends_at or None,
                "attendees": _names(attendees),
                "agenda": _names(agenda),
                "produced": _names(produced),
                "publish": bool(publish),
            },
        )
        presenters.record_round(uow, session.account, slug, body)
    except (InvalidInput, NotFound) as error:
        # the form comes back as typed, the message by the field it is about
        uow.session.rollback()
        field = _round_field(error.message)
        return _rounds(request, uow, session, slug, typed, {field: error.message}, status=400)
    return _see_other(f"/negotiations/{slug}/rounds?recorded=1#rounds-list")


@router.post("/negotiations/{slug}/rounds/{uid}", response_class=HTMLResponse)
def round_complete_submit(
    slug: str,
    uid: Annotated[str, PathParam(max_length=40)],
    uow: Uow,
    session: CurrentSession,
    outcome: Annotated[str | None, Form(max_length=20000)] = None,
    ends_at: FormText = "",
    produced: FormText = "",
    unlink: Annotated[list[str] | None, Form()] = None,
    csrf_token: FormText = "",
) -> Response:
    """The per-round form: outcome (as shown, possibly edited), a new end (empty keeps
    the recorded one), versions to link, checked versions to unlink."""
    check_csrf(session, csrf_token)
    body: RoundUpdateIn = _model(
        RoundUpdateIn,
        {
            "outcome": outcome,
            "ends_at": ends_at or None,
            "produced": _names(produced),
            "unlink": unlink or [],
        },
    )
    view = presenters.complete_round(uow, session.account, slug, uid, body)
    return _see_other(f"/negotiations/{slug}/rounds#round-{quote(view.uid)}")


@router.post("/negotiations/{slug}/rounds/{uid}/publish", response_class=HTMLResponse)
def round_publish_submit(
    slug: str,
    uid: Annotated[str, PathParam(max_length=40)],
    uow: Uow,
    session: CurrentSession,
    csrf_token: FormText = "",
) -> Response:
    """Publish a round to everyone in the negotiation (the mediator's button)."""
    check_csrf(session, csrf_token)
    view = presenters.publish_round(uow, session.account, slug, uid)
    return _see_other(f"/negotiations/{slug}/rounds#round-{quote(view.uid)}")


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, session: CurrentSession) -> Response:
    accounts.administrator_actor(session.account)
    return render(request, "admin.html", session=session, levels=[level.value for level in Level])


@router.post("/admin/users", response_class=HTMLResponse)
def admin_create_user(
    request: Request,
    uow: Uow,
    session: CurrentSession,
    username: FormText = "",
    password: FormText = "",
    display_name: FormText = "",
    admin: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    check_csrf(session, csrf_token)
    accounts.administrator_actor(session.account)  # refused before the form is read
    body: UserIn = _model(
        UserIn,
        {
            "username": username,
            "password": password,
            "display_name": display_name,
            "admin": admin == "on",
        },
    )
    presenters.create_user(uow, session.account, body)
    return render(
        request,
        "admin.html",
        session=session,
        levels=[level.value for level in Level],
        done=f"user {body.username} created",
    )


@router.post("/admin/invitations", response_class=HTMLResponse)
def admin_invite(
    request: Request,
    uow: Uow,
    session: CurrentSession,
    username: FormText = "",
    negotiation: FormText = "",
    handle: FormText = "",
    party: FormText = "",
    name: FormText = "",
    level: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    check_csrf(session, csrf_token)
    accounts.administrator_actor(session.account)  # refused before the form is read
    body: InvitationIn = _model(
        InvitationIn,
        {
            "username": username,
            "negotiation": negotiation,
            "handle": handle,
            "party": party or None,
            "name": name or None,
            "level": level or None,
        },
    )
    found = presenters.invite(uow, session.account, body)
    return render(
        request,
        "admin.html",
        session=session,
        levels=[level.value for level in Level],
        done=f"{body.username} joined {found.negotiation} as {found.handle} ({found.party})",
    )
