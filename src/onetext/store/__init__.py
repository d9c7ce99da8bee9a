"""Storage: SQLAlchemy 2 tables, the audit chain, Alembic migrations."""
