"""What the engine answers: a solution with its certificate, or what blocks one.

``Solution.to_json()`` is the mediator's full view and the exact ``onetext solve
--json`` contract of DESIGN. A party gets ``onetext.solve.views.party_view``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from onetext.errors import InvalidInput

__all__ = ["Objective", "Relaxation", "Solution", "Status"]


class Objective(enum.StrEnum):
    """Which compromise to look for."""

    NASH = "nash"
    MAXMIN = "maxmin"
    WELFARE = "welfare"
    KALAI = "kalai"

    @classmethod
    def parse(cls, value: str) -> Objective:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"invalid objective {value!r}: expected nash, maxmin, welfare or kalai"
            ) from None


class Status(enum.StrEnum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"


@dataclass(frozen=True, slots=True)
class Relaxation:
    """One red line (party, point, option) or one reservation to give up.

    ``weight`` is what giving it up costs in the minimisation: the party's weight
    on the point for a red line, the party's total weight for its reservation.
    """

    party: str
    point: str | None = None
    option: str | None = None
    reservation: float | None = None
    weight: float = 0.0

    @property
    def is_reservation(self) -> bool:
        return self.point is None

    def to_json(self) -> dict[str, Any]:
        if self.is_reservation:
            return {"party": self.party, "reservation": self.reservation}
        return {"party": self.party, "point": self.point, "option": self.option}

    def describe(self, point_label: str | None = None) -> str:
        """The relaxation in words, for a brief."""
        if self.is_reservation:
            return (
                f"{self.party} would accept less than its reservation utility "
                f"of {self.reservation:g}"
            )
        return (
            f"{self.party} would lift its red line on option {self.option!r} "
            f"of point {point_label or self.point}"
        )


@dataclass(frozen=True)
class Solution:
    """The engine's answer for one objective.

    ``value`` is the objective at ``package`` (nash: the product of surpluses;
    maxmin: the lowest utility; welfare: the sum; kalai: the lowest share of each
    party's best possible gain). ``gap`` certifies it: the true optimum is at
    most ``value + gap * max(1, |value|)`` (for nash the gap is measured on the
    log of the product). When ``status`` is infeasible, ``relax`` is a smallest
    set of red lines and reservations whose removal opens an acceptable package
    (empty when acceptable packages exist but the objective needs more, see
    ``reason``).
    """

    objective: Objective
    status: Status
    package: dict[str, str] | None = None
    utilities: dict[str, float] | None = None
    value: float | None = None
    gap: float | None = None
    relax: tuple[Relaxation, ...] = ()
    reason: str | None = None
    best: dict[str, float] | None = None
    solves: int = 0
    seconds: float = 0.0

    @property
    def optimal(self) -> bool:
        return self.status is Status.OPTIMAL

    def to_json(self) -> dict[str, Any]:
        """The mediator's full view, exactly the DESIGN contract."""
        data: dict[str, Any] = {
            "status": self.status.value,
            "objective": self.objective.value,
            "package": self.package,
            "utilities": self.utilities,
            "value": self.value,
            "gap": self.gap,
        }
        if self.status is Status.INFEASIBLE:
            data["relax"] = [r.to_json() for r in self.relax]
        return data
