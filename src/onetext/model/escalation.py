"""The escalation rule: where a point stands between the experts and the principals.

Pure: plain data in, a status out. Experts (and negotiators) settle points;
principals endorse them. "Nothing is agreed until everything is agreed": expert
agreement stays provisional, and the package is endorsed only when every point is.

Per party, the mark *in force* is its latest mark, whoever made it; the
principal's word is its latest principal-level mark. A point is

- ``blocked`` when some party's mark in force is unacceptable;
- ``endorsed`` when every party's mark in force is accepted or with
  reservations and every party's principal has accepted it (or with reservations);
- ``agreed_expert`` when every party's mark in force is accepted or with
  reservations, but not every principal has said so yet;
- ``open`` otherwise (a party has not marked it, or keeps it open).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from onetext.model.document import Option, choices_under
from onetext.model.negotiation import Level
from onetext.model.position import Stance

__all__ = [
    "AGREEING",
    "LevelledMark",
    "PackageStatus",
    "PointStatus",
    "blocking_parties",
    "choices_settled",
    "in_force_by_party",
    "level_of_author",
    "package_status",
    "point_status",
]

AGREEING = frozenset({Stance.ACCEPTED, Stance.RESERVATIONS})
"""Stances that count as agreement (reservations are noted, not blocking)."""


class PointStatus(enum.StrEnum):
    """Where a point stands on the escalation board."""

    ENDORSED = "endorsed"
    AGREED_EXPERT = "agreed_expert"
    BLOCKED = "blocked"
    OPEN = "open"

    @property
    def words(self) -> str:
        return _WORDS[self]


_WORDS = {
    PointStatus.ENDORSED: "endorsed",
    PointStatus.AGREED_EXPERT: "agreed at expert level, awaiting principals",
    PointStatus.BLOCKED: "blocked — escalated",
    PointStatus.OPEN: "open",
}


@dataclass(frozen=True, slots=True)
class LevelledMark:
    """A party's mark on one point, with the level of the member who made it."""

    party: str
    stance: Stance
    level: Level
    marked_at: datetime


def level_of_author(author: str, levels: Mapping[str, str | None]) -> Level:
    """The level a mark was made at: its author's; the operator and members without a
    level count as negotiators."""
    value = levels.get(author)
    return Level(value) if value else Level.NEGOTIATOR


def _latest(marks: Iterable[LevelledMark]) -> dict[str, LevelledMark]:
    """Latest mark per party; on equal times the later one given wins."""
    latest: dict[str, LevelledMark] = {}
    for mark in marks:
        previous = latest.get(mark.party)
        if previous is None or mark.marked_at >= previous.marked_at:
            latest[mark.party] = mark
    return latest


def in_force_by_party(marks: Iterable[LevelledMark]) -> dict[str, LevelledMark]:
    """The mark in force per party: its latest, whatever the level."""
    return _latest(marks)


def blocking_parties(parties: Sequence[str], marks: Iterable[LevelledMark]) -> tuple[str, ...]:
    """The parties (in ``parties`` order) whose mark in force is unacceptable."""
    in_force = _latest(marks)
    return tuple(p for p in parties if p in in_force and in_force[p].stance is Stance.UNACCEPTABLE)


def choices_settled(
    parties: Sequence[str], options: Sequence[Option], consent: Mapping[str, Collection[str]]
) -> bool:
    """Whether every choice of a unit has an alternative every party consents to
    (``consent``: option key → the parties whose mark in force on it agrees), the
    choices nested in that alternative included. A unit without choices is settled."""
    under = choices_under(options)
    everyone = set(parties)

    def settled(parent: str | None) -> bool:
        return all(
            any(everyone <= set(consent.get(o.key, ())) and settled(o.key) for o in group)
            for group in under.get(parent, [])
        )

    return settled(None)


def point_status(
    parties: Sequence[str], marks: Iterable[LevelledMark], *, settled: bool = True
) -> PointStatus:
    """The status of one point from the marks the viewer may read (see module doc).

    ``settled`` is ``choices_settled`` for a unit with bracketed choices: a unit
    whose alternatives are open is never agreed, whatever the marks on the whole."""
    given = [m for m in marks if m.party in set(parties)]
    in_force = _latest(given)
    if any(m.stance is Stance.UNACCEPTABLE for m in in_force.values()):
        return PointStatus.BLOCKED
    if not parties or any(p not in in_force or in_force[p].stance not in AGREEING for p in parties):
        return PointStatus.OPEN
    if not settled:
        return PointStatus.OPEN
    principals = _latest(m for m in given if m.level is Level.PRINCIPAL)
    if all(p in principals and principals[p].stance in AGREEING for p in parties):
        return PointStatus.ENDORSED
    return PointStatus.AGREED_EXPERT


@dataclass(frozen=True, slots=True)
class PackageStatus:
    """The package as a whole: endorsed only when every point is."""

    endorsed: bool
    counts: Mapping[PointStatus, int]

    @property
    def words(self) -> str:
        if self.endorsed:
            return "package endorsed: every point is endorsed by every principal"
        parts = [f"{self.counts.get(s, 0)} {s.words}" for s in PointStatus]
        return "nothing is agreed until everything is agreed: " + "; ".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "endorsed": self.endorsed,
            "counts": {s.value: self.counts.get(s, 0) for s in PointStatus},
            "words": self.words,
        }


def package_status(statuses: Iterable[PointStatus]) -> PackageStatus:
    """Counts per status; endorsed only if there are points and all are endorsed."""
    counts = dict.fromkeys(PointStatus, 0)
    for status in statuses:
        counts[status] += 1
    total = sum(counts.values())
    return PackageStatus(total > 0 and counts[PointStatus.ENDORSED] == total, counts)
