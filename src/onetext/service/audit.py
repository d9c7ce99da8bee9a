"""Use cases: verify the audit chain, read the log (mediator only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from onetext.access import Action, Actor, ensure_allowed
from onetext.store.audit import AuditReport, verify_chain
from onetext.store.tables import AuditEventRow, AuditHeadRow
from onetext.store.unit_of_work import UnitOfWork

__all__ = ["AuditEntry", "audit_log", "record_generation", "verify_audit"]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    negotiation: str | None


def verify_audit(uow: UnitOfWork, actor: Actor) -> AuditReport:
    ensure_allowed(actor, Action.VIEW_AUDIT)
    return verify_chain(uow.session)


def audit_log(uow: UnitOfWork, actor: Actor, limit: int = 50) -> list[AuditEntry]:
    ensure_allowed(actor, Action.VIEW_AUDIT)
    rows = uow.session.execute(
        select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(limit)
    ).scalars()
    return [
        AuditEntry(
            seq=r.seq,
            at=r.at.isoformat(),
            actor=r.actor,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            negotiation=r.negotiation,
        )
        for r in rows
    ][::-1]


def record_generation(uow: UnitOfWork) -> int:
    """How many events the record has had: every write appends one, so equal numbers
    mean the same record (views computed from it can be reused)."""
    seq = uow.session.execute(select(AuditHeadRow.seq).where(AuditHeadRow.id == 1)).scalar()
    return seq or 0
