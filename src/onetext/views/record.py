"""Output shapes of the record: a verification, a checkpoint check, a checked proof."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CheckpointCheck", "ProofCheck", "RecordVerification"]


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
