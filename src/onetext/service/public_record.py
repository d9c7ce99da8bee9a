"""Use cases: the record of public statements about the talks.

Who said what, where and when; when it claims a party's stance on a point, it is
shown beside what the *joint* record held for that party and point on that date (the
public's reading, ``access.public_reader``, whoever looks: the comparison never
reveals a caucus or private mark, even to the mediator).
"""

from __future__ import annotations

from datetime import datetime

from onetext.access import Action, Actor, ensure_allowed, public_reader
from onetext.errors import InvalidInput
from onetext.model import Stance
from onetext.store.marks import MarksQuery, mark_history
from onetext.store.release_tables import PublicStatementRow
from onetext.store.releases import public_statements_of
from onetext.store.repository import (
    chosen_version,
    negotiation_row,
    party_row,
    point_state,
)
from onetext.store.tables import NegotiationRow
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.views.record import PublicStatementView

__all__ = ["list_public_statements", "record_public_statement"]


def _compared(
    uow: UnitOfWork, negotiation: NegotiationRow, row: PublicStatementRow
) -> PublicStatementView:
    shown = marked = None
    if row.party and row.point:
        reader = public_reader()
        version = chosen_version(uow.session, negotiation, row.version, reader)
        state = point_state(uow.session, version, row.point)
        party = party_row(uow.session, negotiation, row.party)
        history = [
            m
            for m in mark_history(
                uow.session,
                MarksQuery(
                    negotiation=negotiation, version=version, reader=reader, parties=[party]
                ),
                state,
            )
            if m.option is None and m.marked_at <= row.said_at
        ]
        if history:
            shown, marked = history[-1].stance, history[-1].marked_at.isoformat()
    agrees = None if row.claimed_stance is None or shown is None else row.claimed_stance == shown
    return PublicStatementView(
        uid=row.uid,
        speaker=row.speaker,
        venue=row.venue,
        said_at=row.said_at.isoformat(),
        quote=row.quote,
        party=row.party,
        point=row.point,
        version=row.version,
        claimed_stance=row.claimed_stance,
        record_shows=shown,
        record_marked_at=marked,
        agrees=agrees,
    )


def record_public_statement(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    speaker: str,
    venue: str,
    said_at: datetime,
    quote: str,
    party: str | None = None,
    point: str | None = None,
    version: str | None = None,
    claimed_stance: Stance | None = None,
) -> PublicStatementView:
    ensure_allowed(actor, Action.RECORD_PUBLIC_STATEMENT)
    if not speaker.strip() or not quote.strip():
        raise InvalidInput("a public statement needs a speaker and what was said")
    if len(speaker) > 300 or len(venue) > 300:
        raise InvalidInput("speaker and venue have at most 300 characters each")
    if (claimed_stance is not None) and not (party and point):
        raise InvalidInput("a claimed stance needs the party and the point it is about")
    neg = negotiation_row(uow.session, negotiation)
    if party:
        party_row(uow.session, neg, party)
    if point:  # the point must exist in the version the public reads
        point_state(uow.session, chosen_version(uow.session, neg, version, public_reader()), point)
    row = PublicStatementRow(
        uid=new_uid("ps"),
        negotiation_id=neg.id,
        speaker=speaker.strip(),
        venue=venue.strip(),
        said_at=said_at,
        quote=quote,
        party=party,
        point=point,
        version=version,
        claimed_stance=claimed_stance.value if claimed_stance else None,
        recorded_by=actor.label,
        recorded_at=uow.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    uow.record(
        actor,
        "PublicStatementRecorded",
        "public_statement",
        row.uid,
        negotiation=neg.slug,
        details={
            "speaker": row.speaker,
            "venue": row.venue,
            "said_at": row.said_at.isoformat(),
            "quote": row.quote,
            "party": party,
            "point": point,
            "version": version,
            "claimed_stance": row.claimed_stance,
        },
    )
    uow.commit()
    return _compared(uow, neg, row)


def list_public_statements(
    uow: UnitOfWork, actor: Actor, negotiation: str | None
) -> list[PublicStatementView]:
    """Every public statement recorded, oldest first, each beside the joint record."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    neg = negotiation_row(uow.session, negotiation)
    return [_compared(uow, neg, row) for row in public_statements_of(uow.session, neg)]
