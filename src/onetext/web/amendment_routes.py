"""Amendments on the web (issue 16): the JSON API, the list of amendments to a version
(live: it follows the record through ``web.live``), the table-amendment form of each
unit of the version page, and the mediator's consolidation desk.

Nothing here decides who may do or see what: the services ask ``access`` and cut
every read to what the viewer may read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from onetext.errors import InvalidInput, NotFound, OnetextError
from onetext.model import Stance, Visibility
from onetext.model.amendment import (
    MAX_JUSTIFICATION,
    MAX_WORDING,
    AmendmentKind,
    Decision,
)
from onetext.service import accounts, amendments
from onetext.service.accounts import Account
from onetext.service.audit import record_generation
from onetext.store.unit_of_work import UnitOfWork
from onetext.views import to_json
from onetext.views.amendments import AmendmentList
from onetext.web.rendering import render, validation_message
from onetext.web.security import CSRF_HEADER, CurrentSession, Uow, check_csrf

__all__ = ["api_router", "listed", "pages_router"]

api_router = APIRouter(prefix="/api", tags=["amendments"])
pages_router = APIRouter(include_in_schema=False)

Ref = Annotated[str, Query(max_length=80)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


FormText = Annotated[str, Form(max_length=MAX_WORDING), AfterValidator(_no_nul)]


def _parsed_as(parse: Callable[[str], object], expected: str) -> Callable[[object], object]:
    """A validator that reads a word with the model's own parser, or says what it expects."""

    def check(value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            return parse(value)
        except InvalidInput:
            raise ValueError(f"expected {expected}") from None

    return check


_kind = _parsed_as(AmendmentKind.parse, "replace, insert, delete or alternative")
_stance = _parsed_as(Stance.parse, "accepted, reservations, open or unacceptable")
_decision = _parsed_as(Decision.parse, "accept, reject or merge")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AmendmentIn(_In):
    label: str = Field(min_length=1, max_length=40, description="The unit amended: 12, 3(a)")
    kind: Annotated[AmendmentKind, BeforeValidator(_kind)]
    wording: str = Field(default="", max_length=MAX_WORDING, description="Not for delete")
    justification: str = Field(default="", max_length=MAX_JUSTIFICATION)
    visibility: Visibility = Visibility.CAUCUS
    party: str | None = Field(default=None, max_length=63, description="Default: your party")


class AmendmentMarkIn(_In):
    stance: Annotated[Stance, BeforeValidator(_stance)]
    visibility: Visibility = Visibility.CAUCUS
    note: str = Field(default="", max_length=MAX_JUSTIFICATION)
    party: str | None = Field(default=None, max_length=63, description="Default: your party")


class DecisionIn(_In):
    decision: Annotated[Decision, BeforeValidator(_decision)]
    wording: str | None = Field(
        default=None, max_length=MAX_WORDING, description="A merge: the mediator's wording"
    )
    note: str = Field(default="", max_length=MAX_JUSTIFICATION)


class ConsolidateIn(_In):
    message: str = Field(default="", max_length=MAX_JUSTIFICATION)


def _json(view: Any) -> dict[str, Any]:
    result: dict[str, Any] = to_json(view)
    return result


def listed(uow: UnitOfWork, account: Account, slug: str, ref: str) -> AmendmentList:
    """The amendments to ``ref`` the account may read (the list page and its live digest)."""
    actor = accounts.actor_in(uow, account, slug)
    return amendments.list_amendments(uow, actor, slug, version=ref)


@api_router.get("/negotiations/{slug}/versions/{ref}/amendments")
def api_amendments(slug: str, ref: str, uow: Uow, session: CurrentSession) -> dict[str, Any]:
    """The amendments to a version that you may read, with the stances you may read."""
    return _json(listed(uow, session.account, slug, ref))


@api_router.post("/negotiations/{slug}/versions/{ref}/amendments", status_code=201)
def api_table_amendment(
    slug: str, ref: str, body: AmendmentIn, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Table an amendment to one unit of the version (private, caucus or joint)."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = accounts.actor_in(uow, session.account, slug)
    return _json(
        amendments.table_amendment(
            uow,
            actor,
            slug,
            label=body.label,
            kind=body.kind,
            wording=body.wording,
            justification=body.justification,
            visibility=body.visibility,
            version=ref,
            party=body.party,
        )
    )


@api_router.get("/negotiations/{slug}/amendments/{amendment}")
def api_amendment(slug: str, amendment: str, uow: Uow, session: CurrentSession) -> dict[str, Any]:
    """One amendment, if you may read it."""
    actor = accounts.actor_in(uow, session.account, slug)
    return _json(amendments.amendment(uow, actor, slug, amendment))


@api_router.post("/negotiations/{slug}/amendments/{amendment}/marks", status_code=201)
def api_mark_amendment(
    slug: str,
    amendment: str,
    body: AmendmentMarkIn,
    uow: Uow,
    session: CurrentSession,
    request: Request,
) -> dict[str, Any]:
    """Mark your party's stance on another party's joint amendment."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = accounts.actor_in(uow, session.account, slug)
    return _json(
        amendments.mark_amendment(
            uow,
            actor,
            slug,
            amendment,
            stance=body.stance,
            party=body.party,
            visibility=body.visibility,
            note=body.note,
        )
    )


@api_router.post("/negotiations/{slug}/amendments/{amendment}/decision")
def api_decide_amendment(
    slug: str, amendment: str, body: DecisionIn, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Accept, reject or merge an amendment (the mediator)."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = accounts.actor_in(uow, session.account, slug)
    return _json(
        amendments.decide_amendment(
            uow, actor, slug, amendment, body.decision, wording=body.wording, note=body.note
        )
    )


@api_router.post("/negotiations/{slug}/versions/{ref}/consolidate", status_code=201)
def api_consolidate(
    slug: str, ref: str, body: ConsolidateIn, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Write the accepted and merged amendments into the next version (the mediator)."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = accounts.actor_in(uow, session.account, slug)
    return _json(amendments.consolidate_amendments(uow, actor, slug, ref, message=body.message))


# --- pages -----------------------------------------------------------------------


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _base(slug: str) -> str:
    return f"/negotiations/{quote(slug)}"


@pages_router.get("/negotiations/{slug}/versions/{ref}/amendments", response_class=HTMLResponse)
def amendments_page(
    request: Request,
    slug: str,
    ref: str,
    uow: Uow,
    session: CurrentSession,
    tabled: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    actor, you = accounts.membership_in(uow, session.account, slug)
    view = amendments.list_amendments(uow, actor, slug, version=ref)
    shown = tabled if tabled and any(a.uid == tabled for a in view.amendments) else None
    return render(
        request,
        "amendments.html",
        session=session,
        you=you,
        view=view,
        tabled=shown,
        stances=[s.value for s in Stance],
        generation=record_generation(uow),
    )


_FIELDS = ("label", "kind", "wording", "justification", "visibility")


def _field_of(error: OnetextError) -> str:
    """Which field of the form an error is about (the services name it first)."""
    message = error.message
    for name in _FIELDS:
        if message.startswith(f"{name}:") or message.startswith(f"invalid request: {name}:"):
            return name
    if message.startswith("invalid amendment kind"):
        return "kind"
    if isinstance(error, NotFound) and message.startswith("no point"):
        return "label"
    return ""


@pages_router.post("/negotiations/{slug}/versions/{ref}/amendments", response_class=HTMLResponse)
def amendment_form_submit(
    request: Request,
    slug: str,
    ref: str,
    uow: Uow,
    session: CurrentSession,
    label: Annotated[str, Form(max_length=40), AfterValidator(_no_nul)] = "",
    kind: Annotated[str, Form(max_length=20), AfterValidator(_no_nul)] = "replace",
    wording: FormText = "",
    justification: FormText = "",
    visibility: Annotated[str, Form(max_length=10), AfterValidator(_no_nul)] = "caucus",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Table an amendment from a unit's form; an error comes back on the form, by its
    field, with everything typed kept."""
    check_csrf(session, csrf_token)
    typed = {
        "label": label,
        "kind": kind,
        "wording": wording,
        "justification": justification,
        "visibility": visibility,
    }
    actor, you = accounts.membership_in(uow, session.account, slug)
    try:
        try:
            body = AmendmentIn.model_validate(dict(typed))
        except ValidationError as invalid:
            raise InvalidInput(validation_message(invalid.errors())) from None
        view = amendments.table_amendment(
            uow,
            actor,
            slug,
            label=body.label,
            kind=body.kind,
            wording=body.wording,
            justification=body.justification,
            visibility=body.visibility,
            version=ref,
        )
    except OnetextError as error:
        uow.session.rollback()
        if isinstance(error, NotFound) and not error.message.startswith("no point"):
            raise  # the version itself: the same answer as for a missing one
        return render(
            request,
            "amendments_form.html",
            status=error.http_status if error.http_status < 500 else 400,
            session=session,
            you=you,
            ref=ref,
            typed=typed,
            error=error.message,
            field=_field_of(error),
        )
    target = f"{_base(slug)}/versions/{quote(view.version)}/amendments"
    return _see_other(f"{target}?tabled={quote(view.uid)}#amendment-{quote(view.uid)}")


@pages_router.post("/negotiations/{slug}/amendments/{amendment}/marks", response_class=HTMLResponse)
def amendment_mark_submit(
    slug: str,
    amendment: str,
    uow: Uow,
    session: CurrentSession,
    stance: Annotated[str, Form(max_length=40)] = "",
    visibility: Annotated[str, Form(max_length=10)] = "caucus",
    note: Annotated[str, Form(max_length=MAX_JUSTIFICATION), AfterValidator(_no_nul)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(session, csrf_token)
    actor = accounts.actor_in(uow, session.account, slug)
    mark = amendments.mark_amendment(
        uow,
        actor,
        slug,
        amendment,
        stance=Stance.parse(stance),
        visibility=Visibility.parse(visibility),
        note=note,
    )
    found = amendments.amendment(uow, actor, slug, mark.amendment)
    target = f"{_base(slug)}/versions/{quote(found.version)}/amendments"
    return _see_other(f"{target}#amendment-{quote(mark.amendment)}")


@pages_router.get("/negotiations/{slug}/versions/{ref}/consolidate", response_class=HTMLResponse)
def consolidate_page(
    request: Request, slug: str, ref: str, uow: Uow, session: CurrentSession
) -> Response:
    actor, you = accounts.membership_in(uow, session.account, slug)
    view = amendments.amendments_to_decide(uow, actor, slug, version=ref)
    return render(
        request,
        "amendments_consolidate.html",
        session=session,
        you=you,
        view=view,
        decisions=[d.value for d in Decision],
    )


@pages_router.post(
    "/negotiations/{slug}/amendments/{amendment}/decision", response_class=HTMLResponse
)
def decision_submit(
    slug: str,
    amendment: str,
    uow: Uow,
    session: CurrentSession,
    decision: Annotated[str, Form(max_length=20)] = "",
    wording: FormText = "",
    note: Annotated[str, Form(max_length=MAX_JUSTIFICATION), AfterValidator(_no_nul)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(session, csrf_token)
    actor = accounts.actor_in(uow, session.account, slug)
    view = amendments.decide_amendment(
        uow, actor, slug, amendment, Decision.parse(decision), wording=wording or None, note=note
    )
    target = f"{_base(slug)}/versions/{quote(view.version)}/consolidate"
    return _see_other(f"{target}#amendment-{quote(view.uid)}")


@pages_router.post("/negotiations/{slug}/versions/{ref}/consolidate", response_class=HTMLResponse)
def consolidate_submit(
    slug: str,
    ref: str,
    uow: Uow,
    session: CurrentSession,
    message: Annotated[str, Form(max_length=MAX_JUSTIFICATION), AfterValidator(_no_nul)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(session, csrf_token)
    actor = accounts.actor_in(uow, session.account, slug)
    result = amendments.consolidate_amendments(uow, actor, slug, ref, message=message)
    return _see_other(f"{_base(slug)}/compare?old={quote(result.base)}&new={quote(result.version)}")
