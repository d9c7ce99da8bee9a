"""``solve``: one objective on one problem, with names, certificate and blockers."""

from __future__ import annotations

from onetext.solve.objectives import NO_ACCEPTABLE, optimise
from onetext.solve.problem import Problem
from onetext.solve.relax import minimal_relaxation
from onetext.solve.result import Objective, Relaxation, Solution, Status

__all__ = ["LINKS_CONFLICT", "solve"]

LINKS_CONFLICT = "the links contradict each other: no package satisfies them all"


def solve(
    problem: Problem,
    objective: Objective | str = Objective.NASH,
    *,
    tolerance: float = 1e-6,
    time_limit: float | None = None,
) -> Solution:
    """The ``objective`` package of ``problem``, certified to ``tolerance``.

    When no package is acceptable the solution is infeasible and ``relax`` names
    a smallest-weight set of red lines and reservations to lift. Raises
    ``SolverError`` if ``time_limit`` seconds pass before the certificate.
    """
    objective = Objective.parse(objective) if isinstance(objective, str) else objective
    cp = problem.compiled
    found = optimise(cp, objective, tolerance=tolerance, time_limit=time_limit)
    party_ids = [p.id for p in problem.parties]
    best = None if found.best is None else dict(zip(party_ids, map(float, found.best), strict=True))
    if found.choice is None:
        relax: tuple[Relaxation, ...] = ()
        reason = found.reason
        if reason == NO_ACCEPTABLE:
            lifted = minimal_relaxation(problem, time_limit=time_limit)
            if lifted is None:
                reason = LINKS_CONFLICT
            else:
                relax = lifted
        return Solution(
            objective=objective,
            status=Status.INFEASIBLE,
            relax=relax,
            reason=reason,
            best=best,
            solves=found.solves,
            seconds=found.seconds,
        )
    utilities = cp.utilities(found.choice)
    return Solution(
        objective=objective,
        status=Status.OPTIMAL,
        package=problem.package_to_mapping(found.choice),
        utilities=dict(zip(party_ids, map(float, utilities), strict=True)),
        value=found.value,
        gap=found.gap,
        best=best,
        solves=found.solves,
        seconds=found.seconds,
    )
