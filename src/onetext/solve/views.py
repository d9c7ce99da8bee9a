"""Who sees what of an engine result.

The mediator sees everything (``mediator_view``: the DESIGN JSON). A party sees
the suggested package and its own utility only (``party_view``): no other
party's utility, no objective value (a product or sum of everyone's utilities
would leak them), and of the blocking red lines only its own. Render results
for a party through ``party_view`` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onetext.errors import InvalidInput
from onetext.solve.result import Objective, Relaxation, Solution, Status

__all__ = ["PartyView", "mediator_view", "party_view"]


@dataclass(frozen=True, slots=True)
class PartyView:
    """What one party may see of a solution."""

    party: str
    objective: Objective
    status: Status
    package: dict[str, str] | None
    utility: float | None
    own_relax: tuple[Relaxation, ...]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "party": self.party,
            "status": self.status.value,
            "objective": self.objective.value,
            "package": self.package,
            "utility": self.utility,
        }
        if self.status is Status.INFEASIBLE:
            data["relax"] = [r.to_json() for r in self.own_relax]
        return data


def party_view(solution: Solution, party: str) -> PartyView:
    """The blind view of ``solution`` for ``party``."""
    if solution.utilities is not None and party not in solution.utilities:
        raise InvalidInput(f"unknown party {party!r}")
    return PartyView(
        party=party,
        objective=solution.objective,
        status=solution.status,
        package=None if solution.package is None else dict(solution.package),
        utility=None if solution.utilities is None else solution.utilities[party],
        own_relax=tuple(r for r in solution.relax if r.party == party),
    )


def mediator_view(solution: Solution) -> dict[str, Any]:
    """Everything: the DESIGN ``onetext solve --json`` object."""
    return solution.to_json()
