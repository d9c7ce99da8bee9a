"""The hash-chained audit log: append under a lock, verify end to end.

Each event's hash covers its sequence number, content and the previous hash, so
an edited, deleted or reordered row breaks the chain; the head row records the
last link, so a truncated tail is caught too. The events are also the leaves of a
Merkle tree (``store.merkle``, RFC 9162): the head keeps the tree's frontier, so
its root, which signed checkpoints give to every party, is known after each write.

Events of the record's present form say so in their hashed details (``record_form``:
2, or 3 since events carry rounds, groups, merges, copies, runs and accounts whole;
forms never go down along the log) and are never dated before the event they follow:
a new event's time is the later of the clock and the last event's. Events written
before are *legacy*: the chain covers them, but they may lack parts of the change (a
mark's stance) and may be out of time order; a legacy event after a present one is
tampering. The salts of an event's
commitments sit beside it (``salts``), outside every hash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from onetext.errors import AuditChainBroken
from onetext.store.merkle import Frontier, leaf_hash
from onetext.store.tables import AuditEventRow, AuditHeadRow

__all__ = [
    "GENESIS",
    "PRESENT_FORM",
    "RECORD_FORM",
    "AuditReport",
    "append_event",
    "appended_root",
    "commitment",
    "event_hash",
    "event_leaf",
    "first_event_after",
    "negotiation_events",
    "new_salt",
    "object_event",
    "tree_head",
    "verify_chain",
]

GENESIS = "0" * 64
RECORD_FORM = (
    3  # the form events are written in now (``store.record_specs`` says what each carries)
)
PRESENT_FORM = 2  # the first form whose events carry the whole change; before it: legacy


def new_salt() -> str:
    return secrets.token_hex(16)


def commitment(salt: str, value: str) -> str:
    """A hiding commitment to ``value`` (a note): without the salt, which stays in the
    database beside the event and outside every hash and proof, nobody holding the
    event can test guesses of the value; with it, the row can be checked against it."""
    digest = hashlib.sha256(b"onetext-commitment\x00" + bytes.fromhex(salt) + value.encode())
    return digest.hexdigest()


def event_leaf(chain_hash: str) -> bytes:
    """The Merkle leaf of an event: its chain hash, domain separated."""
    return leaf_hash(chain_hash.encode("ascii"))


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
    salts: Mapping[str, str] | None = None,
) -> AuditEventRow:
    """Append one event, holding the head row's lock until the transaction ends."""
    head = session.execute(
        select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, seq=0, hash=GENESIS)
        session.add(head)
    text = json.dumps(
        {**details, "record_form": RECORD_FORM}, ensure_ascii=False, sort_keys=True, default=str
    )
    at = at.astimezone(UTC)
    if head.at is not None and at < head.at:
        at = head.at  # concurrent writers, or a clock set to a story's dates
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
        salts=json.dumps(dict(salts or {}), sort_keys=True),
    )
    frontier = _head_frontier(session, head)
    frontier.append(event_leaf(digest))
    session.add(row)
    head.seq = seq
    head.hash = digest
    head.at = at
    head.frontier = frontier.dump()
    return row


def _head_frontier(session: Session, head: AuditHeadRow) -> Frontier:
    """The frontier the head keeps; rebuilt from the events once for a log written
    before the head kept one (an upgraded database)."""
    if head.frontier is not None or head.seq == 0:
        return Frontier.load(head.frontier or "")
    hashes = session.execute(select(AuditEventRow.hash).order_by(AuditEventRow.seq)).scalars()
    return Frontier.of([event_leaf(h) for h in hashes])


@dataclass(frozen=True, slots=True)
class AuditReport:
    """A chain that verified: its length, last link, Merkle root and leaves."""

    events: int
    head: str
    root: str = ""
    legacy: int = 0  # events written before the record's present form
    leaves: tuple[bytes, ...] = ()
    last_at: datetime | None = None


def _form(details: str) -> int:
    """The ``record_form`` an event was written in (0: legacy, none)."""
    try:
        parsed = json.loads(details)
    except ValueError:
        return 0
    form = parsed.get("record_form", 0) if isinstance(parsed, dict) else 0
    return form if isinstance(form, int) and not isinstance(form, bool) else 0


PROGRESS_EVERY = 500  # events between two calls of ``verify_chain``'s ``progress``


def verify_chain(session: Session, progress: Callable[[int], None] | None = None) -> AuditReport:
    """Recompute every link; raise ``AuditChainBroken`` naming the first bad event.
    ``progress(events checked)`` every ``PROGRESS_EVERY`` events (a progress bar)."""
    previous = GENESIS
    expected_seq = 1
    legacy = 0
    present_from: int | None = None
    highest_form, highest_from = 0, 0
    last_at: datetime | None = None
    leaves: list[bytes] = []
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
        form = _form(row.details)
        if form < PRESENT_FORM:
            if present_from is not None:
                raise AuditChainBroken(
                    f"audit chain broken at event {row.seq}: written in the legacy form "
                    f"after event {present_from} began the present one"
                )
            legacy += 1
        else:
            if form < highest_form:  # a full event may not pass for one that holds less
                raise AuditChainBroken(
                    f"audit chain broken at event {row.seq}: written in form {form} after "
                    f"event {highest_from} began form {highest_form}"
                )
            if form > highest_form:
                highest_form, highest_from = form, row.seq
            if present_from is None:
                present_from = row.seq
            elif last_at is not None and row.at < last_at:
                raise AuditChainBroken(
                    f"audit chain broken at event {row.seq} ({row.action}): dated "
                    f"{row.at.isoformat()}, before the event it follows (back-dated)"
                )
            last_at = row.at
        leaves.append(event_leaf(row.hash))
        previous = row.hash
        expected_seq += 1
        if progress is not None and row.seq % PROGRESS_EVERY == 0:
            progress(row.seq)
    head = session.get(AuditHeadRow, 1)
    count = expected_seq - 1
    if head is not None and (head.seq != count or head.hash != previous):
        raise AuditChainBroken(
            f"audit chain broken: the log ends at event {count} but {head.seq} were written"
        )
    if head is None and count:
        raise AuditChainBroken("audit chain broken: the chain head is missing")
    frontier = Frontier.of(leaves)
    if head is not None and head.frontier is not None and head.frontier != frontier.dump():
        raise AuditChainBroken("audit chain broken: the head's Merkle tree is not the log's")
    return AuditReport(
        events=count,
        head=previous,
        root=frontier.root().hex(),
        legacy=legacy,
        leaves=tuple(leaves),
        last_at=last_at,
    )


def tree_head(session: Session) -> tuple[int, str]:
    """The log's size and Merkle root as the head keeps them (no scan of the log)."""
    head = session.get(AuditHeadRow, 1)
    if head is None:
        return 0, Frontier([]).root().hex()
    return head.seq, _head_frontier(session, head).root().hex()


def object_event(
    session: Session, negotiation: str | None, action: str, object_id: str
) -> AuditEventRow | None:
    """The latest event of ``action`` on ``object_id`` (a mark's: the position uid)."""
    return session.execute(
        select(AuditEventRow)
        .where(
            AuditEventRow.negotiation == negotiation,
            AuditEventRow.action == action,
            AuditEventRow.object_id == object_id,
        )
        .order_by(AuditEventRow.seq.desc())
        .limit(1)
    ).scalar()


def appended_root(session: Session) -> str:
    """The root after an append in this session (the head is already loaded: no SQL)."""
    head = session.get(AuditHeadRow, 1)
    return Frontier.load(head.frontier or "").root().hex() if head else ""


def first_event_after(session: Session, size: int) -> AuditEventRow | None:
    """The first event a log of ``size`` events did not hold."""
    return session.execute(
        select(AuditEventRow).where(AuditEventRow.seq > size).order_by(AuditEventRow.seq).limit(1)
    ).scalar()


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
