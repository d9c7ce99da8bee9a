"""Use cases of the verifiable record: checkpoints, verification, proofs.

``verify_record`` (the secretariat's ``audit verify``) checks the chain, every table
against the log, and, given a checkpoint a party kept, that today's log extends it.
Any member may take the latest signed checkpoint and ask for a consistency proof
from one they hold (``Action.HOLD_CHECKPOINT``): hashes and a signature, nothing of
any mark. A delegate may export a proof of one of its own party's marks
(``Action.PROVE_MARK``): the event, its inclusion proof, a checkpoint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import InvalidInput, NotFound
from onetext.store.audit import (
    AuditReport,
    first_event_after,
    object_event,
    tree_head,
    verify_chain,
)
from onetext.store.checkpoints import Checkpoint, key_path, sign_checkpoint, signing_key
from onetext.store.database import Database
from onetext.store.marks import MarksQuery, mark_history
from onetext.store.merkle import consistency_proof, inclusion_proof, tree_root
from onetext.store.proofs import CONSISTENCY_KIND, MARK_PROOF_KIND
from onetext.store.record_check import check_tables
from onetext.store.record_specs import SPECS
from onetext.store.repository import chosen_version, negotiation_row, party_row, point_state
from onetext.store.unit_of_work import UnitOfWork
from onetext.views.record import CheckpointCheck, RecordVerification

__all__ = [
    "BACKDATE_TOLERANCE",
    "checkpoint_of",
    "consistency_bundle",
    "latest_checkpoint",
    "prove_mark",
    "public_key",
    "verify_record",
]

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)`` of a long check: a progress bar on the CLI."""

BACKDATE_TOLERANCE = timedelta(minutes=1)
"""An event appended after a checkpoint yet dated this much before it was back-dated."""


def _key_file(database: Database) -> Path:
    return key_path(database.engine.url.render_as_string(hide_password=True))


def checkpoint_of(database: Database, size: int, root: str, at: datetime) -> Checkpoint:
    """Sign ``(size, root)`` with the log's key (made on first use)."""
    return sign_checkpoint(signing_key(_key_file(database)), size, root, at)


def public_key(uow: UnitOfWork, actor: Actor) -> str:
    """The log's public key (PEM): what a party checks checkpoints and proofs with."""
    from onetext.store.checkpoints import public_key_pem

    ensure_allowed(actor, Action.HOLD_CHECKPOINT)
    return public_key_pem(signing_key(_key_file(uow.database)))


def latest_checkpoint(uow: UnitOfWork, actor: Actor) -> Checkpoint:
    ensure_allowed(actor, Action.HOLD_CHECKPOINT)
    size, root = tree_head(uow.session)
    return checkpoint_of(uow.database, size, root, uow.now())


def _check_held(
    uow: UnitOfWork, report: AuditReport, held: Checkpoint
) -> tuple[CheckpointCheck, list[bytes]]:
    """Does the log in ``report`` extend ``held``? The proof, when it does."""
    from onetext.store.checkpoints import load_public_key, public_key_pem

    current = load_public_key(public_key_pem(signing_key(_key_file(uow.database))))

    def answer(problem: str | None) -> CheckpointCheck:
        return CheckpointCheck(held.size, report.events, report.root, problem is None, problem)

    if not held.signed_by(current):
        return answer(
            "the checkpoint you hold is not signed by this log's key: the log was replaced, "
            "or this is another log"
        ), []
    if held.size > report.events:
        return answer(
            f"the log has {report.events} events, fewer than the {held.size} of the "
            "checkpoint you hold: it was truncated or rolled back"
        ), []
    leaves = list(report.leaves)
    if held.size == 0:
        return answer(None), []
    proof = consistency_proof(held.size, leaves)
    if tree_root(leaves[: held.size]).hex() != held.root:
        return answer(
            f"the log's first {held.size} events are not those of the checkpoint you hold: "
            "its history was rewritten"
        ), []
    signed_at = datetime.fromisoformat(held.timestamp)
    later = first_event_after(uow.session, held.size)
    if later is not None and later.at < signed_at - BACKDATE_TOLERANCE:
        return answer(
            f"event {later.seq} was added after the checkpoint you hold but is dated "
            f"{later.at.isoformat()}, before it: back-dated"
        ), []
    return answer(None), proof


def _chain(uow: UnitOfWork, progress: Progress | None, extra_steps: int = 0) -> AuditReport:
    """The whole chain checked, reporting each stretch of events to ``progress``."""
    if progress is None:
        return verify_chain(uow.session)
    total = tree_head(uow.session)[0] + extra_steps
    progress("the chain", 0, total)
    report = verify_chain(uow.session, lambda done: progress("the chain", done, total))
    progress("the chain", report.events, report.events + extra_steps)
    return report


def verify_record(
    uow: UnitOfWork,
    actor: Actor,
    held: Checkpoint | None = None,
    progress: Progress | None = None,
) -> RecordVerification:
    """The chain (raises ``AuditChainBroken``), the tables against it, a held checkpoint."""
    ensure_allowed(actor, Action.VIEW_AUDIT)
    report = _chain(uow, progress, len(SPECS))
    checked = 0

    def table_done(name: str) -> None:
        nonlocal checked
        checked += 1
        if progress is not None:
            progress(f"{name} rows", report.events + checked, report.events + len(SPECS))

    tables = check_tables(uow.session, SPECS, table_done)
    check = _check_held(uow, report, held)[0] if held is not None else None
    return RecordVerification(
        events=report.events,
        head=report.head,
        root=report.root,
        legacy_events=report.legacy,
        rows_checked=tables.rows,
        legacy_marks=tables.legacy_marks,
        findings=tuple(str(f) for f in tables.findings),
        checkpoint=check,
        rows_in_part=dict(tables.partial),
    )


def consistency_bundle(uow: UnitOfWork, actor: Actor, held: Checkpoint) -> dict[str, Any]:
    """For any member: does today's log extend ``held``? With the proof and a new
    checkpoint, so the member's own software can check it (``audit check-proof``)."""
    ensure_allowed(actor, Action.HOLD_CHECKPOINT)
    report = verify_chain(uow.session)
    check, proof = _check_held(uow, report, held)
    new = checkpoint_of(uow.database, report.events, report.root, uow.now())
    return {
        "kind": CONSISTENCY_KIND,
        "extends": check.extends,
        "problem": check.problem,
        "old": held.as_json(),
        "new": new.as_json(),
        "proof": [p.hex() for p in proof],
    }


def prove_mark(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    party: str,
    label: str,
    version: str | None = None,
    option: str | None = None,
    as_of: datetime | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """A proof that ``party``'s mark on point ``label`` in force at ``as_of`` is in the
    log: the event, its inclusion proof and the checkpoint, nothing of any other mark."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    party_ = party_row(session, neg, party)
    ensure_allowed(actor, Action.PROVE_MARK, party)
    ver = chosen_version(session, neg, version, actor)
    state = point_state(session, ver, label)
    history = [
        mark
        for mark in mark_history(
            session,
            MarksQuery(negotiation=neg, version=ver, reader=actor, parties=[party_]),
            state,
        )
        if mark.option == option and (as_of is None or mark.marked_at <= as_of)
    ]
    if not history:
        when = f" by {as_of.date().isoformat()}" if as_of else ""
        raise NotFound(f"{party} has no mark on point {label}{when} that you may prove")
    mark = history[-1]
    event = object_event(session, neg.slug, "StanceMarked", mark.uid)
    if event is None:
        raise NotFound(f"the mark on point {label} has no event in the log")
    if "stance" not in json.loads(event.details):
        raise InvalidInput(
            f"the mark on point {label} was recorded before events carried the stance: "
            "no proof can show it (mark it again to have one)"
        )
    report = _chain(uow, progress)
    checkpoint = checkpoint_of(uow.database, report.events, report.root, uow.now())
    return {
        "kind": MARK_PROOF_KIND,
        "event": {
            "seq": event.seq,
            "at": event.at.isoformat(),
            "actor": event.actor,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "negotiation": event.negotiation,
            "details": event.details,
            "prev_hash": event.prev_hash,
        },
        "inclusion": [p.hex() for p in inclusion_proof(event.seq - 1, list(report.leaves))],
        "checkpoint": checkpoint.as_json(),
    }
