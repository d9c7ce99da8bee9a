"""merge conflicts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "merge_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("base_text", sa.Text(), nullable=True),
        sa.Column("ours_text", sa.Text(), nullable=True),
        sa.Column("theirs_text", sa.Text(), nullable=True),
        sa.Column("ours_ref", sa.String(length=80), nullable=False),
        sa.Column("theirs_ref", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"], ["points.id"], name=op.f("fk_merge_conflicts_point_id_points")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_merge_conflicts_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_conflicts")),
    )


def downgrade() -> None:

    op.drop_table("merge_conflicts")
