"""A package the mediator published as a proposal: what every reader of its text sees."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ProposalView"]


@dataclass(frozen=True, slots=True)
class ProposalView:
    version: str
    objective: str
    allow_drop: bool
    package: dict[str, str]
    """Point label -> the option kept ("keep", an option key) or "drop"."""
    proposed_by: str
    proposed_at: str
