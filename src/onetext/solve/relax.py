"""When no package is acceptable: the cheapest red lines and reservations to lift.

One MILP over the packages with every red line and reservation made optional:
a binary ``r_k`` per red line (its option may be chosen only if ``r_k = 1``) and
one per party with a positive reservation (``u_p >= res_p * (1 - r_p)``). It
minimises the total weight lifted, then, among equal weights, the number of
items, so the answer is also minimal by inclusion. Links stay hard.
"""

from __future__ import annotations

import time

import numpy as np

from onetext.solve.milp import INF, RowBlock
from onetext.solve.objectives import Limits
from onetext.solve.problem import CompiledProblem, FloatArray, Problem
from onetext.solve.result import Relaxation

__all__ = ["minimal_relaxation", "relaxation_costs"]


def minimal_relaxation(
    problem: Problem, *, time_limit: float | None = None
) -> tuple[Relaxation, ...] | None:
    """A smallest-weight set of red lines and reservations whose removal opens an
    acceptable package; None when even lifting all of them leaves none (links)."""
    cp = problem.compiled
    limits = Limits(1e-9, None if time_limit is None else time.monotonic() + time_limit)
    chosen = _solve(cp, limits)
    if chosen is None:
        return None
    n_red = len(cp.red_lines)
    reserving = _reserving(cp)
    items: list[Relaxation] = []
    for k in chosen:
        if k < n_red:
            p, c = cp.red_lines[k]
            i = int(cp.col_point[c])
            point = problem.points[i]
            items.append(
                Relaxation(
                    party=problem.parties[p].id,
                    point=point.id,
                    option=point.options[c - int(cp.offsets[i])],
                    weight=float(cp.weights[p, i]),
                )
            )
        else:
            p = reserving[k - n_red]
            items.append(
                Relaxation(
                    party=problem.parties[p].id,
                    reservation=float(cp.reservation[p]),
                    weight=float(cp.weights[p].sum()),
                )
            )
    return tuple(items)


def _reserving(cp: CompiledProblem) -> list[int]:
    return [p for p in range(cp.n_parties) if cp.reservation[p] > 0]


def relaxation_costs(cp: CompiledProblem) -> FloatArray:
    """Weight of each item: red lines in ``cp.red_lines`` order, then reservations."""
    red = [float(cp.weights[p, cp.col_point[c]]) for p, c in cp.red_lines]
    res = [float(cp.weights[p].sum()) for p in _reserving(cp)]
    return np.array(red + res, dtype=float)


def _solve(cp: CompiledProblem, limits: Limits) -> list[int] | None:
    reserving = _reserving(cp)
    costs = relaxation_costs(cp)
    n_items = len(costs)
    first = cp.n_cols + cp.n_parties
    rows = RowBlock()
    for k, (_, c) in enumerate(cp.red_lines):
        rows.add([c, first + k], [1.0, -1.0], -INF, 0.0)  # x_c <= r_k
    for j, p in enumerate(reserving):
        k = len(cp.red_lines) + j
        # u_p + res_p * r_k >= res_p
        rows.add(
            [cp.n_cols + p, first + k],
            [1.0, float(cp.reservation[p])],
            float(cp.reservation[p]),
            INF,
        )
    model = limits.model(
        cp,
        extra_lower=np.zeros(n_items),
        extra_upper=np.ones(n_items),
        extra_integer=True,
        enforce_red_lines=False,
        enforce_reservations=False,
        rows=rows,
    )
    cost = np.zeros(model.n_cols)
    cost[first:] = costs
    model.set_objective(cost, maximize=False)
    out = model.solve()
    if not out.feasible:
        return None
    weight = float(costs @ np.round(out.values[first:]))
    # among lightest sets, the fewest items
    cap = RowBlock()
    cap.add(np.arange(first, first + n_items), costs, -INF, weight + 1e-9 * max(1.0, weight))
    model.add_rows(cap)
    cost[first:] = 1.0
    model.set_objective(cost, maximize=False)
    model.set_start(out.values)
    out = model.solve()
    return [k for k in range(n_items) if out.values[first + k] > 0.5]
