"""Use case: run the compromise engine on a stored version.

Input: the marks the asker may read (``access.engine_reader``): the mediator's
runs read caucus and joint marks, a party's run its own marks and the others'
joint ones only, so that no answer shown to a party is computed from what it may
not read. Output: the mediator sees everything; a party sees the suggested
package, its own utility and its own blocking red lines only (the blind rule,
enforced here, where results are rendered).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from onetext.access import Action, Actor, allowed, engine_reader, ensure_allowed
from onetext.errors import InvalidInput, PermissionDenied
from onetext.model import Position, Stance, Visibility
from onetext.service.drafts import load_version
from onetext.solve import (
    PointChoice,
    Problem,
    Solution,
    Status,
    party_view,
    problem_from_marks,
    solve,
)
from onetext.store.marks import MarksQuery, deciding_marks
from onetext.store.repository import chosen_version, negotiating_parties, negotiation_row
from onetext.store.unit_of_work import UnitOfWork
from onetext.views.drafts import VersionView
from onetext.views.escalation import EngineRun

__all__ = [
    "negotiation_problem",
    "result_for",
    "run_engine",
    "solver_problem",
]


def negotiation_problem(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    allow_drop: bool = False,
    as_of: datetime | None = None,
) -> tuple[Problem, VersionView]:
    """The engine's problem for a version, from the marks in force that the engine's reader
    (``access.engine_reader``) may read; for actors who may run the engine."""
    ensure_allowed(actor, Action.RUN_ENGINE)
    session = uow.session
    neg = negotiation_row(session, negotiation)
    row = chosen_version(session, neg, version, actor)
    view = load_version(uow, actor, negotiation, row.ref)
    parties = negotiating_parties(session, neg)
    points = [p.as_point() for p in view.points]
    found = deciding_marks(
        session,
        MarksQuery(
            negotiation=neg,
            version=row,
            reader=engine_reader(actor),
            parties=parties,
            as_of=as_of,
        ),
    )
    marks = [
        Position(
            uid=m.uid,
            party=m.party,
            point_uid=m.label,
            version_uid=m.version_uid,
            stance=Stance(m.stance),
            priority=m.priority,
            visibility=Visibility(m.visibility),
            author=m.author,
            marked_at=m.marked_at,
            option_key=m.option,
        )
        for m in found
    ]
    marked = {m.party for m in marks}
    # only the choices someone marked (in marks this reader may read) are weighed
    marked_options: dict[str, set[str]] = {}
    for mark in marks:
        if mark.option_key is not None:
            marked_options.setdefault(mark.point_uid, set()).add(mark.option_key)
    # the engine knows points by their label in this version: results read as the draft does
    choices = [
        PointChoice.from_point(
            replace(p, uid=p.label),
            droppable=allow_drop,
            marked=marked_options.get(p.label, set()),
        )
        for p in points
    ]
    problem = problem_from_marks(
        [p.slug for p in parties if p.slug in marked], choices, marks, as_of=as_of
    )
    return problem, view


def solver_problem(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    allow_drop: bool = False,
    detail: bool = False,
    party: str | None = None,
) -> tuple[Problem, str | None]:
    """The problem for a solver the actor runs itself (the command line), and the party
    whose blind view it may be shown (``None``: the full view). ``detail`` asks for
    what shows every party's preferences (the frontier, trades, the problem file):
    the mediator's only, like another party's blind view."""
    if not allowed(actor, Action.VIEW_ENGINE_DETAIL):
        if detail or party not in (None, actor.party):
            raise PermissionDenied(
                f"{actor.label} sees the suggested package and its own utility only"
            )
        party = actor.party
    problem, _view = negotiation_problem(
        uow, actor, negotiation, version=version, allow_drop=allow_drop
    )
    return problem, party


def run_engine(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    objective: str = "nash",
    version: str | None = None,
    allow_drop: bool = False,
    as_of: datetime | None = None,
) -> EngineRun:
    """Solve, then render for the actor: full for the mediator, blind for a party."""
    problem, view = negotiation_problem(
        uow, actor, negotiation, version=version, allow_drop=allow_drop, as_of=as_of
    )
    solution: Solution = solve(problem, objective)
    result, relax, blind = result_for(actor, problem, solution)
    return EngineRun(
        version=view.ref, viewer=actor.label, blind=blind, result=result, relax_in_words=relax
    )


def result_for(
    actor: Actor, problem: Problem, solution: Solution
) -> tuple[dict[str, Any], list[str], bool]:
    """The result as ``actor`` may see it, the relaxation in words, and whether it is
    blind: in full for the mediator; for a party the package, its own utility and its
    own red lines only."""
    full = allowed(actor, Action.VIEW_ENGINE_DETAIL)
    if full:
        result = solution.to_json()
        relax = [r.describe(r.point) for r in solution.relax]
    else:
        if actor.party is None or actor.party not in {p.id for p in problem.parties}:
            raise InvalidInput("only a party that has marked points gets an engine result")
        blind = party_view(solution, actor.party)
        result = blind.to_json()
        relax = [r.describe(r.point) for r in blind.own_relax]
    if solution.status is Status.INFEASIBLE and not relax and solution.reason:
        relax = [solution.reason]
    if solution.package:
        # each party's utility against its own worst and best acceptable package: every
        # party's for the mediator, the asker's own for a party (the blind rule)
        from onetext.solve.ranges import utility_ranges

        seen = None if full else [str(actor.party)]
        result["ranges"] = {
            party: span.to_json() for party, span in utility_ranges(problem, seen).items()
        }
    return result, relax, not full
