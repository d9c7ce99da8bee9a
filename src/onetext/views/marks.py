"""What a reader is shown of marks: one mark, the stance matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    matrix: dict[str, dict[str, MarkView | None]]
    level: str | None = None
    working_group: str | None = None
    version_tabled: str | None = None
    party_names: dict[str, str] = field(default_factory=dict)
