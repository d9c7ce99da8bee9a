"""What a reader is shown of marks: one mark, the stance matrix."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MarkView", "MatrixView"]


@dataclass(frozen=True, slots=True)
class MarkView:
    party: str
    stance: str
    priority: int
    visibility: str
    note: str
    author: str
    marked_at: str
    version: str
    label: str
    option: str | None = None
    reconfirm: bool = False


@dataclass(frozen=True, slots=True)
class MatrixView:
    negotiation: str
    version: str
    as_of: str | None
    viewer: str
    parties: list[str]
    points: list[dict[str, str | None]]
    cells: dict[str, dict[str, MarkView | None]]
    level: str | None = None
    working_group: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "negotiation": self.negotiation,
            "version": self.version,
            "as_of": self.as_of,
            "level": self.level,
            "working_group": self.working_group,
            "viewer": self.viewer,
            "parties": self.parties,
            "points": self.points,
            "matrix": {
                party: {
                    label: None
                    if mark is None
                    else {
                        "stance": mark.stance,
                        "priority": mark.priority,
                        "visibility": mark.visibility,
                        "note": mark.note,
                        "author": mark.author,
                        "marked_at": mark.marked_at,
                        "version": mark.version,
                        "reconfirm": mark.reconfirm,
                    }
                    for label, mark in row.items()
                }
                for party, row in self.cells.items()
            },
        }
