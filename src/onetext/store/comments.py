"""Queries of comments: the threads on a document's units, a comment by its uid.

Which comments a reader may see is decided by the caller (``access``); these only read
rows, each with what the rule needs (the commenting party, the document's owner and
visibility).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from onetext.store.comment_tables import CommentRow
from onetext.store.tables import (
    DocumentRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    VersionRow,
)

__all__ = ["StoredComment", "comment_by_uid", "comments_on_document"]


@dataclass(frozen=True, slots=True)
class StoredComment:
    row: CommentRow
    party: str
    point_uid: str
    version_ref: str
    label: str | None  # the unit's label in the version the comment was made on
    document_owner: str
    document_visibility: str


def _query(negotiation: NegotiationRow) -> Select[*tuple[Any, ...]]:
    owner = aliased(PartyRow)
    query: Select[*tuple[Any, ...]] = (
        select(
            CommentRow,
            PartyRow.slug,
            PointRow.uid,
            DocumentRow.slug,
            VersionRow.number,
            PointStateRow.label,
            owner.slug,
            DocumentRow.visibility,
        )
        .join(PartyRow, PartyRow.id == CommentRow.party_id)
        .join(PointRow, PointRow.id == CommentRow.point_id)
        .join(VersionRow, VersionRow.id == CommentRow.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(owner, owner.id == DocumentRow.owner_party_id)
        .outerjoin(
            PointStateRow,
            (PointStateRow.version_id == CommentRow.version_id)
            & (PointStateRow.point_id == CommentRow.point_id),
        )
        .where(CommentRow.negotiation_id == negotiation.id)
        .order_by(CommentRow.created_at, CommentRow.id)
    )
    return query


def _stored(rows: Iterable[Any]) -> list[StoredComment]:
    found = []
    for row, party, point, document, number, label, owner, visibility in rows:
        found.append(
            StoredComment(row, party, point, f"{document}@{number}", label, owner, visibility)
        )
    return found


def comments_on_document(
    session: Session,
    negotiation: NegotiationRow,
    document_id: int,
    point_ids: Collection[int] | None = None,
) -> list[StoredComment]:
    """Every comment made on any version of the document (on these points), oldest first."""
    query = _query(negotiation).where(DocumentRow.id == document_id)
    if point_ids is not None:
        query = query.where(CommentRow.point_id.in_(list(point_ids)))
    return _stored(session.execute(query))


def comment_by_uid(session: Session, negotiation: NegotiationRow, uid: str) -> StoredComment | None:
    found = _stored(session.execute(_query(negotiation).where(CommentRow.uid == uid)))
    return found[0] if found else None
