"""Bracket statistics of stored versions and their burn-down.

A negotiating text converges by settling its brackets; secretariats count what is
left open in each version, Article by Article, and chart it across versions. The
counting is ``text.brackets.count_brackets`` on each stored unit; who may read a
version is decided as for the version page (``store.repository``: a document the
reader may not read answers "not found", in the same words as a missing one).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import InvalidInput, NotFound
from onetext.model.document import version_ref
from onetext.store import versions
from onetext.store.repository import document_row, negotiation_row, readable, version_row
from onetext.store.tables import VersionRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.brackets import BracketCount, count_brackets
from onetext.views.brackets import ArticleBrackets, BracketStats, Burndown, BurndownStep
from onetext.views.drafts import PointView

__all__ = ["article_of", "article_of_point", "bracket_burndown", "tally", "version_brackets"]


def article_of(label: str) -> str | None:
    """The Article a unit belongs to, read from its label: ``4.2`` is paragraph 2 of
    Article 4; a plain ``12`` (a flat draft) belongs to none. Used for versions
    stored before units kept their divisions (``article_of_point`` reads those)."""
    article, dot, _rest = label.partition(".")
    return article if dot and article else None


def article_of_point(point: PointView) -> str | None:
    """The Article a stored unit sits in (or is), from its divisions."""
    if point.level == "article":
        return point.label
    for division in point.path:
        if division.get("level") == "article":
            return str(division["ref"])
    return None if point.path or point.number else article_of(point.label)


def tally(
    units: Sequence[tuple[str, str]],
    preamble: str = "",
    *,
    article: Callable[[str], str | None] = article_of,
) -> tuple[BracketCount, int, list[ArticleBrackets]]:
    """(totals, units still bracketed, rows by Article) of ``(label, text)`` units.

    Rows come in the order the Articles first appear; none when no label names an
    Article. The preamble's brackets are in the totals only."""
    total = count_brackets(preamble) if preamble else BracketCount()
    bracketed = 0
    rows: dict[str | None, list[int]] = {}
    for label, text in units:
        counted = count_brackets(text)
        total = total + counted
        bracketed += counted.bracketed
        row = rows.setdefault(article(label), [0, 0, 0, 0])
        row[0] += counted.spans
        row[1] += counted.options
        row[2] += counted.bracketed
        row[3] += 1
    if set(rows) <= {None}:
        return total, bracketed, []
    return total, bracketed, [ArticleBrackets(article, *row) for article, row in rows.items()]


def _stats(uow: UnitOfWork, row: VersionRow) -> BracketStats:
    points = [
        versions.point_view(state, uid) for state, uid in versions.point_states(uow.session, row)
    ]
    units = [(p.label, p.text) for p in points]
    where = {p.label: article_of_point(p) for p in points}
    total, bracketed, articles = tally(units, row.preamble, article=where.__getitem__)
    preamble = count_brackets(row.preamble) if row.preamble else BracketCount()
    return BracketStats(
        ref=row.ref,
        document=row.document.slug,
        number=row.number,
        author=row.author.slug,
        created_at=row.created_at.isoformat(),
        units=len(units),
        bracketed_units=bracketed,
        spans=total.spans,
        options=total.options,
        choices=total.choices,
        notes=total.notes,
        preamble_spans=preamble.spans,
        preamble_options=preamble.options,
        articles=articles,
    )


def version_brackets(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    document: str,
    number: int | None = None,
) -> BracketStats:
    """The open brackets of a version of ``document`` (its latest without ``number``),
    if the actor may read the document."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    if number is not None and number < 1:
        raise InvalidInput(f"invalid version number {number}: versions count from 1")
    neg = negotiation_row(uow.session, negotiation)
    ref = document if number is None else version_ref(document, number)
    return _stats(uow, version_row(uow.session, neg, ref, actor))


def _lineage(uow: UnitOfWork, actor: Actor, start: VersionRow) -> list[VersionRow]:
    """``start`` and every version it descends from that the actor may read, oldest
    first. The walk never passes through a version the actor may not read: what
    lies behind a private draft stays behind it."""
    seen = {start.id: start}
    queue = deque([start])
    while queue:
        for parent in versions.parent_versions(uow.session, queue.popleft()):
            if parent.id not in seen and readable(actor, parent.document):
                seen[parent.id] = parent
                queue.append(parent)
    return sorted(seen.values(), key=lambda row: (row.created_at, row.id))


def bracket_burndown(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    document: str,
    *,
    lineage: bool = False,
) -> Burndown:
    """Brackets remaining in each version of ``document``, oldest first; with
    ``lineage``, in every readable version its latest version descends from."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    neg = negotiation_row(uow.session, negotiation)
    doc = document_row(uow.session, neg, document, actor)
    rows = versions.versions_of(uow.session, [doc.id])
    if not rows:
        raise NotFound(f"no version of {document!r} in {neg.slug}")
    if lineage:
        rows = _lineage(uow, actor, versions.latest_version(uow.session, doc))
    steps = []
    for row in rows:
        stats = _stats(uow, row)
        steps.append(
            BurndownStep(
                ref=stats.ref,
                document=stats.document,
                number=stats.number,
                created_at=stats.created_at,
                spans=stats.spans,
                options=stats.options,
                bracketed_units=stats.bracketed_units,
                units=stats.units,
            )
        )
    return Burndown(document=doc.slug, lineage=lineage, steps=steps)
