"""The hash-chained audit log: append under a lock, verify end to end.

Each event's hash covers its sequence number, content and the previous hash, so
an edited, deleted or reordered row breaks the chain; the head row records the
last link, so a truncated tail is caught too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from onetext.errors import AuditChainBroken
from onetext.store.tables import AuditEventRow, AuditHeadRow

__all__ = [
    "GENESIS",
    "AuditReport",
    "append_event",
    "event_hash",
    "negotiation_events",
    "verify_chain",
]

GENESIS = "0" * 64


def event_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    negotiation: str | None,
    details: str,
) -> str:
    canonical = json.dumps(
        [seq, at.isoformat(), actor, action, object_type, object_id, negotiation, details],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def append_event(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    negotiation: str | None,
    details: Mapping[str, Any],
) -> AuditEventRow:
    """Append one event, holding the head row's lock until the transaction ends."""
    head = session.execute(
        select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, seq=0, hash=GENESIS)
        session.add(head)
    text = json.dumps(dict(details), ensure_ascii=False, sort_keys=True, default=str)
    at = at.astimezone(UTC)
    seq = head.seq + 1
    digest = event_hash(
        head.hash, seq, at, actor, action, object_type, object_id, negotiation, text
    )
    row = AuditEventRow(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        negotiation=negotiation,
        details=text,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(row)
    head.seq = seq
    head.hash = digest
    return row


@dataclass(frozen=True, slots=True)
class AuditReport:
    events: int
    head: str


def verify_chain(session: Session) -> AuditReport:
    """Recompute every link; raise ``AuditChainBroken`` naming the first bad event."""
    previous = GENESIS
    expected_seq = 1
    rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()
    for row in rows:
        if row.seq != expected_seq:
            raise AuditChainBroken(
                f"audit chain broken: event {expected_seq} is missing (next is {row.seq})"
            )
        if row.prev_hash != previous:
            raise AuditChainBroken(
                f"audit chain broken at event {row.seq}: it does not follow event {row.seq - 1}"
            )
        digest = event_hash(
            previous,
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.object_type,
            row.object_id,
            row.negotiation,
            row.details,
        )
        if digest != row.hash:
            raise AuditChainBroken(
                f"audit chain broken at event {row.seq} ({row.action}): its content was changed"
            )
        previous = row.hash
        expected_seq += 1
    head = session.get(AuditHeadRow, 1)
    count = expected_seq - 1
    if head is not None and (head.seq != count or head.hash != previous):
        raise AuditChainBroken(
            f"audit chain broken: the log ends at event {count} but {head.seq} were written"
        )
    if head is None and count:
        raise AuditChainBroken("audit chain broken: the chain head is missing")
    return AuditReport(events=count, head=previous)


def negotiation_events(session: Session, negotiation: str, action: str) -> list[AuditEventRow]:
    """The events of one kind in one negotiation, oldest first (e.g. the proposals a
    mediator published, which parties read)."""
    return list(
        session.execute(
            select(AuditEventRow)
            .where(AuditEventRow.negotiation == negotiation, AuditEventRow.action == action)
            .order_by(AuditEventRow.seq)
        ).scalars()
    )
