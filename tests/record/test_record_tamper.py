"""Each tamper of issue 15's table, done to the database by hand, is caught by
``audit verify``: rows against the log, the chain's time order, and a checkpoint a
party kept for what only a party outside the host can see (a log rewritten with
valid hashes, replaced whole, rolled back)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from onetext.store.audit import GENESIS, RECORD_FORM, event_hash, event_leaf
from onetext.store.database import Database
from onetext.store.merkle import Frontier
from onetext.store.tables import AuditEventRow, AuditHeadRow, PointStateRow, PositionRow
from tests_support import build_small_record, must, run_cli


def _verify(db_url: str, *extra: str) -> Any:
    return run_cli("audit", "verify", "--db", db_url, *extra)


def _caught(db_url: str, *words: str, extra: tuple[str, ...] = ()) -> str:
    result = _verify(db_url, *extra)
    assert result.code == 6, result.out + result.err
    assert "Traceback" not in result.err
    said = " ".join((result.out + result.err).split())
    for word in words:
        assert word in said, said
    return said


def _mark_uid(session: Session, note: str) -> str:
    return session.execute(select(PositionRow.uid).where(PositionRow.note == note)).scalar_one()


def _rechain(session: Session, start: int = 1) -> None:
    """What a careful forger does after editing events: recompute every hash from
    ``start`` on, the head, and the head's Merkle frontier."""
    rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars().all()
    previous = GENESIS
    frontier = Frontier([])
    for row in rows:
        if row.seq >= start:
            row.prev_hash = previous
            row.hash = event_hash(
                previous,
                row.seq,
                row.at,
                row.actor,
                row.action,
                row.object_type,
                row.object_id,
                row.negotiation,
                row.details,
            )
        previous = row.hash
        frontier.append(event_leaf(row.hash))
    head = session.get(AuditHeadRow, 1)
    assert head is not None
    head.seq = rows[-1].seq if rows else 0
    head.hash = previous
    head.frontier = frontier.dump()
    head.at = rows[-1].at if rows else None
    session.commit()


@pytest.fixture
def record(db_url: str, database: Database) -> Database:
    build_small_record(db_url)
    result = _verify(db_url)
    assert result.code == 0, result.err
    return database


# --- a mark's row changed, and verify compares rows with events -----------------------


def test_a_marks_stance_changed(db_url: str, record: Database) -> None:
    with record.session() as session:
        uid = _mark_uid(session, "NORTH-PRIVATE-NOTE")
        session.execute(update(PositionRow).where(PositionRow.uid == uid).values(stance="accepted"))
        session.commit()
    said = _caught(db_url, f"mark talks/{uid}", "differs from event", "stance")
    assert "NORTH-PRIVATE-NOTE" not in said  # findings name fields, never contents


def test_a_private_mark_flipped_to_joint(db_url: str, record: Database) -> None:
    with record.session() as session:
        uid = _mark_uid(session, "NORTH-PRIVATE-NOTE")
        session.execute(
            update(PositionRow).where(PositionRow.uid == uid).values(visibility="joint")
        )
        session.commit()
    _caught(db_url, f"mark talks/{uid}", "visibility")


def test_a_note_rewritten(db_url: str, record: Database) -> None:
    with record.session() as session:
        uid = _mark_uid(session, "SOUTH-CAUCUS-NOTE")
        session.execute(update(PositionRow).where(PositionRow.uid == uid).values(note="softer"))
        session.commit()
    said = _caught(db_url, f"mark talks/{uid}", "in note")
    assert "softer" not in said


def test_a_priority_changed(db_url: str, record: Database) -> None:
    with record.session() as session:
        uid = _mark_uid(session, "NORTH-PRIVATE-NOTE")
        session.execute(update(PositionRow).where(PositionRow.uid == uid).values(priority=1))
        session.commit()
    _caught(db_url, f"mark talks/{uid}", "priority")


def test_a_mark_row_deleted(db_url: str, record: Database) -> None:
    with record.session() as session:
        uid = _mark_uid(session, "SOUTH-CAUCUS-NOTE")
        session.execute(delete(PositionRow).where(PositionRow.uid == uid))
        session.commit()
    _caught(db_url, uid, "the row is gone")


def test_a_forged_mark_inserted(db_url: str, record: Database) -> None:
    with record.session() as session:
        model = session.execute(
            select(PositionRow).where(PositionRow.note == "SOUTH-CAUCUS-NOTE")
        ).scalar_one()
        session.add(
            PositionRow(
                uid="pos_forged0000000000000",
                negotiation_id=model.negotiation_id,
                party_id=model.party_id,
                point_id=model.point_id,
                version_id=model.version_id,
                option_key=None,
                stance="accepted",
                priority=3,
                visibility="joint",
                note="",
                author="s-expert",
                marked_at=model.marked_at + timedelta(hours=1),
            )
        )
        session.commit()
    _caught(db_url, "mark talks/pos_forged0000000000000", "exists without an event")


# --- the log cut back, emptied, rewritten, back-dated --------------------------------------


def test_the_last_five_events_deleted_and_the_head_moved_back(
    db_url: str, record: Database
) -> None:
    with record.session() as session:
        last = session.execute(
            select(AuditEventRow.seq).order_by(AuditEventRow.seq.desc())
        ).scalar()
        assert last is not None
        session.execute(delete(AuditEventRow).where(AuditEventRow.seq > last - 5))
        session.commit()
        _rechain(session)
    _caught(db_url, "exists without an event in the log")


def test_the_whole_log_and_head_deleted(db_url: str, record: Database) -> None:
    with record.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))
        connection.execute(text("DELETE FROM audit_head"))
    said = _caught(db_url, "exists without an event in the log")
    assert "0 events" in said  # the chain of nothing verifies; the tables say otherwise


def test_middle_events_edited_with_every_later_hash_recomputed(
    db_url: str, record: Database
) -> None:
    with record.session() as session:
        uid = _mark_uid(session, "NORTH-PRIVATE-NOTE")
        event = session.execute(
            select(AuditEventRow).where(AuditEventRow.object_id == uid)
        ).scalar_one()
        details = json.loads(event.details)
        event.details = json.dumps(details | {"stance": "accepted"}, sort_keys=True)
        session.commit()
        _rechain(session, start=event.seq)
    _caught(db_url, f"mark talks/{uid}", "stance")


def test_a_back_dated_forged_event_appended_with_a_valid_hash(
    db_url: str, record: Database
) -> None:
    with record.session() as session:
        last = session.execute(
            select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1)
        ).scalar_one()
        session.add(
            AuditEventRow(
                seq=last.seq + 1,
                at=last.at - timedelta(days=7),
                actor="north/n-expert",
                action="UserLoggedIn",
                object_type="user",
                object_id="north-chief",
                negotiation=None,
                details=json.dumps({"record_form": RECORD_FORM}),
                prev_hash=last.hash,
                hash="",
                salts="{}",
            )
        )
        session.commit()
        _rechain(session, start=last.seq + 1)
    _caught(db_url, "back-dated")


def test_the_head_row_deleted(db_url: str, record: Database) -> None:
    with record.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_head"))
    _caught(db_url, "chain head is missing")


def test_an_event_stripped_of_its_form_to_pass_as_legacy(db_url: str, record: Database) -> None:
    """Legacy events are compared in part: a forger may not turn a present event into one."""
    with record.session() as session:
        uid = _mark_uid(session, "NORTH-PRIVATE-NOTE")
        event = session.execute(
            select(AuditEventRow).where(AuditEventRow.object_id == uid)
        ).scalar_one()
        details = json.loads(event.details)
        for name in ("record_form", "stance", "priority", "note"):
            details.pop(name)
        event.details = json.dumps(details, sort_keys=True)
        session.execute(update(PositionRow).where(PositionRow.uid == uid).values(stance="accepted"))
        session.commit()
        _rechain(session, start=event.seq)
    _caught(db_url, "legacy form after event 1")


# --- what only a party holding an earlier checkpoint can catch ----------------------------


def _checkpoint(db_url: str, tmp_path: Path, name: str = "held.json") -> Path:
    path = tmp_path / name
    must("audit", "checkpoint", "--out", str(path), "--db", db_url)
    return path


def test_history_rewritten_consistently_is_caught_by_a_checkpoint(
    db_url: str, record: Database, tmp_path: Path
) -> None:
    held = _checkpoint(db_url, tmp_path)
    must("mark", "1", "--party", "south", "--stance", "open", "--db", db_url)
    with record.session() as session:  # the row and its event changed together
        uid = _mark_uid(session, "NORTH-PRIVATE-NOTE")
        session.execute(update(PositionRow).where(PositionRow.uid == uid).values(stance="accepted"))
        event = session.execute(
            select(AuditEventRow).where(AuditEventRow.object_id == uid)
        ).scalar_one()
        event.details = json.dumps(
            json.loads(event.details) | {"stance": "accepted"}, sort_keys=True
        )
        session.commit()
        _rechain(session, start=event.seq)
    assert _verify(db_url).code == 0  # nothing inside the database shows it
    _caught(db_url, "history was rewritten", extra=("--checkpoint", str(held)))


def test_a_rollback_is_caught_by_a_checkpoint(
    db_url: str, record: Database, tmp_path: Path
) -> None:
    backup = tmp_path / "old.db"
    must("backup", str(backup), "--db", db_url)
    must("mark", "1", "--party", "south", "--stance", "unacceptable", "--db", db_url)
    held = _checkpoint(db_url, tmp_path)
    must("restore", str(backup), "--force", "--db", db_url)
    _caught(db_url, "truncated or rolled back", extra=("--checkpoint", str(held)))


def test_the_whole_log_replaced_is_caught_by_a_checkpoint(
    db_url: str, record: Database, tmp_path: Path
) -> None:
    held = _checkpoint(db_url, tmp_path)
    with record.engine.begin() as connection:  # the host empties every table and
        for table in ("positions", "audit_events", "audit_head"):  # retells the story
            connection.execute(text(f"DELETE FROM {table}"))
    must("mark", "1", "--party", "north", "--stance", "open", "--db", db_url)
    said = _caught(db_url, extra=("--checkpoint", str(held)))
    assert "truncated or rolled back" in said


def test_a_points_wording_changed_in_a_tabled_version(db_url: str, record: Database) -> None:
    with record.session() as session:
        session.execute(
            update(PointStateRow)
            .where(PointStateRow.label == "3")
            .values(text="All prisoners shall be exchanged in stages.")
        )
        session.commit()
    said = _caught(db_url, "version talks/framework@1", "content")
    assert "in stages" not in said
