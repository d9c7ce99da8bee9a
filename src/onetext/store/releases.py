"""Queries of releases: statements with their consents, by the names people type."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from onetext.errors import NotFound
from onetext.store.release_tables import PublicStatementRow, StatementConsentRow, StatementRow
from onetext.store.tables import NegotiationRow, PartyRow

__all__ = ["consenting_parties", "public_statements_of", "statement_row", "statements_of"]


def statement_row(session: Session, negotiation: NegotiationRow, uid: str) -> StatementRow:
    row = session.execute(
        select(StatementRow).where(
            StatementRow.negotiation_id == negotiation.id, StatementRow.uid == uid
        )
    ).scalar()
    if row is None:
        raise NotFound(f"no statement {uid} in {negotiation.slug}")
    return row


def statements_of(session: Session, negotiation: NegotiationRow) -> Sequence[StatementRow]:
    return (
        session.execute(
            select(StatementRow)
            .where(StatementRow.negotiation_id == negotiation.id)
            .order_by(StatementRow.created_at, StatementRow.id)
        )
        .scalars()
        .all()
    )


def consenting_parties(session: Session, statement_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each statement's consenting parties (slugs), in the order they consented."""
    rows = session.execute(
        select(StatementConsentRow.statement_id, PartyRow.slug)
        .join(PartyRow, PartyRow.id == StatementConsentRow.party_id)
        .where(StatementConsentRow.statement_id.in_(list(statement_ids)))
        .order_by(StatementConsentRow.consented_at, PartyRow.slug)
    )
    found: dict[int, list[str]] = {}
    for statement_id, party in rows:
        found.setdefault(statement_id, []).append(party)
    return found


def public_statements_of(
    session: Session, negotiation: NegotiationRow
) -> Sequence[PublicStatementRow]:
    return (
        session.execute(
            select(PublicStatementRow)
            .where(PublicStatementRow.negotiation_id == negotiation.id)
            .order_by(PublicStatementRow.said_at, PublicStatementRow.id)
        )
        .scalars()
        .all()
    )
