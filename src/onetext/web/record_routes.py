"""The verifiable record on the web: every member may download the log's signed
checkpoint and public key, and check that today's log extends a checkpoint they kept
(a page and an API answering with the consistency proof and a new checkpoint, which
the member's own software can check offline: ``onetext audit check-proof``). Also
the API of releases with consent (statements drafted, consented, released).

Every write answers with a receipt: the ``Onetext-Checkpoint`` header carries the
signed checkpoint of the log the write extended (base64url of its JSON).
"""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onetext.errors import InvalidInput
from onetext.service import accounts, record, releases
from onetext.store.checkpoints import Checkpoint
from onetext.store.unit_of_work import watch_commits
from onetext.views import to_json
from onetext.web.rendering import render
from onetext.web.security import CSRF_HEADER, CurrentSession, Uow, check_csrf

__all__ = ["CHECKPOINT_HEADER", "CheckpointReceipts", "api_router", "pages_router"]

CHECKPOINT_HEADER = "Onetext-Checkpoint"
MAX_CHECKPOINT_BYTES = 4096

api_router = APIRouter(prefix="/api")
pages_router = APIRouter(include_in_schema=False)


def _download(checkpoint: Checkpoint, slug: str) -> Response:
    return Response(
        checkpoint.dumps(),
        media_type="application/json",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{slug}-checkpoint-{checkpoint.size}.json"'
            )
        },
    )


@api_router.get("/negotiations/{slug}/record/checkpoint")
def api_checkpoint(slug: str, uow: Uow, session: CurrentSession) -> Response:
    """The log's latest signed checkpoint (keep it: any later log must extend it)."""
    actor = accounts.actor_in(uow, session.account, slug)
    return _download(record.latest_checkpoint(uow, actor), slug)


@api_router.get("/negotiations/{slug}/record/public-key")
def api_public_key(slug: str, uow: Uow, session: CurrentSession) -> Response:
    """The log's Ed25519 public key (PEM): checkpoints and proofs are checked with it."""
    actor = accounts.actor_in(uow, session.account, slug)
    return Response(record.public_key(uow, actor), media_type="application/x-pem-file")


def _held(raw: bytes | str) -> Checkpoint:
    if len(raw) > MAX_CHECKPOINT_BYTES:
        raise InvalidInput("a checkpoint file is a few hundred bytes: this is not one")
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return Checkpoint.loads(text)


@api_router.post("/negotiations/{slug}/record/consistency")
async def api_consistency(
    slug: str, request: Request, uow: Uow, session: CurrentSession
) -> JSONResponse:
    """Post a checkpoint you kept: does today's log extend it? With the proof."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    held = _held(await request.body())

    def bundle() -> dict[str, Any]:
        actor = accounts.actor_in(uow, session.account, slug)
        return record.consistency_bundle(uow, actor, held)

    return JSONResponse(await run_in_threadpool(bundle))


class StatementIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=50_000)
    kind: Literal["joint-statement", "communique"] = "joint-statement"


@api_router.get("/negotiations/{slug}/statements")
def api_statements(slug: str, uow: Uow, session: CurrentSession) -> list[dict[str, Any]]:
    """Joint statements and communiqués you may read: drafts (mediator and parties),
    released ones (everyone)."""
    actor = accounts.actor_in(uow, session.account, slug)
    return [to_json(v) for v in releases.list_statements(uow, actor, slug)]


@api_router.post("/negotiations/{slug}/statements", status_code=201)
def api_draft_statement(
    slug: str, body: StatementIn, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Draft a statement for release (the mediator)."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = accounts.actor_in(uow, session.account, slug)
    view = releases.draft_statement(
        uow, actor, slug, title=body.title, text=body.text, kind=body.kind
    )
    result: dict[str, Any] = to_json(view)
    return result


@api_router.post("/negotiations/{slug}/statements/{uid}/consent")
def api_consent_statement(
    slug: str, uid: str, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, Any]:
    """Consent, for your party, to release the statement as drafted."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = accounts.actor_in(uow, session.account, slug)
    if actor.party is None:
        raise InvalidInput("only a party's delegate consents")
    view = releases.consent_to_statement(uow, actor, slug, uid, party=actor.party)
    result: dict[str, Any] = to_json(view)
    return result


@pages_router.get("/negotiations/{slug}/record", response_class=HTMLResponse)
def record_page(request: Request, slug: str, uow: Uow, session: CurrentSession) -> Response:
    actor, you = accounts.membership_in(uow, session.account, slug)
    checkpoint = record.latest_checkpoint(uow, actor)
    return render(
        request,
        "record.html",
        session=session,
        you=you,
        slug=slug,
        checkpoint=checkpoint,
        result=None,
    )


@pages_router.post("/negotiations/{slug}/record", response_class=HTMLResponse)
async def record_check_page(
    request: Request,
    slug: str,
    uow: Uow,
    session: CurrentSession,
    held_file: Annotated[UploadFile, File()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(session, csrf_token)
    held = _held(await held_file.read(MAX_CHECKPOINT_BYTES + 1))

    def answer() -> tuple[Any, Checkpoint, dict[str, Any]]:
        actor, you = accounts.membership_in(uow, session.account, slug)
        latest = record.latest_checkpoint(uow, actor)
        return you, latest, record.consistency_bundle(uow, actor, held)

    you, checkpoint, result = await run_in_threadpool(answer)
    return render(
        request,
        "record.html",
        session=session,
        you=you,
        slug=slug,
        checkpoint=checkpoint,
        result=result,
        proof_json=json.dumps(result, indent=2),
    )


class CheckpointReceipts:
    """Pure ASGI middleware: a write that extended the log answers with the signed
    checkpoint of the log it extended (``Onetext-Checkpoint``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        app_state = scope["app"].state if "app" in scope else None
        with watch_commits() as committed:

            async def send_with_receipt(message: Message) -> None:
                if message["type"] == "http.response.start" and committed and app_state:
                    size, root = committed[-1]
                    checkpoint = record.checkpoint_of(
                        app_state.database, size, root, app_state.clock()
                    )
                    compact = json.dumps(checkpoint.as_json(), separators=(",", ":"))
                    MutableHeaders(scope=message)[CHECKPOINT_HEADER] = base64.urlsafe_b64encode(
                        compact.encode()
                    ).decode("ascii")
                await send(message)

            await self.app(scope, receive, send_with_receipt)


def checkpoint_from_header(value: str) -> Checkpoint:
    """The checkpoint a write's receipt header carries."""
    try:
        return Checkpoint.loads(base64.urlsafe_b64decode(value.encode()).decode())
    except ValueError:
        raise InvalidInput("not an onetext checkpoint header") from None
