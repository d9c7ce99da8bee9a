"""The editor's use cases on a real SQLite file and a real PostgreSQL server: a draft
saved and found again, tabled as the next version with identities kept, recorded in
the log; who may edit; bad input changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from editing_support import NEGOTIATION, actor, build_record
from sqlalchemy import func, select

from onetext.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onetext.service import drafts, editing
from onetext.store.audit import verify_chain
from onetext.store.database import Database
from onetext.store.draft_tables import EditDraftRow, EditDraftUnitRow
from onetext.store.record_check import check_tables
from onetext.store.record_specs import SPECS
from onetext.store.tables import AuditEventRow, VersionRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.editing import DraftUnit, EditOperation


@pytest.fixture
def record(database: Database, clock: Any) -> tuple[Database, Any]:
    build_record(database, clock)
    return database, clock


def _units(view: Any) -> list[DraftUnit]:
    return [DraftUnit(u.point, u.label, u.text, u.heading) for u in view.units]


def _counts(database: Database) -> tuple[int, int, int, int]:
    with database.session() as session:
        return (
            session.execute(select(func.count()).select_from(VersionRow)).scalar_one(),
            session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one(),
            session.execute(select(func.count()).select_from(EditDraftRow)).scalar_one(),
            session.execute(select(func.count()).select_from(EditDraftUnitRow)).scalar_one(),
        )


def test_a_draft_is_saved_found_again_and_tabled_as_the_next_version(
    record: tuple[Database, Any],
) -> None:
    database, clock = record
    chief = actor("chief")
    with UnitOfWork(database, clock) as uow:
        view = editing.open_editor(uow, chief, NEGOTIATION, "treaty")
    assert view.base == "treaty@1" and view.saved_at is None
    units = _units(view)
    ids = [u.point for u in units]
    units[1] = DraftUnit(units[1].point, "1.2", "The Parties [shall][should][may] cooperate.")
    units[5] = DraftUnit(units[5].point, "3.1", "The Parties decide on a review in 2032.")
    with UnitOfWork(database, clock) as uow:
        saved = editing.save_draft(
            uow, chief, NEGOTIATION, "treaty", base="treaty@1", units=units, message="second"
        )
    assert saved.problems == {}
    with UnitOfWork(database, clock) as uow:  # reopening restores the draft
        again = editing.open_editor(uow, chief, NEGOTIATION, "treaty")
    assert again.saved_at == saved.saved_at
    assert [u.text for u in again.units] == [u.text for u in units]
    assert [u.changed for u in again.units] == [False, True, False, False, False, True]
    with UnitOfWork(database, clock) as uow:  # insert after 2.1, then delete 2.3
        edited = editing.edit_draft(
            uow, chief, NEGOTIATION, "treaty", base="treaty@1", units=units, message="second",
            operation=EditOperation("insert", 2),
        )  # fmt: skip
    units = _units(edited)
    assert units[3].label == "2.1bis" and units[3].point is None
    units[3] = DraftUnit(None, "2.1bis", "Withdrawals are [reported][published] each season.")
    units = units[:5] + units[6:]  # 2.3 goes
    with UnitOfWork(database, clock) as uow:
        editing.save_draft(
            uow, chief, NEGOTIATION, "treaty", base="treaty@1", units=units, message="second"
        )
    with UnitOfWork(database, clock) as uow:
        summary = editing.table_edit(uow, chief, NEGOTIATION, "treaty")
    assert summary.ref == "treaty@2" and summary.parents == ["treaty@1"]
    with UnitOfWork(database, clock) as uow:
        tabled = drafts.load_version(uow, chief, NEGOTIATION, "treaty@2")
    assert [p.label for p in tabled.points] == ["1.1", "1.2", "2.1", "2.1bis", "2.2", "3.1"]
    assert [p.uid for p in tabled.points][:3] == ids[:3]
    assert tabled.points[4].uid == ids[3] and tabled.points[5].uid == ids[5]
    assert tabled.points[3].uid not in ids
    assert [o["text"] for o in tabled.points[1].options] == ["shall", "should", "may"]
    assert tabled.points[5].options == []
    new = tabled.points[3]
    assert (new.level, new.number, [d["ref"] for d in new.path]) == ("paragraph", "1bis", ["2"])
    with database.session() as session:
        events = (
            session.execute(select(AuditEventRow).where(AuditEventRow.action == "EditTabled"))
            .scalars()
            .all()
        )
        assert len(events) == 1
        details = json.loads(events[0].details)
        assert details | {"record_form": 0} == {
            "base": "treaty@1", "units": 6, "reworded": 2, "inserted": 1, "deleted": 1,
            "moved": 0, "record_form": 0,
        }  # fmt: skip
        assert "cooperate" not in events[0].details
        verify_chain(session)
        assert check_tables(session, SPECS).findings == ()
    assert _counts(database)[2:] == (0, 0)  # the draft is gone once tabled


def test_a_draft_is_read_by_its_author_alone(record: tuple[Database, Any]) -> None:
    database, clock = record
    with UnitOfWork(database, clock) as uow:
        view = editing.open_editor(uow, actor("chief"), NEGOTIATION, "treaty")
    units = _units(view)
    units[0] = DraftUnit(units[0].point, "1.1", "CHIEF-ONLY wording of the scope.")
    with UnitOfWork(database, clock) as uow:
        editing.save_draft(uow, actor("chief"), NEGOTIATION, "treaty", base="treaty@1", units=units)
    with UnitOfWork(database, clock) as uow:  # the other mediator member starts afresh
        other = editing.open_editor(uow, actor("aide"), NEGOTIATION, "treaty")
    assert other.saved_at is None
    assert all("CHIEF-ONLY" not in u.text for u in other.units)
    with UnitOfWork(database, clock) as uow, pytest.raises(NotFound):
        editing.table_edit(uow, actor("aide"), NEGOTIATION, "treaty")


@pytest.mark.parametrize(
    ("handle", "document", "error"),
    [
        ("n-expert", "treaty", PermissionDenied),  # a delegate on the mediator's text
        ("reporter", "treaty", PermissionDenied),  # an observer
        ("s-expert", "north-paper", NotFound),  # another party's document it may not read
    ],
)
def test_who_may_not_edit(
    record: tuple[Database, Any], handle: str, document: str, error: type[Exception]
) -> None:
    database, clock = record
    with UnitOfWork(database, clock) as uow, pytest.raises(error):
        editing.open_editor(uow, actor(handle), NEGOTIATION, document)
    with UnitOfWork(database, clock) as uow, pytest.raises(error):
        editing.save_draft(uow, actor(handle), NEGOTIATION, document, base="treaty@1", units=[])


def test_a_party_edits_its_own_document(record: tuple[Database, Any]) -> None:
    database, clock = record
    north = actor("n-principal")
    with UnitOfWork(database, clock) as uow:
        view = editing.open_editor(uow, north, NEGOTIATION, "north-paper")
    units = [DraftUnit(view.units[0].point, "1", "North keeps its [red][amber] line on flow.")]
    with UnitOfWork(database, clock) as uow:
        editing.save_draft(uow, north, NEGOTIATION, "north-paper", base=view.base, units=units)
    with UnitOfWork(database, clock) as uow:
        summary = editing.table_edit(uow, north, NEGOTIATION, "north-paper", message="softer")
    assert summary.ref == "north-paper@2" and summary.author == "north"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda u: [*u[:1], DraftUnit(u[1].point, "1.2", "The Parties [shall cooperate."), *u[2:]],
         "unit 1.2: unbalanced brackets: '[' is never closed (line 1, column 13)"),
        (lambda u: [*u[:1], DraftUnit(u[1].point, "1.1", u[1].text), *u[2:]],
         "unit 1.1: the label is used by more than one unit"),
        (lambda u: [*u[:1], DraftUnit(u[1].point, "1.2", "Cooperate.\n3. In good faith."), *u[2:]],
         "would read back as 2 units"),
        (lambda u: [*u[:1], DraftUnit(u[1].point, "no label!", u[1].text), *u[2:]],
         "invalid point label"),
        (lambda u: [], "a text needs at least one unit"),
    ],
)  # fmt: skip
def test_a_draft_that_cannot_be_tabled_changes_nothing(
    record: tuple[Database, Any], change: Any, message: str
) -> None:
    database, clock = record
    chief = actor("chief")
    with UnitOfWork(database, clock) as uow:
        view = editing.open_editor(uow, chief, NEGOTIATION, "treaty")
    units = change(_units(view))
    with UnitOfWork(database, clock) as uow:  # the draft keeps what was typed
        saved = editing.save_draft(
            uow, chief, NEGOTIATION, "treaty", base="treaty@1", units=units, message="m"
        )
    before = _counts(database)
    with UnitOfWork(database, clock) as uow, pytest.raises(InvalidInput) as refused:
        editing.table_edit(uow, chief, NEGOTIATION, "treaty")
    assert message in refused.value.message
    assert _counts(database) == before
    if units and "unbalanced" in message:
        assert saved.problems["1"].startswith("unbalanced brackets")


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ([DraftUnit("pt_not_in_the_text", "1", "x")], "continues a unit the text does not hold"),
        ([DraftUnit(None, "x" * 41, "x")], "a label has at most 40 characters"),
        ([DraftUnit(None, "1", "x\x00y")], "NUL"),
        ([DraftUnit(None, "1", "x" * 20_001)], "at most 20000 characters"),
    ],
)
def test_a_save_with_bad_input_changes_nothing(
    record: tuple[Database, Any], units: list[DraftUnit], message: str
) -> None:
    database, clock = record
    before = _counts(database)
    with UnitOfWork(database, clock) as uow, pytest.raises(InvalidInput, match=message):
        editing.save_draft(uow, actor("chief"), NEGOTIATION, "treaty", base="treaty@1", units=units)
    assert _counts(database) == before


def test_a_draft_overtaken_by_a_new_version_is_not_tabled(record: tuple[Database, Any]) -> None:
    database, clock = record
    chief, aide = actor("chief"), actor("aide")
    for who in (chief, aide):
        with UnitOfWork(database, clock) as uow:
            view = editing.open_editor(uow, who, NEGOTIATION, "treaty")
        units = _units(view)
        units[0] = DraftUnit(units[0].point, "1.1", f"Scope as {who.handle} sees it.")
        with UnitOfWork(database, clock) as uow:
            editing.save_draft(uow, who, NEGOTIATION, "treaty", base="treaty@1", units=units)
    with UnitOfWork(database, clock) as uow:
        editing.table_edit(uow, aide, NEGOTIATION, "treaty", message="aide's reading")
    before = _counts(database)
    with UnitOfWork(database, clock) as uow, pytest.raises(Conflict, match="treaty@2 was tabled"):
        editing.table_edit(uow, chief, NEGOTIATION, "treaty", message="chief's reading")
    assert _counts(database) == before
    with UnitOfWork(database, clock) as uow:
        stale = editing.open_editor(uow, chief, NEGOTIATION, "treaty")
    assert stale.stale and stale.base == "treaty@1" and stale.latest == "treaty@2"
    with UnitOfWork(database, clock) as uow:
        assert editing.discard_draft(uow, chief, NEGOTIATION, "treaty")
    with UnitOfWork(database, clock) as uow:
        fresh = editing.open_editor(uow, chief, NEGOTIATION, "treaty")
    assert not fresh.stale and fresh.units[0].text == "Scope as aide sees it."
