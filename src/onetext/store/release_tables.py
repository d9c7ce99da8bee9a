"""Tables of releases: joint statements and communiqués released only with every
party's consent, and the record of what was said about the talks in public."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from onetext.store.tables import Base

__all__ = ["PublicStatementRow", "StatementConsentRow", "StatementRow"]


class StatementRow(Base):
    """A text drafted by the mediator for release; a draft until every party consents."""

    __tablename__ = "statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    drafted_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]
    released_at: Mapped[datetime | None] = mapped_column(default=None)


class StatementConsentRow(Base):
    """One party's consent to release one statement, as drafted."""

    __tablename__ = "statement_consents"
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)
    member: Mapped[str] = mapped_column(String(63))
    consented_at: Mapped[datetime]


class PublicStatementRow(Base):
    """Something said in public about the talks: who, where, when, and what it claimed of
    a party's stance on a point (when it claimed one)."""

    __tablename__ = "public_statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    speaker: Mapped[str] = mapped_column(String(300))
    venue: Mapped[str] = mapped_column(String(300))
    said_at: Mapped[datetime]
    quote: Mapped[str] = mapped_column(Text)
    party: Mapped[str | None] = mapped_column(String(63), default=None)
    point: Mapped[str | None] = mapped_column(String(40), default=None)
    version: Mapped[str | None] = mapped_column(String(80), default=None)
    claimed_stance: Mapped[str | None] = mapped_column(String(20), default=None)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime]
