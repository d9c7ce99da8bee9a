"""Engine vs brute-force enumeration with numpy, up to about 2 million packages.

Both find every objective's optimum; the script checks they agree and prints
median times and the ratio.

    .venv/bin/python benchmarks/bench_solve_bruteforce.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from generators.bruteforce import brute_force_objective, package_count
from generators.instances import random_problem
from onetext.solve import Objective
from onetext.solve.objectives import optimise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cases = [(6, 5, 3), (8, 5, 3), (9, 5, 2), (8, 6, 3), (21, 2, 4)]
    print(
        f"{'case':8} {'packages':>10} {'objective':9} {'brute force':>12} {'engine':>9} "
        f"{'ratio':>7} agree"
    )
    for n, k, p in cases:
        problem = random_problem(
            np.random.default_rng(n * 100 + k),
            n,
            k,
            p,
            red_line_rate=0.05,
            n_links=2,
            reservation=30.0,
        )
        cp = problem.compiled
        for objective in Objective:
            brute, engine = [], []
            for _ in range(args.repeats):
                started = time.perf_counter()
                expected = brute_force_objective(cp, objective)
                brute.append(time.perf_counter() - started)
                started = time.perf_counter()
                found = optimise(cp, objective)
                engine.append(time.perf_counter() - started)
            if expected is None:
                agree = found.choice is None
            else:
                assert found.value is not None
                agree = abs(found.value - expected[0]) <= 1e-5 * max(1.0, abs(expected[0]))
            b, e = statistics.median(brute), statistics.median(engine)
            print(
                f"{n}x{k}x{p:<4} {package_count(cp):>10,} {objective.value:9} {b:11.3f}s {e:8.3f}s "
                f"{b / e:6.1f}x {'yes' if agree else 'NO'}"
            )


if __name__ == "__main__":
    main()
