"""Reference answers by enumerating every package with numpy.

Only for small problems (a few million packages): the tests check the solvers
against it and the benchmarks time the solvers against it. It shares nothing
with the solvers but ``CompiledProblem``'s arrays.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from onetext.errors import InvalidInput
from onetext.solve.problem import (
    ACCEPT_TOLERANCE,
    NASH_MIN_SURPLUS,
    BoolArray,
    CompiledProblem,
    FloatArray,
    IntArray,
)
from onetext.solve.result import Objective

__all__ = [
    "MAX_PACKAGES",
    "Enumeration",
    "brute_force_frontier",
    "brute_force_objective",
    "brute_force_relaxation_weight",
    "enumerate_packages",
]

MAX_PACKAGES = 4_000_000


@dataclass(frozen=True)
class Enumeration:
    """Every package: utilities (P, n) and whether it is acceptable."""

    utilities: FloatArray
    acceptable: BoolArray
    sizes: tuple[int, ...]

    def choice(self, index: int) -> IntArray:
        return np.array(np.unravel_index(index, self.sizes), dtype=np.int64)


def package_count(cp: CompiledProblem) -> int:
    return int(np.prod(np.diff(cp.offsets).astype(float)))


def enumerate_packages(
    cp: CompiledProblem, *, red_lines: BoolArray | None = None, reservations: bool = True
) -> Enumeration:
    """All packages in row-major order of option indices (point 0 slowest)."""
    if package_count(cp) > MAX_PACKAGES:
        raise InvalidInput("too many packages to enumerate")
    forbidden = cp.forbidden if red_lines is None else red_lines
    sizes = tuple(int(s) for s in np.diff(cp.offsets))
    utilities = np.zeros((cp.n_parties, 1))
    allowed = np.ones(1, dtype=bool)
    for i, size in enumerate(sizes):
        block = cp.coef[:, cp.offsets[i] : cp.offsets[i] + size]
        utilities = (utilities[:, :, None] + block[:, None, :]).reshape(cp.n_parties, -1)
        ok = ~forbidden[cp.offsets[i] : cp.offsets[i] + size]
        allowed = (allowed[:, None] & ok[None, :]).reshape(-1)
    if cp.links:
        index = np.indices(sizes).reshape(len(sizes), -1)
        for when, then in cp.links:
            fired = np.ones(allowed.shape, dtype=bool)
            for c in when:
                point = int(np.searchsorted(cp.offsets, c, side="right")) - 1
                fired &= index[point] == c - cp.offsets[point]
            for allowed_cols in then:
                point = int(np.searchsorted(cp.offsets, allowed_cols[0], side="right")) - 1
                options = [c - int(cp.offsets[point]) for c in allowed_cols]
                allowed &= ~fired | np.isin(index[point], options)
    if reservations:
        allowed &= np.all(utilities >= cp.reservation[:, None] - ACCEPT_TOLERANCE, axis=0)
    return Enumeration(utilities, allowed, sizes)


def brute_force_objective(
    cp: CompiledProblem, objective: Objective
) -> tuple[float, IntArray, FloatArray | None] | None:
    """(optimal value, one optimal package, kalai's best utilities), or None."""
    enum = enumerate_packages(cp)
    u = enum.utilities[:, enum.acceptable]
    if u.shape[1] == 0:
        return None
    positions = np.flatnonzero(enum.acceptable)
    d = cp.disagreement[:, None]
    best = None
    if objective is Objective.NASH:
        ok = np.all(u - d >= NASH_MIN_SURPLUS, axis=0)
        if not ok.any():
            return None
        logs = np.where(ok, np.log(np.where(ok[None, :], u - d, 1.0)).sum(axis=0), -np.inf)
        k = int(np.argmax(logs))
        value = float(np.prod(u[:, k] - d[:, 0]))
    elif objective is Objective.MAXMIN:
        scores = u.min(axis=0)
        k = int(np.argmax(scores))
        value = float(scores[k])
    elif objective is Objective.WELFARE:
        scores = u.sum(axis=0)
        k = int(np.argmax(scores))
        value = float(scores[k])
    else:
        best = u.max(axis=1)
        span = best - cp.disagreement
        if np.any(span <= NASH_MIN_SURPLUS):
            return None
        scores = ((u - d) / span[:, None]).min(axis=0)
        k = int(np.argmax(scores))
        value = float(scores[k])
    return value, enum.choice(int(positions[k])), best


def brute_force_frontier(cp: CompiledProblem, resolution: float = 1e-9) -> FloatArray:
    """The non-dominated utility vectors of acceptable packages, rows sorted."""
    enum = enumerate_packages(cp)
    u = enum.utilities[:, enum.acceptable].T
    if len(u) == 0:
        return np.zeros((0, cp.n_parties))
    u = np.unique(np.round(u / resolution) * resolution, axis=0)
    order = np.lexsort(tuple(-u[:, p] for p in reversed(range(u.shape[1]))))
    u = u[order]  # sorted descending lexicographically: a dominator comes first
    keep = np.zeros((0, u.shape[1]))
    for row in u:
        if not np.all(keep >= row, axis=1).any():
            keep = np.vstack([keep, row])
    return keep


def _relaxation_sets(items: int) -> Iterator[tuple[int, ...]]:
    for size in range(items + 1):
        yield from combinations(range(items), size)


def brute_force_relaxation_weight(cp: CompiledProblem) -> tuple[float, int] | None:
    """(smallest weight, then fewest items) of red lines and reservations to lift.

    Items are the red lines (in ``cp.red_lines`` order) then each party with a
    positive reservation. None when even lifting everything leaves no package.
    """
    reserving = [p for p in range(cp.n_parties) if cp.reservation[p] > 0]
    costs = [float(cp.weights[p, cp.col_point[c]]) for p, c in cp.red_lines]
    costs += [float(cp.weights[p].sum()) for p in reserving]
    n_red = len(cp.red_lines)
    best: tuple[float, int] | None = None
    base = enumerate_packages(cp, red_lines=np.zeros(cp.n_cols, dtype=bool), reservations=False)
    for subset in _relaxation_sets(len(costs)):
        lifted = set(subset)
        forbidden = np.zeros(cp.n_cols, dtype=bool)
        for k, (_, c) in enumerate(cp.red_lines):
            if k not in lifted:
                forbidden[c] = True
        index = np.indices(base.sizes).reshape(len(base.sizes), -1)
        ok = base.acceptable.copy()
        for i in range(cp.n_points):
            bad = np.flatnonzero(forbidden[cp.offsets[i] : cp.offsets[i + 1]])
            if len(bad):
                ok &= ~np.isin(index[i], bad)
        for j, p in enumerate(reserving):
            if n_red + j not in lifted:
                ok &= base.utilities[p] >= cp.reservation[p] - ACCEPT_TOLERANCE
        if ok.any():
            candidate = (round(sum(costs[k] for k in subset), 9), len(subset))
            if best is None or candidate < best:
                best = candidate
    return best
