"""Use cases: mark a stance (append-only), the stance matrix, a point's history.

Reads are filtered for the viewer by ``access.visible_visibilities``: a viewer
sees, per party and point, the latest mark among those it may read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import InvalidInput
from onetext.model import DROP_OPTION, Level, PartyKind, Position, Stance, Visibility
from onetext.model.document import version_ref
from onetext.model.position import PRIORITY_DEFAULT
from onetext.store.escalation_tables import WorkingGroupPointRow
from onetext.store.marks import MarksQuery, latest_marks, readable_by
from onetext.store.repository import (
    chosen_version,
    member_row,
    negotiating_parties,
    negotiation_row,
    party_row,
    point_state,
    version_point,
    working_group_row,
)
from onetext.store.tables import (
    DocumentRow,
    PartyRow,
    PointRow,
    PointStateRow,
    PositionRow,
    VersionRow,
)
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.views.marks import MarkView, MatrixView

__all__ = [
    "mark_stance",
    "point_history",
    "stance_matrix",
]


def mark_stance(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    party: str,
    label: str,
    stance: Stance,
    version: str | None = None,
    priority: int = PRIORITY_DEFAULT,
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
    if version:
        ver, state = version_point(session, neg, version, label, actor)
    else:
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
    ref = ver.ref
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
    in_force = latest_marks(
        session,
        MarksQuery(
            negotiation=neg,
            version=ver,
            reader=actor,
            parties=parties,
            as_of=as_of,
            level=level,
            point_ids=None if group_point_ids is None else [pid for pid, *_ in current],
        ),
    )
    label_of = {point_id: label for point_id, label, _h, _u in current}
    cells: dict[str, dict[str, MarkView | None]] = {
        party.slug: dict.fromkeys(label_of.values()) for party in parties
    }
    for found in in_force:
        label = label_of[found.point_id]
        cells[found.party][label] = MarkView(
            party=found.party,
            stance=found.stance,
            priority=found.priority,
            visibility=found.visibility,
            note=found.note,
            author=found.author,
            marked_at=found.marked_at.isoformat(),
            version=found.version,
            label=label,
            reconfirm=found.reconfirm,
        )
    return MatrixView(
        negotiation=neg.slug,
        version=ver.ref,
        as_of=as_of.isoformat() if as_of else None,
        viewer=actor.label,
        parties=[p.slug for p in parties],
        level=level.value if level else None,
        working_group=working_group,
        points=[
            {"label": label, "uid": uid, "heading": heading}
            for _pid, label, heading, uid in current
        ],
        matrix=cells,
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
        .where(PositionRow.point_id == state.point_id, readable_by(actor, parties))
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
            version=version_ref(doc, number),
            label=old_label,
            option=p.option_key,
            reconfirm=old_text != state.text,
        )
        for p, party, doc, number, old_label, old_text in rows
    ]
