"""Use cases: record a round (cheap to create), complete it later, list rounds.

A round is usually recorded when it starts; its outcome, its end and the versions
it produced (a refined draft tabled the next morning) are filled in afterwards with
``complete_round``. Rounds are listed as the viewer may see them: a round is
read by the delegations that attended and the mediator until the mediator
publishes it (``access.round_readable``), and a produced version of a document the
viewer may not read is left out, so a round never reveals that a caucus or
private document exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from onetext.access import Action, Actor, ensure_allowed, round_readable
from onetext.errors import Conflict, InvalidInput, NotFound
from onetext.model import Level, Round
from onetext.model.document import version_ref
from onetext.store import records
from onetext.store.repository import (
    chosen_version,
    member_row,
    negotiation_row,
    point_state,
    readable,
    version_row,
)
from onetext.store.tables import (
    NegotiationRow,
    RoundAgendaRow,
    RoundAttendeeRow,
    RoundRow,
    RoundVersionRow,
)
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.views.records import RoundView

__all__ = ["RoundView", "complete_round", "list_rounds", "publish_round", "record_round"]


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
    publish: bool = False,
) -> RoundView:
    """Record a meeting; ``agenda`` labels are read in ``agenda_version`` (default: the
    first produced version). Unless ``publish``, only the attendees' delegations and
    the mediator read it."""
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
        visibility="joint" if publish else "attendees",
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
        details={
            "level": level.value,
            "place": place,
            "produced": list(produced),
            "published": publish,
            # the whole round (issue 15): times, outcome, who attended, the agenda
            "starts_at": row.starts_at.astimezone(UTC).isoformat(),
            "ends_at": row.ends_at.astimezone(UTC).isoformat() if row.ends_at else None,
            "outcome": outcome,
            "attendees": sorted(m.handle for m in members),
            "agenda": sorted({s.point.uid for s in agenda_points}),
        },
    )
    uow.commit()
    return _shown(uow, row, actor)


def _round_row(uow: UnitOfWork, negotiation: NegotiationRow, uid: str) -> RoundRow:
    row = records.round_row(uow.session, negotiation, uid.strip())
    if row is None:
        raise NotFound(
            f"unknown round {uid!r} in {negotiation.slug}: `onetext round list` shows their ids"
        )
    return row


def complete_round(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    uid: str,
    *,
    outcome: str | None = None,
    ends_at: datetime | None = None,
    produced: Sequence[str] = (),
    unlink: Sequence[str] = (),
) -> RoundView:
    """Fill in a recorded round after the fact (the mediator only): set its ``outcome``
    and/or ``ends_at`` (``None`` keeps them), link the versions it ``produced`` and
    ``unlink`` versions linked by mistake.

    Linking a version that is already linked is a no-op; unlinking one that is not
    linked is a ``Conflict`` (the reference is probably wrong). A version the actor may
    not read is "not found", exactly like one that does not exist. When nothing
    changes, nothing is written (no audit event); otherwise one ``RoundUpdated`` event
    records the old and new values, so an edit loses nothing.
    """
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.RECORD_ROUND)
    if outcome is None and ends_at is None and not produced and not unlink:
        raise InvalidInput(
            "nothing to change: give an outcome, an end time, or versions to link or unlink"
        )
    row = _round_row(uow, neg, uid)
    if ends_at is not None and ends_at.tzinfo is None:
        ends_at = ends_at.replace(tzinfo=UTC)  # naive times are UTC, as everywhere
    to_link = {v.id: v for v in (version_row(session, neg, ref, actor) for ref in produced)}
    to_unlink = {v.id: v for v in (version_row(session, neg, ref, actor) for ref in unlink)}
    both = sorted(to_link[i].ref for i in to_link.keys() & to_unlink.keys())
    if both:
        raise InvalidInput(f"{', '.join(both)}: asked both to link and to unlink")
    linked = records.round_linked_version_ids(session, row.id)
    stray = sorted(v.ref for i, v in to_unlink.items() if i not in linked)
    if stray:
        raise Conflict(
            f"round {row.uid} is not linked to {', '.join(stray)}: nothing to unlink "
            "(`onetext round list` shows what each round produced)"
        )
    new_end = row.ends_at if ends_at is None else ends_at
    new_outcome = row.outcome if outcome is None else outcome
    Round(  # the model's rules: a round cannot end before it starts
        uid=row.uid,
        level=Level(row.level),
        place=row.place,
        starts_at=row.starts_at,
        ends_at=new_end,
        outcome=new_outcome,
    )
    added = [v for i, v in to_link.items() if i not in linked]
    details: dict[str, object] = {}
    if new_outcome != row.outcome:
        details["outcome"] = {"from": row.outcome, "to": new_outcome}
        row.outcome = new_outcome
    if new_end != row.ends_at:
        details["ends_at"] = {
            "from": row.ends_at.isoformat() if row.ends_at else None,
            "to": new_end.isoformat() if new_end else None,
        }
        row.ends_at = new_end
    if added:
        details["linked"] = [v.ref for v in added]
        session.add_all(RoundVersionRow(round_id=row.id, version_id=v.id) for v in added)
    if to_unlink:
        details["unlinked"] = [v.ref for v in to_unlink.values()]
        for version_id in to_unlink:
            session.delete(session.get_one(RoundVersionRow, (row.id, version_id)))
    if not details:
        return _shown(uow, row, actor)  # nothing changed: nothing written
    session.flush()
    uow.record(actor, "RoundUpdated", "round", row.uid, negotiation=neg.slug, details=details)
    uow.commit()
    return _shown(uow, row, actor)


def publish_round(uow: UnitOfWork, actor: Actor, negotiation: str | None, uid: str) -> RoundView:
    """The mediator publishes a round: from now on everyone in the negotiation reads its
    attendees, agenda and outcome. Recorded in the audit log; publishing twice is a
    no-op."""
    neg = negotiation_row(uow.session, negotiation)
    ensure_allowed(actor, Action.RECORD_ROUND)
    row = _round_row(uow, neg, uid)
    if row.visibility != "joint":
        row.visibility = "joint"
        uow.session.flush()
        uow.record(actor, "RoundPublished", "round", row.uid, negotiation=neg.slug)
        uow.commit()
    return _shown(uow, row, actor)


def _shown(uow: UnitOfWork, row: RoundRow, actor: Actor) -> RoundView:
    view = _view(uow, row, actor)
    if view is None:  # only those who record rounds get here, and they read every round
        raise NotFound(f"unknown round {row.uid!r}")
    return view


def _view(uow: UnitOfWork, row: RoundRow, actor: Actor) -> RoundView | None:
    """The round as ``actor`` reads it, or ``None`` when it may not read it."""
    details = records.round_details(uow.session, row.id)
    published = row.visibility == "joint"
    if not round_readable(actor, details.attendees, details.attendee_parties, published):
        return None
    produced = [
        version_ref(document.slug, number)
        for document, number in details.produced
        if readable(actor, document)
    ]
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
        attendees=details.attendees,
        agenda=details.agenda,
        outcome=row.outcome,
        produced=produced,
        published=published,
    )


def list_rounds(uow: UnitOfWork, actor: Actor, negotiation: str | None) -> list[RoundView]:
    """Every round in time order, with the produced versions ``actor`` may read."""
    neg = negotiation_row(uow.session, negotiation)
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    views = (_view(uow, row, actor) for row in records.negotiation_rounds(uow.session, neg))
    return [view for view in views if view is not None]
