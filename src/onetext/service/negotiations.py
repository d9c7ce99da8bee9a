"""Use cases: create a negotiation, add parties and members, list them."""

from __future__ import annotations

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import Conflict, InvalidInput
from onetext.model import Level, Member, Negotiation, Party, PartyKind, Role
from onetext.store import records
from onetext.store.repository import negotiation_row, party_row
from onetext.store.tables import MemberRow, NegotiationRow, PartyRow
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
    if records.negotiation_slug_taken(uow.session, slug):
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
    if records.party_slug_taken(uow.session, neg, slug):
        raise Conflict(f"party {slug!r} already exists in {neg.slug}")
    if kind is PartyKind.MEDIATOR and records.mediator_count(uow.session, neg):
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
    if records.member_handle_taken(uow.session, neg, handle):
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
        details={
            "party": party,
            "name": name,
            "role": role.value,
            "level": level.value if level else None,
        },
    )
    uow.commit()
    return member


def list_negotiations(uow: UnitOfWork) -> list[NegotiationSummary]:
    return [
        NegotiationSummary(row.slug, row.title, parties, documents, rounds)
        for row, parties, documents, rounds in records.negotiations_with_counts(uow.session)
    ]


def list_parties(uow: UnitOfWork, negotiation: str | None) -> list[PartySummary]:
    neg = negotiation_row(uow.session, negotiation)
    return [
        PartySummary(
            slug=p.slug,
            name=p.name,
            kind=p.kind,
            members=[MemberSummary(m.handle, m.name, m.role, m.level) for m in members],
        )
        for p, members in records.parties_with_members(uow.session, neg)
    ]
