"""Build the worked example of docs/brackets.md: three readings of a bracketed text.

    python docs/examples/brackets/build.py lindmark.db

makes the negotiation ``lindmark`` in that SQLite file (which must not exist) and
tables ``v1.md``, ``v2.md`` and ``v3.md`` of this folder as versions 1 to 3 of the
document ``basin``, a fortnight apart. Then try ``onetext brackets basin --db
lindmark.db`` (see docs/brackets.md).

The versions are tabled through the service layer with a small splitter that reads
``## Article N`` headings and paragraphs numbered afresh in each Article, labelled
``N.M`` (paragraph M of Article N), as stored texts with Articles are labelled. It
stands in for ``onetext import`` until the document tree of issue 11 reads Articles
and nested brackets; the tests (tests/brackets) use the same splitter.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from onetext.model import PartyKind
from onetext.service import drafts, negotiations
from onetext.service.actors import operator
from onetext.store.database import open_database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.brackets import extract_options
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint

HERE = Path(__file__).resolve().parent
READINGS = tuple(HERE / f"v{n}.md" for n in (1, 2, 3))
FIRST_READING = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)

_TITLE = re.compile(r"^#\s+(?P<title>.+)$")
_ARTICLE = re.compile(r"^##\s+Article\s+(?P<num>\d+)\b(?:\s*[—:.-]\s*(?P<heading>.*))?$")
_PARAGRAPH = re.compile(r"^(?P<num>\d+)\.\s+(?P<text>.*)$")


def split_articles(source: str) -> ParsedDraft:
    """Paragraphs labelled ``article.paragraph``; lines of a paragraph kept one per line
    (``Option N:`` lines are alternatives of the paragraph); text before the first
    Article is the preamble."""
    title: str | None = None
    preamble: list[str] = []
    points: list[ParsedPoint] = []
    article: str | None = None
    heading: str | None = None
    label: str | None = None
    lines: list[str] = []

    def close() -> None:
        nonlocal label, lines, heading
        if label is not None:
            text = "\n".join(lines)
            points.append(ParsedPoint(label, text, heading, extract_options(label, text)))
            heading = None
        label, lines = None, []

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            continue
        if (found := _TITLE.match(line)) and title is None:
            title = found.group("title")
        elif found := _ARTICLE.match(line):
            close()
            article = found.group("num")
            heading = f"Article {article}" + (
                f" — {found.group('heading')}" if found.group("heading") else ""
            )
        elif article is not None and (found := _PARAGRAPH.match(line)):
            close()
            label, lines = f"{article}.{found.group('num')}", [found.group("text")]
        elif label is not None:
            lines.append(line)
        else:
            preamble.append(line)
    close()
    return ParsedDraft(title, "\n".join(preamble), tuple(points), Numbering.PLAIN)


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
                    split_articles(path.read_text(encoding="utf-8")),
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
