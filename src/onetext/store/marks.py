"""The read model "marks in force": the one place that decides which marks count.

For a version of a text and a reader, a mark *counts* when the reader may read
it (``access.visible_visibilities``) and the document it was made on
(``access.document_readable``), it was made by ``as_of``, at ``level`` when
one is asked, on a point of the version (of the working group, when one is
asked). Among the marks that count for a party on a point (and option), those
made on the very wording shown decide; when there are none, those made on any
other wording decide and are flagged ``reconfirm``: shown, never silently
carried over. The latest deciding mark is the one *in force*.

Two projections of that one rule serve every reader of marks:

- ``latest_marks``: the mark in force per (party, point) on the whole point;
  the stance matrix and the version page (one row per cell, so a 50 × 500
  matrix over 100,000 marks stays one fast query);
- ``deciding_marks``: every deciding mark, option marks included, oldest
  first; the escalation board (levels over time), the engine and the brief.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, and_, exists, func, or_, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from onetext.access import Actor, visible_visibilities
from onetext.model import Level, Visibility, version_ref
from onetext.model.escalation import level_of_author
from onetext.store.tables import (
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointStateRow,
    PositionRow,
    VersionRow,
)

__all__ = [
    "MarkInForce",
    "MarksQuery",
    "deciding_marks",
    "latest_marks",
    "made_on_readable_document",
    "mark_history",
    "member_levels",
    "readable_by",
]


@dataclass(frozen=True, slots=True)
class MarksQuery:
    """What a reader asks: the marks on ``version`` that ``reader`` may read, as of a
    date, made at a level, on some points only (``point_ids``: a working group's)."""

    negotiation: NegotiationRow
    version: VersionRow
    reader: Actor
    parties: Sequence[PartyRow]
    as_of: datetime | None = None
    level: Level | None = None
    point_ids: Collection[int] | None = None


@dataclass(frozen=True, slots=True)
class MarkInForce:
    """A deciding mark, as stored, with where it was made and by whom at which level."""

    id: int
    uid: str
    party: str
    point_id: int
    label: str
    option: str | None
    stance: str
    priority: int
    visibility: str
    note: str
    author: str
    level: Level
    marked_at: datetime
    version: str
    version_uid: str
    reconfirm: bool


def readable_by(
    reader: Actor, parties: Sequence[PartyRow], table: type[PositionRow] = PositionRow
) -> ColumnElement[bool]:
    """SQL condition: the position rows ``reader`` may read (grouped by visible set)."""
    groups: dict[frozenset[Visibility], list[int]] = {}
    for party in parties:
        groups.setdefault(visible_visibilities(reader, party.slug), []).append(party.id)
    clauses = [
        and_(
            table.party_id.in_(ids),
            table.visibility.in_(sorted(v.value for v in visible)),
        )
        for visible, ids in groups.items()
    ]
    return or_(*clauses) if clauses else table.id < 0


def made_on_readable_document(
    reader: Actor, negotiation: NegotiationRow, table: type[PositionRow] = PositionRow
) -> ColumnElement[bool]:
    """SQL condition: the mark was made on a version of a document ``reader`` may read
    (``access.document_readable``). A joint mark made on a party's private draft would
    otherwise name the draft and tell, by its re-confirm flag, whether its wording
    differs: a fact derived from what a reader may not read is itself unreadable."""
    others = sorted(v.value for v in visible_visibilities(reader, "\0another party"))
    readable: ColumnElement[bool] = DocumentRow.visibility.in_(others)
    if reader.party is not None:
        own = sorted(v.value for v in visible_visibilities(reader, reader.party))
        own_party = select(PartyRow.id).where(
            PartyRow.negotiation_id == negotiation.id, PartyRow.slug == reader.party
        )
        readable = or_(
            readable,
            and_(DocumentRow.owner_party_id.in_(own_party), DocumentRow.visibility.in_(own)),
        )
    return table.version_id.in_(
        select(VersionRow.id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .where(DocumentRow.negotiation_id == negotiation.id, readable)
    )


def member_levels(session: Session, negotiation: NegotiationRow) -> dict[str, str | None]:
    """Each member's level by handle, for ``level_of_author``."""
    return {
        handle: value
        for handle, value in session.execute(
            select(MemberRow.handle, MemberRow.level).where(
                MemberRow.negotiation_id == negotiation.id
            )
        )
    }


def _made_at_level(
    levels: dict[str, str | None], level: Level, table: type[PositionRow]
) -> ColumnElement[bool]:
    """SQL condition: the mark's author was at ``level`` (the rule of ``level_of_author``)."""
    if level is Level.NEGOTIATOR:
        others = sorted(h for h in levels if level_of_author(h, levels) is not level)
        return table.author.not_in(others)
    return table.author.in_(sorted(h for h in levels if level_of_author(h, levels) is level))


class _Counting:
    """The conditions under which a mark counts for ``query`` (module doc), per table alias."""

    def __init__(self, session: Session, query: MarksQuery) -> None:
        self.query = query
        self.levels = member_levels(session, query.negotiation)

    def __call__(self, table: type[PositionRow]) -> list[ColumnElement[bool]]:
        query = self.query
        conditions = [
            table.negotiation_id == query.negotiation.id,
            readable_by(query.reader, query.parties, table),
            made_on_readable_document(query.reader, query.negotiation, table),
        ]
        if query.as_of is not None:
            conditions.append(table.marked_at <= query.as_of)
        if query.level is not None:
            conditions.append(_made_at_level(self.levels, query.level, table))
        return conditions


_THREAD = threading.local()

_Aliases = tuple[
    type[PointStateRow], type[PartyRow], type[PositionRow], type[PointStateRow], type[PositionRow]
]


def _aliases() -> _Aliases:
    """The queries' aliases, made once per thread: building them anew took most of a
    request's time, and sharing them between threads raced SQLAlchemy's lazily
    memoised column adaptation (it warned of an expression it could not locate)."""
    made: _Aliases | None = getattr(_THREAD, "mark_aliases", None)
    if made is None:
        made = (
            aliased(PointStateRow, name="current_state"),
            aliased(PartyRow, name="cell_party"),
            aliased(PositionRow, name="mark"),
            aliased(PointStateRow, name="marked_state"),
            aliased(PositionRow, name="other_mark"),
        )
        _THREAD.mark_aliases = made
    return made


def latest_marks(session: Session, query: MarksQuery) -> list[MarkInForce]:
    """The mark in force on the whole point, one per (party, point) that has one."""
    counting = _Counting(session, query)
    current_state, party, mark, marked_state, other = _aliases()
    ver = query.version

    def whole(table: type[PositionRow]) -> list[ColumnElement[bool]]:
        return [*counting(table), table.option_key.is_(None)]

    # per cell: the latest mark made on this very wording...
    on_this_wording = (
        select(mark.id)
        .join(
            marked_state,
            and_(
                marked_state.version_id == mark.version_id,
                marked_state.point_id == mark.point_id,
            ),
        )
        .where(
            *whole(mark),
            mark.point_id == current_state.point_id,
            mark.party_id == party.id,
            marked_state.text == current_state.text,
        )
        .order_by(mark.marked_at.desc(), mark.id.desc())
        .limit(1)
        .correlate(current_state, party)
        .scalar_subquery()
    )
    party_ids = [p.id for p in query.parties]
    cell_marks = (
        select(
            current_state.point_id.label("point_id"),
            party.id.label("party_id"),
            on_this_wording.label("same_id"),
        )
        .select_from(current_state)
        .join(party, party.id.in_(party_ids))
        .where(
            current_state.version_id == ver.id,
            true()
            if query.point_ids is None
            else current_state.point_id.in_(list(query.point_ids)),
        )
        .cte("cell_marks")
        # evaluated once per cell (PostgreSQL would otherwise inline it twice)
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    # ...else the latest made on any wording, shown as "to be re-confirmed"
    on_any_wording = (
        select(other.id)
        .where(
            *whole(other),
            other.point_id == cell_marks.c.point_id,
            other.party_id == cell_marks.c.party_id,
        )
        .order_by(other.marked_at.desc(), other.id.desc())
        .limit(1)
        .correlate(cell_marks)
        .scalar_subquery()
    )
    chosen = select(
        cell_marks.c.same_id,
        func.coalesce(cell_marks.c.same_id, on_any_wording).label("position_id"),
    ).subquery()
    rows = session.execute(
        select(
            *_mark_columns(PositionRow),
            DocumentRow.slug,
            VersionRow.number,
            VersionRow.uid,
            PointStateRow.label,
            chosen.c.same_id.is_not(None),
        )
        .join(chosen, chosen.c.position_id == PositionRow.id)
        .join(
            PointStateRow,
            and_(
                PointStateRow.version_id == ver.id,
                PointStateRow.point_id == PositionRow.point_id,
            ),
        )
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
    )
    return _marks_in_force(rows, query, counting.levels)


def deciding_marks(session: Session, query: MarksQuery) -> list[MarkInForce]:
    """Every deciding mark (module doc) per (party, point, option), oldest first."""
    counting = _Counting(session, query)
    current_state, _party, mark, marked_state, other = _aliases()
    other_state = aliased(PointStateRow, name="other_state")
    same_wording = marked_state.text == current_state.text
    # a mark on other wording decides only where none on this wording counts
    on_this_wording_exists = exists(
        select(other.id)
        .join(
            other_state,
            and_(
                other_state.version_id == other.version_id,
                other_state.point_id == other.point_id,
            ),
        )
        .where(
            *counting(other),
            other.point_id == mark.point_id,
            other.party_id == mark.party_id,
            other.option_key.is_not_distinct_from(mark.option_key),
            other_state.text == current_state.text,
        )
        .correlate(mark, current_state)
    )
    rows = session.execute(
        select(
            *_mark_columns(mark),
            DocumentRow.slug,
            VersionRow.number,
            VersionRow.uid,
            current_state.label,
            same_wording,
        )
        .join(
            marked_state,
            and_(
                marked_state.version_id == mark.version_id,
                marked_state.point_id == mark.point_id,
            ),
        )
        .join(
            current_state,
            and_(
                current_state.version_id == query.version.id,
                current_state.point_id == mark.point_id,
            ),
        )
        .join(VersionRow, VersionRow.id == mark.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .where(
            *counting(mark),
            true() if query.point_ids is None else mark.point_id.in_(list(query.point_ids)),
            or_(same_wording, ~on_this_wording_exists),
        )
        .order_by(mark.marked_at, mark.id)
    )
    return _marks_in_force(rows, query, counting.levels)


def mark_history(session: Session, query: MarksQuery, point: PointStateRow) -> list[MarkInForce]:
    """Every mark on ``point`` (across versions) that the reader may read, oldest
    first, each with the label it had where it was made and flagged ``reconfirm``
    where that wording differs from ``point``'s."""
    counting = _Counting(session, query)
    marked_state = aliased(PointStateRow)
    rows = session.execute(
        select(
            *_mark_columns(PositionRow),
            DocumentRow.slug,
            VersionRow.number,
            VersionRow.uid,
            marked_state.label,
            marked_state.text == point.text,
        )
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(
            marked_state,
            and_(
                marked_state.version_id == PositionRow.version_id,
                marked_state.point_id == PositionRow.point_id,
            ),
        )
        .where(*counting(PositionRow), PositionRow.point_id == point.point_id)
        .order_by(PositionRow.marked_at, PositionRow.id)
    )
    return _marks_in_force(rows, query, counting.levels)


def _mark_columns(table: type[PositionRow]) -> tuple[Any, ...]:
    """A mark's columns as both projections read them (marked_at as stored, naive UTC:
    a 23,000-cell matrix skips the aware-datetime conversion)."""
    return (
        table.id,
        table.uid,
        table.party_id,
        table.point_id,
        table.option_key,
        table.stance,
        table.priority,
        table.visibility,
        table.note,
        table.author,
        type_coerce(table.marked_at, DateTime()),
    )


def _marks_in_force(
    rows: Iterable[Sequence[Any]], query: MarksQuery, levels: dict[str, str | None]
) -> list[MarkInForce]:
    """Rows of ``_mark_columns`` + document, number, version uid, label, same wording."""
    slug_of = {p.id: p.slug for p in query.parties}
    return [
        MarkInForce(
            id=id_,
            uid=uid,
            party=slug_of[party_id],
            point_id=point_id,
            label=label,
            option=option,
            stance=stance,
            priority=priority,
            visibility=visibility,
            note=note,
            author=author,
            level=level_of_author(author, levels),
            marked_at=marked_at.replace(tzinfo=UTC),
            version=version_ref(doc, number),
            version_uid=version_uid,
            reconfirm=not same,
        )
        for (
            id_,
            uid,
            party_id,
            point_id,
            option,
            stance,
            priority,
            visibility,
            note,
            author,
            marked_at,
            doc,
            number,
            version_uid,
            label,
            same,
        ) in rows
    ]
