"""What a reader is shown of comments on a unit: each comment, a unit's thread."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CommentView", "ThreadView"]


@dataclass(frozen=True, slots=True)
class CommentView:
    uid: str
    point: str  # the unit's identity for life
    label: str | None  # its label in the version the comment was made on
    version: str  # the version the comment was made on
    party: str
    visibility: str
    author: str
    text: str
    created_at: str
    status: str  # "open" or "resolved"
    status_by: str | None = None
    status_at: str | None = None
    #: whether the viewer may resolve or reopen it (its party's members, the mediator)
    can_settle: bool = False


@dataclass(frozen=True, slots=True)
class ThreadView:
    """The comments a reader may see on one unit, across the versions of its document."""

    point: str
    label: str
    comments: list[CommentView]

    @property
    def open_count(self) -> int:
        return sum(1 for c in self.comments if c.status == "open")
