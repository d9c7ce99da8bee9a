"""The Merkle tree of the log against RFC 9162's definitions, for every size: the
root, inclusion proofs and consistency proofs hold, and fail for anything else."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from onetext.store.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH as RFC 9162 section 2.1.1 writes it, recursively, nothing shared with the code."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    left, right = reference_root(leaves[:k]), reference_root(leaves[k:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"event {i}".encode()) for i in range(n)]


sizes = st.integers(min_value=1, max_value=70)


@given(sizes)
def test_the_root_is_rfc_9162s_whatever_the_size(n: int) -> None:
    leaves = _leaves(n)
    assert tree_root(leaves) == reference_root(leaves)
    frontier = Frontier.of(leaves)
    assert Frontier.load(frontier.dump()).root() == reference_root(leaves)
    assert frontier.size == n


def test_the_empty_tree_and_one_leaf() -> None:
    assert tree_root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert tree_root(_leaves(1)) == leaf_hash(b"event 0")
    assert node_hash(b"a", b"b") != node_hash(b"b", b"a")


@given(sizes, st.data())
def test_every_leaf_has_an_inclusion_proof_and_no_other_leaf_fits_it(
    n: int, data: st.DataObject
) -> None:
    leaves = _leaves(n)
    root = tree_root(leaves)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    path = inclusion_proof(index, leaves)
    assert len(path) <= max(1, (n - 1).bit_length())
    assert verify_inclusion(index, n, leaves[index], path, root)
    assert not verify_inclusion(index, n, leaf_hash(b"forged"), path, root)
    if n > 1:
        other = data.draw(st.integers(min_value=0, max_value=n - 1).filter(lambda i: i != index))
        assert not verify_inclusion(other, n, leaves[index], path, root)
        assert not verify_inclusion(index, n, leaves[index], path[:-1], root)


@given(sizes, st.data())
def test_a_log_proves_it_extends_each_of_its_prefixes_and_no_rewritten_one(
    n: int, data: st.DataObject
) -> None:
    leaves = _leaves(n)
    root = tree_root(leaves)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = consistency_proof(m, leaves)
    assert verify_consistency(m, n, reference_root(leaves[:m]), root, proof)
    rewritten = list(leaves)
    rewritten[data.draw(st.integers(min_value=0, max_value=m - 1))] = leaf_hash(b"rewritten")
    assert not verify_consistency(m, n, reference_root(rewritten[:m]), root, proof)
    if m < n:
        assert not verify_consistency(
            m, n, reference_root(leaves[:m]), reference_root(rewritten), proof
        )
        shorter = consistency_proof(m, leaves[: n - 1])  # a proof for a log one event short
        assert not verify_consistency(m, n, reference_root(leaves[:m]), root, shorter)
