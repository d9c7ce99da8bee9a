"""Use cases: create a negotiation, add parties and members, list them."""

from __future__ import annotations

from sqlalchemy import func, select

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import Conflict, InvalidInput
from onetext.model import Level, Member, Negotiation, Party, PartyKind, Role
from onetext.store.repository import negotiation_row, party_row
from onetext.store.tables import DocumentRow, MemberRow, NegotiationRow, PartyRow, RoundRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.views.records import MemberSummary, NegotiationSummary, PartySummary

__all__ = [
    "add_member",
    "add_party",
    "create_negotiation",
    "list_negotiations",
    "list_parties",
]


def create_negotiation(uow: UnitOfWork, actor: Actor, slug: str, title: str) -> Negotiation:
    ensure_allowed(actor, Action.MANAGE_PARTIES)
    negotiation = Negotiation(slug=slug, title=title, created_at=uow.now())
    exists = uow.session.execute(select(NegotiationRow.id).where(NegotiationRow.slug == slug))
    if exists.first() is not None:
        raise Conflict(f"a negotiation named {slug!r} already exists")
    row = NegotiationRow(slug=slug, title=title, created_at=negotiation.created_at)
    uow.session.add(row)
    uow.session.flush()
    uow.record(
        actor, "NegotiationCreated", "negotiation", slug, negotiation=slug, details={"title": title}
    )
    uow.commit()
    return negotiation


def add_party(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    slug: str,
    name: str,
    kind: PartyKind = PartyKind.PARTY,
) -> Party:
    ensure_allowed(actor, Action.MANAGE_PARTIES)
    party = Party(slug=slug, name=name, kind=kind)
    neg = negotiation_row(uow.session, negotiation)
    clash = uow.session.execute(
        select(PartyRow.id).where(PartyRow.negotiation_id == neg.id, PartyRow.slug == slug)
    ).first()
    if clash is not None:
        raise Conflict(f"party {slug!r} already exists in {neg.slug}")
    if kind is PartyKind.MEDIATOR:
        mediators = uow.session.execute(
            select(func.count()).where(
                PartyRow.negotiation_id == neg.id, PartyRow.kind == PartyKind.MEDIATOR.value
            )
        ).scalar_one()
        if mediators:
            raise Conflict(f"{neg.slug} already has a mediator")
    uow.session.add(PartyRow(negotiation_id=neg.id, slug=slug, name=name, kind=kind.value))
    uow.session.flush()
    uow.record(
        actor,
        "PartyAdded",
        "party",
        slug,
        negotiation=neg.slug,
        details={"name": name, "kind": kind.value},
    )
    uow.commit()
    return party


def add_member(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    handle: str,
    name: str,
    party: str,
    level: Level | None = None,
) -> Member:
    """Add a person to a delegation; the party's kind decides the role."""
    ensure_allowed(actor, Action.MANAGE_PARTIES)
    neg = negotiation_row(uow.session, negotiation)
    party_row_ = party_row(uow.session, neg, party)
    role = {
        PartyKind.MEDIATOR.value: Role.MEDIATOR,
        PartyKind.OBSERVER.value: Role.OBSERVER,
    }.get(party_row_.kind, Role.DELEGATE)
    if role is not Role.DELEGATE and level is not None:
        raise InvalidInput(f"only party delegates have a level; {party} is a {party_row_.kind}")
    member = Member(handle=handle, name=name, party=party, role=role, level=level)
    clash = uow.session.execute(
        select(MemberRow.id).where(MemberRow.negotiation_id == neg.id, MemberRow.handle == handle)
    ).first()
    if clash is not None:
        raise Conflict(f"member {handle!r} already exists in {neg.slug}")
    uow.session.add(
        MemberRow(
            negotiation_id=neg.id,
            party_id=party_row_.id,
            handle=handle,
            name=name,
            role=role.value,
            level=level.value if level else None,
        )
    )
    uow.session.flush()
    uow.record(
        actor,
        "MemberAdded",
        "member",
        handle,
        negotiation=neg.slug,
        details={"party": party, "role": role.value, "level": level.value if level else None},
    )
    uow.commit()
    return member


def list_negotiations(uow: UnitOfWork) -> list[NegotiationSummary]:
    session = uow.session
    out = []
    for row in session.execute(select(NegotiationRow).order_by(NegotiationRow.slug)).scalars():

        def count(table: type[PartyRow | DocumentRow | RoundRow], neg_id: int = row.id) -> int:
            return session.execute(
                select(func.count()).select_from(table).where(table.negotiation_id == neg_id)
            ).scalar_one()

        out.append(
            NegotiationSummary(
                row.slug, row.title, count(PartyRow), count(DocumentRow), count(RoundRow)
            )
        )
    return out


def list_parties(uow: UnitOfWork, negotiation: str | None) -> list[PartySummary]:
    neg = negotiation_row(uow.session, negotiation)
    parties = uow.session.execute(
        select(PartyRow).where(PartyRow.negotiation_id == neg.id).order_by(PartyRow.id)
    ).scalars()
    members = (
        uow.session.execute(
            select(MemberRow).where(MemberRow.negotiation_id == neg.id).order_by(MemberRow.id)
        )
        .scalars()
        .all()
    )
    return [
        PartySummary(
            slug=p.slug,
            name=p.name,
            kind=p.kind,
            members=[
                MemberSummary(m.handle, m.name, m.role, m.level)
                for m in members
                if m.party_id == p.id
            ],
        )
        for p in parties
    ]
