"""Use cases: mark a stance (append-only), the stance matrix, a point's history.

Reads are filtered for the viewer by ``access.visible_visibilities``: a viewer
sees, per party and point, the latest mark among those it may read.
"""

from __future__ import annotations

from datetime import datetime

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import InvalidInput
from onetext.model import DROP_OPTION, Level, PartyKind, Position, Stance, Visibility
from onetext.model.position import PRIORITY_DEFAULT
from onetext.store import versions
from onetext.store.audit import commitment, new_salt
from onetext.store.marks import MarksQuery, deciding_marks, latest_marks, mark_history
from onetext.store.record_check import mark_details
from onetext.store.repository import (
    all_parties,
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
    PositionRow,
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
    salt = new_salt()
    uow.record(
        actor,
        "StanceMarked",
        "position",
        position.uid,
        negotiation=neg.slug,
        details=mark_details(
            party=party,
            version=ref,
            point=label,
            option=option,
            visibility=visibility.value,
            stance=stance.value,
            priority=priority,
            author=author,
            marked_at=position.marked_at,
            note_commitment=commitment(salt, note),
        ),
        salts={"note": salt},
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
    group = working_group_row(session, neg, working_group) if working_group else None
    current = versions.point_heads(session, ver, group)
    in_force = latest_marks(
        session,
        MarksQuery(
            negotiation=neg,
            version=ver,
            reader=actor,
            parties=parties,
            as_of=as_of,
            level=level,
            point_ids=None if group is None else [pid for pid, *_ in current],
        ),
    )
    label_of = {point_id: label for point_id, label, *_rest in current}
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
        version_tabled=ver.created_at.isoformat(),
        party_names={p.slug: p.name for p in parties},
        as_of=as_of.isoformat() if as_of else None,
        viewer=actor.label,
        parties=[p.slug for p in parties],
        level=level.value if level else None,
        working_group=working_group,
        points=[
            {"label": label, "uid": uid, "heading": heading, "opening": opening_words(text)}
            for _pid, label, heading, uid, text in current
        ],
        matrix=cells,
    )


def option_stances(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    as_of: datetime | None = None,
    level: Level | None = None,
) -> dict[str, dict[str, dict[str, MarkView]]]:
    """Marks in force on the alternatives of a version's units, as far as the actor
    may read them: ``{label: {option key: {party: mark}}}``."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_MARKS)
    ver = chosen_version(session, neg, version, actor)
    marks = deciding_marks(
        session,
        MarksQuery(
            negotiation=neg,
            version=ver,
            reader=actor,
            parties=negotiating_parties(session, neg),
            as_of=as_of,
            level=level,
        ),
    )
    label_of = {head[0]: head[1] for head in versions.point_heads(session, ver)}
    found: dict[str, dict[str, dict[str, MarkView]]] = {}
    for mark in marks:  # oldest first: the latest per party wins
        if mark.option is None or mark.point_id not in label_of:
            continue
        label = label_of[mark.point_id]
        found.setdefault(label, {}).setdefault(mark.option, {})[mark.party] = MarkView(
            party=mark.party,
            stance=mark.stance,
            priority=mark.priority,
            visibility=mark.visibility,
            note=mark.note,
            author=mark.author,
            marked_at=mark.marked_at.isoformat(),
            version=mark.version,
            label=label,
            option=mark.option,
            reconfirm=mark.reconfirm,
        )
    return found


def opening_words(text: str, count: int = 8) -> str:
    """A point's first words, to name a row where a number alone says nothing."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


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
    history = mark_history(
        session,
        MarksQuery(negotiation=neg, version=ver, reader=actor, parties=all_parties(session, neg)),
        state,
    )
    return [
        MarkView(
            party=m.party,
            stance=m.stance,
            priority=m.priority,
            visibility=m.visibility,
            note=m.note,
            author=m.author,
            marked_at=m.marked_at.isoformat(),
            version=m.version,
            label=m.label,
            option=m.option,
            reconfirm=m.reconfirm,
        )
        for m in history
    ]
