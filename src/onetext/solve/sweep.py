"""The exact two-party Pareto frontier by a sweep over the points.

Shared by the frontier and, for two parties without links, by the objectives:
every objective's optimum lies on the frontier, so scanning its packages is an
exact answer with a zero gap, found in milliseconds.
"""

from __future__ import annotations

import numpy as np

from onetext.solve.problem import ACCEPT_TOLERANCE, CompiledProblem, FloatArray, IntArray

__all__ = ["two_party_frontier"]

_SWEEP_STATES = 200_000
"""Largest partial frontier the sweep keeps before handing over to the MILPs."""


def two_party_frontier(cp: CompiledProblem, resolution: float) -> list[IntArray] | None:
    """Exact two-party frontier by dynamic programming over the points.

    After each point only the non-dominated partial utility pairs are kept: a
    dominated partial package stays dominated whatever the remaining points
    add, and whatever reservation it would meet, its dominator meets too. Red
    lines remove options; links couple points, so they are left to the MILPs.
    Returns the frontier's packages, best for party 1 first, or None when the
    problem has links or the partial frontiers outgrow ``_SWEEP_STATES``.
    """
    if cp.links:
        return None
    states = np.zeros((1, 2))
    parents: list[IntArray] = []
    options: list[IntArray] = []
    for i in range(cp.n_points):
        cols = np.arange(cp.offsets[i], cp.offsets[i + 1])
        allowed = np.flatnonzero(~cp.forbidden[cols])
        if not len(allowed):
            return []
        grown = states[:, None, :] + cp.coef[:, cols[allowed]].T[None, :, :]
        parent = np.repeat(np.arange(len(states)), len(allowed))
        option = np.tile(allowed, len(states))
        keep = _non_dominated(grown.reshape(-1, 2))
        if len(keep) > _SWEEP_STATES:
            return None
        states = grown.reshape(-1, 2)[keep]
        parents.append(parent[keep])
        options.append(option[keep])
    ok = np.all(states >= cp.reservation - ACCEPT_TOLERANCE, axis=1)
    final = np.flatnonzero(ok)
    # the MILP method's resolution: along falling U_1, U_2 must rise by `resolution`
    chosen: list[int] = []
    for k in final[np.lexsort((states[final, 1], -states[final, 0]))]:
        if not chosen or states[k, 1] >= states[chosen[-1], 1] + resolution:
            chosen.append(int(k))
    packages = []
    for k in chosen:
        choice = np.zeros(cp.n_points, dtype=np.int64)
        state = k
        for i in reversed(range(cp.n_points)):
            choice[i] = options[i][state]
            state = int(parents[i][state])
        packages.append(choice)
    return packages


def _non_dominated(pairs: FloatArray) -> IntArray:
    """Indices of the non-dominated (U_1, U_2) pairs, one per distinct pair.

    Pairs are compared on a 1e-9 grid, so rounding noise in a sum never keeps a
    dominated pair alive."""
    grid = np.round(pairs / 1e-9)
    order = np.lexsort((-grid[:, 1], -grid[:, 0]))  # U_1 falling, then U_2 falling
    second = grid[order, 1]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], second[:-1]]))
    return np.asarray(order[second > best_before], dtype=np.int64)
