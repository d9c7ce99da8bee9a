"""drafts in progress: a member's working copy of a text in the editor, autosaved and
read by its author alone until tabled

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edit_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("base_version_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_edit_drafts_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_edit_drafts_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["base_version_id"],
            ["versions.id"],
            name=op.f("fk_edit_drafts_base_version_id_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edit_drafts")),
        sa.UniqueConstraint(
            "member_id", "document_id", name=op.f("uq_edit_drafts_member_id_document_id")
        ),
    )
    op.create_table(
        "edit_draft_units",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("point_uid", sa.String(length=40), nullable=True),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["edit_drafts.id"], name=op.f("fk_edit_draft_units_draft_id_edit_drafts")
        ),
        sa.PrimaryKeyConstraint("draft_id", "ordinal", name=op.f("pk_edit_draft_units")),
    )


def downgrade() -> None:
    op.drop_table("edit_draft_units")
    op.drop_table("edit_drafts")
