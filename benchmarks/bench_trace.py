"""Leak-tracing benchmark: simulated leaks of fingerprinted copies, traced back.

Drafts of 28 and 100 points (benchmarks/data) are issued to 20 and 100 recipients
(coalition 2, error 1e-3, visible sites only). Each trial leaks an excerpt of 1, 3
or 10 random points, retyped (invisible marks stripped, quotes and dashes
normalised), optionally with 10% of the words paraphrased, from one recipient or
mixed point by point from 2 or 3 recipients' copies. onetext's attribution is
compared, on the same leaks, with a naive baseline: the recipient whose copy of
the quoted points is nearest to the leak by edit distance (always names someone).

    .venv/bin/python benchmarks/bench_trace.py              # 1,000 trials each
    .venv/bin/python benchmarks/bench_trace.py --trials 50  # quick run
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from onetext.formats.drafts import load_draft
from onetext.trace.normalize import normalize_text, retype
from onetext.trace.registry import CopyIssue, issue_copies

DATA = Path(__file__).parent / "data"
THRESHOLD = 1e-3
PARAPHRASE_WORDS = [
    "the",
    "relevant",
    "certain",
    "new",
    "said",
    "public",
    "local",
    "such",
    "agreed",
    "respective",
    "proper",
    "main",
    "various",
    "official",
    "joint",
    "specific",
    "regional",
    "given",
    "whole",
]


@dataclass(frozen=True)
class Scenario:
    name: str
    points: int
    colluders: int
    paraphrase: float


SCENARIOS = (
    Scenario("1 point, retyped", 1, 1, 0.0),
    Scenario("3 points, retyped", 3, 1, 0.0),
    Scenario("10 points, retyped", 10, 1, 0.0),
    Scenario("1 point, retyped, 10% paraphrased", 1, 1, 0.1),
    Scenario("3 points, retyped, 10% paraphrased", 3, 1, 0.1),
    Scenario("10 points, retyped, 10% paraphrased", 10, 1, 0.1),
    Scenario("3 points, 2 copies mixed", 3, 2, 0.0),
    Scenario("10 points, 2 copies mixed", 10, 2, 0.0),
    Scenario("10 points, 3 copies mixed", 10, 3, 0.0),
    Scenario("10 points, 2 copies mixed, 10% paraphrased", 10, 2, 0.1),
)


@cache
def issue_for(draft: str, recipients: int) -> tuple[CopyIssue, list[list[str]]]:
    parsed = load_draft(DATA / draft)
    issue = issue_copies(
        parsed.points,
        [f"recipient-{i:03d}" for i in range(recipients)],
        seed=20261124,
        title=parsed.title,
        numbering=parsed.numbering.value,
    )
    copies = [issue.copy_texts(r) for r in issue.recipients]
    return issue, copies


def paraphrase(text: str, share: float, rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        return rng.choice(PARAPHRASE_WORDS) if rng.random() < share else match.group(0)

    return re.sub(r"[A-Za-z]+", swap, text)


def run(job: tuple[str, int, int, int, int]) -> dict[str, object]:
    draft, recipients, scenario_index, trials, seed = job
    scenario = SCENARIOS[scenario_index]
    issue, copies = issue_for(draft, recipients)
    tracer = issue.tracer()
    rng = random.Random(seed)
    names = issue.recipients
    counts = dict.fromkeys(
        ("correct", "withheld", "wrong", "caught", "innocent", "base_correct", "base_wrong"), 0
    )
    sites_seen: list[int] = []
    times: list[float] = []
    base_times: list[float] = []
    for _ in range(trials):
        colluders = rng.sample(range(len(names)), scenario.colluders)
        chosen = sorted(rng.sample(range(len(issue.points)), scenario.points))
        sources = [colluders[i % len(colluders)] for i in range(len(chosen))]
        rng.shuffle(sources)
        lines = [
            f"{issue.points[p].label}. {copies[s][p]}" for p, s in zip(chosen, sources, strict=True)
        ]
        leak = paraphrase(retype("\n".join(lines)), scenario.paraphrase, rng)
        started = time.perf_counter()
        result = tracer.attribute(leak, THRESHOLD)
        times.append(time.perf_counter() - started)
        sites_seen.append(result.sites_observed)
        guilty = {names[c] for c in colluders}
        if result.verdict is None:
            counts["withheld"] += 1
        elif result.verdict in guilty:
            counts["correct"] += 1
        else:
            counts["wrong"] += 1
        accused = {
            c.recipient for c in result.candidates if c.false_accusation_probability < THRESHOLD
        }
        counts["caught"] += bool(accused & guilty)
        counts["innocent"] += bool(accused - guilty)
        started = time.perf_counter()
        target = normalize_text(leak)
        distances = [
            Levenshtein.distance(
                target,
                normalize_text(
                    "\n".join(f"{issue.points[p].label}. {copies[j][p]}" for p in chosen)
                ),
            )
            for j in range(len(names))
        ]
        best = min(distances)
        winners = [j for j, d in enumerate(distances) if d == best]
        base_times.append(time.perf_counter() - started)
        if len(winners) == 1:
            counts["base_correct" if names[winners[0]] in guilty else "base_wrong"] += 1
    return {
        "draft": draft,
        "recipients": recipients,
        "scenario": scenario.name,
        "trials": trials,
        **counts,
        "sites": statistics.median(sites_seen),
        "ms": 1000 * statistics.median(times),
        "base_ms": 1000 * statistics.median(base_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000, help="trials per scenario")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    configs = [
        ("draft-28.md", 20),
        ("draft-28.md", 100),
        ("draft-100.md", 20),
        ("draft-100.md", 100),
    ]
    jobs = [
        (draft, n, s, args.trials, 1000 * k + s)
        for k, (draft, n) in enumerate(configs)
        for s in range(len(SCENARIOS))
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(run, jobs))
    for draft, n in configs:
        issue, _ = issue_for(draft, n)
        print(f"\n## {draft[:-3]}, {n} recipients: {len(issue.sites)} sites")
        print(issue.code.design.statement())
        print(
            "\n| leak | trials | median sites read | correct verdict | withheld | wrong verdict "
            "| colluder caught | innocent accused | baseline correct | baseline wrong "
            "| median ms (onetext / baseline) |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for row in rows:
            if row["draft"] != draft or row["recipients"] != n:
                continue
            t = int(row["trials"])  # type: ignore[call-overload]

            def pct(key: str, t: int = t, row: dict[str, object] = row) -> str:
                return f"{100 * int(row[key]) / t:.1f}%"  # type: ignore[call-overload]

            print(
                f"| {row['scenario']} | {t} | {row['sites']:g} | {pct('correct')} | "
                f"{pct('withheld')} | {pct('wrong')} | {pct('caught')} | {pct('innocent')} | "
                f"{pct('base_correct')} | {pct('base_wrong')} | "
                f"{row['ms']:.1f} / {row['base_ms']:.1f} |"
            )
    print(f"\nTotal wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
