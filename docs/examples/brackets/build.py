"""Build the worked example of docs/brackets.md: three readings of a bracketed text.

    python docs/examples/brackets/build.py lindmark.db

makes the negotiation ``lindmark`` in that SQLite file (which must not exist) and
tables ``v1.md``, ``v2.md`` and ``v3.md`` of this folder as versions 1 to 3 of the
document ``basin``, a fortnight apart. Then try ``onetext brackets basin --db
lindmark.db`` (see docs/brackets.md).

The versions are tabled through the service layer with fixed dates (a fortnight
apart), read exactly as ``onetext import`` reads them.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from onetext.model import PartyKind
from onetext.service import drafts, negotiations
from onetext.service.actors import operator
from onetext.store.database import open_database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import ParsedDraft, parse_draft

HERE = Path(__file__).resolve().parent
READINGS = tuple(HERE / f"v{n}.md" for n in (1, 2, 3))
FIRST_READING = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)

def reading(source: str) -> ParsedDraft:
    """A reading as ``onetext import`` reads it: Articles, their paragraphs (cited
    ``N.M``), Option lines as alternatives of their paragraph."""
    return parse_draft(source, markdown=True)


class _Clock:
    """Fixed dates (a fortnight between readings), a second further at each call."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def build_example(url: str) -> list[str]:
    """Table the three readings in a new database; the versions' names."""
    database = open_database(url)
    actor = operator()
    try:
        with UnitOfWork(database, _Clock(FIRST_READING - timedelta(days=1))) as uow:
            negotiations.create_negotiation(uow, actor, "lindmark", "Lindmark basin talks")
            negotiations.add_party(
                uow, actor, "lindmark", "cofacilitators", "Co-facilitators", PartyKind.MEDIATOR
            )
            negotiations.add_party(uow, actor, "lindmark", "upstream", "Upstream States")
            negotiations.add_party(uow, actor, "lindmark", "downstream", "Downstream States")
        refs = []
        for n, path in enumerate(READINGS):
            with UnitOfWork(database, _Clock(FIRST_READING + timedelta(days=14 * n))) as uow:
                summary = drafts.table_draft(
                    uow,
                    actor,
                    "lindmark",
                    reading(path.read_text(encoding="utf-8")),
                    document="basin",
                    party="cofacilitators",
                    message=f"reading {n + 1}",
                )
                refs.append(summary.ref)
        return refs
    finally:
        database.dispose()


def main() -> None:
    if len(sys.argv) != 2 or Path(sys.argv[1]).exists():
        raise SystemExit("usage: build.py NEW-SQLITE-FILE (the file must not exist yet)")
    for ref in build_example(sys.argv[1]):
        print(f"tabled {ref}")


if __name__ == "__main__":
    main()
