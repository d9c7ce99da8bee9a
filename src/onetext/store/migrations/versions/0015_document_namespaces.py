"""document namespaces: a name is unique per owner and among joint documents

Two parties may each hold a private ``draft``; a name taken by another party's
private document no longer tells anyone it exists (issue 13).

Revision ID: 0015
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0010"
branch_labels = None
depends_on = None

JOINT = sa.text("visibility = 'joint'")


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("uq_documents_negotiation_id_slug", type_="unique")
        batch.create_unique_constraint(
            "uq_documents_negotiation_id_owner_party_id_slug",
            ["negotiation_id", "owner_party_id", "slug"],
        )
    op.create_index(
        "ix_documents_joint_slug",
        "documents",
        ["negotiation_id", "slug"],
        unique=True,
        sqlite_where=JOINT,
        postgresql_where=JOINT,
    )


def downgrade() -> None:
    op.drop_index("ix_documents_joint_slug", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("uq_documents_negotiation_id_owner_party_id_slug", type_="unique")
        batch.create_unique_constraint(
            "uq_documents_negotiation_id_slug", ["negotiation_id", "slug"]
        )
