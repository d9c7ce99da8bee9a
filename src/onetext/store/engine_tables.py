"""Engine runs started from the web app: queued, running with progress, done.

A run lives in the database, not in a worker's memory, so whichever worker
answers the browser's next request can report its progress. The result is
stored as computed for the member who asked (blind for a party), and only the
account that started a run may read it.

On PostgreSQL a run is a job of a task queue (``service.engine_queue``): ``claim``
names the attempt that holds it, so a worker whose run was handed to another (its
heartbeat stopped) can no longer write to it, and ``attempts`` counts the hand-overs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from onetext.store.tables import Base

__all__ = ["EngineRunRow"]


class EngineRunRow(Base):
    __tablename__ = "engine_runs"
    __table_args__ = (Index("ix_engine_runs_user_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    member: Mapped[str] = mapped_column(String(63))
    request: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(200), default="")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=1)
    result: Mapped[dict[str, Any] | None]
    plot_svg: Mapped[str | None] = mapped_column(Text)
    claim: Mapped[str | None] = mapped_column(String(40), default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
