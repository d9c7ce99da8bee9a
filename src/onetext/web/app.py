"""The FastAPI application: JSON API, pages, static files, errors in words.

``create_app(database)`` keeps configuration on the app (the database and the
clock) and a cache of rendered views keyed by the record's state (``cache.py``):
sessions, throttling, engine runs and the record live in the database, so any
number of workers can serve one PostgreSQL database.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import quote, unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onetext.errors import OnetextError
from onetext.service.engine_queue import RunQueue
from onetext.store.database import Database, open_database
from onetext.store.unit_of_work import Clock, UnitOfWork, utc_now
from onetext.web import (
    amendment_routes,
    api,
    bracket_pages,
    comment_routes,
    conflict_pages,
    editor_routes,
    engine_routes,
    live,
    pages,
    presenters,
    record_routes,
)
from onetext.web.cache import ViewCache
from onetext.web.rendering import render, validation_message
from onetext.web.security import SESSION_COOKIE, LoginRequired, WebSession, session_of

__all__ = ["app_from_environment", "create_app"]

log = logging.getLogger("onetext.web")

_OFF = {"0", "false", "no", "off"}

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: /docs, when the operator turns it on: Swagger UI's script and style come from its CDN
#: (no integrity check is possible on FastAPI's page), so they are named, nothing else
_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "style-src 'self' https://cdn.jsdelivr.net; "
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: the largest request body read (the largest form, a round's outcome, is 20,000 characters)
MAX_BODY_BYTES = 1024 * 1024
_WITH_BODY = {"POST", "PUT", "PATCH", "DELETE"}
_STATUS_WORDS = {
    400: "Bad request",
    401: "Please log in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many attempts",
    500: "Something went wrong",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _page_session(request: Request) -> WebSession | None:
    """The visitor's session, so an error page keeps its header (best effort)."""
    if not request.cookies.get(SESSION_COOKIE):
        return None
    try:
        with UnitOfWork(request.app.state.database, request.app.state.clock) as uow:
            return session_of(request, uow)
    except SQLAlchemyError:
        return None


async def _error(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method == "GET":
            return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
    session = await run_in_threadpool(_page_session, request)
    return render(
        request,
        "error.html",
        session=session,
        status=status,
        status_words=_STATUS_WORDS.get(status, "Error"),
        message=message,
        code=status,
    )


class _Hardening:
    """Pure ASGI middleware: refuse NUL characters in the URL (no database text field
    takes one) and bodies over ``MAX_BODY_BYTES`` (413, declared or streamed), and add
    the security headers, a Content-Security-Policy included, to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = unquote(scope["path"]) + unquote(scope["query_string"].decode("latin-1"))
        if "\x00" in target:
            await self._refuse(scope, receive, send, 422, "text may not contain NUL characters")
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            await self._refuse(scope, receive, send, 413, self._too_large())
            return
        body = await self._read_body(receive) if scope["method"] in _WITH_BODY else b""
        if body is None:
            await self._refuse(scope, receive, send, 413, self._too_large())
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: wait for the disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, self._hardened(scope, send))

    @staticmethod
    async def _read_body(receive: Receive) -> bytes | None:
        """The whole body, or ``None`` once it grows past the limit (a body with no
        Content-Length is counted as it streams)."""
        parts: list[bytes] = []
        read = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            read += len(chunk)
            if read > MAX_BODY_BYTES:
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(parts)

    @staticmethod
    def _too_large() -> str:
        return f"the request body is larger than {MAX_BODY_BYTES // 1024} KB"

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, message: str
    ) -> None:
        response = await _error(Request(scope, receive), status, message)
        await response(scope, receive, self._hardened(scope, send))

    @staticmethod
    def _hardened(scope: Scope, send: Send) -> Send:
        policy = _DOCS_CSP if scope["path"] == "/docs" else _CSP

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        return send_hardened


def create_app(
    database: Database,
    *,
    clock: Clock = utc_now,
    view_cache: int | None = None,
    api_docs: bool | None = None,
    engine_worker: bool | None = None,
) -> FastAPI:
    """The web app over ``database`` (already migrated by ``open_database``).

    ``view_cache`` is how many rendered views a worker keeps (default
    ``$ONETEXT_VIEW_CACHE`` or 128; 0 turns the cache off). ``api_docs`` serves
    Swagger UI at ``/docs`` (default ``$ONETEXT_API_DOCS``, off): its page loads
    script from a CDN, so it is off unless the operator asks; ``/openapi.json`` is
    always there. ``engine_worker`` (default ``$ONETEXT_ENGINE_WORKER``, on): on
    PostgreSQL this process also empties the engine queue after it defers a run
    (``service.engine_queue``); ``onetext serve`` runs a lasting worker instead."""
    if api_docs is None:
        api_docs = os.environ.get("ONETEXT_API_DOCS", "").lower() in {"1", "true", "yes", "on"}
    app = FastAPI(
        title="onetext",
        summary="A confidential workspace for negotiating agreements point by point.",
        version="1",
        docs_url="/docs" if api_docs else None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.database = database
    app.state.clock = clock
    if engine_worker is None:
        engine_worker = os.environ.get("ONETEXT_ENGINE_WORKER", "1").lower() not in _OFF
    app.state.engine_queue = RunQueue.for_database(
        database, drain=engine_worker, clock=clock, draw_frontier=presenters.frontier_svg
    )
    app.state.views = ViewCache(_view_cache_size() if view_cache is None else view_cache)

    @app.exception_handler(OnetextError)
    async def onetext_error(request: Request, error: OnetextError) -> Response:
        status = error.http_status if error.http_status < 500 else 500
        if status == 500:
            log.error("server-side failure: %s", error.message)
        message = "login required" if isinstance(error, LoginRequired) else error.message
        return await _error(request, status, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return await _error(request, 422, validation_message(error.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return await _error(request, error.status_code, str(error.detail))

    @app.exception_handler(DataError)
    async def data_error(request: Request, error: DataError) -> Response:
        log.warning("database refused a value on %s: %s", request.url.path, error.orig)
        return await _error(request, 422, "invalid value: the database cannot store it")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return await _error(request, 500, "internal error: the request was not completed")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(conflict_pages.router)
    app.include_router(bracket_pages.router)
    app.include_router(bracket_pages.api_router)
    app.include_router(record_routes.api_router)
    app.include_router(record_routes.pages_router)
    app.include_router(live.router)
    app.include_router(engine_routes.router)
    # amendments, the editor and comments (issue 16)
    for module in (amendment_routes, editor_routes, comment_routes):
        app.include_router(module.api_router)
        app.include_router(module.pages_router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(record_routes.CheckpointReceipts)
    app.add_middleware(_Hardening)
    return app


def _view_cache_size() -> int:
    value = os.environ.get("ONETEXT_VIEW_CACHE", "128")
    try:
        return max(0, int(value))
    except ValueError:
        log.warning("ONETEXT_VIEW_CACHE=%r is not a number: using 128", value)
        return 128


def app_from_environment() -> FastAPI:
    """Factory for uvicorn workers (``--factory``): the database named by
    ``$ONETEXT_DATABASE_URL`` (default ``./onetext.db``)."""
    return create_app(open_database(None))
