"""Is the suggestion robust? Re-solve with perturbed scores and count how often
each option ends up in the optimal package.

Pure: randomness comes from the ``random.Random`` or numpy ``Generator`` the
caller passes; progress is reported through an optional callback (the CLI
draws a Rich progress bar with it).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from onetext.errors import InvalidInput
from onetext.solve.objectives import optimise
from onetext.solve.problem import SCORE_MAX, Problem
from onetext.solve.result import Objective

__all__ = ["Sensitivity", "sensitivity"]


@dataclass(frozen=True)
class Sensitivity:
    """How often (0-1) each option was optimal over ``samples`` perturbed problems."""

    objective: Objective
    samples: int
    noise: float
    baseline: dict[str, str] | None
    frequency: dict[str, dict[str, float]]
    same_package: float
    infeasible: int

    def robust_points(self, threshold: float = 0.9) -> list[str]:
        """Points whose baseline option stayed optimal in at least ``threshold`` of samples."""
        if self.baseline is None:
            return []
        return [p for p, o in self.baseline.items() if self.frequency[p][o] >= threshold]

    def to_json(self) -> dict[str, Any]:
        return {
            "objective": self.objective.value,
            "samples": self.samples,
            "noise": self.noise,
            "baseline": self.baseline,
            "frequency": self.frequency,
            "same_package": self.same_package,
            "infeasible": self.infeasible,
        }


def _generator(rng: random.Random | np.random.Generator) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng.getrandbits(64))


def sensitivity(
    problem: Problem,
    objective: Objective | str,
    samples: int,
    rng: random.Random | np.random.Generator,
    *,
    noise: float = 10.0,
    on_sample: Callable[[int], None] | None = None,
) -> Sensitivity:
    """Add Gaussian noise (sd ``noise`` points, clipped to 0-100) to every score
    ``samples`` times; red lines, links, weights and reservations stay fixed."""
    objective = Objective.parse(objective) if isinstance(objective, str) else objective
    if samples < 1:
        raise InvalidInput("sensitivity needs at least one sample")
    gen = _generator(rng)
    cp = problem.compiled
    base = optimise(cp, objective).choice
    counts = np.zeros(cp.n_cols)
    same = 0
    infeasible = 0
    for n in range(samples):
        scores = np.clip(cp.scores + gen.normal(0.0, noise, size=cp.scores.shape), 0.0, SCORE_MAX)
        # a party without an entry for a point keeps weight 0 there, whatever its noise
        found = optimise(cp.with_scores(scores), objective).choice
        if found is None:
            infeasible += 1
        else:
            counts[cp.columns(found)] += 1
            if base is not None and np.array_equal(found, base):
                same += 1
        if on_sample is not None:
            on_sample(n + 1)
    frequency = {
        point.id: {
            option: float(counts[cp.offsets[i] + k] / samples)
            for k, option in enumerate(point.options)
        }
        for i, point in enumerate(problem.points)
    }
    return Sensitivity(
        objective=objective,
        samples=samples,
        noise=noise,
        baseline=None if base is None else problem.package_to_mapping(base),
        frequency=frequency,
        same_package=same / samples,
        infeasible=infeasible,
    )
