"""The readability filter of the marks in force (issue 13): the stance-matrix query
with and without ``store.marks.made_on_readable_document`` in the same run.

    python benchmarks/bench_readable_marks.py [--db URL] [--repeat 60]

Builds the 5-party × 100-point negotiation of ``bench_web_matrix`` (one mark per
party and point, mixed visibilities) plus each party's private counter-draft with a
joint mark on it, in a fresh SQLite file or in the (empty) database at ``--db``. Then,
as a delegate of the first party, times ``latest_marks`` (the matrix) and
``deciding_marks`` (board, engine, brief) alternately with the filter (the code as it
is) and without it (the condition replaced by TRUE: the baseline before issue 13),
``--repeat`` times each, and prints the medians and their ratio. Both variants must
give the same marks here except those made on the private drafts.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import true

from bench_web_matrix import PARTIES, build
from onetext.access import Actor
from onetext.model import Level, Role, Stance, Visibility
from onetext.service import drafts, positions
from onetext.store import marks
from onetext.store.database import open_database
from onetext.store.marks import MarksQuery, deciding_marks, latest_marks
from onetext.store.repository import negotiating_parties, negotiation_row, version_row
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft


def add_private_drafts(url: str) -> None:
    """Each party forks a private counter-draft and marks its first points jointly on it."""
    database = open_database(url)
    try:
        for party in PARTIES:
            delegate = Actor(f"{party}-bench", Role.DELEGATE, party, Level.NEGOTIATOR)
            with UnitOfWork(database) as uow:
                text = "COUNTER\n" + "\n".join(
                    f"{n}. The parties shall implement measure {n} as {party} proposes."
                    for n in range(1, 21)
                )
                drafts.table_draft(
                    uow, delegate, "bench", parse_draft(text), document=f"{party}-own",
                    party=party, message="own", based_on="main@1",
                    visibility=Visibility.PRIVATE,
                )  # fmt: skip
            with UnitOfWork(database) as uow:
                for n in range(1, 21):
                    positions.mark_stance(
                        uow, delegate, "bench", party=party, label=str(n),
                        stance=Stance.ACCEPTED, version=f"{party}-own@1",
                        visibility=Visibility.JOINT, note=f"{delegate.handle} {n}",
                    )  # fmt: skip
    finally:
        database.dispose()


def timed(run: Callable[[], Any], repeat: int, filtered: bool) -> list[float]:
    samples = []
    original = marks.made_on_readable_document
    for _ in range(repeat):
        if not filtered:
            marks.made_on_readable_document = lambda *_a, **_k: true()  # type: ignore[assignment]
        try:
            start = time.perf_counter()
            run()
            samples.append((time.perf_counter() - start) * 1000)
        finally:
            marks.made_on_readable_document = original
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database URL (default: a fresh SQLite file)")
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        build(url, clients=0)
        add_private_drafts(url)
        database = open_database(url)
        reader = Actor("reader", Role.DELEGATE, PARTIES[0], Level.NEGOTIATOR)
        with database.session() as session:
            neg = negotiation_row(session, "bench")
            query = MarksQuery(
                negotiation=neg,
                version=version_row(session, neg, "main@1", reader),
                reader=reader,
                parties=negotiating_parties(session, neg),
            )
            for name, run_query in (
                ("latest_marks", latest_marks),
                ("deciding_marks", deciding_marks),
            ):
                timed(lambda q=run_query: q(session, query), 1, True)  # warm
                with_filter, without = [], []
                for _ in range(args.repeat):  # alternate, so drift hits both alike
                    with_filter += timed(lambda q=run_query: q(session, query), 1, True)
                    without += timed(lambda q=run_query: q(session, query), 1, False)
                kept = len(run_query(session, query))
                original = marks.made_on_readable_document
                marks.made_on_readable_document = lambda *_a, **_k: true()  # type: ignore[assignment]
                try:
                    unfiltered = len(run_query(session, query))
                finally:
                    marks.made_on_readable_document = original
                a, b = statistics.median(with_filter), statistics.median(without)
                print(
                    f"{name}: with filter median {a:.2f} ms, without {b:.2f} ms, ratio "
                    f"{a / b:.2f} ({args.repeat} runs each, {kept} vs {unfiltered} marks)"
                )
        database.dispose()


if __name__ == "__main__":
    main()
