"""Use cases: releases with consent.

The mediator drafts a joint statement or a communiqué; it stays a draft, read by the
mediator and the parties only (never observers or the press), until every negotiating
party has consented to that very text. Each consent is an event in the log committing
to the text consented to; the last consent releases it in the same transaction (a
``StatementReleased`` event). A text is never edited: a new wording is a new draft,
and consents to the old one do not carry over.
"""

from __future__ import annotations

from collections.abc import Sequence

from onetext.access import Action, Actor, ensure_allowed, statement_readable
from onetext.errors import Conflict, InvalidInput, NotFound
from onetext.store.audit import commitment, new_salt
from onetext.store.release_tables import StatementConsentRow, StatementRow
from onetext.store.releases import consenting_parties, statement_row, statements_of
from onetext.store.repository import negotiating_parties, negotiation_row, party_row
from onetext.store.tables import NegotiationRow
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.views.record import StatementView

__all__ = ["KINDS", "consent_to_statement", "draft_statement", "list_statements", "statement"]

KINDS = ("joint-statement", "communique")


def _view(
    uow: UnitOfWork, negotiation: NegotiationRow, rows: Sequence[StatementRow]
) -> list[StatementView]:
    consents = consenting_parties(uow.session, [r.id for r in rows])
    parties = [p.slug for p in negotiating_parties(uow.session, negotiation)]
    return [
        StatementView(
            uid=row.uid,
            kind=row.kind,
            title=row.title,
            text=row.text,
            drafted_by=row.drafted_by,
            created_at=row.created_at.isoformat(),
            released_at=row.released_at.isoformat() if row.released_at else None,
            consented=tuple(consents.get(row.id, [])),
            awaiting=tuple(p for p in parties if p not in consents.get(row.id, [])),
        )
        for row in rows
    ]


def draft_statement(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    title: str,
    text: str,
    kind: str = "joint-statement",
) -> StatementView:
    ensure_allowed(actor, Action.DRAFT_STATEMENT)
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind {kind!r}: expected {' or '.join(KINDS)}")
    if not title.strip() or not text.strip():
        raise InvalidInput("a statement needs a title and a text")
    if len(title) > 300:
        raise InvalidInput("a statement's title has at most 300 characters")
    neg = negotiation_row(uow.session, negotiation)
    if not negotiating_parties(uow.session, neg):
        raise InvalidInput(f"{neg.slug} has no negotiating party to consent to a statement")
    row = StatementRow(
        uid=new_uid("st"),
        negotiation_id=neg.id,
        kind=kind,
        title=title.strip(),
        text=text,
        drafted_by=actor.label,
        created_at=uow.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    salt = new_salt()
    uow.record(
        actor,
        "StatementDrafted",
        "statement",
        row.uid,
        negotiation=neg.slug,
        details={"kind": kind, "title": row.title, "text": commitment(salt, text)},
        salts={"text": salt},
    )
    uow.commit()
    return _view(uow, neg, [row])[0]


def consent_to_statement(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, uid: str, *, party: str
) -> StatementView:
    """The party consents to release the statement as drafted; the last consent releases."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    party_ = party_row(session, neg, party)
    ensure_allowed(actor, Action.CONSENT_STATEMENT, party)
    row = statement_row(session, neg, uid.strip())
    if row.released_at is not None:
        raise Conflict(f"statement {row.uid} is already released")
    parties = negotiating_parties(session, neg)
    if party_.id not in {p.id for p in parties}:
        raise InvalidInput(f"{party} is not a negotiating party: it does not consent")
    already = consenting_parties(session, [row.id]).get(row.id, [])
    if party in already:
        raise Conflict(f"{party} has already consented to statement {row.uid}")
    now = uow.now()
    session.add(
        StatementConsentRow(
            statement_id=row.id, party_id=party_.id, member=actor.handle, consented_at=now
        )
    )
    salt = new_salt()
    uow.record(
        actor,
        "StatementConsented",
        "statement",
        f"{row.uid}:{party}",
        negotiation=neg.slug,
        details={"statement": row.uid, "party": party, "text": commitment(salt, row.text)},
        salts={"text": salt},
    )
    if {p.slug for p in parties} <= {*already, party}:
        row.released_at = now
        uow.record(
            actor,
            "StatementReleased",
            "statement",
            f"{row.uid}:released",
            negotiation=neg.slug,
            details={"statement": row.uid, "parties": sorted(p.slug for p in parties)},
        )
    session.flush()
    uow.commit()
    return _view(uow, neg, [row])[0]


def list_statements(uow: UnitOfWork, actor: Actor, negotiation: str | None) -> list[StatementView]:
    """The statements the actor may read: released ones for everyone, drafts for the
    mediator and the parties."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    neg = negotiation_row(uow.session, negotiation)
    rows = [
        r
        for r in statements_of(uow.session, neg)
        if statement_readable(actor, r.released_at is not None)
    ]
    return _view(uow, neg, rows)


def statement(uow: UnitOfWork, actor: Actor, negotiation: str | None, uid: str) -> StatementView:
    """One statement, "not found" to a reader who may not read it yet."""
    for view in list_statements(uow, actor, negotiation):
        if view.uid == uid:
            return view
    raise NotFound(f"no statement {uid} in {negotiation_row(uow.session, negotiation).slug}")
