"""Engine runs on a task queue: procrastinate on PostgreSQL, the web process on SQLite.

A run is a job, not work in the background of the web worker that took it. On
PostgreSQL the web app defers a job (``RunQueue.submit``) to procrastinate's tables
(in a schema of their own, ``onetext_queue``, made by migration 0014), and any
``onetext worker`` (or the one ``onetext serve`` starts beside the web app) takes it.
Workers beat their heart into the queue's tables; each worker also looks, every
``heartbeat`` seconds, for jobs held by a worker whose heartbeat stopped more than
``stalled_after`` seconds ago and puts them back in the queue (procrastinate's
stalled-job retry). The worker that takes such a job again resumes the run
(``engine_runs.execute_run(resume=True)``): a new claim, so the first worker, were
it only slow, can no longer write to the run.

SQLite is for one machine: the web process executes the run itself once it has
answered (``RunQueue.inline``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from onetext.errors import InvalidInput
from onetext.service import engine_runs
from onetext.store.database import Database
from onetext.store.unit_of_work import Clock, utc_now

if TYPE_CHECKING:
    import random

    import numpy as np
    from procrastinate import App

__all__ = [
    "QUEUE",
    "QUEUE_SCHEMA",
    "TASK",
    "RunQueue",
    "WorkerSettings",
    "run_worker",
    "start_worker_thread",
]

log = logging.getLogger("onetext.engine_queue")

QUEUE_SCHEMA = "onetext_queue"
QUEUE = "engine"
TASK = "onetext.engine_run"

RandomSource = Callable[[], "random.Random | np.random.Generator"]


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """How a worker runs: ``heartbeat`` seconds between its heartbeats (and its looks
    for stalled jobs); a worker silent for ``stalled_after`` seconds is given up for
    dead; ``concurrency`` runs at once; ``once`` stops when the queue is empty."""

    heartbeat: float = 10.0
    stalled_after: float = 30.0
    concurrency: int = 1
    once: bool = False
    name: str = "onetext-worker"

    def __post_init__(self) -> None:
        if self.heartbeat <= 0 or self.stalled_after <= self.heartbeat:
            raise InvalidInput(
                "a worker's heartbeat must be positive and shorter than the time after "
                "which a silent worker counts as dead"
            )
        if not 1 <= self.concurrency <= 64:
            raise InvalidInput(f"concurrency must be between 1 and 64, not {self.concurrency}")


def _conninfo(database: Database) -> str:
    url = database.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _app(database: Database) -> App:
    """A procrastinate app on ``database``, whose connections read the queue's schema."""
    from procrastinate import App, PsycopgConnector

    connector = PsycopgConnector(
        conninfo=_conninfo(database),
        kwargs={"options": f"-c search_path={QUEUE_SCHEMA}"},
        min_size=1,
        max_size=4,
    )
    return App(connector=connector)


@dataclass
class RunQueue:
    """Where the web app sends a run it has recorded. ``drain``: after deferring a
    job, this process also empties the queue in a thread of its own (a worker that
    stops when the queue is empty): an app with no worker beside it still finishes
    its runs (an embedded app, the tests); ``onetext serve`` runs a lasting worker
    instead, with the stalled-job retry, and turns this off."""

    database: Database
    inline: bool
    drain: bool = False
    clock: Clock = utc_now
    draw_frontier: engine_runs.DrawFrontier | None = None
    _app: App | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _pending: bool = field(default=False, repr=False)
    _drainer: threading.Thread | None = field(default=None, repr=False)

    @classmethod
    def for_database(
        cls,
        database: Database,
        *,
        drain: bool = False,
        clock: Clock = utc_now,
        draw_frontier: engine_runs.DrawFrontier | None = None,
    ) -> RunQueue:
        return cls(database, database.is_sqlite, drain, clock, draw_frontier)

    def submit(self, uid: str) -> None:
        """Defer the run's job (PostgreSQL); the job names the run only."""
        if self.inline:
            raise RuntimeError("an inline queue runs the work itself")
        with self._lock:
            if self._app is None:
                self._app = _app(self.database)
                self._app.open()
            app = self._app
        app.configure_task(name=TASK, queue=QUEUE).defer(uid=uid)
        if self.drain:
            self._kick()

    def _kick(self) -> None:
        with self._lock:
            self._pending = True
            if self._drainer is not None:
                return  # the running drain looks again before it stops
            self._drainer = threading.Thread(
                target=self._drain, name="onetext-engine-drain", daemon=True
            )
            self._drainer.start()

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._drainer = None
                    return
                self._pending = False
            try:
                run_worker(
                    self.database,
                    WorkerSettings(heartbeat=1.0, stalled_after=30.0, once=True),
                    clock=self.clock,
                    draw_frontier=self.draw_frontier,
                    signals=False,
                )
            except Exception:
                log.exception("emptying the engine queue failed")

    def close(self) -> None:
        with self._lock:
            if self._app is not None:
                self._app.close()
                self._app = None


async def _retry_stalled(app: App, settings: WorkerSettings) -> None:
    """Put back in the queue the runs of workers whose heartbeat stopped."""
    while True:
        await asyncio.sleep(settings.heartbeat)
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                task_name=TASK, seconds_since_heartbeat=settings.stalled_after
            )
            for job in stalled:
                log.warning("engine job %s: its worker stopped; back in the queue", job.id)
                await app.job_manager.retry_job(job)
        except Exception:  # a database blip: look again at the next beat
            log.exception("looking for stalled engine jobs failed")


async def _work(
    database: Database,
    settings: WorkerSettings,
    execute: Callable[[str], None],
    stop: threading.Event | None,
    signals: bool,
) -> None:
    app = _app(database)

    @app.task(name=TASK, queue=QUEUE)
    def engine_run(uid: str) -> None:
        execute(uid)

    del engine_run  # registered on the app
    async with app.open_async():
        reclaim = asyncio.create_task(_retry_stalled(app, settings))
        worker = asyncio.create_task(
            app.run_worker_async(
                queues=[QUEUE],
                name=settings.name,
                wait=not settings.once,
                concurrency=settings.concurrency,
                update_heartbeat_interval=settings.heartbeat,
                stalled_worker_timeout=settings.stalled_after,
                fetch_job_polling_interval=min(5.0, settings.heartbeat),
                delete_jobs="successful",
                install_signal_handlers=signals,
            )
        )
        try:
            if stop is None:
                await worker
            else:
                while not worker.done() and not stop.is_set():
                    await asyncio.sleep(0.2)
                if not worker.done():
                    worker.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await worker
        finally:
            reclaim.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reclaim


def run_worker(
    database: Database,
    settings: WorkerSettings = WorkerSettings(),
    *,
    clock: Clock = utc_now,
    draw_frontier: engine_runs.DrawFrontier | None = None,
    randomness: RandomSource | None = None,
    stop: threading.Event | None = None,
    signals: bool = True,
) -> None:
    """Take engine runs from the queue until stopped (or, ``once``, until it is empty).

    ``randomness`` makes each run's random source (the robustness test's); the entry
    point passes ``draw_frontier`` (``formats`` draws, the service does not import it)."""
    if database.is_sqlite:
        raise InvalidInput(
            "engine runs queue on PostgreSQL only: on SQLite the web app (onetext serve) "
            "runs them itself, no worker needed"
        )

    def execute(uid: str) -> None:
        engine_runs.execute_run(
            database,
            uid,
            clock=clock,
            rng=randomness() if randomness is not None else None,
            draw_frontier=draw_frontier,
            resume=True,
        )

    asyncio.run(_work(database, settings, execute, stop, signals))


def start_worker_thread(
    database: Database,
    settings: WorkerSettings = WorkerSettings(),
    *,
    clock: Clock = utc_now,
    draw_frontier: engine_runs.DrawFrontier | None = None,
) -> tuple[threading.Thread, threading.Event]:
    """A queue worker in a thread of this process (``onetext serve``); set the event to
    stop it. Nothing to start on SQLite: returns a thread that has already finished."""
    stop = threading.Event()

    def target() -> None:
        if database.is_sqlite:
            return
        try:
            run_worker(
                database,
                settings,
                clock=clock,
                draw_frontier=draw_frontier,
                stop=stop,
                signals=False,
            )
        except Exception:
            log.exception("the in-process engine worker stopped")

    thread = threading.Thread(target=target, name="onetext-engine-worker", daemon=True)
    thread.start()
    return thread, stop
