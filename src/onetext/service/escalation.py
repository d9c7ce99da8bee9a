"""Use cases: working groups, the escalation board, the brief's data for principals.

The board reads, per point of a version, the marks in force that the viewer may
read (``access.visible_visibilities``), with the level of the member who made
each, and applies the pure rule in ``model.escalation``. Operator marks, and
marks by members without a level, count as negotiator level.
"""

from __future__ import annotations

from collections.abc import Sequence

from onetext.access import Action, Actor, allowed, ensure_allowed
from onetext.errors import Conflict, InvalidInput, OnetextError, PermissionDenied
from onetext.model import Level, Option, Stance, validate_slug
from onetext.model.escalation import (
    AGREEING,
    LevelledMark,
    blocking_parties,
    choices_settled,
    package_status,
    point_status,
)
from onetext.service.engine import negotiation_problem, run_engine
from onetext.solve import find_trades
from onetext.store import groups
from onetext.store.escalation_tables import (
    WorkingGroupMemberRow,
    WorkingGroupPointRow,
    WorkingGroupRow,
)
from onetext.store.marks import MarkInForce, MarksQuery, deciding_marks
from onetext.store.repository import (
    chosen_version,
    member_row,
    negotiating_parties,
    negotiation_row,
    point_state,
    working_group_row,
)
from onetext.store.tables import (
    VersionRow,
)
from onetext.store.unit_of_work import UnitOfWork
from onetext.views.escalation import (
    Board,
    BoardMark,
    BoardOption,
    BoardPoint,
    BriefData,
    EngineRun,
    PackageView,
    WorkingGroupView,
)

__all__ = [
    "create_working_group",
    "escalation_board",
    "list_working_groups",
    "principals_brief",
    "working_group_slugs",
]

MANAGE_GROUPS = Action.MANAGE_GROUPS
"""Mediator-only action that guards working groups (a dedicated action may follow)."""


def _group_view(uow: UnitOfWork, group: WorkingGroupRow, ver: VersionRow) -> WorkingGroupView:
    """The group with its points labelled as in ``ver`` (in its order; a point the
    version does not have says so) and its members."""
    contents = groups.group_contents(uow.session, group)
    states = groups.version_points(uow.session, ver)
    label_of = {s.point_id: s.label for s in states}
    ordinal = {s.label: s.ordinal for s in states}
    points = sorted(
        (label_of.get(pid, f"(not in {ver.ref})") for pid in contents.point_ids),
        key=lambda label: (ordinal.get(label, 10**9), label),
    )
    return WorkingGroupView(group.slug, group.name, group.level, points, contents.handles)


def create_working_group(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    slug: str,
    name: str,
    *,
    points: Sequence[str] = (),
    members: Sequence[str] = (),
    version: str | None = None,
    level: Level = Level.EXPERT,
) -> WorkingGroupView:
    """Create a working group with its points (labels in ``version``) and members."""
    validate_slug(slug, "working group name")
    if not name.strip():
        raise InvalidInput("a working group needs a name")
    session = uow.session
    neg = negotiation_row(session, negotiation)
    if not allowed(actor, MANAGE_GROUPS):
        raise PermissionDenied(f"{actor.label} may not create working groups: the mediator does")
    ver = chosen_version(session, neg, version, actor)
    if groups.group_slug_taken(session, neg, slug):
        raise Conflict(f"working group {slug!r} already exists in {neg.slug}")
    states = [point_state(session, ver, label) for label in dict.fromkeys(points)]
    point_ids = list(dict.fromkeys(state.point_id for state in states))
    member_ids = list(dict.fromkeys(member_row(session, neg, h).id for h in members))
    group = WorkingGroupRow(
        negotiation_id=neg.id, slug=slug, name=name, level=level.value, created_at=uow.now()
    )
    session.add(group)
    session.flush()
    session.add_all(WorkingGroupPointRow(group_id=group.id, point_id=p) for p in point_ids)
    session.add_all(WorkingGroupMemberRow(group_id=group.id, member_id=m) for m in member_ids)
    session.flush()
    view = _group_view(uow, group, ver)
    uow.record(
        actor,
        "WorkingGroupCreated",
        "working_group",
        slug,
        negotiation=neg.slug,
        details={
            "name": name,
            "level": level.value,
            "points": view.points,
            "members": view.members,
            "point_uids": sorted({state.point.uid for state in states}),
        },
    )
    uow.commit()
    return view


def working_group_slugs(uow: UnitOfWork, actor: Actor, negotiation: str | None) -> list[str]:
    """The working groups' short names (for filters), in one query."""
    neg = negotiation_row(uow.session, negotiation)
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    return [group.slug for group in groups.negotiation_groups(uow.session, neg)]


def list_working_groups(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, *, version: str | None = None
) -> list[WorkingGroupView]:
    """Every working group, with its points as labelled in ``version``."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    ver = chosen_version(session, neg, version, actor)
    return [_group_view(uow, g, ver) for g in groups.negotiation_groups(uow.session, neg)]


def escalation_board(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    version: str | None = None,
    *,
    group: str | None = None,
) -> Board:
    """Per point of ``version``: its escalation status from the marks the viewer may read."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_MARKS)
    ver = chosen_version(session, neg, version, actor)
    parties = negotiating_parties(session, neg)
    states = groups.version_points(session, ver)
    groups_of = groups.groups_of_points(session, neg)
    if group is not None:
        working_group_row(session, neg, group)
        states = [s for s in states if group in groups_of.get(s.point_id, [])]
    marks = deciding_marks(
        session,
        MarksQuery(
            negotiation=neg,
            version=ver,
            reader=actor,
            parties=parties,
            point_ids=[s.point_id for s in states],
        ),
    )
    # (point, party) -> marks on the whole point, oldest first; (point, option) -> the
    # latest mark on that option per party
    whole: dict[tuple[int, str], list[MarkInForce]] = {}
    by_option: dict[tuple[int, str], dict[str, MarkInForce]] = {}
    for mark in marks:
        if mark.option is not None:
            by_option.setdefault((mark.point_id, mark.option), {})[mark.party] = mark
        else:
            whole.setdefault((mark.point_id, mark.party), []).append(mark)
    order = [p.slug for p in parties]
    points: list[BoardPoint] = []
    for state in states:
        levelled: list[LevelledMark] = []
        shown: dict[str, BoardMark | None] = dict.fromkeys(order)
        for party in parties:
            found = whole.get((state.point_id, party.slug), [])
            levelled.extend(
                LevelledMark(party.slug, Stance(m.stance), m.level, m.marked_at) for m in found
            )
            if found:
                last = found[-1]
                shown[party.slug] = BoardMark(
                    stance=last.stance,
                    level=last.level.value,
                    author=last.author,
                    visibility=last.visibility,
                    note=last.note,
                    reconfirm=last.reconfirm,
                )
        items = state.options.get("items", [])
        consent = {
            str(item["key"]): [
                party
                for party, mark in by_option.get((state.point_id, str(item["key"])), {}).items()
                if Stance(mark.stance) in AGREEING
            ]
            for item in items
        }
        choices = [
            Option(str(i["key"]), str(i["text"]), int(i["group"]), i.get("parent")) for i in items
        ]
        status = point_status(order, levelled, settled=choices_settled(order, choices, consent))
        options = [
            BoardOption(
                key=str(item["key"]),
                text=str(item["text"]),
                unacceptable_to=_refusing(order, by_option.get((state.point_id, str(item["key"])))),
                parent=item.get("parent"),
                group=int(item.get("group", 1)),
                stances={
                    party: mark.stance
                    for party, mark in by_option.get((state.point_id, str(item["key"])), {}).items()
                },
            )
            for item in items
        ]
        points.append(
            BoardPoint(
                label=state.label,
                heading=state.heading,
                text=state.text,
                status=status,
                status_words=status.words,
                groups=groups_of.get(state.point_id, []),
                marks=shown,
                blocked_by=list(blocking_parties(order, levelled)),
                options=options,
            )
        )
    return Board(
        negotiation=neg.slug,
        version=ver.ref,
        viewer=actor.label,
        parties=order,
        points=points,
        package=PackageView.of(package_status(p.status for p in points)),
        group=group,
        version_tabled=ver.created_at.isoformat(),
        party_names={p.slug: p.name for p in parties},
    )


def _refusing(order: Sequence[str], marks: dict[str, MarkInForce] | None) -> list[str]:
    """The parties (in ``order``) whose mark in force on an option is unacceptable."""
    marks = marks or {}
    return [p for p in order if p in marks and marks[p].stance == Stance.UNACCEPTABLE.value]


def principals_brief(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    allow_drop: bool = False,
    trades: int = 3,
) -> BriefData:
    """The board, the engine's suggestion (blind for parties) and trades (mediator only)."""
    board = escalation_board(uow, actor, negotiation, version)
    neg = negotiation_row(uow.session, negotiation)
    engine: EngineRun | None = None
    note = ""
    trade_words: list[str] = []
    if not allowed(actor, Action.RUN_ENGINE):
        note = "The suggested package is not shown to observers."
    else:
        try:
            engine = run_engine(
                uow, actor, negotiation, version=board.version, allow_drop=allow_drop
            )
        except OnetextError as error:
            note = f"No suggested package: {error.message}"
    if engine is not None and allowed(actor, Action.VIEW_ENGINE_DETAIL):
        try:
            problem, _view = negotiation_problem(
                uow, actor, negotiation, version=board.version, allow_drop=allow_drop
            )
            current = {p.id: p.options[0] for p in problem.points}
            report = find_trades(problem, current, limit=trades, time_limit=5.0)
            trade_words = [_named_trade(t.describe(), board.party_names) for t in report.trades]
        except OnetextError as error:
            trade_words = [f"no trades computed: {error.message}"]
    return BriefData(
        title=f"Brief for principals — {neg.title}",
        board=board,
        engine=engine,
        engine_note=note,
        trades=trade_words,
        prepared_at=uow.now().isoformat(),
        classification=_classification(actor, board.party_names),
    )


def _named_trade(words: str, names: dict[str, str]) -> str:
    """``north yields on point 4`` with the party's name instead of its short name."""
    for slug, name in names.items():
        words = words.replace(f"{slug} yields", f"{name} yields")
    return words


def _classification(actor: Actor, names: dict[str, str]) -> str:
    """The banner on a brief: who may hold it, by what it contains for this reader."""
    if allowed(actor, Action.VIEW_ENGINE_DETAIL):
        return (
            "CONFIDENTIAL — MEDIATOR'S SECRETARIAT ONLY. Contains every party's caucus "
            "notes. Do not forward."
        )
    if actor.party is not None and actor.party in names:
        return (
            f"CONFIDENTIAL — {names[actor.party].upper()} DELEGATION ONLY. Contains your "
            "delegation's private notes. Do not forward."
        )
    return "RESTRICTED — material shared with all parties only. Do not forward."
