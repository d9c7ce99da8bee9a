"""Backup and restore of the whole database, while it is in use.

SQLite: the online backup API (a consistent copy page by page, writers keep
writing). PostgreSQL: ``pg_dump`` in its custom format, ``pg_restore`` back. The
signing key of the log is *not* in a backup (see ``store.checkpoints``): a restored
log is checked against parties' checkpoints with the same key, kept apart.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from onetext.errors import Conflict, InvalidInput
from onetext.store.audit import tree_head
from onetext.store.database import Database

__all__ = ["BackupDone", "CopyProgress", "backup_database", "restore_database"]

CopyProgress = Callable[[int, int], None]
"""``progress(pages copied, pages in all)`` while SQLite copies (a progress bar);
PostgreSQL's tools say nothing until done."""

PAGES_PER_STEP = 256  # with a progress bar: copy this many pages, then report


def _sqlite_copy(
    source: sqlite3.Connection, target: sqlite3.Connection, progress: CopyProgress | None
) -> None:
    """The online backup API: all at once, or step by step when someone watches (a
    writer between two steps makes SQLite restart the copy: it stays consistent)."""
    if progress is None:
        source.backup(target)
        return

    def report(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=report)


@dataclass(frozen=True, slots=True)
class BackupDone:
    target: str
    backend: str
    events: int
    root: str
    bytes: int


def _libpq(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
        if not candidates:
            raise InvalidInput(f"{name} not found: install the PostgreSQL client tools")
        found = str(candidates[0])
    return found


def backup_database(
    database: Database, target: Path, progress: CopyProgress | None = None
) -> BackupDone:
    if target.exists():
        raise Conflict(f"{target} exists: choose a new file for the backup")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write the backup: folder {target.parent} does not exist")
    with database.session() as session:
        events, root = tree_head(session)
    url = database.engine.url
    if database.is_sqlite:
        source = sqlite3.connect(str(url.database))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                _sqlite_copy(source, copy, progress)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
        backend = "sqlite"
    else:
        done = subprocess.run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                "--dbname",
                _libpq(url.render_as_string(hide_password=False)),
            ],
            capture_output=True,
            check=False,
            text=True,
        )
        if done.returncode != 0:
            raise InvalidInput(f"pg_dump failed: {done.stderr.strip().splitlines()[-1:]}")
        backend = "postgresql"
    return BackupDone(str(target), backend, events, root, target.stat().st_size)


def _sqlite_backup_events(source: Path) -> int:
    """Is ``source`` an onetext SQLite database? How many events it holds."""
    try:
        connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT count(*) FROM audit_events").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise InvalidInput(f"{source} is not an onetext SQLite backup") from None
    return int(row[0])


def _holds_record(url: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT count(*) FROM audit_events")).scalar())
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def restore_database(
    source: Path, url: str, *, force: bool = False, progress: CopyProgress | None = None
) -> None:
    """Put the backup ``source`` in place of the database at ``url``."""
    if not source.is_file():
        raise InvalidInput(f"no backup file {source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_backup_events(source)  # refuse what is not a backup before touching anything
        target_path = Path(str(parsed.database))
        if target_path.exists() and _sqlite_backup_events_or_none(target_path) and not force:
            raise Conflict(
                "the database already holds a record: restore with --force to replace it"
            )
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(str(target_path))
        try:
            with target:
                _sqlite_copy(backup, target, progress)
        finally:
            target.close()
            backup.close()
        return
    if _holds_record(url) and not force:
        raise Conflict("the database already holds a record: restore with --force to replace it")
    done = subprocess.run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq(url),
            str(source),
        ],
        capture_output=True,
        check=False,
        text=True,
    )
    if done.returncode != 0:
        raise InvalidInput(f"pg_restore failed: {done.stderr.strip().splitlines()[-1:]}")


def _sqlite_backup_events_or_none(path: Path) -> int | None:
    try:
        return _sqlite_backup_events(path)
    except InvalidInput:
        return None
