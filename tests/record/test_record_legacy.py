"""A database whose log was written before events carried the whole change: migration
0010 keeps its events as they are, ``audit verify`` names them legacy and says how many
marks it can only check in part, and the log goes on in the present form.

Also: what the log itself keeps of a private mark (no note text), and what the
mediator's ``audit log`` shows of it."""

from __future__ import annotations

import json

from alembic import command
from alembic.config import Config
from sqlalchemy import select, update
from test_record_tamper import _rechain

from onetext.store.database import MIGRATIONS, Database, foreign_keys_off, open_database
from onetext.store.tables import AuditEventRow, AuditHeadRow, PositionRow
from tests_support import build_small_record, must, run_cli

NEW_FIELDS = ("record_form", "stance", "priority", "author", "marked_at", "note", "name", "content")


def _make_legacy(database: Database) -> None:
    """The log as the code before issue 15 wrote it: no form, marks without their stance,
    priority and note, no salts, no frontier; then the schema taken back to 0007."""
    with database.session() as session:
        for event in session.execute(select(AuditEventRow)).scalars():
            details = json.loads(event.details)
            for name in NEW_FIELDS:
                details.pop(name, None)
            event.details = json.dumps(details, ensure_ascii=False, sort_keys=True)
            event.salts = None
        session.commit()
        _rechain(session)
        head = session.get(AuditHeadRow, 1)
        assert head is not None
        head.frontier = None
        head.at = None
        session.commit()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # SQLite copies a table to change its constraints (0015): keys off, as migrate() does
    with (
        database.engine.connect() as connection,
        foreign_keys_off(connection),
        connection.begin(),
    ):
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")


def _verified(db_url: str) -> dict[str, object]:
    result = run_cli("audit", "verify", "--db", db_url, "--json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_a_legacy_log_upgrades_verifies_and_goes_on(db_url: str, database: Database) -> None:
    build_small_record(db_url)
    events = int(str(_verified(db_url)["events"]))
    _make_legacy(database)
    database.dispose()
    upgraded = open_database(db_url)  # migration 0010
    try:
        report = _verified(db_url)
        assert report["legacy_events"] == events
        assert report["legacy_marks"] == 3
        assert report["findings"] == []
        must("mark", "1", "--party", "south", "--stance", "open", "--db", db_url)
        report = _verified(db_url)
        assert report["events"] == events + 1
        assert report["legacy_events"] == events  # the new event is in the present form
        assert report["legacy_marks"] == 3
        with upgraded.session() as session:  # a legacy mark is still checked in part
            uid = session.execute(
                select(PositionRow.uid).where(PositionRow.note == "NORTH-PRIVATE-NOTE")
            ).scalar_one()
            session.execute(
                update(PositionRow).where(PositionRow.uid == uid).values(visibility="joint")
            )
            session.commit()
        broken = run_cli("audit", "verify", "--db", db_url)
        assert broken.code == 6
        assert f"mark talks/{uid}" in " ".join(broken.out.split())
    finally:
        upgraded.dispose()


def test_the_log_keeps_no_note_text_and_the_mediators_view_of_it_no_mark(
    db_url: str, database: Database
) -> None:
    build_small_record(db_url)
    with database.session() as session:
        events = session.execute(select(AuditEventRow)).scalars().all()
        stored = " ".join(e.details + (e.salts or "") for e in events)
    assert "NORTH-PRIVATE-NOTE" not in stored and "SOUTH-CAUCUS-NOTE" not in stored
    shown = run_cli("audit", "log", "--json", "--db", db_url)
    assert shown.code == 0, shown.err
    for word in ("unacceptable", "NORTH-PRIVATE", "private", '"priority"'):
        assert word not in shown.out
