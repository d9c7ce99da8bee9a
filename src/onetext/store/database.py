"""Open a database: SQLite file by default (WAL, foreign keys), PostgreSQL by URL.

Opening brings the schema to the newest migration, so a fresh file is ready to use.
The common case, a schema already there, costs one query: Alembic (slow to import)
is loaded only when there is something to upgrade.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onetext.errors import InvalidInput, NotFound

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "Database",
    "database_url",
    "open_database",
    "require_existing_file",
    "schema_head",
]

DEFAULT_SQLITE_FILE = "onetext.db"
MIGRATIONS = Path(__file__).parent / "migrations"

_REVISION_LINE = re.compile(r"^(down_)?revision\b[^=\n]*=(.*)$", re.M)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@cache
def schema_head() -> str | None:
    """The newest migration's revision, read from the migration files without Alembic.

    None when the files do not name exactly one head, each with one literal revision:
    then ``Database.migrate`` asks Alembic itself.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        own: list[str] = []
        for down, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if down:
                parents.update(_QUOTED.findall(value))
            else:
                own.extend(_QUOTED.findall(value))
        if len(own) != 1:
            return None
        revisions.update(own)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def database_url(value: str | None) -> str:
    """``--db`` value, else ``$ONETEXT_DATABASE_URL``, else ``./onetext.db``; a bare path is
    an SQLite file."""
    raw = value or os.environ.get("ONETEXT_DATABASE_URL") or DEFAULT_SQLITE_FILE
    if "://" in raw:
        if raw.startswith("postgres://"):
            raw = "postgresql://" + raw.removeprefix("postgres://")
        if raw.startswith("postgresql://"):
            raw = "postgresql+psycopg://" + raw.removeprefix("postgresql://")
        return raw
    path = Path(raw).expanduser()
    if path.is_dir():
        raise InvalidInput(f"--db names a directory, expected a database file: {raw}")
    if not path.parent.exists():
        raise InvalidInput(f"cannot create database {raw}: folder {path.parent} does not exist")
    return f"sqlite:///{path.resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def _contains_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_contains_surrogate(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_surrogate(v) for v in value)
    return False


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    """PostgreSQL cannot take NUL in text, neither stored nor compared: refuse it in any
    statement, on every backend, before it reaches the driver."""
    if _contains_nul(parameters):
        raise InvalidInput("text may not contain a NUL character")
    if _contains_surrogate(parameters):  # not Unicode text: no driver can encode it
        raise InvalidInput("text may not contain a lone surrogate (U+D800 to U+DFFF)")


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite changes a table's constraints by copying the table and dropping the old
    one, which other tables refer to: its keys are off while migrations run (outside
    any transaction, as SQLite asks) and checked when they are done."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        connection.commit()
        if broken:
            raise InvalidInput(f"the migrated database breaks {len(broken)} foreign keys")
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


class Database:
    """An engine and its session factory, migrated to the newest schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
        event.listen(engine, "before_cursor_execute", _refuse_nul)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self.sessions()

    def schema_is_current(self) -> bool:
        """One query: is the recorded revision the newest migration? Any doubt (no
        version table, an unreadable file, several heads) answers no."""
        head = schema_head()
        if head is None:
            return False
        try:
            with self.engine.connect() as connection:
                recorded = (
                    connection.execute(text("SELECT version_num FROM alembic_version"))
                    .scalars()
                    .all()
                )
        except DBAPIError:
            return False
        return recorded == [head]

    def migrate(self) -> None:
        if self.schema_is_current():
            return
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        script = ScriptDirectory.from_config(config)
        with self.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current == script.get_current_head():
            return
        with (
            self.engine.connect() as connection,
            foreign_keys_off(connection),
            connection.begin(),
        ):
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()


def _pool_options(url: str) -> dict[str, Any]:
    """Keep as many connections as a web worker runs requests at once: with SQLAlchemy's
    default of 5, every sixth concurrent request opened a connection and closed it
    again (for PostgreSQL a new server process each time, for SQLite its pragmas).
    A server's connections are pinged before use (one may have dropped while pooled);
    a file's need not be."""
    return {"pool_size": 20, "max_overflow": 20, "pool_pre_ping": not url.startswith("sqlite")}


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Connect (creating an SQLite file if needed) and bring the schema up to date."""
    resolved = database_url(url)
    connect_args: dict[str, Any] = {}
    if resolved.startswith("postgresql"):
        # short interactive queries: PostgreSQL's JIT spent ~300 ms compiling the matrix
        # query that runs in ~250 ms without it (benchmarks/bench_record.py)
        connect_args["options"] = "-c jit=off"
    try:
        engine = create_engine(
            resolved, future=True, connect_args=connect_args, **_pool_options(resolved)
        )
    except (ArgumentError, ModuleNotFoundError) as error:
        raise InvalidInput(f"cannot use database URL {resolved!r}: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    database = Database(engine)
    if migrate:
        try:
            database.migrate()
        except OperationalError as error:
            engine.dispose()
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise InvalidInput(f"cannot open database {_redact(resolved)}: {reason}") from None
    return database


def require_existing_file(url: str | None) -> None:
    """Refuse an SQLite URL whose file does not exist (``NotFound``): opening it would
    create an empty database, and a misspelt ``--db`` would read as "no negotiation"."""
    resolved = database_url(url)
    if not resolved.startswith("sqlite"):
        return
    path = resolved.split("///", 1)[1] if "///" in resolved else ""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    if not Path(path).exists():
        raise NotFound(
            f"no database at {path}: check --db "
            "(`onetext negotiation create` or `onetext demo` starts a new one)"
        )


def _redact(url: str) -> str:
    """Hide a password in a URL before it reaches an error message."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
