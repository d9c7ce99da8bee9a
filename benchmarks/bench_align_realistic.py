"""Alignment on realistic edits: onetext against its aligner before issue 12 and difflib.

    python benchmarks/bench_align_realistic.py [--seeds 10] [--sizes 30,100,1000]

Pairs come from ``benchmarks/realistic_edits.py`` (synonym paraphrase,
translation-like rewording, number and name changes, grown and shrunk points,
merges of neighbours, splits, insertions, deletions). Three aligners run on the
same pairs: ``onetext`` (the current ``align``), ``before`` (``align`` as it was
at commit a890737, before issue 12, read from git) and ``difflib``
(``SequenceMatcher`` over point texts, the baseline of ``bench_align.py``).
*Mapped*: share of units (old points and truly added points) whose counterpart
set is exactly right; *kind*: mapped and given the true kind. With ``--by-kind``
each edit kind is also run alone (20% of the points edited), to show where each
aligner fails. Times are medians in milliseconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_align import difflib_align
from generators.edit_scripts import DraftPoint, score_alignment
from onetext.text.align import align, classify
from realistic_edits import REALISTIC_KINDS, generate_realistic_pair

BEFORE_COMMIT = "a890737"
Aligner = Callable[[Sequence[DraftPoint], Sequence[DraftPoint]], Any]


def load_before() -> ModuleType:
    """``onetext.text.align`` as it was before issue 12, from the git history."""
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "show", f"{BEFORE_COMMIT}:src/onetext/text/align.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "align_before_issue12.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("align_before_issue12", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run(
    size: int, edited: float, seeds: int, kinds: Sequence[str], aligner: Aligner
) -> tuple[float, float, float]:
    mapped, classified, times = [], [], []
    for seed in range(seeds):
        pair = generate_realistic_pair(size, edited, random.Random(7919 * size + seed), kinds)
        start = time.perf_counter()
        found = aligner(pair.old, pair.new)
        times.append(time.perf_counter() - start)
        score = score_alignment(found, pair.truth())
        mapped.append(score.mapped_share)
        classified.append(score.classified_share)
    return statistics.mean(mapped), statistics.mean(classified), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--sizes", default="30,100,1000")
    parser.add_argument("--edited", default="0.2,0.4")
    parser.add_argument("--by-kind", action="store_true", help="Also run each edit kind alone.")
    args = parser.parse_args()
    before = load_before()

    def before_align(old: Sequence[DraftPoint], new: Sequence[DraftPoint]) -> Any:
        # Its links, classified by today's rules (so kinds compare as the same enum).
        found = before.align(old, new)
        return classify(old, new, [(c.old, c.new) for c in found.changes if c.old and c.new])

    aligners: dict[str, Aligner] = {
        "onetext": align,
        "before": before_align,
        "difflib": difflib_align,
    }
    warm = generate_realistic_pair(30, 0.2, random.Random(0))
    for aligner in aligners.values():
        aligner(warm.old, warm.new)
    header = " | ".join(f"{name:>7} mapped    kind       ms" for name in aligners)
    print(f"{'case':>22} | {header} | time vs difflib")
    cases: list[tuple[str, int, float, Sequence[str]]] = [
        (f"{size} pts, {edited:.0%} all kinds", size, edited, REALISTIC_KINDS)
        for size in (int(s) for s in args.sizes.split(","))
        for edited in (float(e) for e in args.edited.split(","))
    ]
    if args.by_kind:
        cases += [(f"100 pts, 20% {kind}", 100, 0.2, (kind,)) for kind in REALISTIC_KINDS]
    for title, size, edited, kinds in cases:
        results = {n: run(size, edited, args.seeds, kinds, a) for n, a in aligners.items()}
        cells = [f"{title:>22}"]
        for mapped, classified, seconds in results.values():
            cells.append(f"{mapped:>14.2%} {classified:>7.2%} {seconds * 1e3:>8.1f}")
        cells.append(f"{results['onetext'][2] / results['difflib'][2]:>6.2f}x")
        print(" | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
