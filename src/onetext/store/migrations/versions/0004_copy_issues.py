"""copy issues: the registry of fingerprinted copies

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "copy_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue", sa.String(length=40), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("issued_by", sa.String(length=120), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_copy_issues_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_copy_issues_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_issues")),
        sa.UniqueConstraint("issue", name=op.f("uq_copy_issues_issue")),
    )


def downgrade() -> None:
    op.drop_table("copy_issues")
