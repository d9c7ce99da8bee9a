"""What a reader is shown of amendments: one amendment with the stances on it that the
reader may read, the list for a version, and what a consolidation produced."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["AmendmentList", "AmendmentMarkView", "AmendmentView", "ConsolidationView"]


@dataclass(frozen=True, slots=True)
class AmendmentMarkView:
    amendment: str
    party: str
    stance: str
    visibility: str
    note: str
    author: str
    marked_at: str


@dataclass(frozen=True, slots=True)
class AmendmentView:
    uid: str
    version: str
    label: str
    kind: str
    wording: str
    justification: str
    party: str
    author: str
    visibility: str
    tabled_at: str
    #: the unit's wording in the amended version, for context
    unit_text: str = ""
    #: open, accepted, rejected or merged
    status: str = "open"
    decided_by: str | None = None
    decided_at: str | None = None
    decided_wording: str | None = None
    decision_note: str = ""
    #: the version the decision was written into, and the unit there
    result_version: str | None = None
    result_label: str | None = None
    marks: list[AmendmentMarkView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AmendmentList:
    negotiation: str
    version: str
    viewer: str
    amendments: list[AmendmentView]
    #: the units of the version (label, first words), for the forms
    units: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ConsolidationView:
    base: str
    version: str
    points: int
    #: each amendment written in: uid, decision, kind, the unit it changed or made
    applied: list[dict[str, str]]
