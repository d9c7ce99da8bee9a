"""Trades: from the current package, swaps that leave every party at least as
well off and one better ("north yields on point 4, south on point 9").

One MILP per trade: fewest changed points, then most total gain, among
acceptable packages with ``U_p >= U_p(current)`` for all p and a larger sum.
After each trade its set of swaps is forbidden as a whole, so the next trade
is a different deal, not the same one with an extra swap.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from onetext.solve.milp import INF, RowBlock
from onetext.solve.objectives import Limits
from onetext.solve.problem import SCORE_MAX, Problem

__all__ = ["Swap", "Trade", "TradeReport", "find_trades"]

_GAIN = 1e-6
"""A trade must raise the sum of utilities by at least this much."""


@dataclass(frozen=True, slots=True)
class Swap:
    """One point moved from one option to another, and who gives or gains on it."""

    point: str
    old: str
    new: str
    yields: tuple[str, ...]
    gains: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "from": self.old,
            "to": self.new,
            "yields": list(self.yields),
            "gains": list(self.gains),
        }


@dataclass(frozen=True)
class Trade:
    swaps: tuple[Swap, ...]
    package: dict[str, str]
    utilities: dict[str, float]
    gains: dict[str, float]

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """Who yields where: "north yields on point 4; south yields on point 9"."""
        labels = labels or {}
        by_party: dict[str, list[str]] = {}
        for swap in self.swaps:
            for party in swap.yields:
                by_party.setdefault(party, []).append(labels.get(swap.point, swap.point))
        if not by_party:
            moved = ", ".join(labels.get(s.point, s.point) for s in self.swaps)
            return f"nobody yields: change point {moved}"
        return "; ".join(
            f"{party} yields on point {', '.join(points)}" for party, points in by_party.items()
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "swaps": [s.to_json() for s in self.swaps],
            "package": self.package,
            "utilities": self.utilities,
            "gains": self.gains,
        }


@dataclass(frozen=True)
class TradeReport:
    current: dict[str, str]
    utilities: dict[str, float]
    trades: tuple[Trade, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "current": {"package": self.current, "utilities": self.utilities},
            "trades": [t.to_json() for t in self.trades],
        }


def find_trades(
    problem: Problem,
    current: Mapping[str, str],
    *,
    limit: int = 5,
    time_limit: float | None = None,
) -> TradeReport:
    """Up to ``limit`` Pareto-improving trades from ``current``, smallest first.

    The traded packages are acceptable (red lines, links, reservations); the
    current package need not be.
    """
    cp = problem.compiled
    start = problem.package_from_mapping(current)
    base = cp.utilities(start)
    ids = [p.id for p in problem.parties]
    limits = Limits(1e-9, None if time_limit is None else time.monotonic() + time_limit)
    rows = RowBlock()
    rows.add(
        np.arange(cp.n_cols, cp.n_cols + cp.n_parties),
        np.ones(cp.n_parties),
        float(base.sum()) + _GAIN,
        INF,
    )
    model = limits.model(cp, rows=rows)
    cols = np.arange(model.u0, model.extra0)
    model.set_bounds(
        cols, np.maximum(model.lower[cols], base - 1e-9), np.full(cp.n_parties, SCORE_MAX)
    )
    kept = cp.columns(start)
    # minimise changed points, then maximise the sum: -sum(x kept) - lambda * sum(u)
    cost = np.zeros(model.n_cols)
    cost[kept] = -1.0
    cost[cols] = -1.0 / (cp.n_parties * SCORE_MAX + 1.0)
    model.set_objective(cost, maximize=False)
    trades: list[Trade] = []
    while len(trades) < limit:
        out = model.solve()
        if not out.feasible:
            break
        choice = model.choice(out.values)
        after = cp.utilities(choice)
        changed = np.flatnonzero(choice != start)
        if not len(changed) or np.any(after < base - 1e-7):
            break
        swaps = []
        for i in changed:
            point = problem.points[int(i)]
            old_col, new_col = kept[i], cp.columns(choice)[i]
            delta = cp.coef[:, new_col] - cp.coef[:, old_col]
            swaps.append(
                Swap(
                    point=point.id,
                    old=point.options[int(start[i])],
                    new=point.options[int(choice[i])],
                    yields=tuple(ids[p] for p in np.flatnonzero(delta < -1e-12)),
                    gains=tuple(ids[p] for p in np.flatnonzero(delta > 1e-12)),
                )
            )
        trades.append(
            Trade(
                swaps=tuple(swaps),
                package=problem.package_to_mapping(choice),
                utilities={p: float(v) for p, v in zip(ids, after, strict=True)},
                gains={p: float(v) for p, v in zip(ids, after - base, strict=True)},
            )
        )
        # never these same swaps together again
        new_cols = cp.columns(choice)[changed]
        block = RowBlock()
        block.add(new_cols, np.ones(len(new_cols)), -INF, len(new_cols) - 1.0)
        model.add_rows(block)
    return TradeReport(
        current=problem.package_to_mapping(start),
        utilities={p: float(v) for p, v in zip(ids, base, strict=True)},
        trades=tuple(trades),
    )
