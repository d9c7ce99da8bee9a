"""Use cases: engine runs from the web app, executed by a worker with progress.

A run is requested (checked and recorded at once, so bad input is refused before
anything starts), then executed step by step: read the marks, solve, and for the
mediator draw the Pareto frontier and test the package's robustness under
perturbed scores. Each step's progress is committed on its own, so any worker can
report it; the result is stored as the requester may see it (blind for a party)
and only the account that asked may read it.

Who executes a run: on PostgreSQL a queue worker (``service.engine_queue``), on
SQLite the web process that took it. An execution first *claims* the run with a
token of its own; every later write names that token, so when a worker is given
up for dead and its run handed to another, the first one (if it was only slow)
can no longer write: it stops at its next step.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

if TYPE_CHECKING:
    import numpy as np

from onetext.access import Action, Actor, allowed, ensure_allowed
from onetext.errors import Conflict, InvalidInput, NotFound, OnetextError, PermissionDenied
from onetext.service import accounts
from onetext.service.accounts import Account
from onetext.service.engine import negotiation_problem, result_for
from onetext.solve import Frontier, Objective, pareto_frontier, sensitivity, solve
from onetext.store.database import Database
from onetext.store.engine_tables import EngineRunRow
from onetext.store.repository import chosen_version, negotiation_row
from onetext.store.tables import NegotiationRow
from onetext.store.unit_of_work import Clock, UnitOfWork, new_uid, utc_now

__all__ = [
    "KEPT_RUNS",
    "MAX_SAMPLES",
    "STALE_AFTER",
    "EngineRunView",
    "abandon_run",
    "claim_run",
    "engine_run",
    "execute_run",
    "request_run",
    "run_plot",
    "run_row",
]

DrawFrontier = Callable[[Frontier, Mapping[str, float] | None], str]
"""Draws the frontier (with the chosen package highlighted) as SVG text."""

log = logging.getLogger("onetext.engine_runs")

MAX_SAMPLES = 200
#: finished runs kept per person (with their results and plots); older ones go
KEPT_RUNS = 20
#: a run whose progress has not moved for this long died with its worker
STALE_AFTER = timedelta(minutes=10)
#: progress is committed at most this often (seconds), besides each step's start
_PROGRESS_EVERY = 0.25
FRONTIER_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class EngineRunView:
    uid: str
    negotiation: str
    objective: str
    version: str
    allow_drop: bool
    samples: int
    status: str  # queued, running, done, failed, interrupted
    step: str
    done: int
    total: int
    result: dict[str, Any] | None
    relax_in_words: list[str]
    blind: bool
    has_plot: bool
    error: str | None
    created_at: str
    updated_at: str
    attempts: int = 0
    tabled_as: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in {"done", "failed", "interrupted"}


def _view(row: EngineRunRow, negotiation: str, now: datetime) -> EngineRunView:
    status = row.status
    if status in {"queued", "running"} and now - row.updated_at > STALE_AFTER:
        status = "interrupted"
    outcome = row.result or {}
    return EngineRunView(
        uid=row.uid,
        negotiation=negotiation,
        objective=row.request["objective"],
        version=row.request["version"],
        allow_drop=bool(row.request["allow_drop"]),
        samples=int(row.request["samples"]),
        status=status,
        step=row.step,
        done=row.done,
        total=row.total,
        result=outcome.get("result"),
        relax_in_words=list(outcome.get("relax_in_words", [])),
        blind=bool(outcome.get("blind", True)),
        has_plot=row.plot_svg is not None,
        error=row.error,
        created_at=row.created_at.isoformat(),
        updated_at=row.updated_at.isoformat(),
        attempts=row.attempts,
        tabled_as=outcome.get("tabled"),
    )


def _steps(actor: Actor, samples: int) -> int:
    """Read the marks, solve; for the mediator the frontier and one step per sample."""
    return 2 + (1 + samples if allowed(actor, Action.VIEW_ENGINE_DETAIL) else 0)


def request_run(
    uow: UnitOfWork,
    actor: Actor,
    account: Account,
    negotiation: str,
    *,
    objective: str = "nash",
    version: str | None = None,
    allow_drop: bool = False,
    samples: int = 0,
) -> EngineRunView:
    """Check and record a run; ``execute_run`` does the work."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.RUN_ENGINE)
    parsed = Objective.parse(objective)
    if not 0 <= samples <= MAX_SAMPLES:
        raise InvalidInput(f"samples must be between 0 and {MAX_SAMPLES}, not {samples}")
    if samples and not allowed(actor, Action.VIEW_ENGINE_DETAIL):
        raise PermissionDenied("the robustness test shows every party's preferences: mediator only")
    ver = chosen_version(session, neg, version, actor)
    now = uow.now()
    busy = session.execute(
        select(EngineRunRow.uid).where(
            EngineRunRow.user_id == account.id,
            EngineRunRow.status.in_(["queued", "running"]),
            EngineRunRow.updated_at > now - STALE_AFTER,
        )
    ).scalar()
    if busy is not None:  # one run at a time per person: a worker's threads are few
        raise Conflict(f"your engine run {busy} is still going: wait for it to finish")
    row = EngineRunRow(
        uid=new_uid("run"),
        negotiation_id=neg.id,
        user_id=account.id,
        member=actor.handle,
        request={
            "objective": parsed.value,
            "version": ver.ref,
            "allow_drop": allow_drop,
            "samples": samples,
        },
        status="queued",
        step="waiting to start",
        done=0,
        total=_steps(actor, samples),
        result=None,
        plot_svg=None,
        error=None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    forgotten = _forget_old_runs(uow, account)
    uow.record(
        actor,
        "EngineRunRequested",
        "engine_run",
        row.uid,
        negotiation=neg.slug,
        # the request as ever, who asked, and the runs it forgot (the whole change)
        details=row.request
        | {"member": actor.handle, "user": account.username}
        | {"forgotten": forgotten},
    )
    uow.commit()
    return _view(row, neg.slug, now)


def _forget_old_runs(uow: UnitOfWork, account: Account) -> list[list[str]]:
    """Keep a person's ``KEPT_RUNS`` latest runs: results and plots need not pile up.
    The runs forgotten, as ``[negotiation, run]``."""
    keep = (
        select(EngineRunRow.id)
        .where(EngineRunRow.user_id == account.id)
        .order_by(EngineRunRow.id.desc())
        .limit(KEPT_RUNS)
    )
    gone = uow.session.execute(
        delete(EngineRunRow)
        .where(
            EngineRunRow.user_id == account.id,
            EngineRunRow.id.not_in(list(uow.session.execute(keep).scalars())),
        )
        .returning(EngineRunRow.uid, EngineRunRow.negotiation_id)
    ).all()
    return sorted([uow.session.get_one(NegotiationRow, n).slug, uid] for uid, n in gone)


def _own_row(uow: UnitOfWork, account: Account, negotiation: str, uid: str) -> EngineRunRow:
    return run_row(uow, negotiation, uid, account)


def run_row(uow: UnitOfWork, negotiation: str, uid: str, account: Account | None) -> EngineRunRow:
    """A run of the negotiation: of ``account`` only, when given (the web: a run is
    read by the account that asked); any run for the command line's actor, whose
    permission the caller checks."""
    query = (
        select(EngineRunRow)
        .join(NegotiationRow, NegotiationRow.id == EngineRunRow.negotiation_id)
        .where(EngineRunRow.uid == uid, NegotiationRow.slug == negotiation)
    )
    if account is not None:
        query = query.where(EngineRunRow.user_id == account.id)
    row = uow.session.execute(query).scalar()
    if row is None:  # another's run is as unknown as a run that never was
        mine = " of yours" if account is not None else ""
        raise NotFound(f"no engine run {uid!r}{mine} in {negotiation}")
    return row


def engine_run(uow: UnitOfWork, account: Account, negotiation: str, uid: str) -> EngineRunView:
    """A run's progress and, once done, its result: for the account that asked only."""
    accounts.actor_in(uow, account, negotiation)  # still a member
    return _view(_own_row(uow, account, negotiation, uid), negotiation, uow.now())


def run_plot(uow: UnitOfWork, account: Account, negotiation: str, uid: str) -> str:
    """The run's Pareto plot (SVG), drawn for the mediator's runs only."""
    accounts.actor_in(uow, account, negotiation)
    row = _own_row(uow, account, negotiation, uid)
    if row.plot_svg is None:
        raise NotFound(f"engine run {uid!r} has no plot")
    return row.plot_svg


class _Superseded(Exception):
    """The run was handed to another attempt: this one stops without writing."""


def _update_run(database: Database, clock: Clock, uid: str, claim: str, **changes: Any) -> None:
    """Set some of a run's columns (and when it last moved) in a transaction of its own,
    if ``claim`` still holds the run."""
    with UnitOfWork(database, clock) as uow:
        moved = uow.session.execute(
            update(EngineRunRow)
            .where(EngineRunRow.uid == uid, EngineRunRow.claim == claim)
            .values(**changes, updated_at=uow.now())
        )
        uow.commit()
    if not getattr(moved, "rowcount", 1):
        raise _Superseded(uid)


class _Progress:
    """Commits a run's progress, at most every ``_PROGRESS_EVERY`` seconds within a step."""

    def __init__(self, database: Database, clock: Clock, uid: str, claim: str) -> None:
        self.database, self.clock, self.uid, self.claim = database, clock, uid, claim
        self.last = 0.0

    def __call__(self, done: int, step: str | None = None) -> None:
        moment = time.monotonic()
        if step is None and moment - self.last < _PROGRESS_EVERY:
            return
        self.last = moment
        changes: dict[str, Any] = {"done": done} if step is None else {"done": done, "step": step}
        _update_run(self.database, self.clock, self.uid, self.claim, **changes)


def abandon_run(database: Database, uid: str, reason: str, *, clock: Clock = utc_now) -> None:
    """A queued run nobody will take (the queue refused it) fails at once, in words."""
    with UnitOfWork(database, clock) as uow:
        uow.session.execute(
            update(EngineRunRow)
            .where(EngineRunRow.uid == uid, EngineRunRow.status == "queued")
            .values(status="failed", step="stopped", error=reason, updated_at=uow.now())
        )
        uow.commit()


def claim_run(
    database: Database, uid: str, *, clock: Clock = utc_now, resume: bool = False
) -> str | None:
    """Take a run for one execution: a new token, or ``None`` when there is nothing to
    do. A queued run is always taken; a running one only when ``resume`` (the queue
    handed over the job of a worker whose heartbeat stopped); a finished one never."""
    token = new_uid("try")
    with UnitOfWork(database, clock) as uow:
        statuses = ["queued", "running"] if resume else ["queued"]
        taken = uow.session.execute(
            update(EngineRunRow)
            .where(EngineRunRow.uid == uid, EngineRunRow.status.in_(statuses))
            .values(
                status="running",
                claim=token,
                attempts=EngineRunRow.attempts + 1,
                updated_at=uow.now(),
            )
        )
        uow.commit()
    return token if getattr(taken, "rowcount", 0) else None


def execute_run(
    database: Database,
    uid: str,
    *,
    clock: Clock = utc_now,
    rng: random.Random | np.random.Generator | None = None,
    draw_frontier: DrawFrontier | None = None,
    resume: bool = False,
) -> None:
    """Do a queued run's work; any failure is stored in words on the run.

    ``draw_frontier`` draws the mediator's Pareto plot as SVG text; the entry point
    passes the renderer (``formats`` draws, the service does not import it).
    ``resume``: the queue retries a job whose worker died; the run starts over."""
    claim = claim_run(database, uid, clock=clock, resume=resume)
    if claim is None:
        return
    with UnitOfWork(database, clock) as uow:
        row = uow.session.execute(select(EngineRunRow).where(EngineRunRow.uid == uid)).scalar_one()
        request = dict(row.request)
        user_id, negotiation_id = row.user_id, row.negotiation_id
    progress = _Progress(database, clock, uid, claim)
    try:
        try:
            outcome, plot = _work(
                database, clock, user_id, negotiation_id, request, progress, rng, draw_frontier
            )
        except OnetextError as error:
            _finish(database, clock, uid, claim, status="failed", error=error.message)
        except _Superseded:
            raise
        except Exception:
            log.exception("engine run %s failed", uid)
            _finish(
                database,
                clock,
                uid,
                claim,
                status="failed",
                error="internal error: the run stopped",
            )
        else:
            _finish(database, clock, uid, claim, status="done", outcome=outcome, plot=plot)
    except _Superseded:
        log.warning("engine run %s was handed to another worker: this attempt stops", uid)


def _work(
    database: Database,
    clock: Clock,
    user_id: int,
    negotiation_id: int,
    request: dict[str, Any],
    progress: Callable[..., None],
    rng: random.Random | np.random.Generator | None,
    draw_frontier: DrawFrontier | None,
) -> tuple[dict[str, Any], str | None]:
    progress(0, "reading the marks")
    with UnitOfWork(database, clock) as uow:
        account = accounts.account_by_id(uow, user_id)
        slug = uow.session.get_one(NegotiationRow, negotiation_id).slug
        actor = accounts.actor_in(uow, account, slug)  # membership may have changed
        ensure_allowed(actor, Action.RUN_ENGINE)
        problem, _view = negotiation_problem(
            uow, actor, slug, version=request["version"], allow_drop=request["allow_drop"]
        )
    progress(1, "searching for the package")
    solution = solve(problem, request["objective"])
    result, relax, blind = result_for(actor, problem, solution)
    outcome: dict[str, Any] = {"result": result, "relax_in_words": relax, "blind": blind}
    plot = None
    if not blind and len(problem.parties) >= 2:
        progress(2, "drawing the Pareto frontier")
        frontier = pareto_frontier(problem, time_limit=FRONTIER_SECONDS)
        highlight = solution.utilities if solution.package else None
        # a chart is drawn only when there is a trade-off to show: no acceptable package
        # drew an empty chart titled "(0 points)", a lone package a one-point "frontier";
        # each party's standing between its own worst and best says more (issue 16)
        if draw_frontier is not None and len(frontier.points) >= 2:
            plot = draw_frontier(frontier, highlight)
        result["frontier_points"] = len(frontier.points)
    samples = int(request["samples"])
    if not blind and samples and solution.package:
        progress(3, f"testing robustness: {samples} perturbed problems")
        tested = sensitivity(
            problem,
            request["objective"],
            samples,
            rng or random.Random(),
            on_sample=lambda n: progress(3 + n),
        )
        result["sensitivity"] = tested.to_json() | {"robust_points": tested.robust_points()}
    return outcome, plot


def _finish(
    database: Database,
    clock: Clock,
    uid: str,
    claim: str,
    *,
    status: str,
    outcome: dict[str, Any] | None = None,
    plot: str | None = None,
    error: str | None = None,
) -> None:
    done = {"done": EngineRunRow.total} if status == "done" else {}
    _update_run(
        database,
        clock,
        uid,
        claim,
        status=status,
        step="finished" if status == "done" else "stopped",
        result=outcome,
        plot_svg=plot,
        error=error,
        **done,
    )
