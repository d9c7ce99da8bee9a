"""Use cases: record a round (cheap to create), list rounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from onetext.access import Action, Actor, ensure_allowed
from onetext.model import Level, Round
from onetext.service.lookup import (
    chosen_version,
    member_row,
    negotiation_row,
    point_state,
    version_row,
)
from onetext.service.unit_of_work import UnitOfWork, new_uid
from onetext.store.tables import (
    DocumentRow,
    MemberRow,
    PointStateRow,
    RoundAgendaRow,
    RoundAttendeeRow,
    RoundRow,
    RoundVersionRow,
    VersionRow,
)

__all__ = ["RoundView", "list_rounds", "record_round"]


@dataclass(frozen=True, slots=True)
class RoundView:
    uid: str
    level: str
    place: str
    starts_at: str
    ends_at: str | None
    hours: float | None
    attendees: list[str]
    agenda: list[str]
    outcome: str
    produced: list[str]


def record_round(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    level: Level,
    place: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    attendees: Sequence[str] = (),
    agenda: Sequence[str] = (),
    agenda_version: str | None = None,
    outcome: str = "",
    produced: Sequence[str] = (),
) -> RoundView:
    """Record a meeting; ``agenda`` labels are read in ``agenda_version`` (default: the
    first produced version)."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.RECORD_ROUND)
    rnd = Round(
        uid=new_uid("rnd"),
        level=level,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        attendees=tuple(attendees),
        agenda=tuple(agenda),
        outcome=outcome,
        produced_versions=tuple(produced),
    )
    members = [member_row(session, neg, handle) for handle in dict.fromkeys(attendees)]
    versions = [version_row(session, neg, ref, actor) for ref in dict.fromkeys(produced)]
    agenda_points = []
    if agenda:
        base = (
            versions[0]
            if agenda_version is None and versions
            else chosen_version(session, neg, agenda_version, actor)
        )
        agenda_points = [point_state(session, base, label) for label in dict.fromkeys(agenda)]
    row = RoundRow(
        uid=rnd.uid,
        negotiation_id=neg.id,
        level=level.value,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        outcome=outcome,
    )
    session.add(row)
    session.flush()
    session.add_all(RoundAttendeeRow(round_id=row.id, member_id=m.id) for m in members)
    session.add_all(RoundVersionRow(round_id=row.id, version_id=v.id) for v in versions)
    session.add_all(RoundAgendaRow(round_id=row.id, point_id=s.point_id) for s in agenda_points)
    session.flush()
    uow.record(
        actor,
        "RoundRecorded",
        "round",
        rnd.uid,
        negotiation=neg.slug,
        details={"level": level.value, "place": place, "produced": list(produced)},
    )
    uow.commit()
    return _view(uow, row)


def _view(uow: UnitOfWork, row: RoundRow) -> RoundView:
    session = uow.session
    attendees = (
        session.execute(
            select(MemberRow.handle)
            .join(RoundAttendeeRow, RoundAttendeeRow.member_id == MemberRow.id)
            .where(RoundAttendeeRow.round_id == row.id)
            .order_by(MemberRow.handle)
        )
        .scalars()
        .all()
    )
    produced = session.execute(
        select(DocumentRow.slug, VersionRow.number)
        .join(VersionRow, VersionRow.document_id == DocumentRow.id)
        .join(RoundVersionRow, RoundVersionRow.version_id == VersionRow.id)
        .where(RoundVersionRow.round_id == row.id)
    ).all()
    agenda_ids = (
        session.execute(select(RoundAgendaRow.point_id).where(RoundAgendaRow.round_id == row.id))
        .scalars()
        .all()
    )
    labels: list[str] = []
    for point_id in agenda_ids:
        label = session.execute(
            select(PointStateRow.label)
            .where(PointStateRow.point_id == point_id)
            .order_by(PointStateRow.id.desc())
            .limit(1)
        ).scalar()
        if label is not None:
            labels.append(label)
    hours = None
    if row.ends_at is not None:
        hours = round((row.ends_at - row.starts_at).total_seconds() / 3600, 2)
    return RoundView(
        uid=row.uid,
        level=row.level,
        place=row.place,
        starts_at=row.starts_at.isoformat(),
        ends_at=row.ends_at.isoformat() if row.ends_at else None,
        hours=hours,
        attendees=list(attendees),
        agenda=labels,
        outcome=row.outcome,
        produced=[f"{doc}@{number}" for doc, number in produced],
    )


def list_rounds(uow: UnitOfWork, negotiation: str | None) -> list[RoundView]:
    neg = negotiation_row(uow.session, negotiation)
    rows = uow.session.execute(
        select(RoundRow).where(RoundRow.negotiation_id == neg.id).order_by(RoundRow.starts_at)
    ).scalars()
    return [_view(uow, row) for row in rows]
