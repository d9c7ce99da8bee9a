"""Comments on a unit, through the services and the command line, on a real SQLite file
and a real PostgreSQL server: threads follow the unit across versions, each visibility
reaches exactly whom the threat model says, resolve and reopen are recorded, and
``audit verify`` catches a comments table that disagrees with the log."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from onetext.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onetext.model import Visibility
from onetext.service import comments, editing
from onetext.store.audit import verify_chain
from onetext.store.comment_tables import CommentRow
from onetext.store.database import Database
from onetext.store.record_check import check_tables
from onetext.store.record_specs import SPECS
from onetext.store.tables import AuditEventRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.editing import DraftUnit
from tests_support import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "editing"))
from editing_support import MEMBERS, NEGOTIATION, OPERATOR, actor, build_record

# who may read a comment of each party and visibility, written out from the threat
# model (not asked of ``access``, the rules under test)
DELEGATES = {"north": {"n-expert", "n-principal"}, "south": {"s-expert"}}
MEDIATOR = {"chief", "aide"}


def readers(party: str, visibility: str) -> set[str]:
    if visibility == "private":
        return DELEGATES[party]
    if visibility == "caucus":
        return DELEGATES[party] | MEDIATOR
    return set(MEMBERS)


@pytest.fixture
def record(database: Database, clock: Any) -> tuple[Database, Any]:
    build_record(database, clock)
    return database, clock


def _add(record: tuple[Database, Any], handle: str, visibility: str, label: str = "1.2") -> Any:
    database, clock = record
    with UnitOfWork(database, clock) as uow:
        return comments.add_comment(
            uow, actor(handle), NEGOTIATION, version="treaty@1", label=label,
            text=f"COMMENT-{handle}-{visibility}", visibility=Visibility(visibility),
        )  # fmt: skip


def test_each_visibility_reaches_exactly_its_readers(record: tuple[Database, Any]) -> None:
    database, clock = record
    for handle in ("n-expert", "s-expert"):
        for visibility in ("private", "caucus", "joint"):
            _add(record, handle, visibility)
    for reader in MEMBERS:
        with UnitOfWork(database, clock) as uow:
            threads = comments.list_comments(uow, actor(reader), NEGOTIATION, "treaty@1")
        seen = {c.text for t in threads for c in t.comments}
        expected = {
            f"COMMENT-{h}-{v}"
            for h, party in (("n-expert", "north"), ("s-expert", "south"))
            for v in ("private", "caucus", "joint")
            if reader in readers(party, v)
        }
        assert seen == expected, reader
    with UnitOfWork(database, clock) as uow:  # the operator reads as the mediator does
        threads = comments.list_comments(uow, OPERATOR, NEGOTIATION, "treaty@1")
    assert {c.visibility for t in threads for c in t.comments} == {"caucus", "joint"}


def test_a_thread_follows_its_unit_into_the_next_version(record: tuple[Database, Any]) -> None:
    database, clock = record
    first = _add(record, "n-expert", "joint", label="2.1")
    chief = actor("chief")
    with UnitOfWork(database, clock) as uow:
        view = editing.open_editor(uow, chief, NEGOTIATION, "treaty")
    units = [DraftUnit(u.point, u.label, u.text, u.heading) for u in view.units]
    units = [DraftUnit(None, "1.0", "A new opening unit."), *units]
    with UnitOfWork(database, clock) as uow:
        editing.save_draft(uow, chief, NEGOTIATION, "treaty", base="treaty@1", units=units)
    with UnitOfWork(database, clock) as uow:
        editing.table_edit(uow, chief, NEGOTIATION, "treaty", message="an opening unit")
    with UnitOfWork(database, clock) as uow:
        thread = comments.list_comments(uow, chief, NEGOTIATION, "treaty@2", label="2.1")[0]
    assert [c.uid for c in thread.comments] == [first.uid]
    assert thread.comments[0].version == "treaty@1"


def test_resolve_and_reopen_are_recorded_and_checked_against_the_log(
    record: tuple[Database, Any],
) -> None:
    database, clock = record
    caucus = _add(record, "n-expert", "caucus")
    with UnitOfWork(database, clock) as uow:  # the mediator reads it, so settles it
        resolved = comments.set_comment_status(
            uow, actor("chief"), NEGOTIATION, caucus.uid, resolved=True
        )
    assert (resolved.status, resolved.status_by) == ("resolved", "envoy/chief")
    with UnitOfWork(database, clock) as uow, pytest.raises(Conflict, match="already resolved"):
        comments.set_comment_status(uow, actor("chief"), NEGOTIATION, caucus.uid, resolved=True)
    with UnitOfWork(database, clock) as uow:
        reopened = comments.set_comment_status(
            uow, actor("n-principal"), NEGOTIATION, caucus.uid, resolved=False
        )
    assert reopened.status == "open"
    with database.session() as session:
        actions = (
            session.execute(
                select(AuditEventRow.action).where(AuditEventRow.object_type == "comment")
            )
            .scalars()
            .all()
        )
        assert actions == ["CommentAdded", "CommentResolved", "CommentReopened"]
        details = session.execute(
            select(AuditEventRow.details).where(AuditEventRow.action == "CommentAdded")
        ).scalar_one()
        assert "COMMENT-" not in details  # the words only as a salted commitment
        verify_chain(session)
        assert check_tables(session, SPECS).findings == ()
        # the table edited behind the log's back: each change is a finding
        session.execute(update(CommentRow).values(text="rewritten", status="resolved"))
        session.commit()
        findings = {str(f) for f in check_tables(session, SPECS).findings}
    # one row, both fields named (its status is replayed from resolve and reopen)
    assert any("comment " in f and "differs" in f and "status, text" in f for f in findings)


@pytest.mark.parametrize(
    ("settler", "visibility", "error"),
    [
        ("s-expert", "joint", PermissionDenied),  # another party's joint comment: read, not settled
        ("reporter", "joint", PermissionDenied),  # observers read only
        ("chief", "private", NotFound),  # a private comment does not exist for the mediator
        ("s-expert", "caucus", NotFound),
    ],
)
def test_who_may_not_settle_a_comment(
    record: tuple[Database, Any], settler: str, visibility: str, error: type[Exception]
) -> None:
    database, clock = record
    made = _add(record, "n-expert", visibility)
    with UnitOfWork(database, clock) as uow, pytest.raises(error) as refused:
        comments.set_comment_status(uow, actor(settler), NEGOTIATION, made.uid, resolved=True)
    if error is NotFound:  # in the same words as a comment that does not exist
        with UnitOfWork(database, clock) as uow, pytest.raises(NotFound) as missing:
            comments.set_comment_status(
                uow, actor(settler), NEGOTIATION, "cm_missing", resolved=True
            )
        assert refused.value.message.replace(made.uid, "X") == missing.value.message.replace(
            "cm_missing", "X"
        )


@pytest.mark.parametrize(
    ("handle", "kwargs", "error"),
    [
        ("n-expert", {"text": "   "}, InvalidInput),
        ("n-expert", {"text": "x" * 4001}, InvalidInput),
        ("n-expert", {"label": "9.9"}, NotFound),
        ("reporter", {"version": "north-paper@1", "label": "1"}, NotFound),
        ("s-expert", {"version": "north-paper@1", "label": "1"}, NotFound),
        ("reporter", {}, PermissionDenied),
        ("n-expert", {"party": "south"}, PermissionDenied),
    ],
)
def test_bad_comments_change_nothing(
    record: tuple[Database, Any], handle: str, kwargs: dict[str, str], error: type[Exception]
) -> None:
    database, clock = record
    arguments = {"version": "treaty@1", "label": "1.2", "text": "a comment"} | kwargs
    with database.session() as session:
        before = session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one()
    with UnitOfWork(database, clock) as uow, pytest.raises(error):
        comments.add_comment(uow, actor(handle), NEGOTIATION, **arguments)
    with database.session() as session:
        assert session.execute(select(func.count()).select_from(CommentRow)).scalar_one() == 0
        after = session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one()
    assert after == before


def test_the_command_line_adds_lists_and_resolves(record: tuple[Database, Any]) -> None:
    database, _clock = record
    url = database.engine.url.render_as_string(hide_password=False)
    base = ["--db", url, "-n", NEGOTIATION]
    added = run_cli(
        "comment", "add", "treaty@1", "2.2", "--text", "Monthly [is] too rare", "--visibility",
        "private", "--as-member", "n-expert", "--json", *base,
    )  # fmt: skip
    assert added.code == 0, added.err
    made = json.loads(added.out)
    assert made["text"] == "Monthly [is] too rare" and made["visibility"] == "private"
    by_chief = run_cli("comment", "list", "treaty@1", "--as-member", "chief", "--json", *base)
    assert by_chief.code == 0 and json.loads(by_chief.out) == []
    by_operator = run_cli("comment", "list", "treaty@1", *base)
    assert "Monthly" not in by_operator.out and "no comment you may read" in by_operator.out
    listed = run_cli(
        "comment", "list", "treaty@1", "--point", "2.2", "--as-member", "n-principal", *base
    )
    assert "Monthly [is] too rare" in " ".join(listed.out.split()) and "1 open" in listed.out
    resolved = run_cli(
        "comment", "resolve", made["uid"], "--as-member", "n-principal", "--json", *base
    )
    assert resolved.code == 0 and json.loads(resolved.out)["status"] == "resolved"
    only_open = run_cli(
        "comment", "list", "treaty@1", "--status", "open", "--as-member", "n-expert", "--json",
        *base,
    )  # fmt: skip
    assert json.loads(only_open.out) == []
    refused = run_cli(
        "comment", "add", "treaty@1", "2.2", "--text", "x", "--visibility", "secret",
        "--as-member", "n-expert", *base,
    )  # fmt: skip
    assert refused.code == 2 and "Traceback" not in refused.err and "secret" in refused.err
    unknown = run_cli("comment", "resolve", "cm_nothing", "--as-member", "n-expert", *base)
    assert unknown.code == 3 and "no comment" in unknown.err
    verified = run_cli("audit", "verify", "--db", url)
    assert verified.code == 0, verified.err
