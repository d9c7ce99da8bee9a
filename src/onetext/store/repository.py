"""Find rows by the names people type; unknown names raise ``NotFound`` with the choices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager

from onetext.access import Actor, document_readable
from onetext.errors import InvalidInput, NotFound
from onetext.store.escalation_tables import WorkingGroupRow
from onetext.store.tables import (
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    VersionRow,
)

__all__ = [
    "all_parties",
    "chosen_version",
    "default_version",
    "document_row",
    "documents_named",
    "member_row",
    "negotiating_parties",
    "negotiation_row",
    "party_row",
    "point_state",
    "readable",
    "readable_documents",
    "remember",
    "resolve_name",
    "version_point",
    "version_row",
    "working_group_row",
]

_MAX_NUMBER_DIGITS = 9
"""Version numbers longer than this are no version (and overflow an SQL integer)."""

_REF = re.compile(r"^(?P<doc>(?:[a-z0-9][a-z0-9_-]*:)?[a-z0-9][a-z0-9_-]*)(?:@(?P<num>\d+))?$")
"""``doc``, ``doc@3``, ``owner:doc@3`` (the document ``doc`` of party ``owner``)."""


def _choices(names: Sequence[str]) -> str:
    return ", ".join(names[:12]) + (" ..." if len(names) > 12 else "") if names else "none yet"


def _known(session: Session) -> dict[tuple[object, ...], Any]:
    """Rows already found by name in this unit of work: a request resolves its
    negotiation and parties once, whichever service asks (``remember``)."""
    known: dict[tuple[object, ...], Any] = session.info.setdefault("onetext.known", {})
    return known


def remember(session: Session, *rows: NegotiationRow | PartyRow) -> None:
    """Let later lookups by name in this unit of work find these rows without a query
    (the web app's one membership query loads the negotiation and the party)."""
    known = _known(session)
    for row in rows:
        if isinstance(row, NegotiationRow):
            known["negotiation", row.slug] = row
        else:
            known["party", row.negotiation_id, row.slug] = row


def negotiation_row(session: Session, slug: str | None) -> NegotiationRow:
    """The named negotiation, or the only one when no name is given."""
    if slug is not None and ("negotiation", slug) in _known(session):
        found: NegotiationRow = _known(session)["negotiation", slug]
        return found
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
    remember(session, row)
    return row


def _named(
    session: Session,
    table: type[PartyRow] | type[WorkingGroupRow],
    negotiation: NegotiationRow,
    slug: str,
    what: str,
) -> Any:
    """The row of ``table`` named ``slug`` in the negotiation, or ``NotFound`` naming the
    known ones."""
    row = session.execute(
        select(table).where(table.negotiation_id == negotiation.id, table.slug == slug)
    ).scalar()
    if row is None:
        names = list(
            session.execute(
                select(table.slug).where(table.negotiation_id == negotiation.id)
            ).scalars()
        )
        raise NotFound(f"unknown {what} {slug!r} in {negotiation.slug} (known: {_choices(names)})")
    return row


def party_row(session: Session, negotiation: NegotiationRow, slug: str) -> PartyRow:
    if ("party", negotiation.id, slug) in _known(session):
        found: PartyRow = _known(session)["party", negotiation.id, slug]
        return found
    row: PartyRow = _named(session, PartyRow, negotiation, slug, "party")
    remember(session, row)
    return row


def working_group_row(session: Session, negotiation: NegotiationRow, slug: str) -> WorkingGroupRow:
    group: WorkingGroupRow = _named(session, WorkingGroupRow, negotiation, slug, "working group")
    return group


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


def _split_name(name: str) -> tuple[str | None, str]:
    """``owner:doc`` -> (owner, doc); ``doc`` -> (None, doc)."""
    owner, colon, slug = name.rpartition(":")
    return (owner if colon else None), slug


def resolve_name(
    candidates: Sequence[DocumentRow], actor: Actor, owner: str | None = None
) -> DocumentRow | None:
    """The document a name means to ``actor`` among ``candidates`` (documents of that
    name): only those it may read count, so the answer never depends on a document it
    cannot read. ``owner:doc`` picks the owner's; otherwise the actor's own party's
    document first (a name a party gave keeps meaning the same thing when another
    party later tables a joint document of that name), then the joint one, then the
    only one left; several left (a mediator reading two parties' caucus papers of one
    name) is refused naming each ``owner:doc``."""
    mine = [d for d in candidates if readable(actor, d)]
    if owner is not None:
        mine = [d for d in mine if d.owner.slug == owner]
    if len(mine) <= 1:
        return mine[0] if mine else None
    own = [d for d in mine if actor.party is not None and d.owner.slug == actor.party]
    joint = [d for d in mine if d.visibility == "joint"]
    for chosen in (own, joint):
        if len(chosen) == 1:
            return chosen[0]
    names = sorted(f"{d.owner.slug}:{d.slug}" for d in mine)
    raise InvalidInput(
        f"several documents you read are named {mine[0].slug!r}: say which ({', '.join(names)})"
    )


def documents_named(session: Session, negotiation: NegotiationRow, slug: str) -> list[DocumentRow]:
    """Every document of that name, with its owner, whoever may read it."""
    return list(
        session.execute(
            select(DocumentRow)
            .join(PartyRow, PartyRow.id == DocumentRow.owner_party_id)
            .options(contains_eager(DocumentRow.owner))
            .where(DocumentRow.negotiation_id == negotiation.id, DocumentRow.slug == slug)
            .order_by(DocumentRow.id)
        ).scalars()
    )


def document_row(
    session: Session, negotiation: NegotiationRow, slug: str, actor: Actor
) -> DocumentRow:
    """The named document (``doc`` or ``owner:doc``) as the actor resolves it among the
    documents it may read; otherwise it does not exist for them."""
    owner, name = _split_name(slug)
    row = resolve_name(documents_named(session, negotiation, name), actor, owner)
    if row is None:
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
    if found.group("num") and len(found.group("num")) > _MAX_NUMBER_DIGITS:
        raise NotFound(f"no version {ref!r} in {negotiation.slug}")
    if found.group("num"):
        row = session.execute(query.where(VersionRow.number == int(found.group("num")))).scalar()
    else:
        row = session.execute(query.order_by(VersionRow.number.desc()).limit(1)).scalar()
    if row is None:
        raise NotFound(f"no version {ref!r} in {negotiation.slug}")
    return row


def version_point(
    session: Session, negotiation: NegotiationRow, ref: str, label: str, actor: Actor
) -> tuple[VersionRow, PointStateRow]:
    """``point_state(version_row(ref), label)``: one query when ``ref`` names a version
    number and the point is there (a mark's common path); otherwise the two lookups
    give their own answer (not found, unreadable) as they always do."""
    found = _REF.match(ref.strip())
    if found and found.group("num") and len(found.group("num")) <= _MAX_NUMBER_DIGITS:
        owner, name = _split_name(found.group("doc"))
        # every document of the name (the actor resolves among them), each with the
        # version and point asked for when it has them: one query
        hits = session.execute(
            select(DocumentRow, VersionRow, PointStateRow)
            .join(PartyRow, PartyRow.id == DocumentRow.owner_party_id)
            .outerjoin(
                VersionRow,
                (VersionRow.document_id == DocumentRow.id)
                & (VersionRow.number == int(found.group("num"))),
            )
            .outerjoin(
                PointStateRow,
                (PointStateRow.version_id == VersionRow.id) & (PointStateRow.label == label),
            )
            .outerjoin(PointRow, PointRow.id == PointStateRow.point_id)
            # the owner and the point come along: nothing is loaded lazily
            .options(
                contains_eager(DocumentRow.owner),
                contains_eager(VersionRow.document),
                contains_eager(PointStateRow.point),
            )
            .where(DocumentRow.negotiation_id == negotiation.id, DocumentRow.slug == name)
        ).all()
        chosen = resolve_name([hit.DocumentRow for hit in hits], actor, owner)
        for hit in hits:
            if hit.DocumentRow is chosen and hit.PointStateRow is not None:
                return hit.VersionRow, hit.PointStateRow
    version = version_row(session, negotiation, ref, actor)
    return version, point_state(session, version, label)


def default_version(session: Session, negotiation: NegotiationRow, actor: Actor) -> VersionRow:
    """Of the versions the actor may read: the one the mediator put in focus, else the
    latest tabled version of the text under negotiation (a joint draft first, then any
    draft or counter-draft, then anything tabled). Not the version last marked: that
    opened every page on the oldest draft, where the marks had been made."""
    documents = readable_documents(session, negotiation, actor)
    ids = [d.id for d in documents]
    if negotiation.focus_version_id is not None:
        focus = session.get_one(VersionRow, negotiation.focus_version_id)
        if focus.document_id in ids:
            return focus
    texts = [d for d in documents if d.main_document_id is None and d.kind == "draft"]
    joint = [d.id for d in texts if d.visibility == "joint"]
    drafts = [
        d.id
        for d in documents
        if d.main_document_id is None and d.kind in {"draft", "counter_draft"}
    ]
    for candidates in (joint, drafts, ids):
        if not candidates:
            continue
        latest = session.execute(
            select(VersionRow)
            .where(VersionRow.document_id.in_(candidates))
            .order_by(VersionRow.created_at.desc(), VersionRow.id.desc())
            .limit(1)
        ).scalar()
        if latest is not None:
            return latest
    raise NotFound(f"{negotiation.slug} has no draft yet: import one with `onetext import`")


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
        raise NotFound(f"no point {label!r} in {version.ref} ({count} points)")
    return row


def chosen_version(
    session: Session, negotiation: NegotiationRow, ref: str | None, actor: Actor
) -> VersionRow:
    """The named version, or the default one (see ``default_version``)."""
    if ref:
        return version_row(session, negotiation, ref, actor)
    return default_version(session, negotiation, actor)


def all_parties(session: Session, negotiation: NegotiationRow) -> list[PartyRow]:
    """Every party of the negotiation, mediator and observers included, as they joined."""
    return list(
        session.execute(
            select(PartyRow).where(PartyRow.negotiation_id == negotiation.id).order_by(PartyRow.id)
        ).scalars()
    )


def negotiating_parties(session: Session, negotiation: NegotiationRow) -> list[PartyRow]:
    """The parties proper (not the mediator nor observers), in the order they joined."""
    return list(
        session.execute(
            select(PartyRow)
            .where(PartyRow.negotiation_id == negotiation.id, PartyRow.kind == "party")
            .order_by(PartyRow.id)
        ).scalars()
    )
