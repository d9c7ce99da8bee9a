"""What a reader is shown of the escalation: working groups, the board, the engine's
suggestion and the brief for principals, each already cut to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onetext.model.escalation import PackageStatus, PointStatus

__all__ = [
    "Board",
    "BoardMark",
    "BoardOption",
    "BoardPoint",
    "BriefData",
    "EngineRun",
    "PackageView",
    "WorkingGroupView",
]


@dataclass(frozen=True, slots=True)
class WorkingGroupView:
    slug: str
    name: str
    level: str
    points: list[str]
    members: list[str]


@dataclass(frozen=True, slots=True)
class BoardMark:
    """A party's mark in force on a point, as far as the viewer may read it."""

    stance: str
    level: str
    author: str
    visibility: str
    note: str
    reconfirm: bool


@dataclass(frozen=True, slots=True)
class BoardOption:
    key: str
    text: str
    unacceptable_to: list[str]
    parent: str | None = None
    stances: dict[str, str] = field(default_factory=dict)
    group: int = 1
    """Each party's stance in force on this alternative, as far as the viewer may read."""


@dataclass(frozen=True, slots=True)
class BoardPoint:
    label: str
    heading: str | None
    text: str
    status: PointStatus
    status_words: str
    groups: list[str]
    marks: dict[str, BoardMark | None]
    blocked_by: list[str]
    options: list[BoardOption]


@dataclass(frozen=True, slots=True)
class PackageView:
    """The package as a whole: endorsed only when every point is; counts per status."""

    endorsed: bool
    counts: dict[str, int]
    words: str

    @staticmethod
    def of(status: PackageStatus) -> PackageView:
        return PackageView(
            status.endorsed, {s.value: n for s, n in status.counts.items()}, status.words
        )


@dataclass(frozen=True, slots=True)
class Board:
    negotiation: str
    version: str
    viewer: str
    parties: list[str]
    points: list[BoardPoint]
    package: PackageView
    group: str | None = None
    version_tabled: str | None = None
    party_names: dict[str, str] = field(default_factory=dict)

    def by_status(self, status: PointStatus) -> list[BoardPoint]:
        return [p for p in self.points if p.status is status]


@dataclass(frozen=True, slots=True)
class BriefData:
    """Everything a brief shows, already cut to what its reader may see."""

    title: str
    board: Board
    engine: EngineRun | None
    engine_note: str
    trades: list[str] = field(default_factory=list)
    prepared_at: str | None = None
    classification: str = ""


@dataclass(frozen=True, slots=True)
class EngineRun:
    version: str
    viewer: str
    blind: bool
    result: dict[str, Any]
    relax_in_words: list[str]
