"""the record: commitment salts on audit events, the Merkle frontier on the head;
statements released with every party's consent; public statements about the talks

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
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
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=40), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("drafted_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_statements_negotiation_id_negotiations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("uid", name=op.f("uq_statements_uid")),
    )
    op.create_table(
        "statement_consents",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=63), nullable=False),
        sa.Column("consented_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_consents_statement_id_statements"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_statement_consents_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("statement_id", "party_id", name=op.f("pk_statement_consents")),
    )
    op.create_table(
        "public_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=40), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(length=300), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("said_at", sa.DateTime(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("party", sa.String(length=63), nullable=True),
        sa.Column("point", sa.String(length=40), nullable=True),
        sa.Column("version", sa.String(length=80), nullable=True),
        sa.Column("claimed_stance", sa.String(length=20), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_public_statements_negotiation_id_negotiations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_statements")),
        sa.UniqueConstraint("uid", name=op.f("uq_public_statements_uid")),
    )


def downgrade() -> None:
    op.drop_table("public_statements")
    op.drop_table("statement_consents")
    op.drop_table("statements")
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("at")
        batch.drop_column("frontier")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("salts")
