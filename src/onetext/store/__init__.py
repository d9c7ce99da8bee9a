"""Storage: SQLAlchemy 2 tables, the audit chain, Alembic migrations.

Importing the package registers every table on ``tables.Base.metadata``
(the account tables live in their own module).
"""

from onetext.store import accounts_tables as _accounts_tables
from onetext.store import amendment_tables as _amendment_tables
from onetext.store import comment_tables as _comment_tables
from onetext.store import draft_tables as _draft_tables
from onetext.store import engine_tables as _engine_tables
from onetext.store import escalation_tables as _escalation_tables
from onetext.store import release_tables as _release_tables

__all__: list[str] = []

del _accounts_tables, _amendment_tables, _engine_tables, _escalation_tables, _release_tables
del _comment_tables, _draft_tables
