"""The Pareto frontier of acceptable packages.

Two parties: exact, up to ``resolution`` in utility. Without links, by a sweep
over the points that keeps only non-dominated partial packages (dynamic
programming). With links, by lexicographic epsilon-constraints: start from the
best package for party 1 (ties broken for party 2); each next point is the best
for party 1 among packages giving party 2 at least ``resolution`` more, again
ties broken for party 2. Every point found is non-dominated and none is missed.

Three or more: a well-spread set. Augmented Chebyshev scalarisations toward the
ideal point, in directions spread over the simplex, plus each party's best
package; each point is then verified by one more MILP (maximise the sum subject
to doing at least as well for everyone): if that finds more, the point is
replaced by what it found, which is non-dominated by construction. A greedy
farthest-point pick keeps at most ``max_points``.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from onetext.solve.milp import INF, PackageModel, RowBlock
from onetext.solve.objectives import Limits
from onetext.solve.problem import (
    SCORE_MAX,
    FloatArray,
    IntArray,
    Problem,
)
from onetext.solve.sweep import two_party_frontier

__all__ = ["FRONTIER_RESOLUTION", "Frontier", "FrontierPoint", "pareto_frontier"]

FRONTIER_RESOLUTION = 1e-6
_TIE = 1e-9


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    utilities: dict[str, float]
    package: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"utilities": self.utilities, "package": self.package}


@dataclass(frozen=True)
class Frontier:
    """Non-dominated packages, best for the first party first; ``exact`` says the
    list is complete (two parties, no ``max_points`` cap)."""

    parties: tuple[str, ...]
    points: tuple[FrontierPoint, ...]
    exact: bool
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"frontier": [p.to_json() for p in self.points]}

    def matrix(self) -> FloatArray:
        """Utilities as an array (points x parties)."""
        return np.array([[pt.utilities[p] for p in self.parties] for pt in self.points])


def pareto_frontier(
    problem: Problem,
    *,
    max_points: int | None = None,
    resolution: float = FRONTIER_RESOLUTION,
    time_limit: float | None = None,
    method: Literal["auto", "milp", "sweep"] = "auto",
) -> Frontier:
    """The frontier: complete for one or two parties (``max_points`` caps it),
    a verified spread of at most ``max_points`` (default 24) for three or more.

    For two parties without links, ``auto`` first tries the exact point-by-point
    sweep (``sweep``), and falls back to the MILP method (``milp``) when links
    are present or the sweep's partial frontiers grow too large.
    """
    started = time.perf_counter()
    cp = problem.compiled
    choices: list[IntArray] | None = None
    if cp.n_parties == 2 and method != "milp":
        choices = two_party_frontier(cp, resolution)
        if choices is not None and max_points is not None:
            choices = choices[:max_points]
    if choices is None:
        limits = Limits(1e-9, None if time_limit is None else time.monotonic() + time_limit)
        model = limits.model(cp)
        if cp.n_parties <= 2:
            choices = _two_parties(model, resolution, max_points)
        else:
            choices = _spread(model, limits, resolution, max_points or 24)
    ids = tuple(p.id for p in problem.parties)
    points = []
    for choice in choices:
        u = cp.utilities(choice)
        points.append(
            FrontierPoint(
                utilities={p: float(v) for p, v in zip(ids, u, strict=True)},
                package=problem.package_to_mapping(choice),
            )
        )
    points.sort(key=lambda pt: tuple(-pt.utilities[p] for p in ids))
    return Frontier(
        ids, tuple(points), cp.n_parties <= 2 and max_points is None, time.perf_counter() - started
    )


def _maximise(model: PackageModel, weights: FloatArray) -> IntArray | None:
    cost = np.zeros(model.n_cols)
    cost[model.u0 : model.extra0] = weights
    model.set_objective(cost, maximize=True)
    out = model.solve()
    return model.choice(out.values) if out.feasible else None


def _lexmax(model: PackageModel, first: int, second: FloatArray) -> IntArray | None:
    """Best for party ``first``; among those, best for the ``second`` weighting."""
    n_p = model.cp.n_parties
    weights = np.zeros(n_p)
    weights[first] = 1.0
    choice = _maximise(model, weights)
    if choice is None:
        return None
    top = float(model.cp.utilities(choice)[first])
    col = model.u0 + first
    saved = (model.lower[col], model.upper[col])
    model.set_bounds(
        [col], np.array([max(saved[0], top - _TIE * max(1.0, top))]), np.array([saved[1]])
    )
    model.start_from_choice(choice)
    better = _maximise(model, second)
    model.set_bounds([col], np.array([saved[0]]), np.array([saved[1]]))
    return choice if better is None else better


def _two_parties(model: PackageModel, resolution: float, cap: int | None) -> list[IntArray]:
    cp = model.cp
    if cp.n_parties == 1:
        one = _lexmax(model, 0, np.zeros(1))
        return [] if one is None else [one]
    found: list[IntArray] = []
    col = model.u0 + 1
    base_lower = float(model.lower[col])
    while cap is None or len(found) < cap:
        choice = _lexmax(model, 0, np.array([0.0, 1.0]))
        if choice is None:
            break
        found.append(choice)
        u2 = float(cp.utilities(choice)[1])
        if u2 + resolution > SCORE_MAX:
            break
        model.set_bounds([col], np.array([max(base_lower, u2 + resolution)]), np.array([SCORE_MAX]))
    return found


def _directions(n_parties: int, wanted: int) -> list[FloatArray]:
    """Points of a simplex lattice fine enough to give ``wanted`` directions."""
    h = 1
    while math.comb(h + n_parties - 1, n_parties - 1) < wanted and h < 64:
        h += 1
    out = []
    for cut in itertools.combinations(range(h + n_parties - 1), n_parties - 1):
        parts = np.diff(np.concatenate([[-1], cut, [h + n_parties - 1]])) - 1
        out.append(parts.astype(float) / h)
    return out


def _spread(model: PackageModel, limits: Limits, resolution: float, cap: int) -> list[IntArray]:
    cp = model.cp
    n_p = cp.n_parties
    candidates: list[IntArray] = []
    for p in range(n_p):
        choice = _lexmax(model, p, np.ones(n_p))
        if choice is None:
            return []
        candidates.append(choice)
    ideal = np.array([cp.utilities(c)[p] for p, c in enumerate(candidates)])
    # maximise t + rho * sum(u) with t <= lambda_p * (u_p - ideal_p)
    rows = RowBlock()
    t = cp.n_cols + n_p
    for p in range(n_p):
        rows.add([t, cp.n_cols + p], [1.0, -1.0], -INF, -ideal[p])
    cheb = limits.model(cp, extra_lower=np.full(1, -SCORE_MAX), extra_upper=np.zeros(1), rows=rows)
    first_row = cheb.highs.getNumRow() - n_p
    rho = 1e-3
    for direction in _directions(n_p, cap):
        lam = np.maximum(direction, 1e-3)
        # t - lam_p u_p <= -lam_p ideal_p  (rows rewritten in place)
        for p in range(n_p):
            cheb.highs.changeCoeff(first_row + p, cp.n_cols + p, -float(lam[p]))
            cheb.highs.changeRowBounds(first_row + p, -INF, -float(lam[p] * ideal[p]))
        cost = np.zeros(cheb.n_cols)
        cost[t] = 1.0
        cost[cheb.u0 : cheb.extra0] = rho
        cheb.set_objective(cost, maximize=True)
        out = cheb.solve()
        if out.feasible:
            candidates.append(cheb.choice(out.values))
    verified = [_verify(model, c, resolution) for c in candidates]
    unique: dict[tuple[float, ...], IntArray] = {}
    for choice in verified:
        key = tuple(np.round(cp.utilities(choice) / resolution).astype(np.int64).tolist())
        unique.setdefault(key, choice)
    chosen = list(unique.values())
    return _farthest(cp.utilities, chosen, cap, n_p)


def _verify(model: PackageModel, choice: IntArray, resolution: float) -> IntArray:
    """``choice`` if nothing dominates it, else a non-dominated package that does."""
    cp = model.cp
    u = cp.utilities(choice)
    cols = np.arange(model.u0, model.extra0)
    saved_lower = model.lower[cols].copy()
    model.set_bounds(cols, np.maximum(saved_lower, u - _TIE), np.full(len(cols), SCORE_MAX))
    model.start_from_choice(choice)
    better = _maximise(model, np.ones(cp.n_parties))
    model.set_bounds(cols, saved_lower, np.full(len(cols), SCORE_MAX))
    if better is not None and cp.utilities(better).sum() > u.sum() + resolution:
        return better
    return choice


def _farthest(utilities: Any, chosen: list[IntArray], cap: int, n_p: int) -> list[IntArray]:
    if len(chosen) <= cap:
        return chosen
    vectors = np.array([utilities(c) for c in chosen])
    keep = list(range(min(n_p, len(chosen))))  # the extremes come first
    distance = np.min(np.linalg.norm(vectors[:, None, :] - vectors[None, keep, :], axis=2), axis=1)
    while len(keep) < cap:
        nxt = int(np.argmax(distance))
        keep.append(nxt)
        distance = np.minimum(distance, np.linalg.norm(vectors - vectors[nxt], axis=1))
    return [chosen[k] for k in keep]
