"""engine runs on a task queue: the attempt that holds a run and how many there were;
on PostgreSQL, the queue's own tables (procrastinate's schema, in a schema of its own)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

#: the PostgreSQL schema that holds the queue's tables (``service.engine_queue``)
QUEUE_SCHEMA = "onetext_queue"


def upgrade() -> None:
    with op.batch_alter_table("engine_runs") as batch:
        batch.add_column(sa.Column("claim", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite runs the engine in the web process: no queue
    from procrastinate.schema import SchemaManager

    raw = bind.connection.driver_connection
    assert raw is not None
    # the queue's tables, types and functions go in their own schema: the negotiation's
    # schema stays exactly what the tables declare
    saved = raw.execute("SELECT current_setting('search_path')").fetchone()[0]
    raw.execute(f'CREATE SCHEMA IF NOT EXISTS "{QUEUE_SCHEMA}"')
    raw.execute(f'SET LOCAL search_path TO "{QUEUE_SCHEMA}"')
    raw.execute(SchemaManager.get_schema())
    raw.execute("SELECT set_config('search_path', %s, true)", (saved,))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f'DROP SCHEMA IF EXISTS "{QUEUE_SCHEMA}" CASCADE')
    with op.batch_alter_table("engine_runs") as batch:
        batch.drop_column("attempts")
        batch.drop_column("claim")
