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
    "WorkingGroupView",
]


@dataclass(frozen=True, slots=True)
class WorkingGroupView:
    slug: str
    name: str
    level: str
    points: list[str]
    members: list[str]

    def as_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "name": self.name,
            "level": self.level,
            "points": self.points,
            "members": self.members,
        }


@dataclass(frozen=True, slots=True)
class BoardMark:
    """A party's mark in force on a point, as far as the viewer may read it."""

    stance: str
    level: str
    author: str
    visibility: str
    note: str
    reconfirm: bool

    def as_json(self) -> dict[str, object]:
        return {
            "stance": self.stance,
            "level": self.level,
            "author": self.author,
            "visibility": self.visibility,
            "note": self.note,
            "reconfirm": self.reconfirm,
        }


@dataclass(frozen=True, slots=True)
class BoardOption:
    key: str
    text: str
    unacceptable_to: list[str]


@dataclass(frozen=True, slots=True)
class BoardPoint:
    label: str
    heading: str | None
    text: str
    status: PointStatus
    groups: list[str]
    marks: dict[str, BoardMark | None]
    blocked_by: list[str]
    options: list[BoardOption]

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "heading": self.heading,
            "status": self.status.value,
            "status_words": self.status.words,
            "groups": self.groups,
            "marks": {p: None if m is None else m.as_json() for p, m in self.marks.items()},
            "blocked_by": self.blocked_by,
            "options": [
                {"key": o.key, "text": o.text, "unacceptable_to": o.unacceptable_to}
                for o in self.options
            ],
        }


@dataclass(frozen=True, slots=True)
class Board:
    negotiation: str
    version: str
    viewer: str
    parties: list[str]
    points: list[BoardPoint]
    package: PackageStatus

    def by_status(self, status: PointStatus) -> list[BoardPoint]:
        return [p for p in self.points if p.status is status]

    def as_json(self) -> dict[str, object]:
        return {
            "negotiation": self.negotiation,
            "version": self.version,
            "viewer": self.viewer,
            "parties": self.parties,
            "package": self.package.to_json(),
            "points": [p.as_json() for p in self.points],
        }


@dataclass(frozen=True, slots=True)
class BriefData:
    """Everything a brief shows, already cut to what its reader may see."""

    title: str
    board: Board
    engine: EngineRun | None
    engine_note: str
    trades: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EngineRun:
    version: str
    viewer: str
    blind: bool
    result: dict[str, Any]
    relax_in_words: list[str]
