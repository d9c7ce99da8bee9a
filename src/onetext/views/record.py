"""Output shapes of the record: a verification, a checkpoint check, a checked proof."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CheckpointCheck",
    "ProofCheck",
    "PublicStatementView",
    "RecordVerification",
    "StatementView",
]


@dataclass(frozen=True, slots=True)
class CheckpointCheck:
    """Does today's log extend the one a party saw (its checkpoint)?"""

    held_size: int
    current_size: int
    current_root: str
    extends: bool
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class RecordVerification:
    """``audit verify``: the chain, the tables against the log, a held checkpoint."""

    events: int
    head: str
    root: str
    legacy_events: int
    rows_checked: int
    legacy_marks: int
    findings: tuple[str, ...]
    checkpoint: CheckpointCheck | None = None
    rows_in_part: dict[str, int] = field(default_factory=dict)
    """Rows per kind compared on fewer fields than events now carry: their events were
    written before (an upgraded database)."""

    @property
    def intact(self) -> bool:
        return not self.findings and (self.checkpoint is None or self.checkpoint.extends)


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """What a checked proof file shows (a mark, or that one log extends another)."""

    kind: str
    claim: dict[str, object]
    tree_size: int
    root: str
    signed_at: str


@dataclass(frozen=True, slots=True)
class StatementView:
    """A joint statement or communiqué: a draft until every party consented."""

    uid: str
    kind: str
    title: str
    text: str
    drafted_by: str
    created_at: str
    released_at: str | None
    consented: tuple[str, ...]
    awaiting: tuple[str, ...]

    @property
    def released(self) -> bool:
        return self.released_at is not None


@dataclass(frozen=True, slots=True)
class PublicStatementView:
    """Something said in public, beside what the joint record showed that day."""

    uid: str
    speaker: str
    venue: str
    said_at: str
    quote: str
    party: str | None
    point: str | None
    version: str | None
    claimed_stance: str | None
    record_shows: str | None  # the party's joint mark in force then, if any
    record_marked_at: str | None
    agrees: bool | None  # None: no claim of a stance, or nothing joint to compare with
