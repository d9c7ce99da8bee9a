"""The Merkle tree of the audit log, as RFC 9162 (Certificate Transparency 2.0) draws it.

Leaves are the events in sequence order; a leaf's input is the event's chain hash
(which covers its content and everything before it). Node hashes are domain
separated (``0x00`` for a leaf, ``0x01`` for an interior node), the tree over ``n``
leaves splits at the largest power of two below ``n``, and the proofs are the
inclusion and consistency proofs of RFC 9162 section 2.1. Pure functions: no I/O.

``Frontier`` keeps the roots of the complete subtrees of the log so far (at most
log2(n) hashes): appending a leaf and reading the root cost O(log n), which lets
every write return the root of the log it extended.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "EMPTY_ROOT",
    "Frontier",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "tree_root",
    "verify_consistency",
    "verify_inclusion",
]

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _root(leaves: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(_root(leaves[:k]), _root(leaves[k:]))


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """The root over the given leaf hashes (built bottom-up, iteratively)."""
    return Frontier.of(leaves).root()


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``index`` in the tree over ``leaves``."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    stack: list[bytes] = []
    while hi - lo > 1:
        k = _split(hi - lo)
        if index - lo < k:
            stack.append(_root(leaves[lo + k : hi]))
            hi = lo + k
        else:
            stack.append(_root(leaves[lo : lo + k]))
            lo = lo + k
    path.extend(reversed(stack))
    return path


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]): shows the tree of the first ``old_size`` leaves is a prefix."""
    n = len(leaves)
    if not 0 < old_size <= n:
        raise ValueError(f"no consistency proof from {old_size} to {n} leaves")
    return _subproof(old_size, leaves, True)


def _subproof(m: int, leaves: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [_root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), _root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), _root(leaves[:k])]


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


@dataclass(slots=True)
class Frontier:
    """The complete subtrees of a growing log, largest first: ``(height, hash)``."""

    nodes: list[tuple[int, bytes]]

    @classmethod
    def of(cls, leaves: Sequence[bytes]) -> Frontier:
        frontier = cls([])
        for leaf in leaves:
            frontier.append(leaf)
        return frontier

    @property
    def size(self) -> int:
        return sum(1 << height for height, _ in self.nodes)

    def append(self, leaf: bytes) -> None:
        self.nodes.append((0, leaf))
        while len(self.nodes) > 1 and self.nodes[-1][0] == self.nodes[-2][0]:
            (height, right), (_, left) = self.nodes.pop(), self.nodes.pop()
            self.nodes.append((height + 1, node_hash(left, right)))

    def root(self) -> bytes:
        if not self.nodes:
            return EMPTY_ROOT
        result = self.nodes[-1][1]
        for _, node in reversed(self.nodes[:-1]):
            result = node_hash(node, result)
        return result

    def dump(self) -> str:
        return ",".join(f"{height}:{node.hex()}" for height, node in self.nodes)

    @classmethod
    def load(cls, text: str) -> Frontier:
        nodes: list[tuple[int, bytes]] = []
        for part in filter(None, text.split(",")):
            height, node = part.split(":")
            nodes.append((int(height), bytes.fromhex(node)))
        return cls(nodes)
