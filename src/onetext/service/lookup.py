"""Find rows by the names people type; unknown names raise ``NotFound`` with the choices."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onetext.errors import InvalidInput, NotFound
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
    "default_version",
    "document_row",
    "member_row",
    "negotiation_row",
    "party_row",
    "point_state",
    "version_row",
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


def member_row(session: Session, negotiation: NegotiationRow, handle: str) -> MemberRow:
    row = session.execute(
        select(MemberRow).where(
            MemberRow.negotiation_id == negotiation.id, MemberRow.handle == handle
        )
    ).scalar()
    if row is None:
        raise NotFound(f"unknown member {handle!r} in {negotiation.slug}")
    return row


def document_row(session: Session, negotiation: NegotiationRow, slug: str) -> DocumentRow:
    row = session.execute(
        select(DocumentRow).where(
            DocumentRow.negotiation_id == negotiation.id, DocumentRow.slug == slug
        )
    ).scalar()
    if row is None:
        names = list(
            session.execute(
                select(DocumentRow.slug).where(DocumentRow.negotiation_id == negotiation.id)
            ).scalars()
        )
        raise NotFound(
            f"unknown document {slug!r} in {negotiation.slug} (known: {_choices(names)})"
        )
    return row


def version_row(session: Session, negotiation: NegotiationRow, ref: str) -> VersionRow:
    """``doc@3`` is version 3 of document ``doc``; ``doc`` alone is its latest version."""
    found = _REF.match(ref.strip())
    if not found:
        raise InvalidInput(f"invalid version reference {ref!r}: expected DOCUMENT or DOCUMENT@N")
    document = document_row(session, negotiation, found.group("doc"))
    query = select(VersionRow).where(VersionRow.document_id == document.id)
    if found.group("num"):
        row = session.execute(query.where(VersionRow.number == int(found.group("num")))).scalar()
    else:
        row = session.execute(query.order_by(VersionRow.number.desc()).limit(1)).scalar()
    if row is None:
        raise NotFound(f"no version {ref!r} in {negotiation.slug}")
    return row


def default_version(session: Session, negotiation: NegotiationRow) -> VersionRow:
    """The version the mediator put in focus, else the one most recently marked, else the
    most recently tabled."""
    if negotiation.focus_version_id is not None:
        return session.get_one(VersionRow, negotiation.focus_version_id)
    marked = session.execute(
        select(PositionRow.version_id)
        .where(PositionRow.negotiation_id == negotiation.id)
        .order_by(PositionRow.marked_at.desc(), PositionRow.id.desc())
        .limit(1)
    ).scalar()
    if marked is not None:
        return session.get_one(VersionRow, marked)
    latest = session.execute(
        select(VersionRow)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .where(DocumentRow.negotiation_id == negotiation.id)
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
