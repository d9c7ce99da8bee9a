"""What a reader is shown of drafts: a version's points, a version in a list."""

from __future__ import annotations

from dataclasses import dataclass, field

from onetext.model import Option, Point
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint

__all__ = ["PointView", "VersionSummary", "VersionView"]


@dataclass(frozen=True, slots=True)
class PointView:
    uid: str
    label: str
    heading: str | None
    text: str
    options: list[dict[str, str | int]] = field(default_factory=list)

    def as_point(self) -> Point:
        """The domain point, options included."""
        return Point(
            uid=self.uid,
            label=self.label,
            text=self.text,
            heading=self.heading,
            options=tuple(
                Option(key=str(o["key"]), text=str(o["text"]), group=int(o["group"]))
                for o in self.options
            ),
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
            points=tuple(
                ParsedPoint(label=p.label, text=p.text, heading=p.heading) for p in self.points
            ),
            numbering=Numbering(self.numbering),
        )
