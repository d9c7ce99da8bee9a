"""Completing a round after the fact (``rounds.complete_round``), on SQLite and PostgreSQL:
outcome, end and produced versions filled in later, in one audited transaction, by
the mediator only, never revealing a document the actor may not read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from onetext.access import Actor
from onetext.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onetext.model import DocumentKind, Level, PartyKind, Role, Visibility
from onetext.service import audit, drafts, negotiations, rounds
from onetext.store.database import Database
from onetext.store.tables import (
    AuditEventRow,
    RoundRow,
)
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from tests_support import round_versions, rounds_state

OPERATOR = Actor.system_operator()
MEDIATOR = Actor("chief", Role.MEDIATOR, "envoy")
NORTH = Actor("n-expert", Role.DELEGATE, "north", Level.EXPERT)
SOUTH = Actor("s-expert", Role.DELEGATE, "south", Level.EXPERT)
OBSERVER = Actor("reporter", Role.OBSERVER, "press")

DRAFT = """FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact.
3. All prisoners shall be exchanged on the basis of all for all.
"""
REFINED = DRAFT.replace("24 hours", "48 hours")
STARTS = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def _uow(database: Database, clock: Any) -> UnitOfWork:
    return UnitOfWork(database, clock)


def setup_round(database: Database, clock: Any) -> str:
    """Two negotiations; in ``talks`` a framework (two versions), north's caucus
    position paper and private notes, and one round recorded as it starts."""
    for slug in ("talks", "elsewhere"):
        with _uow(database, clock) as uow:
            negotiations.create_negotiation(uow, OPERATOR, slug, slug.title())
        for party, kind in [
            ("envoy", PartyKind.MEDIATOR),
            ("north", PartyKind.PARTY),
            ("south", PartyKind.PARTY),
            ("press", PartyKind.OBSERVER),
        ]:
            with _uow(database, clock) as uow:
                negotiations.add_party(uow, OPERATOR, slug, party, party.title(), kind)
    for text, document, party, visibility, kind in [
        (DRAFT, "framework", "envoy", Visibility.JOINT, DocumentKind.DRAFT),
        (REFINED, "framework", "envoy", Visibility.JOINT, DocumentKind.DRAFT),
        (DRAFT, "north-paper", "north", Visibility.CAUCUS, DocumentKind.POSITION_PAPER),
        (DRAFT, "north-notes", "north", Visibility.PRIVATE, DocumentKind.POSITION_PAPER),
    ]:
        with _uow(database, clock) as uow:
            drafts.table_draft(
                uow,
                OPERATOR,
                "talks",
                parse_draft(text),
                document=document,
                party=party,
                message=document,
                kind=kind,
                visibility=visibility,
            )
    with _uow(database, clock) as uow:
        drafts.table_draft(
            uow,
            OPERATOR,
            "elsewhere",
            parse_draft(DRAFT),
            document="other",
            party="envoy",
            message="other",
        )
    with _uow(database, clock) as uow:
        view = rounds.record_round(
            uow,
            MEDIATOR,
            "talks",
            level=Level.EXPERT,
            place="Lakemont",
            starts_at=STARTS,
            publish=True,  # read by everyone: what each is shown of it is tested here
        )
    assert view.outcome == "" and view.ends_at is None and view.produced == []
    return view.uid


def complete(database: Database, clock: Any, uid: str, actor: Actor = MEDIATOR, **kw: Any) -> Any:
    with _uow(database, clock) as uow:
        return rounds.complete_round(uow, actor, "talks", uid, **kw)


def events(database: Database) -> list[tuple[str, str, dict[str, Any]]]:
    with database.session() as session:
        rows = session.execute(
            select(AuditEventRow.action, AuditEventRow.object_id, AuditEventRow.details)
            .where(AuditEventRow.action == "RoundUpdated")
            .order_by(AuditEventRow.seq)
        ).all()
    return [  # the log's own form marker (issue 15) is not part of the change
        (action, obj, {k: v for k, v in json.loads(details).items() if k != "record_form"})
        for action, obj, details in rows
    ]


def test_outcome_end_and_versions_are_filled_in_later_in_one_audited_write(
    database: Database, clock: Any
) -> None:
    uid = setup_round(database, clock)
    ends = STARTS + timedelta(hours=7, minutes=30)
    view = complete(
        database, clock, uid, outcome="refined text agreed", ends_at=ends, produced=["framework@2"]
    )
    assert view.uid == uid
    assert (view.outcome, view.ends_at, view.hours) == (
        "refined text agreed",
        ends.isoformat(),
        7.5,
    )
    assert view.produced == ["framework@2"]
    with database.session() as session:
        row = session.execute(select(RoundRow).where(RoundRow.uid == uid)).scalar_one()
        assert (row.outcome, row.ends_at) == ("refined text agreed", ends)
    assert round_versions(database, uid) == ["framework@2"]
    assert events(database) == [
        (
            "RoundUpdated",
            uid,
            {
                "outcome": {"from": "", "to": "refined text agreed"},
                "ends_at": {"from": None, "to": ends.isoformat()},
                "linked": ["framework@2"],
            },
        )
    ]
    with _uow(database, clock) as uow:
        assert audit.verify_audit(uow, OPERATOR).events > 0
    # a later edit: only the outcome; the end and the link stay, the old text is kept
    view = complete(database, clock, uid, outcome="agreed on 1 and 2 only")
    assert (view.ends_at, view.produced) == (ends.isoformat(), ["framework@2"])
    assert events(database)[-1][2] == {
        "outcome": {"from": "refined text agreed", "to": "agreed on 1 and 2 only"}
    }
    with _uow(database, clock) as uow:
        assert [r.outcome for r in rounds.list_rounds(uow, OBSERVER, "talks")] == [
            "agreed on 1 and 2 only"
        ]


def test_linking_a_linked_version_is_a_no_op_and_unlinking_removes_the_link(
    database: Database, clock: Any
) -> None:
    uid = setup_round(database, clock)
    complete(database, clock, uid, produced=["framework@1"])
    before = rounds_state(database)
    # already linked (also as DOC@N spelled twice): nothing written, not even an event
    view = complete(database, clock, uid, produced=["framework@1", "framework@1"])
    assert view.produced == ["framework@1"]
    assert rounds_state(database) == before
    # a mix: only the new link is made and recorded
    view = complete(database, clock, uid, produced=["framework@1", "framework"])
    assert view.produced == ["framework@1", "framework@2"]
    assert events(database)[-1][2] == {"linked": ["framework@2"]}
    # unlink the one linked by mistake
    view = complete(database, clock, uid, unlink=["framework@1"])
    assert view.produced == ["framework@2"]
    assert round_versions(database, uid) == ["framework@2"]
    assert events(database)[-1][2] == {"unlinked": ["framework@1"]}
    # unlinking what is not linked is refused, nothing written
    before = rounds_state(database)
    with pytest.raises(Conflict, match=r"not linked to framework@1"):
        complete(database, clock, uid, unlink=["framework@1"], outcome="lost?")
    assert rounds_state(database) == before


def test_a_caucus_document_may_be_linked_and_is_shown_only_to_who_may_read_it(
    database: Database, clock: Any
) -> None:
    uid = setup_round(database, clock)
    complete(database, clock, uid, produced=["framework@2", "north-paper@1"])
    assert round_versions(database, uid) == ["framework@2", "north-paper@1"]
    seen = {}
    for name, actor in [
        ("mediator", MEDIATOR),
        ("north", NORTH),
        ("south", SOUTH),
        ("observer", OBSERVER),
        ("operator", OPERATOR),
    ]:
        with _uow(database, clock) as uow:
            (only,) = rounds.list_rounds(uow, actor, "talks")
        seen[name] = only.produced
    assert seen == {
        "mediator": ["framework@2", "north-paper@1"],
        "north": ["framework@2", "north-paper@1"],
        "south": ["framework@2"],
        "observer": ["framework@2"],
        "operator": ["framework@2", "north-paper@1"],
    }


def test_a_version_the_actor_may_not_read_is_not_found_like_a_missing_one(
    database: Database, clock: Any
) -> None:
    uid = setup_round(database, clock)
    before = rounds_state(database)
    messages = {}
    for ref in ("north-notes@1", "ghostly@1", "other@1"):
        with pytest.raises(NotFound) as error:
            complete(database, clock, uid, produced=[ref], outcome="done")
        messages[ref] = str(error.value)
    # north's private notes exist; the mediator is told exactly what a missing one gets
    assert messages["north-notes@1"].replace("north-notes", "X") == messages["ghostly@1"].replace(
        "ghostly", "X"
    )
    assert "north-notes" not in messages["ghostly@1"]
    assert "other" not in messages["ghostly@1"].replace("'ghostly'", "")  # other talks
    with pytest.raises(NotFound, match="unknown document 'north-notes'"):
        complete(database, clock, uid, unlink=["north-notes@1"])
    with pytest.raises(NotFound, match="no version 'framework@9'"):
        complete(database, clock, uid, produced=["framework@9"])
    with pytest.raises(InvalidInput, match="invalid version reference"):
        complete(database, clock, uid, produced=["Frame Work"])
    assert rounds_state(database) == before


def test_bad_requests_change_nothing(database: Database, clock: Any) -> None:
    uid = setup_round(database, clock)
    complete(database, clock, uid, outcome="kept", produced=["framework@1"])
    before = rounds_state(database)
    cases: list[tuple[type[Exception], str, dict[str, Any]]] = [
        (NotFound, "unknown round 'rnd_nothing'", {"uid": "rnd_nothing", "outcome": "x"}),
        (InvalidInput, "cannot end before it starts", {"ends_at": STARTS - timedelta(hours=1)}),
        (InvalidInput, "nothing to change", {}),
        (
            InvalidInput,
            "both to link and to unlink",
            {"produced": ["framework@1"], "unlink": ["framework@1"]},
        ),
        (
            InvalidInput,
            "cannot end before it starts",
            {"outcome": "x", "produced": ["framework@2"], "ends_at": STARTS - timedelta(1)},
        ),
    ]
    for kind, message, kwargs in cases:
        with pytest.raises(kind, match=message):
            complete(database, clock, kwargs.pop("uid", uid), **kwargs)
    for actor in (NORTH, SOUTH, OBSERVER):
        with pytest.raises(PermissionDenied, match="may not record round"):
            complete(database, clock, uid, actor=actor, outcome="mine")
    assert rounds_state(database) == before


def test_a_round_of_another_negotiation_is_unknown_here(database: Database, clock: Any) -> None:
    uid = setup_round(database, clock)
    with _uow(database, clock) as uow:
        other = rounds.record_round(
            uow, OPERATOR, "elsewhere", level=Level.EXPERT, place="Elsewhere", starts_at=STARTS
        )
    before = rounds_state(database)
    with pytest.raises(NotFound, match="unknown round"):
        complete(database, clock, other.uid, outcome="x")
    with pytest.raises(NotFound, match="unknown document 'other'"):
        complete(database, clock, uid, produced=["other@1"])
    assert rounds_state(database) == before
    # naive end times are UTC; an end equal to the start is allowed (zero hours)
    view = complete(database, clock, uid, ends_at=STARTS.replace(tzinfo=None))
    assert view.hours == 0
