"""Scale: 30 points x 5 options x 5 parties (target: Nash under 1 s) and
100 x 6 x 8, each objective proven optimal (certified gap) or reported as not
certified within the time limit. Baseline: the welfare MILP, the easiest exact
objective on the same instance.

    .venv/bin/python benchmarks/bench_solve_scale.py [--seeds 5] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from generators.instances import random_problem
from onetext.errors import SolverError
from onetext.solve import solve


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    cases = [
        ("30x5x5", 30, 5, 5, 0.0),
        ("30x5x5 opposed", 30, 5, 5, 0.9),
        ("30x5x2 zero-sum", 30, 5, 2, 1.0),
        ("100x6x8", 100, 6, 8, 0.0),
    ]
    print(
        f"{'case':18} {'objective':8} {'median':>9} {'max':>9} {'solves':>7} "
        f"{'max gap':>9} certified"
    )
    for name, n, k, p, opposed in cases:
        for objective in ("nash", "welfare", "maxmin", "kalai"):
            times, gaps, solves, certified = [], [], [], 0
            for seed in range(args.seeds):
                problem = random_problem(np.random.default_rng(seed), n, k, p, opposed=opposed)
                started = time.perf_counter()
                try:
                    solution = solve(problem, objective, time_limit=args.time_limit)
                except SolverError:
                    times.append(time.perf_counter() - started)
                    continue
                times.append(time.perf_counter() - started)
                gaps.append(solution.gap or 0.0)
                solves.append(solution.solves)
                certified += solution.optimal
            print(
                f"{name:18} {objective:8} {statistics.median(times):8.3f}s {max(times):8.3f}s "
                f"{statistics.median(solves) if solves else 0:7.0f} "
                f"{max(gaps) if gaps else float('nan'):9.1e} {certified}/{args.seeds}"
            )


if __name__ == "__main__":
    main()
