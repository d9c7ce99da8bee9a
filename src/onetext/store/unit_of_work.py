"""The unit of work: one transaction, one audit trail, commit or roll back whole.

Every write in onetext goes through a service function that checks permission,
changes rows, appends an audit event and commits here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from onetext.access import Actor
from onetext.errors import Conflict
from onetext.store.audit import append_event, appended_root
from onetext.store.database import Database

__all__ = ["Clock", "UnitOfWork", "new_uid", "utc_now", "watch_commits"]

Clock = Callable[[], datetime]

_COMMITTED: ContextVar[list[tuple[int, str]] | None] = ContextVar("onetext_committed", default=None)


@contextmanager
def watch_commits() -> Iterator[list[tuple[int, str]]]:
    """The log sizes and Merkle roots committed inside the block (by this task and the
    threads it starts): a web write answers with the checkpoint of the log it extended."""
    seen: list[tuple[int, str]] = []
    token = _COMMITTED.set(seen)
    try:
        yield seen
    finally:
        _COMMITTED.reset(token)


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_uid(prefix: str) -> str:
    """A random identity; ``prefix`` says what it names (``pt`` for a point...)."""
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


class UnitOfWork:
    """``with UnitOfWork(db) as uow: ...; uow.commit()``; leaving without commit rolls back."""

    def __init__(self, database: Database, clock: Clock = utc_now) -> None:
        self.database = database
        self.clock = clock
        self._session: Session | None = None
        self._appended: tuple[int, str] | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self.database.session()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self._session = None

    def now(self) -> datetime:
        return self.clock()

    def record(
        self,
        actor: Actor,
        action: str,
        object_type: str,
        object_id: str,
        *,
        negotiation: str | None,
        details: Mapping[str, Any] | None = None,
        salts: Mapping[str, str] | None = None,
    ) -> None:
        """Append an audit event (past-tense ``action``: ``StanceMarked``) to this transaction.

        ``salts`` are those of commitments in ``details`` (``store.audit.commitment``)."""
        row = append_event(
            self.session,
            at=self.now(),
            actor=actor.label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            negotiation=negotiation,
            details=details or {},
            salts=salts,
        )
        self._appended = (row.seq, appended_root(self.session))

    def commit(self) -> None:
        try:
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise Conflict(f"the change conflicts with the record: {error.orig}") from None
        watching = _COMMITTED.get()
        if watching is not None and self._appended is not None:
            watching.append(self._appended)
        self._appended = None
