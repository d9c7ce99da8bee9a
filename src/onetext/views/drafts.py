"""What a reader is shown of drafts: a version's points, a version in a list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onetext.model import Division, Option, Point
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint

__all__ = ["PointView", "VersionSummary", "VersionView"]


@dataclass(frozen=True, slots=True)
class PointView:
    uid: str
    label: str
    heading: str | None
    text: str
    options: list[dict[str, Any]] = field(default_factory=list)
    level: str = "paragraph"
    number: str = ""
    path: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def divisions(self) -> tuple[Division, ...]:
        return tuple(
            Division(str(d["level"]), str(d["label"]), str(d["ref"]), d.get("heading"))
            for d in self.path
        )

    @property
    def option_objects(self) -> tuple[Option, ...]:
        return tuple(
            Option(
                key=str(o["key"]),
                text=str(o["text"]),
                group=int(o["group"]),
                parent=o.get("parent"),
            )
            for o in self.options
        )

    def as_point(self) -> Point:
        """The domain point, options and place in the tree included."""
        return Point(
            uid=self.uid,
            label=self.label,
            text=self.text,
            heading=self.heading,
            options=self.option_objects,
            level=self.level,
            number=self.number,
            path=self.divisions,
            notes=tuple(self.notes),
        )

    def as_parsed(self) -> ParsedPoint:
        return ParsedPoint(
            label=self.label,
            text=self.text,
            heading=self.heading,
            options=self.option_objects,
            level=self.level,
            number=self.number,
            path=self.divisions,
            notes=tuple(self.notes),
        )


@dataclass(frozen=True, slots=True)
class VersionSummary:
    ref: str
    document: str
    kind: str
    title: str
    number: int
    author: str
    message: str
    created_at: str
    points: int
    parents: list[str]
    main: str | None


@dataclass(frozen=True, slots=True)
class VersionView:
    ref: str
    document: str
    kind: str
    title: str | None
    preamble: str
    numbering: str
    author: str
    created_at: str
    points: list[PointView]

    def as_parsed(self) -> ParsedDraft:
        return ParsedDraft(
            title=self.title,
            preamble=self.preamble,
            points=tuple(p.as_parsed() for p in self.points),
            numbering=Numbering(self.numbering),
        )
