"""the record: commitment salts on audit events, the Merkle frontier on the head

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # events written before this revision stay as they were (their hashes cover them);
    # `audit verify` names them legacy events, and the frontier is rebuilt on the next write
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("salts", sa.Text(), nullable=True))
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("frontier", sa.Text(), nullable=True))
        batch.add_column(sa.Column("at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("at")
        batch.drop_column("frontier")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("salts")
