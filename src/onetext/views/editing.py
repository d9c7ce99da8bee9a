"""What the editor shows: a draft of a text, unit by unit, and what saving it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["DraftSaved", "EditorUnit", "EditorView"]


@dataclass(frozen=True, slots=True)
class EditorUnit:
    """One unit as the editor shows it: ``point`` is the identity it continues (None:
    new); ``options`` are its alternatives as the bracket grammar reads its text;
    ``problem`` says why it could not be tabled as it stands."""

    point: str | None
    label: str
    heading: str | None
    text: str
    options: list[dict[str, Any]] = field(default_factory=list)
    changed: bool = False
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class EditorView:
    negotiation: str
    document: str
    title: str
    base: str  # the version the draft began from (``doc@n``)
    latest: str  # the document's latest version: the draft is stale when they differ
    message: str
    saved_at: str | None  # None: no draft saved yet (the editor shows the base version)
    units: list[EditorUnit]

    @property
    def stale(self) -> bool:
        return self.base != self.latest


@dataclass(frozen=True, slots=True)
class DraftSaved:
    """The answer to an autosave: when it was kept, and each unit's problem (if any)."""

    document: str
    base: str
    saved_at: str
    units: int
    problems: dict[str, str] = field(default_factory=dict)  # unit index -> message
