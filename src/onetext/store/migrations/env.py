"""Alembic environment: runs on the connection handed in by ``Database.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from onetext.store.tables import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # `alembic` command line, for developers
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///onetext.db"
    with create_engine(url).begin() as own_connection:
        context.configure(
            connection=own_connection, target_metadata=Base.metadata, render_as_batch=True
        )
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
