"""Benchmark: the receipt a write returns (the log's Merkle root after the write).

Ours: the head keeps the tree's frontier (``store.merkle.Frontier``), so a write
appends one leaf and reads the root in O(log n). Baseline, same run, same leaves:
recomputing the root over every event of the log (what a receipt costs without the
frontier: one read of the whole log and n hashes per write). Both are checked to
give the same root. Pure hashing, no database: the database part of a write is the
same one head row either way.

Run: .venv/bin/python benchmarks/bench_audit_log.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time

from onetext.store.merkle import Frontier, leaf_hash, tree_root


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run(size: int, writes: int, baseline_runs: int) -> tuple[float, float]:
    leaves = [leaf_hash(f"event {i}".encode()) for i in range(size)]
    frontier = Frontier.of(leaves)
    ours: list[float] = []
    for i in range(writes):
        leaf = leaf_hash(f"new {i}".encode())
        started = time.perf_counter()
        loaded = Frontier.load(frontier.dump())  # as the head row stores it
        loaded.append(leaf)
        root = loaded.root()
        _ = loaded.dump()
        ours.append(time.perf_counter() - started)
        frontier = loaded
        leaves.append(leaf)
    naive: list[float] = []
    for _ in range(baseline_runs):
        started = time.perf_counter()
        recomputed = tree_root(leaves)
        naive.append(time.perf_counter() - started)
    assert recomputed == root, "the frontier's root must be the tree's root"
    return _median_ms(ours), _median_ms(naive)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]
    print("| events in the log | receipt with the frontier | recomputed root | ratio |")
    print("| ---: | ---: | ---: | ---: |")
    for size in sizes:
        ours, naive = run(size, writes=200, baseline_runs=5)
        print(f"| {size:,} | {ours:.3f} ms | {naive:.1f} ms | {naive / ours:,.0f}× |")


if __name__ == "__main__":
    main()
