"""Queries of drafts in progress: a member's draft of a document, its units in order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from onetext.store.draft_tables import EditDraftRow, EditDraftUnitRow

__all__ = ["draft_of", "draft_units", "drop_draft", "replace_units"]


def draft_of(session: Session, member_id: int, document_id: int) -> EditDraftRow | None:
    return session.execute(
        select(EditDraftRow).where(
            EditDraftRow.member_id == member_id, EditDraftRow.document_id == document_id
        )
    ).scalar()


def draft_units(session: Session, draft: EditDraftRow) -> list[EditDraftUnitRow]:
    return list(
        session.execute(
            select(EditDraftUnitRow)
            .where(EditDraftUnitRow.draft_id == draft.id)
            .order_by(EditDraftUnitRow.ordinal)
        ).scalars()
    )


def replace_units(
    session: Session,
    draft: EditDraftRow,
    units: Sequence[tuple[str | None, str, str | None, str]],
) -> None:
    """The draft's units become ``units`` (point uid, label, heading, text), in order."""
    session.execute(delete(EditDraftUnitRow).where(EditDraftUnitRow.draft_id == draft.id))
    session.add_all(
        EditDraftUnitRow(
            draft_id=draft.id,
            ordinal=index,
            point_uid=point,
            label=label,
            heading=heading,
            text=text,
        )
        for index, (point, label, heading, text) in enumerate(units)
    )


def drop_draft(session: Session, draft: EditDraftRow) -> None:
    session.execute(delete(EditDraftUnitRow).where(EditDraftUnitRow.draft_id == draft.id))
    session.execute(delete(EditDraftRow).where(EditDraftRow.id == draft.id))
