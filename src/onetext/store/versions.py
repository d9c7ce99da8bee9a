"""Queries of documents and their versions: the points of a version, its parents,
the versions of the documents a reader may read.

Readability is decided by the caller (``access`` through the repository); these
only read rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onetext.model import Division, Option
from onetext.store.escalation_tables import WorkingGroupPointRow, WorkingGroupRow
from onetext.store.repository import documents_named
from onetext.store.tables import (
    DocumentRow,
    MergeConflictRow,
    NegotiationRow,
    PointRow,
    PointStateRow,
    VersionParentRow,
    VersionRow,
)
from onetext.views.drafts import PointView

__all__ = [
    "document_in_namespace",
    "document_named",
    "latest_version",
    "merge_conflicts",
    "parent_versions",
    "point_count",
    "point_heads",
    "point_ids_by_uid",
    "point_states",
    "point_texts",
    "point_view",
    "structure_json",
    "version_numbers",
    "versions_of",
]


def structure_json(
    options: Sequence[Option],
    *,
    level: str = "paragraph",
    number: str = "",
    path: Sequence[Division] = (),
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """What a point state keeps beside its text (the ``options`` JSON column):
    its choices and its place in the document tree. Rows written before the
    tree have ``items`` only and read as a top-level paragraph."""
    data: dict[str, Any] = {
        "items": [
            {"key": o.key, "text": o.text, "group": o.group}
            | ({"parent": o.parent} if o.parent is not None else {})
            for o in options
        ]
    }
    if level != "paragraph":
        data["level"] = level
    if number:
        data["number"] = number
    if path:
        data["path"] = [
            {"level": d.level, "label": d.label, "ref": d.ref, "heading": d.heading} for d in path
        ]
    if notes:
        data["notes"] = list(notes)
    return data


def point_view(state: PointStateRow, uid: str) -> PointView:
    """A stored point as readers are shown it."""
    data = state.options or {}
    return PointView(
        uid=uid,
        label=state.label,
        heading=state.heading,
        text=state.text,
        options=list(data.get("items", [])),
        level=str(data.get("level", "paragraph")),
        number=str(data.get("number", "")),
        path=[dict(d) for d in data.get("path", [])],
        notes=[str(n) for n in data.get("notes", [])],
    )


def document_named(session: Session, negotiation: NegotiationRow, slug: str) -> DocumentRow | None:
    """The document of that name, whoever may read it (the caller decides what to say)."""
    return session.execute(
        select(DocumentRow).where(
            DocumentRow.negotiation_id == negotiation.id, DocumentRow.slug == slug
        )
    ).scalar()


def document_in_namespace(
    session: Session, negotiation: NegotiationRow, slug: str, party: str
) -> DocumentRow | None:
    """The document a party tabling under ``slug`` continues: its own of that name
    (any visibility), else the joint one. Another party's private or caucus paper of
    that name is in that party's namespace and never answers (issue 13)."""
    holders = documents_named(session, negotiation, slug)
    own = [d for d in holders if d.owner.slug == party]
    joint = [d for d in holders if d.visibility == "joint"]
    return next(iter(own or joint), None)


def latest_version(session: Session, document: DocumentRow) -> VersionRow:
    return session.execute(
        select(VersionRow)
        .where(VersionRow.document_id == document.id)
        .order_by(VersionRow.number.desc())
        .limit(1)
    ).scalar_one()


def point_texts(session: Session, version: VersionRow) -> list[tuple[str, str, str]]:
    """(point uid, label, text) of each point of the version, in order."""
    return [
        (uid, label, text)
        for uid, label, text in session.execute(
            select(PointRow.uid, PointStateRow.label, PointStateRow.text)
            .join(PointRow, PointRow.id == PointStateRow.point_id)
            .where(PointStateRow.version_id == version.id)
            .order_by(PointStateRow.ordinal)
        )
    ]


def point_states(session: Session, version: VersionRow) -> list[tuple[PointStateRow, str]]:
    """Each point of the version as worded there, with its stable uid, in order."""
    return [
        (state, uid)
        for state, uid in session.execute(
            select(PointStateRow, PointRow.uid)
            .join(PointRow, PointRow.id == PointStateRow.point_id)
            .where(PointStateRow.version_id == version.id)
            .order_by(PointStateRow.ordinal)
        )
    ]


def point_ids_by_uid(session: Session, uids: Sequence[str]) -> dict[str, int]:
    """The row ids of the points that already exist among ``uids``."""
    return dict(
        session.execute(select(PointRow.uid, PointRow.id).where(PointRow.uid.in_(uids))).all()
    )


def point_count(session: Session, version: VersionRow) -> int:
    return session.execute(
        select(func.count()).where(PointStateRow.version_id == version.id)
    ).scalar_one()


def parent_versions(session: Session, version: VersionRow) -> list[VersionRow]:
    return list(
        session.execute(
            select(VersionRow)
            .join(VersionParentRow, VersionParentRow.parent_id == VersionRow.id)
            .where(VersionParentRow.version_id == version.id)
        ).scalars()
    )


def versions_of(session: Session, document_ids: Collection[int]) -> list[VersionRow]:
    """Every version of these documents, oldest first."""
    return list(
        session.execute(
            select(VersionRow)
            .where(VersionRow.document_id.in_(list(document_ids)))
            .order_by(VersionRow.created_at, VersionRow.id)
        ).scalars()
    )


def version_numbers(session: Session, document_ids: Collection[int]) -> list[tuple[str, int]]:
    """(document name, version number) of every version of these documents, oldest
    first, in one query."""
    return [
        (slug, number)
        for slug, number in session.execute(
            select(DocumentRow.slug, VersionRow.number)
            .join(VersionRow, VersionRow.document_id == DocumentRow.id)
            .where(DocumentRow.id.in_(list(document_ids)))
            .order_by(VersionRow.created_at, VersionRow.id)
        )
    ]


def point_heads(
    session: Session, version: VersionRow, group: WorkingGroupRow | None = None
) -> list[tuple[int, str, str | None, str, str]]:
    """(point id, label, heading, uid, text) of each point of the version (of the
    working group's points only, when one is given), in order: the text gives a row
    its first words where a point has no heading."""
    query = (
        select(
            PointStateRow.point_id,
            PointStateRow.label,
            PointStateRow.heading,
            PointRow.uid,
            PointStateRow.text,
        )
        .join(PointRow, PointRow.id == PointStateRow.point_id)
        .where(PointStateRow.version_id == version.id)
        .order_by(PointStateRow.ordinal)
    )
    if group is not None:
        query = query.where(
            PointStateRow.point_id.in_(
                select(WorkingGroupPointRow.point_id).where(
                    WorkingGroupPointRow.group_id == group.id
                )
            )
        )
    return [
        (pid, label, heading, uid, text)
        for pid, label, heading, uid, text in session.execute(query)
    ]


def merge_conflicts(session: Session, version: VersionRow) -> list[tuple[MergeConflictRow, str]]:
    """The merge conflicts recorded on a version, each with its point's uid, in order."""
    return [
        (conflict, uid)
        for conflict, uid in session.execute(
            select(MergeConflictRow, PointRow.uid)
            .join(PointRow, PointRow.id == MergeConflictRow.point_id)
            .where(MergeConflictRow.version_id == version.id)
            .order_by(MergeConflictRow.id)
        )
    ]
