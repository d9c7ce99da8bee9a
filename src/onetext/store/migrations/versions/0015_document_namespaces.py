"""document namespaces: a name is unique per owner and among joint documents

Two parties may each hold a private ``draft``; a name taken by another party's
private document no longer tells anyone it exists (issue 13).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

JOINT = sa.text("visibility = 'joint'")


def _unqualify_conflict_refs() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, ours_ref, theirs_ref, base_ref FROM merge_conflicts")
    ).all()
    for uid, *refs in rows:
        plain = [ref.partition(":")[2] if ref and ":" in ref else ref for ref in refs]
        connection.execute(
            sa.text(
                "UPDATE merge_conflicts SET ours_ref = :ours, theirs_ref = :theirs, "
                "base_ref = :base WHERE id = :id"
            ),
            {"ours": plain[0], "theirs": plain[1], "base": plain[2], "id": uid},
        )


def _qualify_conflict_refs() -> None:
    """Merge conflicts name their lines and base ``doc@n``; names were unique until
    now, so each becomes ``owner:doc@n`` (the owner of the one document so named)."""
    connection = op.get_bind()
    owners = {
        (negotiation, slug): owner
        for negotiation, slug, owner in connection.execute(
            sa.text(
                "SELECT d.negotiation_id, d.slug, p.slug FROM documents d "
                "JOIN parties p ON p.id = d.owner_party_id"
            )
        )
    }
    rows = connection.execute(
        sa.text(
            "SELECT c.id, d.negotiation_id, c.ours_ref, c.theirs_ref, c.base_ref "
            "FROM merge_conflicts c JOIN versions v ON v.id = c.version_id "
            "JOIN documents d ON d.id = v.document_id"
        )
    ).all()
    for uid, negotiation, *refs in rows:
        qualified = []
        for ref in refs:
            owner = owners.get((negotiation, (ref or "").partition("@")[0]))
            qualified.append(f"{owner}:{ref}" if ref and owner and ":" not in ref else ref)
        connection.execute(
            sa.text(
                "UPDATE merge_conflicts SET ours_ref = :ours, theirs_ref = :theirs, "
                "base_ref = :base WHERE id = :id"
            ),
            {"ours": qualified[0], "theirs": qualified[1], "base": qualified[2], "id": uid},
        )


def upgrade() -> None:
    _qualify_conflict_refs()
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
    """Back to one namespace: fails if two documents now share a name."""
    _unqualify_conflict_refs()
    op.drop_index("ix_documents_joint_slug", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("uq_documents_negotiation_id_owner_party_id_slug", type_="unique")
        batch.create_unique_constraint(
            "uq_documents_negotiation_id_slug", ["negotiation_id", "slug"]
        )
