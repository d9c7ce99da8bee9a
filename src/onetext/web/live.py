"""Live pages: server-sent events that tell an open page its view has changed.

The database is the source of truth, so any number of workers can serve the same
record: each worker reads the audit chain's head (every write appends one event)
a few times a second while some page is open, once for all its pages, and wakes
the streams when it moves. A stream then recomputes its own viewer's view and
sends ``update`` only when that view changed: a page learns nothing of a write it
may not see (another party's private mark moves the chain, not its view). The page
fetches itself again and swaps its content in (``static/live.js``); no polling loop
runs in the browser.

An engine run's page follows the run's row instead (its progress is not audited):
while the run is queued or running, its stream reads the row on every tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from onetext.errors import OnetextError
from onetext.model import Level
from onetext.service import accounts, engine_runs
from onetext.service.audit import record_generation
from onetext.store.database import Database
from onetext.store.unit_of_work import Clock, UnitOfWork
from onetext.web import amendment_routes, presenters
from onetext.web.cache import cached_view
from onetext.web.security import SESSION_COOKIE, CurrentSession, LoginRequired

__all__ = ["GenerationWatcher", "router"]

router = APIRouter(include_in_schema=False)

#: how often a worker reads the chain's head while a page is open (seconds)
TICK = 0.1
#: a comment line this often keeps proxies from closing a quiet stream (seconds)
HEARTBEAT = 15.0
#: a stream ends after this long; the browser reconnects by itself (seconds)
LIFETIME = 600.0


class GenerationWatcher:
    """The audit chain's head as one worker last read it, and a way to wait for it
    to move. One reader task per worker runs while any stream waits."""

    def __init__(self, database: Database, clock: Clock, tick: float = TICK) -> None:
        self.database = database
        self.clock = clock
        self.tick = tick
        self.generation = -1
        self._changed: asyncio.Event | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiting = 0

    def read(self) -> int:
        with UnitOfWork(self.database, self.clock) as uow:
            return record_generation(uow)

    async def wait_past(self, seen: int, timeout: float) -> int:
        """The head once it is past ``seen``, or as it stands after ``timeout`` seconds."""
        if self._changed is None:
            self._changed = asyncio.Event()
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_while_waited())
        self._waiting += 1
        deadline = time.monotonic() + timeout
        try:
            while self.generation <= seen:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                changed = self._changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), left)
        finally:
            self._waiting -= 1
        return self.generation

    async def _read_while_waited(self) -> None:
        idle_since = time.monotonic()
        while True:
            if self._waiting:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > 5:
                return  # nobody is listening: stop reading until someone is
            try:
                found = await run_in_threadpool(self.read)
            except Exception:  # a database blip: try again on the next tick
                found = self.generation
            if found != self.generation:
                self.generation = found
                # wake every waiter at once; later waiters wait on a fresh event
                woken, self._changed = self._changed, asyncio.Event()
                if woken is not None:
                    woken.set()
            await asyncio.sleep(self.tick)


def watcher_of(request: Request) -> GenerationWatcher:
    state = request.app.state
    if getattr(state, "live", None) is None:
        state.live = GenerationWatcher(state.database, state.clock)
    watcher: GenerationWatcher = state.live
    return watcher


LiveView = Literal["matrix", "board", "version", "run", "amendments"]


def _view_of(
    request: Request,
    uow: UnitOfWork,
    account: accounts.Account,
    slug: str,
    view: LiveView,
    params: dict[str, Any],
) -> str:
    """A digest of what the page shows its viewer, computed as the page computes it.
    The digests of the shared views are kept per viewer scope until the record moves
    (``web.cache``): twenty open pages of five parties compute five, not twenty."""
    if view == "run":
        run = engine_runs.engine_run(uow, account, slug, params.get("uid") or "")
        return _digest((run.status, run.step, run.done, run.total, run.tabled_as))
    actor, _you = presenters.membership(uow, account, slug)

    def compute() -> str:
        if view == "matrix":
            return _digest(
                presenters.matrix(
                    uow,
                    actor,
                    slug,
                    version=params.get("version"),
                    as_of=params.get("as_of"),
                    level=params.get("level"),
                    group=params.get("group"),
                )
            )
        if view == "board":
            return _digest(
                presenters.board(
                    uow, account, slug, version=params.get("version"), group=params.get("group")
                )
            )
        if view == "amendments":
            return _digest(amendment_routes.listed(uow, account, slug, params.get("ref") or ""))
        return _digest(presenters.version(uow, account, slug, params.get("ref") or ""))

    key = ("live", view, slug, *(params.get(name) for name in sorted(params)))
    return cached_view(request.app.state.views, uow, actor, key, compute)


def _digest(shown: object) -> str:
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def _fingerprint(
    request: Request, slug: str, view: LiveView, params: dict[str, Any], *, first: bool = False
) -> tuple[int, str, bool]:
    """(head of the chain, digest of the viewer's view, whether it may still change
    without a write: a run still working). The ``first`` reading lets an error out (the
    stream is refused as the page would be); later ones fold it into the digest."""
    state = request.app.state
    with UnitOfWork(state.database, state.clock) as uow:
        found = accounts.find_session(uow, request.cookies.get(SESSION_COOKIE), negotiation=slug)
        if found is None:
            return -1, "logged-out", False
        generation = record_generation(uow)
        try:
            digest = _view_of(request, uow, found[0], slug, view, params)
            working = view == "run" and engine_runs.engine_run(
                uow, found[0], slug, params.get("uid") or ""
            ).status in {"queued", "running"}
        except OnetextError as error:  # the version went away, the membership ended
            if first:
                raise
            digest, working = _digest(("error", error.message)), False
    return generation, digest, working


def _event(name: str, data: str) -> str:
    return f"event: {name}\ndata: {data}\n\n"


async def _stream(
    request: Request,
    watcher: GenerationWatcher,
    compute: Callable[[], tuple[int, str, bool]],
    first: tuple[int, str, bool],
    *,
    stale: bool,
) -> AsyncIterator[str]:
    yield "retry: 1000\n\n"
    generation, digest, working = first
    yield _event("ready", str(generation))
    if stale:  # the record moved between the page and its stream: fetch it once more
        yield _event("update", str(generation))
    started = last_sent = time.monotonic()
    while time.monotonic() - started < LIFETIME and digest != "logged-out":
        if working:
            await asyncio.sleep(watcher.tick * 2)
            moved = True
        else:
            moved = await watcher.wait_past(generation, timeout=1.0) > generation
        if await request.is_disconnected():
            return
        if moved:
            generation, fresh, working = await run_in_threadpool(compute)
            if fresh != digest:
                digest = fresh
                last_sent = time.monotonic()
                yield _event("update", str(generation))
        if time.monotonic() - last_sent > HEARTBEAT:
            last_sent = time.monotonic()
            yield ": still here\n\n"


@router.get("/negotiations/{slug}/live")
async def live_events(
    request: Request,
    slug: str,
    session: CurrentSession,
    view: LiveView,
    version: Annotated[str | None, Query(max_length=80)] = None,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
    level: Annotated[Level | None, Query()] = None,
    group: Annotated[str | None, Query(max_length=63)] = None,
    ref: Annotated[str | None, Query(max_length=80)] = None,
    uid: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[int | None, Query(ge=0)] = None,
) -> StreamingResponse:
    """``update`` whenever what this page shows its viewer changes (a mark, a new
    version, a run's progress): the page then fetches itself again."""
    del session  # the dependency refused a request without a live session
    params = {
        "version": version,
        "as_of": as_of,
        "level": level,
        "group": group,
        "ref": ref,
        "uid": uid,
    }
    # the first view is computed now, so a page the viewer may not read is refused
    # with its usual status before any stream starts
    first = await run_in_threadpool(lambda: _fingerprint(request, slug, view, params, first=True))
    if first[1] == "logged-out":
        raise LoginRequired("log in first: no valid session")

    def compute() -> tuple[int, str, bool]:
        return _fingerprint(request, slug, view, params)

    return StreamingResponse(
        _stream(
            request,
            watcher_of(request),
            compute,
            first,
            # a page shows a run only while it works: one already done is stale; a
            # page rendered at an older head of the chain may be
            stale=(view == "run" and not first[2]) or (since is not None and first[0] > since),
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
