"""Find rows by the names people type; unknown names raise ``NotFound`` with the choices."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onetext.access import Actor, document_readable
from onetext.errors import InvalidInput, NotFound
from onetext.store.escalation_tables import WorkingGroupRow
from onetext.store.tables import (
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointStateRow,
    PositionRow,
    VersionRow,
)

__all__ = [
    "chosen_version",
    "default_version",
    "document_row",
    "member_row",
    "negotiating_parties",
    "negotiation_row",
    "party_row",
    "point_state",
    "readable",
    "readable_documents",
    "version_row",
    "working_group_row",
]

_REF = re.compile(r"^(?P<doc>[a-z0-9][a-z0-9_-]*)(?:@(?P<num>\d+))?$")


def _choices(names: Sequence[str]) -> str:
    return ", ".join(names[:12]) + (" ..." if len(names) > 12 else "") if names else "none yet"


def negotiation_row(session: Session, slug: str | None) -> NegotiationRow:
    """The named negotiation, or the only one when no name is given."""
    if slug is None:
        rows = session.execute(select(NegotiationRow).limit(2)).scalars().all()
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise NotFound("no negotiation in this database: create one or run `onetext demo`")
        names = session.execute(select(NegotiationRow.slug)).scalars().all()
        raise InvalidInput(f"several negotiations: name one with --negotiation ({_choices(names)})")
    row = session.execute(select(NegotiationRow).where(NegotiationRow.slug == slug)).scalar()
    if row is None:
        names = list(session.execute(select(NegotiationRow.slug)).scalars())
        raise NotFound(f"unknown negotiation {slug!r} (known: {_choices(names)})")
    return row


def party_row(session: Session, negotiation: NegotiationRow, slug: str) -> PartyRow:
    row = session.execute(
        select(PartyRow).where(PartyRow.negotiation_id == negotiation.id, PartyRow.slug == slug)
    ).scalar()
    if row is None:
        names = list(
            session.execute(
                select(PartyRow.slug).where(PartyRow.negotiation_id == negotiation.id)
            ).scalars()
        )
        raise NotFound(f"unknown party {slug!r} in {negotiation.slug} (known: {_choices(names)})")
    return row


def working_group_row(session: Session, negotiation: NegotiationRow, slug: str) -> WorkingGroupRow:
    row = session.execute(
        select(WorkingGroupRow).where(
            WorkingGroupRow.negotiation_id == negotiation.id, WorkingGroupRow.slug == slug
        )
    ).scalar()
    if row is None:
        names = list(
            session.execute(
                select(WorkingGroupRow.slug).where(WorkingGroupRow.negotiation_id == negotiation.id)
            ).scalars()
        )
        raise NotFound(
            f"unknown working group {slug!r} in {negotiation.slug} (known: {_choices(names)})"
        )
    return row


def member_row(session: Session, negotiation: NegotiationRow, handle: str) -> MemberRow:
    row = session.execute(
        select(MemberRow).where(
            MemberRow.negotiation_id == negotiation.id, MemberRow.handle == handle
        )
    ).scalar()
    if row is None:
        raise NotFound(f"unknown member {handle!r} in {negotiation.slug}")
    return row


def readable(actor: Actor, document: DocumentRow) -> bool:
    return document_readable(actor, document.owner.slug, document.visibility)


def readable_documents(
    session: Session, negotiation: NegotiationRow, actor: Actor
) -> list[DocumentRow]:
    rows = session.execute(
        select(DocumentRow)
        .where(DocumentRow.negotiation_id == negotiation.id)
        .order_by(DocumentRow.id)
    ).scalars()
    return [row for row in rows if readable(actor, row)]


def document_row(
    session: Session, negotiation: NegotiationRow, slug: str, actor: Actor
) -> DocumentRow:
    """The named document if the actor may read it; otherwise it does not exist for them."""
    row = session.execute(
        select(DocumentRow).where(
            DocumentRow.negotiation_id == negotiation.id, DocumentRow.slug == slug
        )
    ).scalar()
    if row is None or not readable(actor, row):
        names = [d.slug for d in readable_documents(session, negotiation, actor)]
        raise NotFound(
            f"unknown document {slug!r} in {negotiation.slug} (known: {_choices(names)})"
        )
    return row


def version_row(
    session: Session, negotiation: NegotiationRow, ref: str, actor: Actor
) -> VersionRow:
    """``doc@3`` is version 3 of document ``doc``; ``doc`` alone is its latest version."""
    found = _REF.match(ref.strip())
    if not found:
        raise InvalidInput(f"invalid version reference {ref!r}: expected DOCUMENT or DOCUMENT@N")
    document = document_row(session, negotiation, found.group("doc"), actor)
    query = select(VersionRow).where(VersionRow.document_id == document.id)
    if found.group("num"):
        row = session.execute(query.where(VersionRow.number == int(found.group("num")))).scalar()
    else:
        row = session.execute(query.order_by(VersionRow.number.desc()).limit(1)).scalar()
    if row is None:
        raise NotFound(f"no version {ref!r} in {negotiation.slug}")
    return row


def default_version(session: Session, negotiation: NegotiationRow, actor: Actor) -> VersionRow:
    """Of the versions the actor may read: the one the mediator put in focus, else the one
    most recently marked, else the most recently tabled."""
    ids = [d.id for d in readable_documents(session, negotiation, actor)]
    if negotiation.focus_version_id is not None:
        focus = session.get_one(VersionRow, negotiation.focus_version_id)
        if focus.document_id in ids:
            return focus
    marked = session.execute(
        select(PositionRow.version_id)
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .where(PositionRow.negotiation_id == negotiation.id, VersionRow.document_id.in_(ids))
        .order_by(PositionRow.marked_at.desc(), PositionRow.id.desc())
        .limit(1)
    ).scalar()
    if marked is not None:
        return session.get_one(VersionRow, marked)
    latest = session.execute(
        select(VersionRow)
        .where(VersionRow.document_id.in_(ids))
        .order_by(VersionRow.created_at.desc(), VersionRow.id.desc())
        .limit(1)
    ).scalar()
    if latest is None:
        raise NotFound(f"{negotiation.slug} has no draft yet: import one with `onetext import`")
    return latest


def point_state(session: Session, version: VersionRow, label: str) -> PointStateRow:
    row = session.execute(
        select(PointStateRow).where(
            PointStateRow.version_id == version.id, PointStateRow.label == label
        )
    ).scalar()
    if row is None:
        count = session.execute(
            select(func.count()).where(PointStateRow.version_id == version.id)
        ).scalar_one()
        raise NotFound(
            f"no point {label!r} in {version.document.slug}@{version.number} ({count} points)"
        )
    return row


def chosen_version(
    session: Session, negotiation: NegotiationRow, ref: str | None, actor: Actor
) -> VersionRow:
    """The named version, or the default one (see ``default_version``)."""
    if ref:
        return version_row(session, negotiation, ref, actor)
    return default_version(session, negotiation, actor)


def negotiating_parties(session: Session, negotiation: NegotiationRow) -> list[PartyRow]:
    """The parties proper (not the mediator nor observers), in the order they joined."""
    return list(
        session.execute(
            select(PartyRow)
            .where(PartyRow.negotiation_id == negotiation.id, PartyRow.kind == "party")
            .order_by(PartyRow.id)
        ).scalars()
    )
