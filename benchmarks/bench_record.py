"""Benchmarks for the record: importing a large draft, reading a large stance matrix.

Each figure is compared in the same run with the naive way:
- import: parse + table a 2,000-point draft through the service (one transaction)
  vs inserting the same points one at a time, committing each (what a simple
  loop over the ORM does);
- matrix: one windowed query for a 50-party x 500-point negotiation with full
  history vs one query per cell (25,000 queries).

Run: .venv/bin/python benchmarks/bench_record.py [--quick] [--db URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from onetext.access import Actor
from onetext.model import PartyKind
from onetext.service import drafts, negotiations, positions
from onetext.store.database import Database, open_database
from onetext.store.tables import (
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    PositionRow,
    VersionRow,
)
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

OPERATOR = Actor.system_operator()
WORDS = (
    "the parties shall ensure that monitoring of the line of contact continues within "
    "thirty days and that all prisoners are exchanged under the joint commission"
).split()


def draft_text(points: int, rng: random.Random) -> str:
    lines = ["LARGE FRAMEWORK", ""]
    for number in range(1, points + 1):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        lines.append(f"{number}. {words.capitalize()} [shall][should] apply.")
    return "\n".join(lines) + "\n"


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def setup_negotiation(db: Database, parties: int) -> None:
    with UnitOfWork(db) as uow:
        negotiations.create_negotiation(uow, OPERATOR, "bench", "Benchmark talks")
    with UnitOfWork(db) as uow:
        negotiations.add_party(uow, OPERATOR, "bench", "envoy", "Envoy", PartyKind.MEDIATOR)
    for index in range(parties):
        with UnitOfWork(db) as uow:
            negotiations.add_party(uow, OPERATOR, "bench", f"p{index:02d}", f"Party {index}")


def bench_import(url_for: Callable[[str], str], points: int, repeat: int) -> tuple[float, float]:
    rng = random.Random(1)
    text = draft_text(points, rng)
    ours, naive = [], []
    for attempt in range(repeat):
        db = open_database(url_for(f"import-{attempt}"))
        setup_negotiation(db, 2)

        def table(db: Database = db, attempt: int = attempt) -> None:
            draft = parse_draft(text)
            with UnitOfWork(db) as uow:
                drafts.table_draft(
                    uow,
                    OPERATOR,
                    "bench",
                    draft,
                    document=f"big{attempt}",
                    party="envoy",
                    message="benchmark",
                )

        ours += timed(table, 1)

        def one_by_one(db: Database = db) -> None:
            draft = parse_draft(text)
            with db.session() as session:
                neg = session.execute(select(NegotiationRow)).scalar_one()
                version_id = session.execute(select(VersionRow.id)).scalar_one()
                for ordinal, point in enumerate(draft.points):
                    row = PointRow(uid=f"naive-{ordinal}", negotiation_id=neg.id)
                    session.add(row)
                    session.commit()
                    session.add(
                        PointStateRow(
                            version_id=version_id,
                            point_id=row.id,
                            ordinal=ordinal + 10_000,
                            label=f"n{point.label}",
                            heading=None,
                            text=point.text,
                            options={"items": []},
                        )
                    )
                    session.commit()

        naive += timed(one_by_one, 1)
        db.dispose()
    return statistics.median(ours), statistics.median(naive)


def populate_history(db: Database, parties: int, points: int, marks_per_cell: int) -> None:
    setup_negotiation(db, parties)
    text = draft_text(points, random.Random(2))
    with UnitOfWork(db) as uow:
        drafts.table_draft(
            uow,
            OPERATOR,
            "bench",
            parse_draft(text),
            document="framework",
            party="envoy",
            message="benchmark",
        )
    rng = random.Random(3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with db.engine.begin() as connection:
        neg_id = connection.execute(select(NegotiationRow.id)).scalar_one()
        version_id = connection.execute(select(VersionRow.id)).scalar_one()
        party_ids = (
            connection.execute(select(PartyRow.id).where(PartyRow.kind == "party")).scalars().all()
        )
        point_ids = connection.execute(select(PointStateRow.point_id)).scalars().all()
        rows = []
        serial = 0
        for party_id in party_ids:
            for point_id in point_ids:
                for _ in range(rng.randint(1, 2 * marks_per_cell - 1)):
                    serial += 1
                    rows.append(
                        {
                            "uid": f"pos-{serial}",
                            "negotiation_id": neg_id,
                            "party_id": party_id,
                            "point_id": point_id,
                            "version_id": version_id,
                            "option_key": None,
                            "stance": rng.choice(
                                ["accepted", "reservations", "open", "unacceptable"]
                            ),
                            "priority": rng.randint(1, 5),
                            "visibility": rng.choice(["private", "caucus", "joint"]),
                            "note": "",
                            "author": "bench",
                            "marked_at": start + timedelta(minutes=rng.randint(0, 500_000)),
                        }
                    )
                if len(rows) >= 20_000:
                    connection.execute(insert(PositionRow), rows)
                    rows = []
        if rows:
            connection.execute(insert(PositionRow), rows)
    print(f"  history: {serial:,} marks over {len(party_ids)} parties x {len(point_ids)} points")


def naive_matrix(db: Database, every: int = 1) -> dict[tuple[str, int], str | None]:
    """One query per cell (every ``every``-th cell), with the operator's visibility rule."""
    found: dict[tuple[str, int], str | None] = {}
    with db.session() as session:
        parties = session.execute(
            select(PartyRow.id, PartyRow.slug).where(PartyRow.kind == "party")
        ).all()
        point_ids = (
            session.execute(select(PointStateRow.point_id).order_by(PointStateRow.ordinal))
            .scalars()
            .all()
        )
        cells = [(party, point) for party in parties for point in point_ids]
        for (party_id, slug), point_id in cells[::every]:
            found[(slug, point_id)] = session.execute(
                select(PositionRow.stance)
                .where(
                    PositionRow.party_id == party_id,
                    PositionRow.point_id == point_id,
                    PositionRow.option_key.is_(None),
                    PositionRow.visibility.in_(["caucus", "joint"]),
                )
                .order_by(PositionRow.marked_at.desc(), PositionRow.id.desc())
                .limit(1)
            ).scalar()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--db", help="PostgreSQL server URL prefix (database name appended)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="onetext-bench-"))

    def url_for(name: str) -> str:
        if args.db:
            import psycopg

            base = args.db.rsplit("/", 1)[0]
            with psycopg.connect(
                args.db.replace("postgresql+psycopg", "postgresql"), autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            return f"{base}/{name}"
        return f"sqlite:///{folder / (name + '.db')}"

    points, parties, matrix_points = (400, 10, 100) if args.quick else (2000, 50, 500)
    repeat = 3 if args.quick else 5
    print(f"backend: {'postgresql' if args.db else 'sqlite'}")
    ours, naive = bench_import(url_for, points, repeat)
    print(
        f"import {points}-point draft: onetext {ours * 1000:.0f} ms (median of {repeat}), "
        f"naive one-commit-per-point {naive * 1000:.0f} ms, ratio {naive / ours:.1f}x "
        f"(target < 1000 ms)"
    )
    db = open_database(url_for("matrix"))
    populate_history(db, parties, matrix_points, marks_per_cell=4)

    def ours_matrix() -> None:
        with UnitOfWork(db) as uow:
            view = positions.stance_matrix(uow, OPERATOR, "bench")
        assert len(view.points) == matrix_points

    with UnitOfWork(db) as uow:
        view = positions.stance_matrix(uow, OPERATOR, "bench")
    every = 10
    sample = naive_matrix(db, every)
    with db.session() as session:
        label_of = dict(session.execute(select(PointStateRow.point_id, PointStateRow.label)).all())
    for (party, point_id), stance in sample.items():
        cell = view.matrix[party][label_of[point_id]]
        assert (cell.stance if cell else None) == stance, "the two ways disagree"
    ours_times = timed(ours_matrix, repeat)
    naive_times = [t * every for t in timed(lambda: naive_matrix(db, every), 3)]
    ours_m, naive_m = statistics.median(ours_times), statistics.median(naive_times)
    print(
        f"matrix {parties} parties x {matrix_points} points: onetext {ours_m * 1000:.0f} ms "
        f"(median of {repeat}), naive one-query-per-cell {naive_m * 1000:.0f} ms "
        f"(timed on every {every}th cell, scaled), ratio {naive_m / ours_m:.1f}x "
        f"(target < 300 ms)"
    )
    db.dispose()


if __name__ == "__main__":
    main()
