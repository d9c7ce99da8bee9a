"""The record end to end through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from onetext.access import Actor
from onetext.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onetext.model import Level, PartyKind, Role, Stance, Visibility
from onetext.service import drafts, negotiations, positions, rounds
from onetext.store.database import Database
from onetext.store.tables import AuditEventRow, PointRow, PositionRow, VersionRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

OPERATOR = Actor.system_operator()

FRAMEWORK = """FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact.
3. All prisoners shall be exchanged on the basis of all for all.
4. Heavy weapons shall be withdrawn 30 km from the line of contact.
"""
REFINED = """FRAMEWORK, REFINED
1. The parties shall cease all hostilities within 24 hours of signature.
2. All prisoners shall be exchanged on the basis of all for all, within 30 days.
3. A monitoring mission shall observe the line of contact.
4. Elections shall be held within one hundred days.
"""


def setup_talks(db: Database, clock: object) -> None:
    with UnitOfWork(db, clock) as uow:  # type: ignore[arg-type]
        negotiations.create_negotiation(uow, OPERATOR, "talks", "Lakemont talks")
    for slug, kind in [
        ("envoy", PartyKind.MEDIATOR),
        ("north", PartyKind.PARTY),
        ("south", PartyKind.PARTY),
        ("press", PartyKind.OBSERVER),
    ]:
        with UnitOfWork(db, clock) as uow:  # type: ignore[arg-type]
            negotiations.add_party(uow, OPERATOR, "talks", slug, slug.title(), kind)
    for handle, party, level in [
        ("n-expert", "north", Level.EXPERT),
        ("s-expert", "south", Level.EXPERT),
        ("chief", "envoy", None),
        ("reporter", "press", None),
    ]:
        with UnitOfWork(db, clock) as uow:  # type: ignore[arg-type]
            negotiations.add_member(uow, OPERATOR, "talks", handle, handle, party, level)
    with UnitOfWork(db, clock) as uow:  # type: ignore[arg-type]
        drafts.table_draft(
            uow,
            OPERATOR,
            "talks",
            parse_draft(FRAMEWORK),
            document="framework",
            party="envoy",
            message="first draft",
        )


def mark(db: Database, clock: object, actor: Actor = OPERATOR, **kwargs: object) -> None:
    with UnitOfWork(db, clock) as uow:  # type: ignore[arg-type]
        positions.mark_stance(uow, actor, "talks", **kwargs)  # type: ignore[arg-type]


def matrix(db: Database, actor: Actor = OPERATOR, **kwargs: object) -> positions.MatrixView:
    with UnitOfWork(db) as uow:
        return positions.stance_matrix(uow, actor, "talks", **kwargs)  # type: ignore[arg-type]


def test_marks_are_append_only_and_answer_what_was_accepted_on_a_date(
    database: Database, clock: object
) -> None:
    setup_talks(database, clock)
    mark(database, clock, party="north", label="3", stance=Stance.UNACCEPTABLE, priority=5)
    before_change = clock.now  # type: ignore[attr-defined]
    mark(database, clock, party="north", label="3", stance=Stance.ACCEPTED)
    now = matrix(database)
    assert now.matrix["north"]["3"] is not None
    assert now.matrix["north"]["3"].stance == "accepted"
    then = matrix(database, as_of=before_change)
    assert then.matrix["north"]["3"].stance == "unacceptable"  # type: ignore[union-attr]
    assert matrix(database, as_of=before_change - timedelta(minutes=5)).matrix["north"]["3"] is None
    with database.session() as session:
        rows = session.execute(select(func.count()).select_from(PositionRow)).scalar_one()
    assert rows == 2
    with UnitOfWork(database) as uow:
        history = positions.point_history(uow, OPERATOR, "talks", "3")
    assert [m.stance for m in history] == ["unacceptable", "accepted"]


def test_visibility_private_caucus_joint(database: Database, clock: object) -> None:
    setup_talks(database, clock)
    for label, visibility in [
        ("1", Visibility.PRIVATE),
        ("2", Visibility.CAUCUS),
        ("3", Visibility.JOINT),
    ]:
        mark(
            database,
            clock,
            party="north",
            label=label,
            stance=Stance.OPEN,
            visibility=visibility,
            note=f"secret-{visibility.value}",
        )
    north = Actor("n-expert", Role.DELEGATE, "north", Level.EXPERT)
    south = Actor("s-expert", Role.DELEGATE, "south", Level.EXPERT)
    mediator = Actor("chief", Role.MEDIATOR, "envoy")
    observer = Actor("reporter", Role.OBSERVER, "press")
    seen = {
        name: {label for label, m in matrix(database, actor).matrix["north"].items() if m}
        for name, actor in [
            ("north", north),
            ("south", south),
            ("mediator", mediator),
            ("observer", observer),
            ("operator", OPERATOR),
        ]
    }
    assert seen == {
        "north": {"1", "2", "3"},
        "south": {"3"},
        "mediator": {"2", "3"},
        "observer": {"3"},
        "operator": {"2", "3"},
    }


def test_stale_joint_mark_is_shown_when_a_later_mark_is_private(
    database: Database, clock: object
) -> None:
    setup_talks(database, clock)
    mark(
        database,
        clock,
        party="north",
        label="1",
        stance=Stance.ACCEPTED,
        visibility=Visibility.JOINT,
    )
    mark(
        database,
        clock,
        party="north",
        label="1",
        stance=Stance.UNACCEPTABLE,
        visibility=Visibility.PRIVATE,
        note="we will walk away",
    )
    south = Actor("s-expert", Role.DELEGATE, "south", Level.EXPERT)
    cell = matrix(database, south).matrix["north"]["1"]
    assert cell is not None
    assert (cell.stance, cell.note) == ("accepted", "")
    own = matrix(database, Actor("n-expert", Role.DELEGATE, "north", Level.EXPERT))
    assert own.matrix["north"]["1"].stance == "unacceptable"  # type: ignore[union-attr]


def test_delegates_mark_only_for_their_own_party(database: Database, clock: object) -> None:
    setup_talks(database, clock)
    south = Actor("s-expert", Role.DELEGATE, "south", Level.EXPERT)
    with pytest.raises(PermissionDenied, match="may not mark stance for north"):
        mark(database, clock, south, party="north", label="1", stance=Stance.ACCEPTED)
    observer = Actor("reporter", Role.OBSERVER, "press")
    with pytest.raises(PermissionDenied):
        mark(database, clock, observer, party="north", label="1", stance=Stance.ACCEPTED)
    with pytest.raises(InvalidInput, match="only parties mark"):
        mark(database, clock, party="envoy", label="1", stance=Stance.ACCEPTED)


def test_new_version_keeps_point_identity_and_flags_reworded_marks(
    database: Database, clock: object
) -> None:
    setup_talks(database, clock)
    mark(database, clock, party="north", label="2", stance=Stance.ACCEPTED)  # monitoring
    mark(database, clock, party="north", label="3", stance=Stance.ACCEPTED)  # prisoners
    with UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        summary = drafts.table_draft(
            uow,
            OPERATOR,
            "talks",
            parse_draft(REFINED),
            document="framework",
            party="envoy",
            message="refined",
        )
    assert summary.ref == "framework@2"
    assert summary.parents == ["framework@1"]
    with UnitOfWork(database) as uow:
        old = drafts.load_version(uow, OPERATOR, "talks", "framework@1")
        new = drafts.load_version(uow, OPERATOR, "talks", "framework@2")
    by_text = {p.text: p.uid for p in old.points}
    assert new.points[0].uid == by_text[old.points[0].text]  # unchanged
    assert new.points[2].uid == old.points[1].uid  # monitoring moved from 2 to 3
    assert new.points[1].uid == old.points[2].uid  # prisoners reworded, now 2
    assert new.points[3].uid not in by_text.values()  # elections are new
    view = matrix(database, version="framework@2")
    monitoring, prisoners = view.matrix["north"]["3"], view.matrix["north"]["2"]
    assert monitoring is not None and not monitoring.reconfirm
    assert prisoners is not None and prisoners.reconfirm


def test_failed_write_leaves_nothing_behind(database: Database, clock: object) -> None:
    setup_talks(database, clock)
    with database.session() as session:
        events = session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one()
        versions = session.execute(select(func.count()).select_from(VersionRow)).scalar_one()
    bad = parse_draft("1. One.\n2. Two.\n")
    with pytest.raises(NotFound), UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        drafts.table_draft(
            uow,
            OPERATOR,
            "talks",
            bad,
            document="other",
            party="envoy",
            message="",
            based_on="missing@3",
        )
    with pytest.raises(Conflict), UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        negotiations.add_party(uow, OPERATOR, "talks", "north", "Again")
    with database.session() as session:
        assert (
            session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one() == events
        )
        assert (
            session.execute(select(func.count()).select_from(VersionRow)).scalar_one() == versions
        )
        assert (
            session.execute(
                text("select count(*) from documents where slug = 'other'")
            ).scalar_one()
            == 0
        )


def test_rounds_link_attendees_agenda_and_versions(database: Database, clock: object) -> None:
    setup_talks(database, clock)
    start = clock.now  # type: ignore[attr-defined]
    with UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        view = rounds.record_round(
            uow,
            OPERATOR,
            "talks",
            level=Level.PRINCIPAL,
            place="Lakemont",
            starts_at=start,
            ends_at=start + timedelta(hours=5),
            attendees=["n-expert", "chief"],
            agenda=["1", "3"],
            outcome="refined text agreed",
            produced=["framework@1"],
        )
    assert view.hours == 5
    assert view.attendees == ["chief", "n-expert"]
    assert sorted(view.agenda) == ["1", "3"]
    assert view.produced == ["framework@1"]
    with pytest.raises(NotFound, match="unknown member"), UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        rounds.record_round(
            uow,
            OPERATOR,
            "talks",
            level=Level.EXPERT,
            place="X",
            starts_at=start,
            attendees=["ghost"],
        )


def test_points_are_shared_identities_not_copies(database: Database, clock: object) -> None:
    setup_talks(database, clock)
    with UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        drafts.table_draft(
            uow,
            OPERATOR,
            "talks",
            parse_draft(FRAMEWORK),
            document="counter",
            party="north",
            message="fork",
            based_on="framework@1",
            kind=drafts.DocumentKind.COUNTER_DRAFT,
        )
    with database.session() as session:
        assert session.execute(select(func.count()).select_from(PointRow)).scalar_one() == 4


def test_nul_characters_are_refused_before_reaching_the_database(
    database: Database, clock: object
) -> None:
    setup_talks(database, clock)
    with pytest.raises(InvalidInput, match="NUL"):
        mark(database, clock, party="north", label="1", stance=Stance.OPEN, note="a\x00b")
    with pytest.raises(InvalidInput, match="NUL"), UnitOfWork(database, clock) as uow:  # type: ignore[arg-type]
        negotiations.add_party(uow, OPERATOR, "talks", "west", "West\x00")
    assert matrix(database).matrix["north"]["1"] is None
