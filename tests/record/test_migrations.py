"""Alembic migrations build exactly the schema the tables declare, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from onetext.store.database import Database
from onetext.store.tables import Base


def test_migrated_schema_matches_the_tables(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_opening_twice_is_a_no_op(database: Database, db_url: str) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from onetext.store.database import MIGRATIONS, open_database

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    again = open_database(db_url)
    with again.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
    again.dispose()
