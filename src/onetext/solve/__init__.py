"""The compromise engine: which package of options can every party accept?

Pure: no I/O, no store. Entry points::

    problem = problem_from_json(text)            # or problem_from_marks(...)
    solution = solve(problem, "nash")            # certified: solution.gap
    solution.to_json()                           # the mediator's view (DESIGN)
    party_view(solution, "north").to_json()      # a party's blind view
    pareto_frontier(problem)                     # non-dominated packages
    find_trades(problem, current_package)        # Pareto-improving swaps
    sensitivity(problem, "nash", 200, rng)       # robustness of the suggestion

Objectives are solved exactly with HiGHS (MILP); see ``objectives`` for the
method and ``docs/engine.md`` for users.
"""

from onetext.solve.compromise import LINKS_CONFLICT, solve
from onetext.solve.marks import (
    KEEP_OPTION,
    PRIORITY_WEIGHTS,
    STANCE_SCORES,
    PointChoice,
    problem_from_marks,
)
from onetext.solve.objectives import NO_ACCEPTABLE, NO_SURPLUS
from onetext.solve.pareto import Frontier, FrontierPoint, pareto_frontier
from onetext.solve.problem import Link, PartySpec, PointSpec, Preference, Problem
from onetext.solve.problem_file import (
    FORMAT,
    parse_problem,
    problem_from_json,
    problem_to_dict,
    problem_to_json,
)
from onetext.solve.relax import minimal_relaxation
from onetext.solve.result import Objective, Relaxation, Solution, Status
from onetext.solve.sensitivity import Sensitivity, sensitivity
from onetext.solve.trades import Swap, Trade, TradeReport, find_trades
from onetext.solve.views import PartyView, mediator_view, party_view

__all__ = [
    "FORMAT",
    "KEEP_OPTION",
    "LINKS_CONFLICT",
    "NO_ACCEPTABLE",
    "NO_SURPLUS",
    "PRIORITY_WEIGHTS",
    "STANCE_SCORES",
    "Frontier",
    "FrontierPoint",
    "Link",
    "Objective",
    "PartySpec",
    "PartyView",
    "PointChoice",
    "PointSpec",
    "Preference",
    "Problem",
    "Relaxation",
    "Sensitivity",
    "Solution",
    "Status",
    "Swap",
    "Trade",
    "TradeReport",
    "find_trades",
    "mediator_view",
    "minimal_relaxation",
    "pareto_frontier",
    "parse_problem",
    "party_view",
    "problem_from_json",
    "problem_from_marks",
    "problem_to_dict",
    "problem_to_json",
    "sensitivity",
    "solve",
]
