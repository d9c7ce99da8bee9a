"""The four compromise objectives, each solved exactly by HiGHS with a certificate.

- welfare: maximise the sum of utilities (one MILP).
- maxmin: maximise the lowest utility, then the sum among the ties (two MILPs).
- kalai: each party's best acceptable utility first (one MILP per party), then
  maximise the lowest share ``(U_p - d_p) / (best_p - d_p)``, then the sum.
- two parties without links: every objective's optimum lies on the Pareto
  frontier, which ``sweep`` computes exactly; the best frontier package is the
  answer (gap 0). Otherwise:
- nash: maximise ``sum_p log(U_p - d_p)`` by outer approximation: ``z_p`` is
  bounded by tangent cuts of the logarithm (which lie above it), so the MILP's
  dual bound is an upper bound on the true optimum; the package it returns is
  evaluated exactly (a lower bound) and cuts are added at its surpluses. The
  loop stops when bound - best <= tolerance * max(1, |best|) on the log scale.
  A package seen twice has exact cuts, so each round visits a new package or
  proves the gap: the loop always ends, and on ties it ends at once because
  the best package is offered to HiGHS as its starting incumbent.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from onetext.solve.milp import INF, PackageModel, RowBlock
from onetext.solve.problem import NASH_MIN_SURPLUS, SCORE_MAX, CompiledProblem, FloatArray, IntArray
from onetext.solve.result import Objective
from onetext.solve.sweep import two_party_frontier

__all__ = [
    "NO_ACCEPTABLE",
    "NO_SURPLUS",
    "Limits",
    "Optimum",
    "best_utilities",
    "objective_value",
    "optimise",
]

NO_ACCEPTABLE = "no package meets every red line, link and reservation"
NO_SURPLUS = "no acceptable package gives every party more than its disagreement point"

_TIE = 1e-9
"""How far a tie-breaking stage may give up on the first stage's value."""


@dataclass(frozen=True, slots=True)
class Optimum:
    """A solver's answer on a compiled problem: the package as option indices."""

    choice: IntArray | None
    value: float | None
    gap: float | None
    best: FloatArray | None = None
    solves: int = 0
    reason: str | None = None
    seconds: float = 0.0


def objective_value(
    cp: CompiledProblem, objective: Objective, utilities: FloatArray, best: FloatArray | None = None
) -> float:
    """The DESIGN value of ``objective`` at a package with these utilities."""
    d = cp.disagreement
    if objective is Objective.NASH:
        return float(np.prod(utilities - d))
    if objective is Objective.MAXMIN:
        return float(utilities.min())
    if objective is Objective.WELFARE:
        return float(utilities.sum())
    assert best is not None
    return float(((utilities - d) / (best - d)).min())


@dataclass(frozen=True, slots=True)
class Limits:
    """How exact and how long: relative gap to certify, and a monotonic deadline."""

    tolerance: float = 1e-6
    deadline: float | None = None

    def model(self, cp: CompiledProblem, **kwargs: Any) -> PackageModel:
        model = PackageModel(cp, **kwargs)
        model.set_tolerance(self.tolerance / 2)
        model.deadline = self.deadline
        return model


def optimise(
    cp: CompiledProblem,
    objective: Objective,
    *,
    tolerance: float = 1e-6,
    time_limit: float | None = None,
    method: Literal["auto", "milp"] = "auto",
) -> Optimum:
    """Solve ``objective`` on ``cp`` to a certified relative gap of ``tolerance``.

    ``choice`` is None when no package qualifies (see ``reason``). Raises
    ``SolverError`` when ``time_limit`` seconds pass before the gap is certified.
    ``auto`` answers two parties without links from the exact frontier (gap 0);
    ``milp`` always uses the MILPs.
    """
    started = time.perf_counter()
    limits = Limits(tolerance, None if time_limit is None else time.monotonic() + time_limit)
    frontier = None
    if method == "auto" and cp.n_parties == 2 and not cp.links:
        frontier = two_party_frontier(cp, 0.0)
    if frontier is not None:
        result = _on_frontier(cp, objective, frontier)
    elif objective is Objective.NASH:
        result = _nash(cp, limits)
    elif objective is Objective.KALAI:
        result = _kalai(cp, limits)
    else:
        result = _linear(cp, objective, limits)
    return Optimum(
        result.choice,
        result.value,
        result.gap,
        result.best,
        result.solves,
        result.reason,
        time.perf_counter() - started,
    )


def _on_frontier(cp: CompiledProblem, objective: Objective, frontier: list[IntArray]) -> Optimum:
    """The optimum among the packages of an exact frontier, where every
    objective's optimum lies; ties go to the larger sum of utilities."""
    if not frontier:
        return Optimum(None, None, None, reason=NO_ACCEPTABLE)
    utilities = np.array([cp.utilities(choice) for choice in frontier])
    d = cp.disagreement
    best = None
    if objective is Objective.NASH:
        ok = np.all(utilities - d >= NASH_MIN_SURPLUS, axis=1)
        if not ok.any():
            return Optimum(None, None, None, reason=NO_SURPLUS)
        scores = np.where(ok, np.log(np.where(ok[:, None], utilities - d, 1.0)).sum(axis=1), -INF)
    elif objective is Objective.KALAI:
        best = utilities.max(axis=0)
        if np.any(best - d <= NASH_MIN_SURPLUS):
            return Optimum(None, None, None, best=best, reason=NO_SURPLUS)
        scores = ((utilities - d) / (best - d)).min(axis=1)
    elif objective is Objective.MAXMIN:
        scores = utilities.min(axis=1)
    else:
        scores = utilities.sum(axis=1)
    top = float(scores.max())
    tied = np.flatnonzero(scores >= top - _TIE * max(1.0, abs(top)))
    k = int(tied[np.argmax(utilities[tied].sum(axis=1))])
    value = objective_value(cp, objective, utilities[k], best)
    return Optimum(frontier[k], value, 0.0, best=best)


def _relative_gap(bound: float, value: float) -> float:
    return max(0.0, bound - value) / max(1.0, abs(value))


def _linear(cp: CompiledProblem, objective: Objective, limits: Limits) -> Optimum:
    n_p = cp.n_parties
    if objective is Objective.WELFARE:
        model = limits.model(cp)
        cost = np.zeros(model.n_cols)
        cost[model.u0 : model.extra0] = 1.0
        model.set_objective(cost, maximize=True)
        out = model.solve()
        if not out.feasible:
            return Optimum(None, None, None, solves=1, reason=NO_ACCEPTABLE)
        choice = model.choice(out.values)
        value = objective_value(cp, objective, cp.utilities(choice))
        return Optimum(choice, value, _relative_gap(out.bound, value), solves=1)

    # maxmin: t <= u_p for every party, maximise t, then the sum among ties
    rows = RowBlock()
    t = cp.n_cols + n_p
    for p in range(n_p):
        rows.add([t, cp.n_cols + p], [1.0, -1.0], -INF, 0.0)
    model = limits.model(cp, extra_lower=np.zeros(1), extra_upper=np.full(1, SCORE_MAX), rows=rows)
    # as for Kalai's model: HiGHS 1.16's presolve certified a wrong optimum here (instance
    # seed 51791318 of the exactness test: 45.53 for 48.47); without it the answer is exact
    model.set_option("presolve", "off")
    cost = np.zeros(model.n_cols)
    cost[t] = 1.0
    model.set_objective(cost, maximize=True)
    out = model.solve()
    if not out.feasible:
        return Optimum(None, None, None, solves=1, reason=NO_ACCEPTABLE)
    first = model.choice(out.values)
    first_value = objective_value(cp, objective, cp.utilities(first))
    bound = out.bound
    choice = _tie_break(model, t, first_value, first)
    value = objective_value(cp, objective, cp.utilities(choice))
    return Optimum(choice, value, _relative_gap(bound, value), solves=2)


def _tie_break(model: PackageModel, t: int, value: float, start: IntArray) -> IntArray:
    """Among packages within ``_TIE`` of ``value`` on column t, the one of highest welfare."""
    model.set_bounds(
        [t], np.array([value - _TIE * max(1.0, abs(value))]), np.array([model.upper[t]])
    )
    cost = np.zeros(model.n_cols)
    cost[model.u0 : model.extra0] = 1.0
    model.set_objective(cost, maximize=True)
    model.start_from_choice(start, np.array([value]))
    out = model.solve()
    if not out.feasible:  # numerically impossible; keep the first answer
        return start
    return model.choice(out.values)


def best_utilities(cp: CompiledProblem, limits: Limits) -> tuple[FloatArray | None, int]:
    """Each party's highest utility over acceptable packages (None if there are none)."""
    model = limits.model(cp)
    best = np.zeros(cp.n_parties)
    for p in range(cp.n_parties):
        cost = np.zeros(model.n_cols)
        cost[model.u0 + p] = 1.0
        model.set_objective(cost, maximize=True)
        out = model.solve()
        if not out.feasible:
            return None, p + 1
        best[p] = cp.utilities(model.choice(out.values))[p]
    return best, cp.n_parties


def _kalai(cp: CompiledProblem, limits: Limits) -> Optimum:
    best, solves = best_utilities(cp, limits)
    if best is None:
        return Optimum(None, None, None, solves=solves, reason=NO_ACCEPTABLE)
    d = cp.disagreement
    span = best - d
    if np.any(span <= NASH_MIN_SURPLUS):
        return Optimum(None, None, None, best=best, solves=solves, reason=NO_SURPLUS)
    rows = RowBlock()
    t = cp.n_cols + cp.n_parties
    for p in range(cp.n_parties):
        # (u_p - d_p) / span_p >= t
        rows.add([cp.n_cols + p, t], [1.0 / span[p], -1.0], d[p] / span[p], INF)
    # a finite floor for t: utilities are >= 0, so no share is below min_p -d_p/span_p.
    floor = float(np.min(-d / span)) - 1.0
    model = limits.model(cp, extra_lower=np.full(1, floor), extra_upper=np.full(1, 1.0), rows=rows)
    # HiGHS 1.16's presolve certified wrong optima on this model (seeds 1250 and 9899050 of
    # the exactness test); without presolve the same model is solved exactly.
    model.set_option("presolve", "off")
    cost = np.zeros(model.n_cols)
    cost[t] = 1.0
    model.set_objective(cost, maximize=True)
    out = model.solve()
    if not out.feasible:  # cannot happen: the best packages exist
        return Optimum(None, None, None, best=best, solves=solves + 1, reason=NO_ACCEPTABLE)
    first = model.choice(out.values)
    first_value = objective_value(cp, Objective.KALAI, cp.utilities(first), best)
    choice = _tie_break(model, t, first_value, first)
    value = objective_value(cp, Objective.KALAI, cp.utilities(choice), best)
    return Optimum(choice, value, _relative_gap(out.bound, value), best=best, solves=solves + 2)


def _tangent_grid(high: float) -> FloatArray:
    """Where to cut the logarithm before the first solve: dense near the top."""
    fine = high * 1.15 ** -np.arange(0, 50)  # down to ~0.1% of the top
    coarse = np.geomspace(fine[-1], NASH_MIN_SURPLUS, 8)[1:]
    return np.concatenate([fine, coarse])


def _nash(cp: CompiledProblem, limits: Limits) -> Optimum:
    n_p = cp.n_parties
    d = cp.disagreement
    high = cp.upper_utilities() - d
    if np.any(high < NASH_MIN_SURPLUS):
        return Optimum(None, None, None, reason=NO_SURPLUS)
    z0 = cp.n_cols + n_p
    tolerance = limits.tolerance
    model = limits.model(
        cp,
        extra_lower=np.full(n_p, math.log(NASH_MIN_SURPLUS) - 1.0),
        extra_upper=np.log(high),
    )
    floor = np.maximum(cp.reservation, d + NASH_MIN_SURPLUS)
    if np.any(floor > SCORE_MAX):
        return Optimum(None, None, None, reason=NO_SURPLUS)
    cols = np.arange(model.u0, model.extra0)
    model.set_bounds(cols, floor, np.full(n_p, SCORE_MAX))
    cuts = RowBlock()
    for p in range(n_p):
        for a in _tangent_grid(float(high[p])):
            _add_cut(cuts, z0 + p, model.u0 + p, float(a), float(d[p]))
    model.add_rows(cuts)
    cost = np.zeros(model.n_cols)
    cost[z0:] = 1.0
    model.set_objective(cost, maximize=True)
    model.set_tolerance(tolerance / 4)
    # from the second round on the best package is the starting incumbent, so
    # primal heuristics mostly cost start-up time (measured: small cases ~2x)
    model.set_option("mip_heuristic_effort", 0.0)
    model.set_option("mip_heuristic_run_feasibility_jump", False)

    best_choice: IntArray | None = None
    best_log = -INF
    solves = 0
    bound = INF
    seen: set[bytes] = set()
    while True:
        out = model.solve()
        solves += 1
        if not out.feasible:
            if best_choice is None:
                return Optimum(None, None, None, solves=solves, reason=_why_no_nash(cp, limits))
            break
        choice = model.choice(out.values)
        surplus = cp.utilities(choice) - d
        bound = out.bound
        if np.all(surplus > 0):
            log_value = float(np.log(surplus).sum())
            if log_value > best_log:
                best_log, best_choice = log_value, choice
        if best_choice is not None and bound - best_log <= tolerance * max(1.0, abs(best_log)):
            break
        key = choice.tobytes()
        if key in seen:  # exact cuts already there: only solver tolerance is left
            break
        seen.add(key)
        cuts = RowBlock()
        for p in range(n_p):
            if surplus[p] >= NASH_MIN_SURPLUS / 2:
                _add_cut(cuts, z0 + p, model.u0 + p, float(surplus[p]), float(d[p]))
        model.add_rows(cuts)
        if best_choice is not None:
            best_surplus = cp.utilities(best_choice) - d
            model.start_from_choice(best_choice, np.log(best_surplus))
    assert best_choice is not None
    value = float(np.prod(cp.utilities(best_choice) - d))
    gap = max(0.0, bound - best_log) / max(1.0, abs(best_log))
    return Optimum(best_choice, value, gap, solves=solves)


def _add_cut(rows: RowBlock, z: int, u: int, a: float, d: float) -> None:
    """z <= log(a) + (y - a) / a with y = u - d, i.e. z - u/a <= log(a) - 1 - d/a."""
    rows.add([z, u], [1.0, -1.0 / a], -INF, math.log(a) - 1.0 - d / a)


def _why_no_nash(cp: CompiledProblem, limits: Limits) -> str:
    model = limits.model(cp)
    model.set_objective(np.zeros(model.n_cols), maximize=True)
    return NO_SURPLUS if model.solve().feasible else NO_ACCEPTABLE
