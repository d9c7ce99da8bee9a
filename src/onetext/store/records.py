"""Queries of the negotiation's record: negotiations, parties and members, rounds.

The services decide and the access policy filters; these only read rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from onetext.model import PartyKind
from onetext.store.tables import (
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointStateRow,
    RoundAgendaRow,
    RoundAttendeeRow,
    RoundRow,
    RoundVersionRow,
    VersionRow,
)

__all__ = [
    "RoundDetails",
    "mediator_count",
    "member_handle_taken",
    "negotiation_rounds",
    "negotiation_slug_taken",
    "negotiations_with_counts",
    "parties_with_members",
    "party_accounts",
    "party_slug_taken",
    "round_details",
    "round_linked_version_ids",
    "round_row",
]


def negotiation_slug_taken(session: Session, slug: str) -> bool:
    return (
        session.execute(select(NegotiationRow.id).where(NegotiationRow.slug == slug)).first()
        is not None
    )


def party_slug_taken(session: Session, negotiation: NegotiationRow, slug: str) -> bool:
    return (
        session.execute(
            select(PartyRow.id).where(
                PartyRow.negotiation_id == negotiation.id, PartyRow.slug == slug
            )
        ).first()
        is not None
    )


def mediator_count(session: Session, negotiation: NegotiationRow) -> int:
    return session.execute(
        select(func.count()).where(
            PartyRow.negotiation_id == negotiation.id, PartyRow.kind == PartyKind.MEDIATOR.value
        )
    ).scalar_one()


def member_handle_taken(session: Session, negotiation: NegotiationRow, handle: str) -> bool:
    return (
        session.execute(
            select(MemberRow.id).where(
                MemberRow.negotiation_id == negotiation.id, MemberRow.handle == handle
            )
        ).first()
        is not None
    )


def negotiations_with_counts(session: Session) -> list[tuple[NegotiationRow, int, int, int]]:
    """Every negotiation by name, with its numbers of parties, documents and rounds."""

    def count(table: type[PartyRow | DocumentRow | RoundRow]) -> ScalarSelect[int]:
        return (
            select(func.count())
            .select_from(table)
            .where(table.negotiation_id == NegotiationRow.id)
            .correlate(NegotiationRow)
            .scalar_subquery()
        )

    return [
        (row, parties, documents, rounds)
        for row, parties, documents, rounds in session.execute(
            select(NegotiationRow, count(PartyRow), count(DocumentRow), count(RoundRow)).order_by(
                NegotiationRow.slug
            )
        )
    ]


def parties_with_members(
    session: Session, negotiation: NegotiationRow
) -> list[tuple[PartyRow, list[MemberRow]]]:
    """The parties in the order they joined, each with its members in that order."""
    parties = session.execute(
        select(PartyRow).where(PartyRow.negotiation_id == negotiation.id).order_by(PartyRow.id)
    ).scalars()
    members = (
        session.execute(
            select(MemberRow)
            .where(MemberRow.negotiation_id == negotiation.id)
            .order_by(MemberRow.id)
        )
        .scalars()
        .all()
    )
    return [(p, [m for m in members if m.party_id == p.id]) for p in parties]


def party_accounts(session: Session, party: PartyRow) -> tuple[bool, bool]:
    """Whether any member of ``party`` has a user account, and whether a principal does."""
    from onetext.store.accounts_tables import MembershipRow

    levels = set(
        session.execute(
            select(MemberRow.level)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(MemberRow.party_id == party.id)
            .distinct()
        ).scalars()
    )
    return bool(levels), "principal" in levels


def round_row(session: Session, negotiation: NegotiationRow, uid: str) -> RoundRow | None:
    return session.execute(
        select(RoundRow).where(RoundRow.negotiation_id == negotiation.id, RoundRow.uid == uid)
    ).scalar()


def negotiation_rounds(session: Session, negotiation: NegotiationRow) -> list[RoundRow]:
    """Every round of the negotiation in time order."""
    return list(
        session.execute(
            select(RoundRow)
            .where(RoundRow.negotiation_id == negotiation.id)
            .order_by(RoundRow.starts_at, RoundRow.id)
        ).scalars()
    )


def round_linked_version_ids(session: Session, round_id: int) -> set[int]:
    return set(
        session.execute(
            select(RoundVersionRow.version_id).where(RoundVersionRow.round_id == round_id)
        ).scalars()
    )


@dataclass(frozen=True, slots=True)
class RoundDetails:
    """What a round's record links to: attendees' handles, the documents and version
    numbers it produced (the caller keeps those its reader may read), agenda labels."""

    attendees: list[str]
    produced: list[tuple[DocumentRow, int]]
    agenda: list[str]
    attendee_parties: frozenset[str] = frozenset()


def round_details(session: Session, round_id: int) -> RoundDetails:
    attending = session.execute(
        select(MemberRow.handle, PartyRow.slug)
        .join(RoundAttendeeRow, RoundAttendeeRow.member_id == MemberRow.id)
        .join(PartyRow, PartyRow.id == MemberRow.party_id)
        .where(RoundAttendeeRow.round_id == round_id)
        .order_by(MemberRow.handle)
    ).all()
    attendees = [handle for handle, _party in attending]
    produced = session.execute(
        select(DocumentRow, VersionRow.number)
        .join(VersionRow, VersionRow.document_id == DocumentRow.id)
        .join(RoundVersionRow, RoundVersionRow.version_id == VersionRow.id)
        .where(RoundVersionRow.round_id == round_id)
        .order_by(DocumentRow.id, VersionRow.number)
    ).all()
    # each agenda point under the label of its latest wording
    latest_label = (
        select(PointStateRow.label)
        .where(PointStateRow.point_id == RoundAgendaRow.point_id)
        .order_by(PointStateRow.id.desc())
        .limit(1)
        .correlate(RoundAgendaRow)
        .scalar_subquery()
    )
    agenda = session.execute(
        select(latest_label).where(RoundAgendaRow.round_id == round_id)
    ).scalars()
    return RoundDetails(
        list(attendees),
        [(document, number) for document, number in produced],
        [label for label in agenda if label is not None],
        frozenset(party for _handle, party in attending),
    )
