"""Login throttling counted atomically in the database.

Each attempt adds one to its (username, address) counter in a single
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement, so of twenty
concurrent guesses exactly the first ``limit`` see a count within the limit, on
SQLite and PostgreSQL alike, and across worker processes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from onetext.store.accounts_tables import LoginAttemptRow

__all__ = ["clear_attempts", "count_attempt"]


def count_attempt(
    session: Session, username: str, address: str, now: datetime, window: timedelta
) -> int:
    """Record one attempt and return how many this window holds, this one included (a
    window older than ``window`` starts again at this attempt)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = LoginAttemptRow.__table__
    stale = table.c.window_start <= now - window
    statement = (
        insert(LoginAttemptRow)
        .values(username=username, address=address, window_start=now, attempts=1)
        .on_conflict_do_update(
            index_elements=[table.c.username, table.c.address],
            set_={
                "attempts": case((stale, 1), else_=table.c.attempts + 1),
                "window_start": case((stale, now), else_=table.c.window_start),
            },
        )
        .returning(table.c.attempts)
    )
    return int(session.execute(statement).scalar_one())


def clear_attempts(session: Session, username: str, address: str) -> None:
    """A successful login starts the count again."""
    session.execute(
        delete(LoginAttemptRow).where(
            LoginAttemptRow.username == username, LoginAttemptRow.address == address
        )
    )
