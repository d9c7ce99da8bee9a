"""amendments to a unit of a version, the parties' stances on them, the mediator's
decisions

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=40), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=63), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("tabled_at", sa.DateTime(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_wording", sa.Text(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("result_version_id", sa.Integer(), nullable=True),
        sa.Column("result_point_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_amendments_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_amendments_version_id_versions")
        ),
        sa.ForeignKeyConstraint(
            ["point_id"], ["points.id"], name=op.f("fk_amendments_point_id_points")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_amendments_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["result_version_id"],
            ["versions.id"],
            name=op.f("fk_amendments_result_version_id_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["result_point_id"], ["points.id"], name=op.f("fk_amendments_result_point_id_points")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint("uid", name=op.f("uq_amendments_uid")),
    )
    op.create_index("ix_amendments_version", "amendments", ["version_id", "party_id"])
    op.create_table(
        "amendment_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=40), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=63), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_amendment_marks_amendment_id_amendments"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_amendment_marks_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_marks")),
        sa.UniqueConstraint("uid", name=op.f("uq_amendment_marks_uid")),
    )
    op.create_index(op.f("ix_amendment_marks_amendment_id"), "amendment_marks", ["amendment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_amendment_marks_amendment_id"), table_name="amendment_marks")
    op.drop_table("amendment_marks")
    op.drop_index("ix_amendments_version", table_name="amendments")
    op.drop_table("amendments")
