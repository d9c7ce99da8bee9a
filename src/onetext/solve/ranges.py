"""How good a package is for each party, against that party's own best and worst.

A utility of 62 says little alone: 62 out of a best of 64 is a party's near-win, 62
out of a best of 95 a sacrifice. ``utility_ranges`` gives each party's highest and
lowest utility over the *acceptable* packages (red lines, links and reservations
held), two exact MILPs per party, so a page can draw the suggested package on a bar
from the party's worst to its best.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from onetext.solve.problem import Problem

__all__ = ["UtilityRange", "utility_ranges"]


@dataclass(frozen=True, slots=True)
class UtilityRange:
    """A party's lowest and highest utility over the acceptable packages."""

    worst: float
    best: float

    def share(self, utility: float) -> float:
        """Where ``utility`` sits from worst (0) to best (1); 1 when they coincide."""
        span = self.best - self.worst
        if span <= 1e-9:
            return 1.0
        return min(1.0, max(0.0, (utility - self.worst) / span))

    def to_json(self) -> dict[str, float]:
        return {"worst": round(self.worst, 6), "best": round(self.best, 6)}


def utility_ranges(
    problem: Problem, parties: Collection[str] | None = None
) -> dict[str, UtilityRange]:
    """Each party's (of ``parties``, default all) worst and best acceptable utility;
    empty when no package is acceptable."""
    import numpy as np

    from onetext.solve.objectives import Limits

    cp = problem.compiled
    wanted = set(parties) if parties is not None else None
    model = Limits().model(cp)
    out: dict[str, UtilityRange] = {}
    for index, party in enumerate(problem.parties):
        if wanted is not None and party.id not in wanted:
            continue
        ends: list[float] = []
        for maximize in (False, True):
            cost = np.zeros(model.n_cols)
            cost[model.u0 + index] = 1.0
            model.set_objective(cost, maximize=maximize)
            found = model.solve()
            if not found.feasible:
                return {}
            ends.append(float(cp.utilities(model.choice(found.values))[index]))
        out[party.id] = UtilityRange(worst=ends[0], best=ends[1])
    return out
