"""Property tests of the alignment on realistic edits (``benchmarks/realistic_edits.py``):
paraphrases, translation-like rewording, number and name changes, grown and shrunk
points, reworded merges and splits."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.edit_scripts import score_alignment
from onetext.text.align import align

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from realistic_edits import REALISTIC_KINDS, generate_realistic_pair


@settings(max_examples=30, deadline=None)
@example(seed=4469, count=5, share=0.6, kinds=["merge", "split"])  # one old point merged twice
@given(
    seed=st.integers(0, 10**6),
    count=st.integers(5, 200),
    share=st.sampled_from([0.1, 0.2, 0.4, 0.6]),
    kinds=st.lists(st.sampled_from(REALISTIC_KINDS), min_size=1, max_size=10, unique=True),
)
def test_align_realistic_edits_give_consistent_links_and_mostly_the_truth(
    seed: int, count: int, share: float, kinds: list[str]
) -> None:
    pair = generate_realistic_pair(count, share, random.Random(seed), kinds)
    found = align(pair.old, pair.new)  # classify refuses a point in two links
    covered_old = sorted(i for c in found.changes for i in c.old)
    covered_new = sorted(j for c in found.changes for j in c.new)
    assert covered_old == list(range(len(pair.old)))
    assert covered_new == list(range(len(pair.new)))
    score = score_alignment(found, pair.truth())
    if score.units >= 20:
        assert score.mapped_share >= (0.85 if share <= 0.2 else 0.75), pair.operations
    else:  # a share of a handful of points is noise: at most two of them may go astray
        assert score.mapped >= score.units - 2, pair.operations


def test_align_realistic_pair_that_once_claimed_a_part_twice() -> None:
    # Two splits both claimed one new point (a far pair reclaimed as a part).
    pair = generate_realistic_pair(1000, 0.4, random.Random(7919 * 1000 + 7), REALISTIC_KINDS)
    score = score_alignment(align(pair.old, pair.new), pair.truth())
    assert score.mapped_share >= 0.95
