"""Negotiations, parties, members and rounds."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime

from onetext.errors import InvalidInput

__all__ = [
    "Level",
    "Member",
    "Negotiation",
    "Party",
    "PartyKind",
    "Role",
    "Round",
    "validate_slug",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def validate_slug(value: str, what: str) -> str:
    """Short names people type on the command line: lower case, digits, - and _."""
    if not _SLUG.match(value):
        raise InvalidInput(
            f"invalid {what} {value!r}: use 1-63 lower-case letters, digits, '-' or '_'"
        )
    return value


class PartyKind(enum.StrEnum):
    PARTY = "party"
    MEDIATOR = "mediator"
    OBSERVER = "observer"


class Level(enum.StrEnum):
    """Seniority of a delegate, and of a round: experts settle, principals decide."""

    PRINCIPAL = "principal"
    NEGOTIATOR = "negotiator"
    EXPERT = "expert"

    @classmethod
    def parse(cls, value: str) -> Level:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"invalid level {value!r}: expected principal, negotiator or expert"
            ) from None


class Role(enum.StrEnum):
    """What a member does in a negotiation; decides what they may see and do."""

    MEDIATOR = "mediator"
    DELEGATE = "delegate"
    OBSERVER = "observer"


@dataclass(frozen=True, slots=True)
class Negotiation:
    slug: str
    title: str
    created_at: datetime

    def __post_init__(self) -> None:
        validate_slug(self.slug, "negotiation name")
        if not self.title.strip():
            raise InvalidInput("a negotiation needs a title")


@dataclass(frozen=True, slots=True)
class Party:
    slug: str
    name: str
    kind: PartyKind = PartyKind.PARTY

    def __post_init__(self) -> None:
        validate_slug(self.slug, "party name")
        if not self.name.strip():
            raise InvalidInput("a party needs a display name")


@dataclass(frozen=True, slots=True)
class Member:
    """A person in a delegation (or the secretariat, or an observer)."""

    handle: str
    name: str
    party: str
    role: Role
    level: Level | None = None

    def __post_init__(self) -> None:
        validate_slug(self.handle, "member handle")
        if self.role is Role.DELEGATE and self.level is None:
            raise InvalidInput(f"delegate {self.handle} needs a level")


@dataclass(frozen=True, slots=True)
class Round:
    """A meeting: cheap to create, linked to the versions it produced."""

    uid: str
    level: Level
    place: str
    starts_at: datetime
    ends_at: datetime | None = None
    attendees: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    outcome: str = ""
    produced_versions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.ends_at is not None and self.ends_at < self.starts_at:
            raise InvalidInput("a round cannot end before it starts")
        if not self.place.strip():
            raise InvalidInput("a round needs a place")

    @property
    def hours(self) -> float | None:
        if self.ends_at is None:
            return None
        return (self.ends_at - self.starts_at).total_seconds() / 3600
