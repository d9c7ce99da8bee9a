"""round visibility: a round is read by its attendees' delegations and the mediator
until the mediator publishes its outcome (then by everyone in the negotiation); a
merge conflict keeps its base, whose text only the base's readers see; login
attempts are counted atomically per username and address

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # rounds recorded before this revision are treated as unpublished: nothing they say
    # reaches a party that did not attend until the mediator publishes them
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(
            sa.Column(
                "visibility", sa.String(length=10), nullable=False, server_default="attendees"
            )
        )
    # conflicts recorded before: base unknown, so their base text is shown to no one
    with op.batch_alter_table("merge_conflicts") as batch:
        batch.add_column(sa.Column("base_ref", sa.String(length=80), nullable=True))
    op.create_table(
        "login_attempts",
        sa.Column("username", sa.String(length=63), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("username", "address", name=op.f("pk_login_attempts")),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
    with op.batch_alter_table("merge_conflicts") as batch:
        batch.drop_column("base_ref")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("visibility")
