"""Proof files a party can hand anyone, and their offline check.

A *mark proof* holds one ``StanceMarked`` event (with its note only as a hiding
commitment), the previous event's chain hash, the Merkle inclusion proof of the
event and the signed checkpoint it leads to: it shows that this party's mark is
in the log the host signed, and nothing of any other event (siblings are hashes
over events that each hold a random identity). A *consistency proof* holds two
checkpoints and the RFC 9162 proof that the later log extends the earlier.

``check_proof`` needs only the file and the log's public key: no database.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from onetext.errors import AuditChainBroken, InvalidInput
from onetext.store.audit import event_hash, event_leaf
from onetext.store.checkpoints import Checkpoint
from onetext.store.merkle import verify_consistency, verify_inclusion
from onetext.views.record import ProofCheck

__all__ = ["CONSISTENCY_KIND", "MARK_PROOF_KIND", "check_proof"]

MARK_PROOF_KIND = "onetext-mark-proof/1"
CONSISTENCY_KIND = "onetext-consistency-proof/1"
CLAIM_FIELDS = ("party", "version", "point", "option", "stance", "visibility", "marked_at")


def _hashes(values: Any) -> list[bytes]:
    if not isinstance(values, list):
        raise InvalidInput("the proof's path is not a list of hashes")
    try:
        return [bytes.fromhex(str(v)) for v in values]
    except ValueError:
        raise InvalidInput("the proof's path holds something that is not a hash") from None


def _signed(checkpoint: Checkpoint, public_key: bytes) -> None:
    if not checkpoint.signed_by(public_key):
        raise AuditChainBroken(
            f"proof rejected: checkpoint of {checkpoint.size} events is not signed by this key"
        )


def check_proof(text: str, public_key: bytes) -> ProofCheck:
    """Verify a proof file; raise ``AuditChainBroken`` if it does not hold."""
    try:
        data = json.loads(text)
    except ValueError:
        raise InvalidInput("the proof file is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("the proof file is not an onetext proof")
    kind = data.get("kind")
    if kind == MARK_PROOF_KIND:
        return _check_mark(data, public_key)
    if kind == CONSISTENCY_KIND:
        return _check_consistency(data, public_key)
    raise InvalidInput(f"not an onetext proof file (kind {kind!r})")


def _check_mark(data: dict[str, Any], public_key: bytes) -> ProofCheck:
    checkpoint = Checkpoint.from_json(data.get("checkpoint"))
    _signed(checkpoint, public_key)
    try:
        event = data["event"]
        seq = int(event["seq"])
        digest = event_hash(
            str(event["prev_hash"]),
            seq,
            datetime.fromisoformat(str(event["at"])),
            str(event["actor"]),
            str(event["action"]),
            str(event["object_type"]),
            str(event["object_id"]),
            None if event["negotiation"] is None else str(event["negotiation"]),
            str(event["details"]),
        )
        details = json.loads(str(event["details"]))
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("the proof's event is incomplete or malformed") from None
    path = _hashes(data.get("inclusion"))
    if not verify_inclusion(
        seq - 1, checkpoint.size, event_leaf(digest), path, bytes.fromhex(checkpoint.root)
    ):
        raise AuditChainBroken(
            f"proof rejected: event {seq} is not in the log of {checkpoint.size} events "
            "the checkpoint signed"
        )
    if event["action"] != "StanceMarked" or not isinstance(details, dict):
        raise InvalidInput("the proof's event is not a mark")
    claim: dict[str, object] = {"negotiation": event["negotiation"], "event": seq}
    claim |= {name: details.get(name) for name in CLAIM_FIELDS}
    return ProofCheck(
        MARK_PROOF_KIND, claim, checkpoint.size, checkpoint.root, checkpoint.timestamp
    )


def _check_consistency(data: dict[str, Any], public_key: bytes) -> ProofCheck:
    old = Checkpoint.from_json(data.get("old"))
    new = Checkpoint.from_json(data.get("new"))
    _signed(old, public_key)
    _signed(new, public_key)
    path = _hashes(data.get("proof"))
    if old.size == 0:
        holds = True  # the empty log is a prefix of every log
    else:
        holds = verify_consistency(
            old.size, new.size, bytes.fromhex(old.root), bytes.fromhex(new.root), path
        )
    if not holds:
        raise AuditChainBroken(
            f"proof rejected: the log of {new.size} events does not extend the one of "
            f"{old.size} events"
        )
    claim: dict[str, object] = {"extends": old.size, "held_root": old.root}
    return ProofCheck(CONSISTENCY_KIND, claim, new.size, new.root, new.timestamp)
