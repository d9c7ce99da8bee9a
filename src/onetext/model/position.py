"""Positions: a party's stance on a point, append-only.

Marks are never overwritten; a new mark supersedes the previous one from its
time on, so "what had party X accepted on date D" has an exact answer.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from onetext.errors import InvalidInput

__all__ = [
    "Position",
    "Priority",
    "Stance",
    "Visibility",
    "latest_positions",
]


class Stance(enum.StrEnum):
    """How a party marks a point."""

    ACCEPTED = "accepted"
    RESERVATIONS = "reservations"
    OPEN = "open"
    UNACCEPTABLE = "unacceptable"

    @classmethod
    def parse(cls, value: str) -> Stance:
        aliases = {
            "accept": cls.ACCEPTED,
            "accepted": cls.ACCEPTED,
            "reservations": cls.RESERVATIONS,
            "accepted_with_reservations": cls.RESERVATIONS,
            "reserved": cls.RESERVATIONS,
            "open": cls.OPEN,
            "unacceptable": cls.UNACCEPTABLE,
            "reject": cls.UNACCEPTABLE,
            "rejected": cls.UNACCEPTABLE,
        }
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in aliases:
            raise InvalidInput(
                f"invalid stance {value!r}: expected accepted, reservations, open or unacceptable"
            )
        return aliases[key]


class Visibility(enum.StrEnum):
    """Who may read a mark: own party, own party and mediator, or everyone."""

    PRIVATE = "private"
    CAUCUS = "caucus"
    JOINT = "joint"

    @classmethod
    def parse(cls, value: str) -> Visibility:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"invalid visibility {value!r}: expected private, caucus or joint"
            ) from None


Priority = int
"""1 (low) to 5 (vital); the engine turns it into a weight."""

PRIORITY_MIN = 1
PRIORITY_MAX = 5
PRIORITY_DEFAULT = 3
"""The middle priority: what a mark gets when none is given."""


@dataclass(frozen=True, slots=True)
class Position:
    """One mark by one party on one point, as of a version, at a time."""

    uid: str
    party: str
    point_uid: str
    version_uid: str
    stance: Stance
    priority: Priority
    visibility: Visibility
    author: str
    marked_at: datetime
    note: str = ""
    option_key: str | None = None

    def __post_init__(self) -> None:
        if not PRIORITY_MIN <= self.priority <= PRIORITY_MAX:
            raise InvalidInput(
                f"invalid priority {self.priority}: expected {PRIORITY_MIN} to {PRIORITY_MAX}"
            )


def latest_positions(
    positions: Iterable[Position], as_of: datetime | None = None
) -> dict[tuple[str, str, str | None], Position]:
    """The mark in force per (party, point, option) at ``as_of`` (default: now).

    Later marks supersede earlier ones; ties on time are broken by order given.
    """
    current: dict[tuple[str, str, str | None], Position] = {}
    for position in positions:
        if as_of is not None and position.marked_at > as_of:
            continue
        key = (position.party, position.point_uid, position.option_key)
        previous = current.get(key)
        if previous is None or position.marked_at >= previous.marked_at:
            current[key] = position
    return current
