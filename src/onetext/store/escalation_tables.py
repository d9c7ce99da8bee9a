"""Tables of working groups: expert groups, the points assigned to them, their members.

Endorsement needs no table of its own: it is a principal-level mark, kept with
every other mark in ``positions``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from onetext.store.tables import Base

__all__ = ["WorkingGroupMemberRow", "WorkingGroupPointRow", "WorkingGroupRow"]


class WorkingGroupRow(Base):
    """A group of delegates (experts by default) settling a set of points."""

    __tablename__ = "working_groups"
    __table_args__ = (UniqueConstraint("negotiation_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    slug: Mapped[str] = mapped_column(String(63))
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(20), default="expert")
    created_at: Mapped[datetime]


class WorkingGroupPointRow(Base):
    """A point (by identity, whatever its label in a version) assigned to a group."""

    __tablename__ = "working_group_points"
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"), primary_key=True)


class WorkingGroupMemberRow(Base):
    """A member sitting in a group."""

    __tablename__ = "working_group_members"
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
