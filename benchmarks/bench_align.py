"""Alignment quality and speed against difflib's SequenceMatcher on the same pairs.

    python benchmarks/bench_align.py [--seeds 5] [--sizes 30,100,300,1000]

For each size and edited share, ``--seeds`` pairs come from
``generators.edit_scripts.generate_pair`` (reword, move, split, merge, insert,
delete; every later label renumbered). Both aligners are scored against the true
links: *mapped* is the share of units (old points and truly added points) whose
counterpart set is exactly right, *classified* the share also given the right
kind. The baseline runs ``difflib.SequenceMatcher`` over the point texts (the
way line-diff tools compare drafts) and pairs the points of each ``replace``
block in order as reworded; its links are classified by the same rules.
Times are medians over the seeds, in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from generators.edit_scripts import DraftPoint, generate_pair, score_alignment
from onetext.text.align import Alignment, align, classify, squash_whitespace

Aligner = Callable[[Sequence[DraftPoint], Sequence[DraftPoint]], Alignment[DraftPoint]]


def difflib_align(old: Sequence[DraftPoint], new: Sequence[DraftPoint]) -> Alignment[DraftPoint]:
    matcher = SequenceMatcher(
        None,
        [squash_whitespace(p.text) for p in old],
        [squash_whitespace(p.text) for p in new],
        autojunk=False,
    )
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            links += [((i1 + k,), (j1 + k,)) for k in range(min(i2 - i1, j2 - j1))]
    return classify(old, new, links)


def run(size: int, edited: float, seeds: int, aligner: Aligner) -> tuple[float, float, float]:
    mapped, classified, times = [], [], []
    for seed in range(seeds):
        pair = generate_pair(size, edited, random.Random(1000 * size + seed))
        truth = pair.truth()
        start = time.perf_counter()
        found = aligner(pair.old, pair.new)
        times.append(time.perf_counter() - start)
        score = score_alignment(found, truth)
        mapped.append(score.mapped_share)
        classified.append(score.classified_share)
    return statistics.mean(mapped), statistics.mean(classified), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sizes", default="30,100,300,1000")
    parser.add_argument("--edited", default="0.1,0.2,0.4")
    args = parser.parse_args()
    warm = generate_pair(30, 0.2, random.Random(0))
    align(warm.old, warm.new)  # warm up imports and rapidfuzz's thread pool
    print(
        f"{'points':>6} {'edited':>6} | {'onetext mapped':>14} {'classified':>10} {'ms':>8}"
        f" | {'difflib mapped':>14} {'classified':>10} {'ms':>8} | time ratio"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        for edited in (float(e) for e in args.edited.split(",")):
            ours = run(size, edited, args.seeds, align)
            base = run(size, edited, args.seeds, difflib_align)
            cells = [f"{size:>6} {edited:>6.0%}"]
            for mapped, classified, seconds in (ours, base):
                cells.append(f"{mapped:>14.2%} {classified:>10.2%} {seconds * 1e3:>8.1f}")
            cells.append(f"{ours[2] / base[2]:>6.2f}x")
            print(" | ".join(cells))


if __name__ == "__main__":
    main()
