"""Queries of working groups: which points and members each has, which groups a point is in.

The services decide (only the mediator creates groups) and label the points in the
version a reader asked for; these only read rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from onetext.store.escalation_tables import (
    WorkingGroupMemberRow,
    WorkingGroupPointRow,
    WorkingGroupRow,
)
from onetext.store.tables import MemberRow, NegotiationRow, PointStateRow, VersionRow

__all__ = [
    "GroupContents",
    "group_contents",
    "group_slug_taken",
    "groups_of_points",
    "negotiation_groups",
    "version_points",
]


@dataclass(frozen=True, slots=True)
class GroupContents:
    """A group's points (their ids) and its members' handles, by handle."""

    point_ids: list[int]
    handles: list[str]


def negotiation_groups(session: Session, negotiation: NegotiationRow) -> list[WorkingGroupRow]:
    """The negotiation's working groups by name."""
    return list(
        session.execute(
            select(WorkingGroupRow)
            .where(WorkingGroupRow.negotiation_id == negotiation.id)
            .order_by(WorkingGroupRow.slug)
        ).scalars()
    )


def group_slug_taken(session: Session, negotiation: NegotiationRow, slug: str) -> bool:
    found = session.execute(
        select(WorkingGroupRow.id).where(
            WorkingGroupRow.negotiation_id == negotiation.id, WorkingGroupRow.slug == slug
        )
    )
    return found.first() is not None


def group_contents(session: Session, group: WorkingGroupRow) -> GroupContents:
    point_ids = session.execute(
        select(WorkingGroupPointRow.point_id).where(WorkingGroupPointRow.group_id == group.id)
    ).scalars()
    handles = session.execute(
        select(MemberRow.handle)
        .join(WorkingGroupMemberRow, WorkingGroupMemberRow.member_id == MemberRow.id)
        .where(WorkingGroupMemberRow.group_id == group.id)
        .order_by(MemberRow.handle)
    ).scalars()
    return GroupContents(list(point_ids), list(handles))


def version_points(session: Session, version: VersionRow) -> list[PointStateRow]:
    """The points of a version in their order."""
    return list(
        session.execute(
            select(PointStateRow)
            .where(PointStateRow.version_id == version.id)
            .order_by(PointStateRow.ordinal)
        ).scalars()
    )


def groups_of_points(session: Session, negotiation: NegotiationRow) -> dict[int, list[str]]:
    """For each point (by id) in some working group, the groups' names in order."""
    groups_of: dict[int, list[str]] = {}
    for point_id, slug in session.execute(
        select(WorkingGroupPointRow.point_id, WorkingGroupRow.slug)
        .join(WorkingGroupRow, WorkingGroupRow.id == WorkingGroupPointRow.group_id)
        .where(WorkingGroupRow.negotiation_id == negotiation.id)
        .order_by(WorkingGroupRow.slug)
    ):
        groups_of.setdefault(point_id, []).append(slug)
    return groups_of
