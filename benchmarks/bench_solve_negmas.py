"""Engine vs negmas 0.16 (AGPL, benchmark-only: ``pip install negmas==0.16.0``).

Same instances, same disagreement point: negmas's Nash uses max(reservation,
worst utility) with no reservation set, so the engine is given each party's
worst utility as its disagreement point. negmas enumerates every outcome for
``pareto_frontier`` then picks the Nash point on it. The engine (default
method) answers two parties without links from its exact frontier sweep and
three or more by the MILP outer-approximation loop; the "engine MILP" columns
force the MILP loop for every case. Reports medians, the speed-up, and
whether the packages agree; for two parties also each exact frontier against
brute-force enumeration.

    .venv/bin/python benchmarks/bench_solve_negmas.py [--repeats 3] [--zero-sum]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from generators.bruteforce import brute_force_frontier
from generators.instances import random_problem
from onetext.solve import Objective, PartySpec, Problem, pareto_frontier, solve
from onetext.solve.objectives import optimise


def _with_worst_disagreement(problem: Problem) -> Problem:
    worst = np.minimum.reduceat(problem.compiled.coef, problem.compiled.offsets[:-1], axis=1).sum(
        axis=1
    )
    parties = tuple(
        PartySpec(p.id, 0.0, float(w)) for p, w in zip(problem.parties, worst, strict=True)
    )
    return Problem(parties, problem.points, problem.preferences, problem.links)


def _negmas(problem: Problem) -> tuple[float, float, tuple[float, ...], np.ndarray]:
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, nash_points, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(values=list(p.options), name=p.id) for p in problem.points]
    space = make_os(issues)
    ufuns = []
    for party in problem.parties:
        prefs = problem.preferences[party.id]
        total = sum(pref.weight for pref in prefs.values())
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values={
                    pid: TableFun({o: s / 100 for o, s in pref.scores.items()})
                    for pid, pref in prefs.items()
                },
                weights={pid: pref.weight / total for pid, pref in prefs.items()},
                outcome_space=space,
            )
        )
    outcomes = list(space.enumerate())
    started = time.perf_counter()
    frontier, _ = pareto_frontier(ufuns, outcomes=outcomes)
    frontier_seconds = time.perf_counter() - started
    nash = nash_points(ufuns, frontier, outcome_space=space, outcomes=outcomes)
    total_seconds = time.perf_counter() - started
    points = np.unique(np.round(np.array(frontier, dtype=float) * 100, 9), axis=0)
    return frontier_seconds, total_seconds, tuple(float(u) * 100 for u in nash[0][0]), points


def _compare(found: np.ndarray, exact: np.ndarray) -> str:
    """How a frontier compares with the brute-force one."""
    missing = sum(not np.any(np.all(np.abs(found - row) < 1e-6, axis=1)) for row in exact)
    extra = sum(not np.any(np.all(np.abs(exact - row) < 1e-6, axis=1)) for row in found)
    if not missing and not extra:
        return f"{len(found)} points = brute force"
    return f"{len(found)} points: {missing} missing, {extra} dominated"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--zero-sum", action="store_true", help="add 7x5x2 zero-sum (negmas: minutes)"
    )
    args = parser.parse_args()
    cases = [
        ("8x5x2 random", 8, 5, 2, 0.0),
        ("8x5x3 random", 8, 5, 3, 0.0),
        ("8x5x2 opposed (0.9)", 8, 5, 2, 0.9),
        ("8x5x3 opposed (0.9)", 8, 5, 3, 0.9),
    ]
    if args.zero_sum:
        cases.append(("7x5x2 zero-sum", 7, 5, 2, 1.0))
    print(
        f"{'case':22} {'negmas frontier':>16} {'negmas nash':>12} {'engine nash':>12} "
        f"{'speed-up':>9} {'same':>5} {'engine MILP':>12} {'speed-up':>9} {'same':>5}"
    )
    for name, n, k, p, opposed in cases:
        problem = _with_worst_disagreement(
            random_problem(np.random.default_rng(42), n, k, p, opposed=opposed)
        )
        ours = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            solution = solve(problem, "nash")
            ours.append(time.perf_counter() - started)
        milp = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            forced = optimise(problem.compiled, Objective.NASH, method="milp")
            milp.append(time.perf_counter() - started)
        assert solution.utilities is not None and forced.choice is not None
        f_sec, n_sec, nash_u, their_frontier = _negmas(problem)
        same = np.allclose(list(solution.utilities.values()), nash_u, atol=1e-6)
        same_milp = np.allclose(problem.compiled.utilities(forced.choice), nash_u, atol=1e-6)
        engine, engine_milp = statistics.median(ours), statistics.median(milp)
        print(
            f"{name:22} {f_sec:15.2f}s {n_sec:11.2f}s {engine * 1000:10.1f}ms "
            f"{n_sec / engine:8.0f}x {'yes' if same else 'NO':>5} {engine_milp * 1000:10.1f}ms "
            f"{n_sec / engine_milp:8.0f}x {'yes' if same_milp else 'NO':>5}"
        )
        if p == 2:
            started = time.perf_counter()
            mine = np.unique(np.round(pareto_frontier(problem).matrix(), 9), axis=0)
            seconds = time.perf_counter() - started
            exact = brute_force_frontier(problem.compiled)
            print(
                f"{'':22} frontier: negmas {f_sec:.2f}s ({_compare(their_frontier, exact)}), "
                f"engine {seconds:.4f}s ({_compare(mine, exact)}), {f_sec / seconds:.0f}x"
            )


if __name__ == "__main__":
    main()
