"""Helpers shared by tests: build a small record through the real CLI."""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from onetext.cli import main as cli_main
from onetext.store.database import Database
from onetext.store.tables import (
    AuditEventRow,
    DocumentRow,
    RoundRow,
    RoundVersionRow,
    VersionRow,
)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> CliResult:
    """Run the real entry point in-process, as the console script would."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["onetext", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli_main()
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.argv = argv
    return CliResult(code, out.getvalue(), err.getvalue())


DRAFT = """CEASEFIRE FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact [weekly][daily].
3. All prisoners shall be exchanged on the basis of all for all.
"""


def must(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, f"{args}: {result.err}"
    return result.out


def build_small_record(db: str) -> None:
    """A negotiation with a mediator, two parties, a draft and a few marks."""
    must("negotiation", "create", "talks", "--title", "Talks", "--db", db)
    must("party", "add", "envoy", "--name", "Envoy", "--kind", "mediator", "--db", db)
    must("party", "add", "north", "--name", "North", "--db", db)
    must("party", "add", "south", "--name", "South", "--db", db)
    must(
        "member",
        "add",
        "n-expert",
        "--party",
        "north",
        "--name",
        "N",
        "--level",
        "expert",
        "--db",
        db,
    )
    must(
        "member",
        "add",
        "s-expert",
        "--party",
        "south",
        "--name",
        "S",
        "--level",
        "expert",
        "--db",
        db,
    )
    must("member", "add", "chief", "--party", "envoy", "--name", "Chief", "--db", db)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.txt"
        path.write_text(DRAFT, encoding="utf-8")
        must("import", str(path), "-d", "framework", "--party", "envoy", "--db", db)
    must(
        "mark", "1", "--party", "north", "--stance", "accepted", "--visibility", "joint", "--db", db
    )
    must(
        "mark",
        "2",
        "--party",
        "north",
        "--stance",
        "unacceptable",
        "--visibility",
        "private",
        "--note",
        "NORTH-PRIVATE-NOTE",
        "--priority",
        "5",
        "--db",
        db,
    )
    must(
        "mark",
        "3",
        "--party",
        "south",
        "--stance",
        "reservations",
        "--visibility",
        "caucus",
        "--note",
        "SOUTH-CAUCUS-NOTE",
        "--db",
        db,
    )


def rounds_state(database: Database) -> tuple[Any, ...]:
    """The rounds, their produced versions and the audit chain: equal before and after
    means a refused round change wrote nothing."""
    with database.session() as session:
        return (
            session.execute(
                select(RoundRow.uid, RoundRow.outcome, RoundRow.ends_at).order_by(RoundRow.id)
            ).all(),
            session.execute(
                select(RoundVersionRow.round_id, RoundVersionRow.version_id).order_by(
                    RoundVersionRow.round_id, RoundVersionRow.version_id
                )
            ).all(),
            session.execute(select(AuditEventRow.seq, AuditEventRow.hash)).all(),
        )


def round_versions(database: Database, uid: str) -> list[str]:
    """The versions a round is linked to, as ``DOC@N``."""
    with database.session() as session:
        rows = session.execute(
            select(DocumentRow.slug, VersionRow.number)
            .join(VersionRow, VersionRow.document_id == DocumentRow.id)
            .join(RoundVersionRow, RoundVersionRow.version_id == VersionRow.id)
            .join(RoundRow, RoundRow.id == RoundVersionRow.round_id)
            .where(RoundRow.uid == uid)
            .order_by(DocumentRow.slug, VersionRow.number)
        ).all()
    return [f"{slug}@{number}" for slug, number in rows]
