"""What a reader is shown of the negotiation's record: negotiations, parties, rounds,
memberships."""

from __future__ import annotations

from dataclasses import dataclass

from onetext.access import Capabilities

__all__ = ["MemberSummary", "MembershipView", "NegotiationSummary", "PartySummary", "RoundView"]


@dataclass(frozen=True, slots=True)
class RoundView:
    uid: str
    level: str
    place: str
    starts_at: str
    ends_at: str | None
    hours: float | None
    attendees: list[str]
    agenda: list[str]
    outcome: str
    produced: list[str]
    #: published by the mediator: read by everyone; otherwise by the attendees and the mediator
    published: bool = False


@dataclass(frozen=True, slots=True)
class NegotiationSummary:
    slug: str
    title: str
    parties: int
    documents: int
    rounds: int


@dataclass(frozen=True, slots=True)
class MemberSummary:
    handle: str
    name: str
    role: str
    level: str | None


@dataclass(frozen=True, slots=True)
class PartySummary:
    slug: str
    name: str
    kind: str
    members: list[MemberSummary]


@dataclass(frozen=True, slots=True)
class MembershipView:
    negotiation: str
    title: str
    handle: str
    name: str
    party: str
    role: str
    level: str | None
    can: Capabilities
