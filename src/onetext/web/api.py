"""The JSON API under ``/api``: log in, read the record, mark stances.

Writes authenticate with the session cookie and carry the CSRF token in the
``X-CSRF-Token`` header (``/api/login`` returns it; so does ``/api/me``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Header, Path, Query, Request, Response
from pydantic import TypeAdapter

from onetext.errors import InvalidInput
from onetext.formats.brief import (
    render_brief_docx,
    render_brief_html,
    render_brief_markdown,
    render_brief_pdf,
)
from onetext.model import Level
from onetext.service import accounts, engine_runs
from onetext.views.drafts import VersionSummary
from onetext.views.escalation import Board, WorkingGroupView
from onetext.views.marks import MarkView, MatrixView
from onetext.views.proposals import ProposalView
from onetext.views.records import MembershipView, RoundView
from onetext.web import presenters
from onetext.web.cache import cached_view
from onetext.web.schemas import (
    AccountOut,
    BriefFormat,
    CompareOut,
    CompromiseOut,
    EngineRunIn,
    EngineRunOut,
    ErrorOut,
    HistoryOut,
    InvitationIn,
    LoginIn,
    MarkIn,
    Objective,
    OkOut,
    OverviewOut,
    ProposalIn,
    RoundIn,
    RoundUpdateIn,
    SeatIn,
    UserIn,
    VersionOut,
    WorkingGroupIn,
    WorkingGroupsOut,
)
from onetext.web.security import (
    CSRF_HEADER,
    CurrentSession,
    Uow,
    WebSession,
    check_csrf,
    clear_session_cookie,
    client_address,
    set_session_cookie,
)

__all__ = ["router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        400: "Bad request",
        401: "Not logged in",
        403: "Not allowed (or missing CSRF token)",
        404: "Unknown negotiation, version, point... (or not yours)",
        409: "Conflicts with the record",
        422: "Invalid input",
    }.items()
}

_MATRIX_JSON = TypeAdapter(MatrixView)

router = APIRouter(prefix="/api", responses=_ERRORS)

CsrfHeader = Annotated[
    str | None, Header(alias=CSRF_HEADER, description="The session's CSRF token")
]


def _account_out(uow: Uow, session: WebSession) -> AccountOut:
    return AccountOut(
        username=session.account.username,
        display_name=session.account.display_name,
        is_admin=session.account.is_admin,
        csrf_token=session.csrf_token,
        negotiations=accounts.memberships(uow, session.account),
    )


@router.post(
    "/login",
    response_model=AccountOut,
    responses={429: {"model": ErrorOut, "description": "Too many failed logins"}},
)
def api_login(body: LoginIn, request: Request, response: Response, uow: Uow) -> AccountOut:
    """Log in; sets the HttpOnly session cookie and returns the CSRF token."""
    if "json" not in request.headers.get("content-type", "").lower():
        # a cross-site page can post a body without a JSON type: no login from there
        raise InvalidInput("send the login as application/json")
    ticket = accounts.log_in(uow, body.username, body.password, client_address(request))
    set_session_cookie(request, response, ticket.token)
    return _account_out(uow, WebSession(ticket.account, ticket.csrf_token, ticket.token))


@router.post("/logout", response_model=OkOut)
def api_logout(
    request: Request, response: Response, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> OkOut:
    """End the session."""
    check_csrf(session, csrf)
    accounts.log_out(uow, session.token)
    clear_session_cookie(request, response)
    return OkOut(ok=True)


@router.get("/me", response_model=AccountOut)
def api_me(uow: Uow, session: CurrentSession) -> AccountOut:
    """Who is logged in, their negotiations and the CSRF token."""
    return _account_out(uow, session)


@router.get("/negotiations", response_model=list[MembershipView])
def api_negotiations(uow: Uow, session: CurrentSession) -> list[MembershipView]:
    """The negotiations you belong to, with the member you act as."""
    return [
        m
        for m in accounts.memberships(uow, session.account)
    ]


@router.get("/negotiations/{slug}", response_model=OverviewOut)
def api_overview(slug: str, uow: Uow, session: CurrentSession) -> OverviewOut:
    """Parties, documents and versions, rounds."""
    return presenters.overview(uow, session.account, slug)


@router.get("/negotiations/{slug}/versions", response_model=list[VersionSummary])
def api_versions(slug: str, uow: Uow, session: CurrentSession) -> list[VersionSummary]:
    """Every version of every document, oldest first."""
    return presenters.overview(uow, session.account, slug).versions


@router.get("/negotiations/{slug}/versions/{ref}", response_model=VersionOut)
def api_version(slug: str, ref: str, uow: Uow, session: CurrentSession) -> VersionOut:
    """A version's points and options, with each party's stance as far as you may see."""
    return presenters.version(uow, session.account, slug, ref)


@router.get("/negotiations/{slug}/matrix", response_model=MatrixView)
def api_matrix(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80, description="DOC or DOC@N")] = None,
    as_of: Annotated[
        str | None, Query(max_length=40, description="YYYY-MM-DD or ISO date-time")
    ] = None,
    level: Annotated[
        Level | None, Query(description="Only marks made by members at this level.")
    ] = None,
    group: Annotated[
        str | None, Query(max_length=63, description="Only this working group's points.")
    ] = None,
) -> Response:
    """The stance matrix (parties × points) in force at ``as_of``, as you may see it."""
    actor = accounts.actor_in(uow, session.account, slug)
    view = cached_view(
        request.app.state.views,
        uow,
        actor,
        ("api-matrix", slug, version, as_of, level, group),
        lambda: presenters.matrix(
            uow, actor, slug, version=version, as_of=as_of, level=level, group=group
        ),
    )
    mine = replace(view, viewer=actor.label)  # shared within the scope
    return Response(_MATRIX_JSON.dump_json(mine), media_type="application/json")


@router.post("/negotiations/{slug}/marks", response_model=MarkView, status_code=201)
def api_mark(
    slug: str, body: MarkIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> MarkView:
    """Mark a stance for your party (marks are never overwritten: a new one supersedes)."""
    check_csrf(session, csrf)
    return presenters.mark(uow, session.account, slug, body)


@router.get("/negotiations/{slug}/points/{label}/history", response_model=HistoryOut)
def api_history(
    slug: str,
    label: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80)] = None,
) -> HistoryOut:
    """Every mark on a point that you may see, oldest first."""
    return presenters.history(uow, session.account, slug, label, version=version)


@router.get("/negotiations/{slug}/compare", response_model=CompareOut)
def api_compare(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    old: Annotated[str, Query(min_length=1, max_length=80)],
    new: Annotated[str, Query(min_length=1, max_length=80)],
) -> CompareOut:
    """Two versions point by point, with word-level redlines."""
    return presenters.compare(uow, session.account, slug, old, new)


@router.get("/negotiations/{slug}/compromise", response_model=CompromiseOut)
def api_compromise(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    objective: Objective = "nash",
    version: Annotated[str | None, Query(max_length=80)] = None,
    allow_drop: bool = False,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> CompromiseOut:
    """Run the compromise engine on a version's caucus and joint marks. The mediator sees
    the whole result; a party sees the package, its own utility and its own red lines."""
    return presenters.compromise(
        uow,
        session.account,
        slug,
        objective=objective,
        version=version,
        allow_drop=allow_drop,
        as_of=as_of,
    )


@router.post("/negotiations/{slug}/engine-runs", response_model=EngineRunOut, status_code=202)
def api_request_engine_run(
    request: Request,
    slug: str,
    body: EngineRunIn,
    uow: Uow,
    session: CurrentSession,
    background: BackgroundTasks,
    csrf: CsrfHeader = None,
) -> EngineRunOut:
    """Start an engine run in the background (with the Pareto plot and, if asked, a
    robustness test for the mediator); follow its progress at the run's address."""
    check_csrf(session, csrf)
    run = presenters.request_engine_run(request, background, uow, session.account, slug, body)
    return presenters.engine_run_out(run)


@router.get("/negotiations/{slug}/engine-runs/{uid}", response_model=EngineRunOut)
def api_engine_run(
    slug: str,
    uid: Annotated[str, Path(max_length=40)],
    uow: Uow,
    session: CurrentSession,
) -> EngineRunOut:
    """An engine run's progress and, once done, its result (yours only)."""
    return presenters.engine_run_out(engine_runs.engine_run(uow, session.account, slug, uid))


@router.get("/negotiations/{slug}/board", response_model=Board)
def api_board(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80, description="DOC or DOC@N")] = None,
    group: Annotated[str | None, Query(max_length=63, description="a working group")] = None,
) -> Board:
    """The escalation board: each point's status (endorsed, agreed at expert level,
    blocked, open) from the marks you may read, and the package as a whole."""
    return presenters.board(uow, session.account, slug, version=version, group=group)


@router.get("/negotiations/{slug}/groups", response_model=WorkingGroupsOut)
def api_working_groups(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80, description="DOC or DOC@N")] = None,
) -> WorkingGroupsOut:
    """The working groups: name, level, points (as labelled in ``version``), members."""
    return presenters.working_group_list(uow, session.account, slug, version=version)


@router.post("/negotiations/{slug}/groups", response_model=WorkingGroupView, status_code=201)
def api_create_working_group(
    slug: str, body: WorkingGroupIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> WorkingGroupView:
    """Create a working group (the mediator only): points by their labels in ``version``,
    members by handle. 404 for an unknown point or member, 409 if the name is taken."""
    check_csrf(session, csrf)
    return presenters.create_working_group(uow, session.account, slug, body)


_BRIEF_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@router.get(
    "/negotiations/{slug}/brief",
    response_class=Response,
    responses={200: {"content": {media: {} for media in _BRIEF_MEDIA.values()}}},
)
def api_brief(
    slug: str,
    uow: Uow,
    session: CurrentSession,
    version: Annotated[str | None, Query(max_length=80, description="DOC or DOC@N")] = None,
    allow_drop: bool = False,
    brief_format: Annotated[BriefFormat, Query(alias="format")] = "md",
) -> Response:
    """The brief for principals as a download (Markdown, HTML, DOCX or PDF), cut to what
    you may see: a party's brief never shows another party's utilities."""
    data = presenters.brief(uow, session.account, slug, version=version, allow_drop=allow_drop)
    body: str | bytes
    if brief_format == "docx":
        body = render_brief_docx(data)
    elif brief_format == "pdf":
        body = render_brief_pdf(data)
    elif brief_format == "html":
        body = render_brief_html(data)
    else:
        body = render_brief_markdown(data)
    name = f"brief-{data.board.negotiation}-{data.board.version.replace('@', '-')}.{brief_format}"
    return Response(
        body,
        media_type=_BRIEF_MEDIA[brief_format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/negotiations/{slug}/rounds", response_model=list[RoundView])
def api_rounds(slug: str, uow: Uow, session: CurrentSession) -> list[RoundView]:
    """The rounds, in order of their start."""
    return presenters.overview(uow, session.account, slug).rounds


@router.post("/negotiations/{slug}/rounds", response_model=RoundView, status_code=201)
def api_record_round(
    slug: str, body: RoundIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> RoundView:
    """Record a round: level, place, times, attendees, agenda, outcome, versions produced
    (the mediator only)."""
    check_csrf(session, csrf)
    return presenters.record_round(uow, session.account, slug, body)


@router.post("/negotiations/{slug}/rounds/{uid}", response_model=RoundView)
def api_complete_round(
    slug: str,
    uid: Annotated[str, Path(max_length=40, description="The round's uid")],
    body: RoundUpdateIn,
    uow: Uow,
    session: CurrentSession,
    csrf: CsrfHeader = None,
) -> RoundView:
    """Fill in a round after the fact (the mediator only): set its outcome and/or end,
    link the versions it produced (one already linked is left as it is), unlink one
    linked by mistake (409 if it is not linked). Fields left out are kept."""
    check_csrf(session, csrf)
    return presenters.complete_round(uow, session.account, slug, uid, body)


@router.post("/negotiations/{slug}/rounds/{uid}/publish", response_model=RoundView)
def api_publish_round(
    slug: str,
    uid: Annotated[str, Path(max_length=40, description="The round's uid")],
    uow: Uow,
    session: CurrentSession,
    csrf: CsrfHeader = None,
) -> RoundView:
    """Publish a round (the mediator only): its attendees, agenda and outcome, read until
    now by the attendees' delegations and the mediator, reach everyone."""
    check_csrf(session, csrf)
    return presenters.publish_round(uow, session.account, slug, uid)


@router.get("/negotiations/{slug}/proposals", response_model=list[ProposalView])
def api_proposals(slug: str, uow: Uow, session: CurrentSession) -> list[ProposalView]:
    """The packages the mediator published as proposals, oldest first."""
    return presenters.list_proposals(uow, session.account, slug)


@router.post("/negotiations/{slug}/proposals", response_model=ProposalView, status_code=201)
def api_publish_proposal(
    slug: str, body: ProposalIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> ProposalView:
    """Publish the engine's package (read as the mediator reads) as a proposal to everyone
    (the mediator only; a joint text only; recorded in the audit log)."""
    check_csrf(session, csrf)
    return presenters.publish_proposal(uow, session.account, slug, body)


@router.post("/negotiations/{slug}/seats", response_model=MembershipView, status_code=201)
def api_grant_seat(
    slug: str, body: SeatIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> MembershipView:
    """Give a user account the seat of a member of your party (a party's principals only:
    a negotiating party grants its own seats, not an administrator)."""
    check_csrf(session, csrf)
    return presenters.grant_seat(uow, session.account, slug, body)


@router.post("/admin/users", response_model=OkOut, status_code=201)
def api_create_user(
    body: UserIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> OkOut:
    """Create a user (administrators only)."""
    check_csrf(session, csrf)
    presenters.create_user(uow, session.account, body)
    return OkOut(ok=True)


@router.post("/admin/invitations", response_model=MembershipView, status_code=201)
def api_invite(
    body: InvitationIn, uow: Uow, session: CurrentSession, csrf: CsrfHeader = None
) -> MembershipView:
    """Invite a user into a negotiation as a member (administrators only)."""
    check_csrf(session, csrf)
    return presenters.invite(uow, session.account, body)
