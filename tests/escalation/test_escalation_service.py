"""Working groups and the escalation board through the service layer, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import onetext.store.escalation_tables  # noqa: F401  (registers the tables)
from onetext.access import Actor
from onetext.errors import Conflict, NotFound, PermissionDenied
from onetext.model import Level, PartyKind, Role, Stance, Visibility
from onetext.model.escalation import PointStatus
from onetext.service import drafts, escalation, negotiations, positions
from onetext.store.database import Database
from onetext.store.escalation_tables import (
    WorkingGroupMemberRow,
    WorkingGroupPointRow,
    WorkingGroupRow,
)
from onetext.store.tables import AuditEventRow
from onetext.store.unit_of_work import Clock, UnitOfWork
from onetext.text.parse import parse_draft
from onetext.views import to_json

OPERATOR = Actor.system_operator()
NORTH_EXPERT = Actor("n-expert", Role.DELEGATE, "north", Level.EXPERT)
DRAFT = """FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact [weekly][daily].
3. All prisoners shall be exchanged on the basis of all for all.
"""


def build(db: Database, clock: Clock) -> None:
    def uow() -> UnitOfWork:
        return UnitOfWork(db, clock)

    with uow() as u:
        negotiations.create_negotiation(u, OPERATOR, "talks", "Talks")
    for slug, kind in [
        ("envoy", PartyKind.MEDIATOR),
        ("north", PartyKind.PARTY),
        ("south", PartyKind.PARTY),
    ]:
        with uow() as u:
            negotiations.add_party(u, OPERATOR, "talks", slug, slug.title(), kind)
    for handle, party, level in [
        ("n-expert", "north", Level.EXPERT),
        ("n-principal", "north", Level.PRINCIPAL),
        ("s-expert", "south", Level.EXPERT),
        ("s-principal", "south", Level.PRINCIPAL),
        ("chief", "envoy", None),
    ]:
        with uow() as u:
            negotiations.add_member(u, OPERATOR, "talks", handle, handle, party, level)
    with uow() as u:
        drafts.table_draft(
            u,
            OPERATOR,
            "talks",
            parse_draft(DRAFT),
            document="framework",
            party="envoy",
            message="tabled",
        )


def mark(
    db: Database,
    clock: Clock,
    party: str,
    label: str,
    stance: Stance,
    by: str | None = None,
    option: str | None = None,
) -> None:
    with UnitOfWork(db, clock) as u:
        positions.mark_stance(
            u,
            OPERATOR,
            "talks",
            party=party,
            label=label,
            stance=stance,
            visibility=Visibility.JOINT,
            by=by,
            option=option,
        )


def board(db: Database, actor: Actor = OPERATOR) -> escalation.Board:
    with UnitOfWork(db) as u:
        return escalation.escalation_board(u, actor, "talks", "framework@1")


def test_points_climb_from_experts_to_principals(database: Database, clock: Clock) -> None:
    build(database, clock)
    mark(database, clock, "north", "1", Stance.ACCEPTED, "n-expert")
    mark(database, clock, "south", "1", Stance.RESERVATIONS, "s-expert")
    mark(database, clock, "north", "2", Stance.UNACCEPTABLE, "n-expert")
    mark(database, clock, "south", "2", Stance.ACCEPTED)  # operator: negotiator level
    mark(database, clock, "north", "3", Stance.ACCEPTED, "n-expert")
    seen = board(database)
    status = {p.label: p.status for p in seen.points}
    assert status == {
        "1": PointStatus.AGREED_EXPERT,
        "2": PointStatus.BLOCKED,
        "3": PointStatus.OPEN,
    }
    point2 = seen.points[1]
    assert point2.blocked_by == ["north"]
    assert [o.key for o in point2.options] == ["a", "b"]
    assert point2.marks["south"] is not None and point2.marks["south"].level == "negotiator"
    assert seen.package.counts[PointStatus.BLOCKED] == 1 and not seen.package.endorsed

    # principals endorse point 1; the package stays open while other points are not endorsed
    mark(database, clock, "north", "1", Stance.ACCEPTED, "n-principal")
    assert board(database).points[0].status is PointStatus.AGREED_EXPERT
    mark(database, clock, "south", "1", Stance.ACCEPTED, "s-principal")
    assert board(database).points[0].status is PointStatus.ENDORSED
    assert not board(database).package.endorsed
    for label in ("2", "3"):
        for party in ("north", "south"):
            mark(database, clock, party, label, Stance.ACCEPTED, f"{party[0]}-principal")
    # point 2 reads "[weekly][daily]": accepting the point is not choosing between them
    assert board(database).points[1].status is PointStatus.OPEN
    for party in ("north", "south"):
        mark(database, clock, party, "2", Stance.ACCEPTED, f"{party[0]}-principal", option="b")
    final = board(database)
    assert [p.status for p in final.points] == [PointStatus.ENDORSED] * 3
    assert final.package.endorsed
    assert to_json(final)["package"] == to_json(final.package)


def test_working_groups_are_for_the_mediator_and_stored(database: Database, clock: Clock) -> None:
    build(database, clock)
    with UnitOfWork(database, clock) as u, pytest.raises(PermissionDenied):
        escalation.create_working_group(
            u, NORTH_EXPERT, "talks", "security", "Security", points=["1"]
        )
    with UnitOfWork(database, clock) as u:
        view = escalation.create_working_group(
            u,
            OPERATOR,
            "talks",
            "security",
            "Security",
            points=["3", "1", "1"],
            members=["n-expert", "s-expert"],
        )
    assert view.points == ["1", "3"] and view.members == ["n-expert", "s-expert"]
    with UnitOfWork(database, clock) as u, pytest.raises(Conflict):
        escalation.create_working_group(u, OPERATOR, "talks", "security", "Again")
    with UnitOfWork(database, clock) as u, pytest.raises(NotFound):
        escalation.create_working_group(u, OPERATOR, "talks", "other", "O", points=["9"])
    with UnitOfWork(database) as u:
        listed = escalation.list_working_groups(u, NORTH_EXPERT, "talks")
        assert [to_json(g) for g in listed] == [to_json(view)]
        session = u.session
        assert session.execute(select(WorkingGroupRow.slug, WorkingGroupRow.level)).all() == [
            ("security", "expert")
        ]
        assert len(session.execute(select(WorkingGroupPointRow)).all()) == 2
        assert len(session.execute(select(WorkingGroupMemberRow)).all()) == 2
        actions = session.execute(select(AuditEventRow.action)).scalars().all()
        assert actions.count("WorkingGroupCreated") == 1
        only = escalation.escalation_board(u, OPERATOR, "talks", group="security")
        assert [p.label for p in only.points] == ["1", "3"]
        assert only.points[0].groups == ["security"]
        with pytest.raises(NotFound):
            escalation.escalation_board(u, OPERATOR, "talks", group="nope")
