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

Importing the package loads nothing: each name is imported from its module on first
use, so ``onetext.solve.result`` or the problem file format do not bring in HiGHS.
"""

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULE_OF = {
    "LINKS_CONFLICT": "onetext.solve.compromise",
    "solve": "onetext.solve.compromise",
    "KEEP_OPTION": "onetext.solve.marks",
    "PRIORITY_WEIGHTS": "onetext.solve.marks",
    "STANCE_SCORES": "onetext.solve.marks",
    "PointChoice": "onetext.solve.marks",
    "problem_from_marks": "onetext.solve.marks",
    "NO_ACCEPTABLE": "onetext.solve.objectives",
    "NO_SURPLUS": "onetext.solve.objectives",
    "Frontier": "onetext.solve.pareto",
    "FrontierPoint": "onetext.solve.pareto",
    "pareto_frontier": "onetext.solve.pareto",
    "Link": "onetext.solve.problem",
    "PartySpec": "onetext.solve.problem",
    "PointSpec": "onetext.solve.problem",
    "Preference": "onetext.solve.problem",
    "Problem": "onetext.solve.problem",
    "FORMAT": "onetext.solve.problem_file",
    "parse_problem": "onetext.solve.problem_file",
    "problem_from_json": "onetext.solve.problem_file",
    "problem_to_dict": "onetext.solve.problem_file",
    "problem_to_json": "onetext.solve.problem_file",
    "minimal_relaxation": "onetext.solve.relax",
    "Objective": "onetext.solve.result",
    "Relaxation": "onetext.solve.result",
    "Solution": "onetext.solve.result",
    "Status": "onetext.solve.result",
    "Sensitivity": "onetext.solve.sensitivity",
    "sensitivity": "onetext.solve.sensitivity",
    "Swap": "onetext.solve.trades",
    "Trade": "onetext.solve.trades",
    "TradeReport": "onetext.solve.trades",
    "find_trades": "onetext.solve.trades",
    "PartyView": "onetext.solve.views",
    "mediator_view": "onetext.solve.views",
    "party_view": "onetext.solve.views",
}

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


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use, then keep it here."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(ModuleType):
    """Keeps each exported name for its object: importing a submodule of the same
    name (``sensitivity``) would otherwise bind the module there, as the import
    system does on a package, and ``from onetext.solve import sensitivity`` would
    then give the module instead of the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _MODULE_OF and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
