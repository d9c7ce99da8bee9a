"""working groups: expert groups, their points and members

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "working_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_working_groups_negotiation_id_negotiations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_groups")),
        sa.UniqueConstraint(
            "negotiation_id", "slug", name=op.f("uq_working_groups_negotiation_id_slug")
        ),
    )
    op.create_table(
        "working_group_points",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_working_group_points_group_id_working_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["point_id"], ["points.id"], name=op.f("fk_working_group_points_point_id_points")
        ),
        sa.PrimaryKeyConstraint("group_id", "point_id", name=op.f("pk_working_group_points")),
    )
    op.create_table(
        "working_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_working_group_members_group_id_working_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_working_group_members_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_working_group_members")),
    )


def downgrade() -> None:
    op.drop_table("working_group_members")
    op.drop_table("working_group_points")
    op.drop_table("working_groups")
