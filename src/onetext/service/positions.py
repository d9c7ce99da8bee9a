"""Use cases: mark a stance (append-only), the stance matrix, a point's history.

Reads are filtered for the viewer by ``access.visible_visibilities``: a viewer
sees, per party and point, the latest mark among those it may read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, DateTime, and_, func, or_, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from onetext.access import Action, Actor, ensure_allowed, visible_visibilities
from onetext.errors import InvalidInput
from onetext.model import DROP_OPTION, Level, PartyKind, Position, Stance, Visibility
from onetext.service.lookup import (
    chosen_version,
    member_row,
    negotiating_parties,
    negotiation_row,
    party_row,
    point_state,
    working_group_row,
)
from onetext.service.unit_of_work import UnitOfWork, new_uid
from onetext.store.escalation_tables import WorkingGroupPointRow
from onetext.store.tables import (
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    PositionRow,
    VersionRow,
)

__all__ = [
    "MarkView",
    "MatrixView",
    "level_of_author",
    "mark_stance",
    "member_levels",
    "point_history",
    "stance_matrix",
]


@dataclass(frozen=True, slots=True)
class MarkView:
    party: str
    stance: str
    priority: int
    visibility: str
    note: str
    author: str
    marked_at: str
    version: str
    label: str
    option: str | None = None
    reconfirm: bool = False


@dataclass(frozen=True, slots=True)
class MatrixView:
    negotiation: str
    version: str
    as_of: str | None
    viewer: str
    parties: list[str]
    points: list[dict[str, str | None]]
    cells: dict[str, dict[str, MarkView | None]]
    level: str | None = None
    working_group: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "negotiation": self.negotiation,
            "version": self.version,
            "as_of": self.as_of,
            "level": self.level,
            "working_group": self.working_group,
            "viewer": self.viewer,
            "parties": self.parties,
            "points": self.points,
            "matrix": {
                party: {
                    label: None
                    if mark is None
                    else {
                        "stance": mark.stance,
                        "priority": mark.priority,
                        "visibility": mark.visibility,
                        "note": mark.note,
                        "author": mark.author,
                        "marked_at": mark.marked_at,
                        "version": mark.version,
                        "reconfirm": mark.reconfirm,
                    }
                    for label, mark in row.items()
                }
                for party, row in self.cells.items()
            },
        }


def mark_stance(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    party: str,
    label: str,
    stance: Stance,
    version: str | None = None,
    priority: int = 3,
    visibility: Visibility = Visibility.CAUCUS,
    note: str = "",
    option: str | None = None,
    by: str | None = None,
) -> MarkView:
    """Append a mark; earlier marks stay and answer "what did X accept on date D"."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    party_ = party_row(session, neg, party)
    if party_.kind != PartyKind.PARTY.value:
        raise InvalidInput(f"{party} is the {party_.kind}: only parties mark stances")
    ensure_allowed(actor, Action.MARK_STANCE, party)
    author = actor.handle if not actor.operator else actor.label
    if by is not None:
        member = member_row(session, neg, by)
        if member.party_id != party_.id:
            raise InvalidInput(f"member {by} is not in the delegation of {party}")
        author = by
    ver = chosen_version(session, neg, version, actor)
    state = point_state(session, ver, label)
    if option is not None:
        keys = [item["key"] for item in state.options.get("items", [])] + [DROP_OPTION]
        if option not in keys:
            raise InvalidInput(
                f"point {label} has no option {option!r} (options: {', '.join(keys)})"
            )
    position = Position(
        uid=new_uid("pos"),
        party=party,
        point_uid=state.point.uid,
        version_uid=ver.uid,
        stance=stance,
        priority=priority,
        visibility=visibility,
        author=author,
        marked_at=uow.now(),
        note=note,
        option_key=option,
    )
    session.add(
        PositionRow(
            uid=position.uid,
            negotiation_id=neg.id,
            party_id=party_.id,
            point_id=state.point_id,
            version_id=ver.id,
            option_key=option,
            stance=stance.value,
            priority=priority,
            visibility=visibility.value,
            note=note,
            author=author,
            marked_at=position.marked_at,
        )
    )
    session.flush()
    ref = f"{ver.document.slug}@{ver.number}"
    uow.record(
        actor,
        "StanceMarked",
        "position",
        position.uid,
        negotiation=neg.slug,
        details={
            "party": party,
            "version": ref,
            "point": label,
            "option": option,
            "visibility": visibility.value,
        },
    )
    uow.commit()
    return MarkView(
        party=party,
        stance=stance.value,
        priority=priority,
        visibility=visibility.value,
        note=note,
        author=author,
        marked_at=position.marked_at.isoformat(),
        version=ref,
        label=label,
        option=option,
    )


def _visible_to(
    actor: Actor, parties: list[PartyRow], table: type[PositionRow] = PositionRow
) -> ColumnElement[bool]:
    """SQL condition: the position rows ``actor`` may read (grouped by visible set)."""
    groups: dict[frozenset[Visibility], list[int]] = {}
    for party in parties:
        groups.setdefault(visible_visibilities(actor, party.slug), []).append(party.id)
    clauses = [
        and_(
            table.party_id.in_(ids),
            table.visibility.in_(sorted(v.value for v in visible)),
        )
        for visible, ids in groups.items()
    ]
    return or_(*clauses) if clauses else table.id < 0


def level_of_author(author: str, levels: dict[str, str | None]) -> Level:
    """The level a mark was made at: its author's; the operator and members without a
    level count as negotiators."""
    value = levels.get(author)
    return Level(value) if value else Level.NEGOTIATOR


def member_levels(session: Session, neg: NegotiationRow) -> dict[str, str | None]:
    """Each member's level by handle, for ``level_of_author``."""
    return {
        handle: value
        for handle, value in session.execute(
            select(MemberRow.handle, MemberRow.level).where(MemberRow.negotiation_id == neg.id)
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


_THREAD = threading.local()


_Aliases = tuple[
    type[PointStateRow], type[PartyRow], type[PositionRow], type[PointStateRow], type[PositionRow]
]


def _matrix_aliases() -> _Aliases:
    """The matrix query's aliases, made once per thread: building them anew took most of
    a request's time, and sharing them between threads raced SQLAlchemy's lazily
    memoised column adaptation (it warned of an expression it could not locate)."""
    made: _Aliases | None = getattr(_THREAD, "matrix_aliases", None)
    if made is None:
        made = (
            aliased(PointStateRow, name="current_state"),
            aliased(PartyRow, name="cell_party"),
            aliased(PositionRow, name="mark"),
            aliased(PointStateRow, name="marked_state"),
            aliased(PositionRow, name="other_mark"),
        )
        _THREAD.matrix_aliases = made
    return made


def stance_matrix(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    as_of: datetime | None = None,
    level: Level | None = None,
    working_group: str | None = None,
) -> MatrixView:
    """Parties × points of a version: the mark in force at ``as_of`` that the actor may see.

    A mark made on a version where the point read differently is flagged
    ``reconfirm``: it is shown, never silently carried over. ``level`` keeps only
    marks made by members at that level (what the experts settled, what principals
    endorsed); ``working_group`` keeps only the points assigned to that group.
    """
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_MARKS)
    ver = chosen_version(session, neg, version, actor)
    parties = negotiating_parties(session, neg)
    points = (
        select(PointStateRow.point_id, PointStateRow.label, PointStateRow.heading, PointRow.uid)
        .join(PointRow, PointRow.id == PointStateRow.point_id)
        .where(PointStateRow.version_id == ver.id)
        .order_by(PointStateRow.ordinal)
    )
    group_point_ids = None
    if working_group is not None:
        group = working_group_row(session, neg, working_group)
        group_point_ids = (
            select(WorkingGroupPointRow.point_id)
            .where(WorkingGroupPointRow.group_id == group.id)
            .scalar_subquery()
        )
        points = points.where(PointStateRow.point_id.in_(group_point_ids))
    current = session.execute(points).all()
    current_state, party, mark, marked_state, other = _matrix_aliases()
    levels = member_levels(session, neg) if level is not None else {}

    def readable(table: type[PositionRow]) -> list[ColumnElement[bool]]:
        conditions = [
            table.negotiation_id == neg.id,
            table.option_key.is_(None),
            _visible_to(actor, parties, table),
        ]
        if as_of is not None:
            conditions.append(table.marked_at <= as_of)
        if level is not None:
            conditions.append(_made_at_level(levels, level, table))
        return conditions

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
            *readable(mark),
            mark.point_id == current_state.point_id,
            mark.party_id == party.id,
            marked_state.text == current_state.text,
        )
        .order_by(mark.marked_at.desc(), mark.id.desc())
        .limit(1)
        .correlate(current_state, party)
        .scalar_subquery()
    )
    cell_marks = (
        select(
            current_state.point_id.label("point_id"),
            party.id.label("party_id"),
            on_this_wording.label("same_id"),
        )
        .select_from(current_state)
        .join(party, party.negotiation_id == neg.id)
        .where(
            current_state.version_id == ver.id,
            party.kind == PartyKind.PARTY.value,
            true() if group_point_ids is None else current_state.point_id.in_(group_point_ids),
        )
        .cte("cell_marks")
        # evaluated once per cell (PostgreSQL would otherwise inline it twice)
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    # ...else the latest made on any wording, shown as "to be re-confirmed"
    on_any_wording = (
        select(other.id)
        .where(
            *readable(other),
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
            PositionRow.party_id,
            PositionRow.point_id,
            PositionRow.stance,
            PositionRow.priority,
            PositionRow.visibility,
            PositionRow.note,
            PositionRow.author,
            # naive UTC as stored: 23k cells skip the aware-datetime conversion
            type_coerce(PositionRow.marked_at, DateTime()),
            DocumentRow.slug,
            VersionRow.number,
            chosen.c.same_id.is_not(None),
        )
        .join(chosen, chosen.c.position_id == PositionRow.id)
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
    )
    label_of = {point_id: label for point_id, label, _h, _u in current}
    slug_of = {party.id: party.slug for party in parties}
    cells: dict[str, dict[str, MarkView | None]] = {
        party.slug: dict.fromkeys(label_of.values()) for party in parties
    }
    for (
        party_id,
        point_id,
        stance,
        priority,
        visibility,
        note,
        author,
        marked_at,
        doc,
        number,
        same_text,
    ) in rows:
        label = label_of[point_id]
        cells[slug_of[party_id]][label] = MarkView(
            party=slug_of[party_id],
            stance=stance,
            priority=priority,
            visibility=visibility,
            note=note,
            author=author,
            marked_at=f"{marked_at.isoformat()}+00:00",
            version=f"{doc}@{number}",
            label=label,
            reconfirm=not same_text,
        )
    return MatrixView(
        negotiation=neg.slug,
        version=f"{ver.document.slug}@{ver.number}",
        as_of=as_of.isoformat() if as_of else None,
        viewer=actor.label,
        parties=[p.slug for p in parties],
        level=level.value if level else None,
        working_group=working_group,
        points=[
            {"label": label, "uid": uid, "heading": heading}
            for _pid, label, heading, uid in current
        ],
        cells=cells,
    )


def point_history(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    label: str,
    *,
    version: str | None = None,
) -> list[MarkView]:
    """Every mark on a point (across versions) that the actor may see, oldest first."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_MARKS)
    ver = chosen_version(session, neg, version, actor)
    state = point_state(session, ver, label)
    parties = list(
        session.execute(select(PartyRow).where(PartyRow.negotiation_id == neg.id)).scalars()
    )
    marked_state = aliased(PointStateRow)
    rows = session.execute(
        select(
            PositionRow,
            PartyRow.slug,
            DocumentRow.slug,
            VersionRow.number,
            marked_state.label,
            marked_state.text,
        )
        .join(PartyRow, PartyRow.id == PositionRow.party_id)
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(
            marked_state,
            and_(
                marked_state.version_id == PositionRow.version_id,
                marked_state.point_id == PositionRow.point_id,
            ),
        )
        .where(PositionRow.point_id == state.point_id, _visible_to(actor, parties))
        .order_by(PositionRow.marked_at, PositionRow.id)
    )
    return [
        MarkView(
            party=party,
            stance=p.stance,
            priority=p.priority,
            visibility=p.visibility,
            note=p.note,
            author=p.author,
            marked_at=p.marked_at.isoformat(),
            version=f"{doc}@{number}",
            label=old_label,
            option=p.option_key,
            reconfirm=old_text != state.text,
        )
        for p, party, doc, number, old_label, old_text in rows
    ]
