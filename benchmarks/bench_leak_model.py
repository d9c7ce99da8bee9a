"""Leak-model benchmark (issue 14): newspaper quotes of fingerprinted copies.

Corpora: the demo's 28-point draft (``data/draft-28.md``) and
``data/leak/tune-border-agreement.md`` were used to build the variant tables;
``data/leak/heldout-water-convention.md`` (ordinary treaty language) and
``data/leak/heldout-coalition-agreement.md`` (a coalition agreement in "we will"
style) were written before the tables were extended and never used to tune them.
The second held-out set (``heldout-fisheries-agreement.md``, British English with
"the present Agreement"; ``heldout-resolution.md``, preambular and operative
paragraphs; ``heldout-working-group.md``, "we will" terms of reference) was written
and committed before the second extension of the tables and never used to tune it.

Each corpus is issued to 20 recipients (visible sites only, standard marking).
Leaks follow :mod:`leak_model` (the "retyped" definition of issue 14): k
consecutive points from one copy, or mixed point by point from 2 or 3 copies, some
with the last sentence cut mid-way. onetext's verdict (threshold 1e-3) is compared
with a named baseline on the same leaks: the previous scoring, the symmetric Tardos
score with its Chernoff bound (``onetext.trace.code.innocent_tail``, union over the
recipients), fed the same decoded sites.

    .venv/bin/python benchmarks/bench_leak_model.py --trials 200
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from leak_model import cut_mid_sentence, mixed_quote
from onetext.formats.drafts import load_draft
from onetext.formats.variants_file import load_variants_file
from onetext.text.parse import ParsedDraft
from onetext.trace.authored import AuthoredPhrase
from onetext.trace.code import innocent_tail, symmetric_scores
from onetext.trace.registry import CopyIssue, issue_copies
from onetext.trace.strength import quote_guarantees, robust_bits_per_100_words

DATA = Path(__file__).parent / "data"
CORPORA = (
    ("demo draft-28 (tuned)", DATA / "draft-28.md"),
    ("border agreement (tuned)", DATA / "leak" / "tune-border-agreement.md"),
    ("water convention (held out)", DATA / "leak" / "heldout-water-convention.md"),
    ("coalition agreement (held out)", DATA / "leak" / "heldout-coalition-agreement.md"),
    ("fisheries agreement (held out 2)", DATA / "leak" / "heldout-fisheries-agreement.md"),
    ("UN-style resolution (held out 2)", DATA / "leak" / "heldout-resolution.md"),
    ("working-group terms (held out 2)", DATA / "leak" / "heldout-working-group.md"),
)
SCENARIOS = (
    ("3 points, one copy", 3, 1, False),
    ("3 points, one copy, cut mid-sentence", 3, 1, True),
    ("10 points, one copy", 10, 1, False),
    ("10 points, 2 copies mixed", 10, 2, False),
    ("10 points, 3 copies mixed", 10, 3, False),
)
THRESHOLD = 1e-3
AUTHORED: dict[str, tuple[AuthoredPhrase, ...]] = {}
"""A mediator's variants file per corpus (by file stem), from ``--variants``."""
TARGETS = ("3 points, one copy", "10 points, 2 copies mixed")
"""The scenarios of the issue's targets (>= 90 % and >= 80 %)."""


def _issue(path: Path) -> tuple[ParsedDraft, CopyIssue]:
    """The corpus and its 20 copies (with the mediator's variants, if given)."""
    draft = load_draft(path)
    names = [f"r{i:02d}" for i in range(20)]
    authored = AUTHORED.get(path.stem, ())
    return draft, issue_copies(draft.points, names, seed=20261130, authored=authored)


def run(
    path: Path, trials: int, seed: int, scenario: str = "", only_these: tuple[str, ...] = ()
) -> list[dict[str, object]]:
    draft, issue = _issue(path)
    names = list(issue.recipients)
    tracer = issue.tracer()
    copies = [issue.copy_texts(r) for r in names]
    rows = []
    for label, k, mixed, cut in SCENARIOS:
        if scenario not in label or (only_these and label not in only_these):
            continue
        rng = random.Random(seed)
        counts = dict.fromkeys(("named", "wrong", "innocent", "base_named", "base_wrong"), 0)
        seen: list[int] = []
        times: list[float] = []
        for _ in range(trials):
            guilty = rng.sample(range(20), mixed)
            first = rng.randrange(len(draft.points) - k + 1)
            leak, _ = mixed_quote([copies[g] for g in guilty], first, k, rng)
            if cut:
                leak = cut_mid_sentence(leak, rng)
            started = time.perf_counter()
            observed, evidence, labels = tracer.observe(leak)
            result = tracer.judge(observed, evidence, labels, THRESHOLD)
            times.append(time.perf_counter() - started)
            seen.append(result.sites_observed)
            sources = {names[g] for g in guilty}
            counts["named"] += result.verdict in sources
            counts["wrong"] += result.verdict is not None and result.verdict not in sources
            accused = {
                c.recipient for c in result.candidates if c.false_accusation_probability < THRESHOLD
            }
            counts["innocent"] += bool(accused - sources)
            scores = symmetric_scores(issue.code, observed)
            fap = np.minimum(1.0, 20 * innocent_tail(issue.code, observed, scores))
            best = int(np.argmax(scores))
            if fap[best] < THRESHOLD:
                counts["base_named" if names[best] in sources else "base_wrong"] += 1
        rows.append(
            {
                "scenario": label,
                "trials": trials,
                **counts,
                "sites": statistics.median(seen),
                "ms": 1000 * statistics.median(times),
            }
        )
    return rows


def summary(corpora: list[tuple[str, Path]], trials: int, seed: int, only: str) -> None:
    """The issue's two targets on many corpora at once: a row each, then the medians."""
    print(
        "| corpus | words | robust bits / 100 words | 3-point passages provable | "
        "3 points, one copy: named | 10 points, 2 copies: one named | innocent accused |"
    )
    print("|---|---|---|---|---|---|---|")
    columns: list[tuple[float, float, float, float]] = []
    for name, path in corpora:
        if only and only not in name:
            continue
        draft, issue = _issue(path)
        words = sum(len(p.text.split()) for p in draft.points)
        bits = robust_bits_per_100_words(issue.points, issue.sites)
        (three,) = quote_guarantees(issue.points, issue.sites, 20, lengths=(3,))
        rows = {str(r["scenario"]): r for r in run(path, trials, seed, only_these=TARGETS)}
        single, mixed = rows["3 points, one copy"], rows["10 points, 2 copies mixed"]
        named3 = 100 * int(str(single["named"])) / trials
        named10 = 100 * int(str(mixed["named"])) / trials
        innocent = sum(int(str(r["innocent"])) for r in rows.values())
        provable = 100 * three.proven / three.passages
        columns.append((bits, provable, named3, named10))
        print(
            f"| {name} | {words} | {bits:.1f} | {provable:.0f}% | {named3:.0f}% | "
            f"{named10:.0f}% | {innocent} |"
        )
    if columns:
        medians = [statistics.median(c[i] for c in columns) for i in range(4)]
        print(
            f"| **median of {len(columns)}** | | {medians[0]:.1f} | {medians[1]:.0f}% | "
            f"{medians[2]:.0f}% | {medians[3]:.0f}% | |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--only", default="", help="run only corpora whose name contains this")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        help="a draft file of your own to run instead of the built-in corpora (repeatable)",
    )
    parser.add_argument(
        "--scenario",
        default="",
        help="run only leak scenarios whose label contains this (e.g. '3 points')",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="one line per corpus (bits, provable passages, the two target rates), then medians",
    )
    parser.add_argument(
        "--variants",
        type=Path,
        action="append",
        default=[],
        help="a mediator's variants file (copies --variants) for the corpus of the same "
        "file name, e.g. data/leak/variants/heldout3-security-arrangement.json (repeatable)",
    )
    args = parser.parse_args()
    for file in args.variants:
        AUTHORED[file.stem] = load_variants_file(file)
    started = time.perf_counter()
    corpora = [(p.stem, p) for p in args.corpus] or list(CORPORA)
    if args.summary:
        summary(corpora, args.trials, args.seed, args.only)
        print(f"\nTotal wall time: {time.perf_counter() - started:.0f} s")
        return
    for name, path in corpora:
        if args.only and args.only not in name:
            continue
        draft, issue = _issue(path)
        words = sum(len(p.text.split()) for p in draft.points)
        bits = robust_bits_per_100_words(issue.points, issue.sites)
        print(f"\n#### {name}: {len(draft.points)} points, {words} words, {len(issue.sites)} sites")
        print(f"robust bits per 100 words after retyping: {bits:.1f}")
        for g in quote_guarantees(issue.points, issue.sites, 20):
            print(f"- {g.statement(20)}")
        print(
            "\n| leak | trials | median sites read | source named | wrong name | innocent "
            "accused | baseline (Tardos) named | baseline wrong | median ms |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for row in run(path, args.trials, args.seed, args.scenario):
            t = int(str(row["trials"]))

            def pct(key: str, t: int = t, row: dict[str, object] = row) -> str:
                return f"{100 * int(str(row[key])) / t:.1f}%"

            print(
                f"| {row['scenario']} | {t} | {row['sites']:g} | {pct('named')} | "
                f"{pct('wrong')} | {pct('innocent')} | {pct('base_named')} | "
                f"{pct('base_wrong')} | {row['ms']:.1f} |"
            )
    print(f"\nTotal wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
