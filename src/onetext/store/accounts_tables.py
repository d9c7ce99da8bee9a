"""Tables of people who log in: users, their sessions, failed logins, memberships.

Everything a web worker needs to recognise a visitor lives here, in the database,
so several workers or hosts can serve one PostgreSQL database. Session tokens are
stored as SHA-256 digests: a copy of the table does not let anyone log in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onetext.store.tables import Base, MemberRow, NegotiationRow

__all__ = ["LoginAttemptRow", "LoginFailureRow", "MembershipRow", "UserRow", "UserSessionRow"]


class UserRow(Base):
    """A person with a password (an Argon2id hash) who can log in."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(63), unique=True)
    display_name: Mapped[str] = mapped_column(String(300))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class UserSessionRow(Base):
    """A logged-in browser: the digest of its cookie and its CSRF token."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    user: Mapped[UserRow] = relationship()


class LoginFailureRow(Base):
    """One failed login; counted per username and address to throttle guessing."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_lookup", "username", "address", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(63))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class LoginAttemptRow(Base):
    """Login attempts per username and address in the current window, counted by one
    atomic upsert (``store.throttle``): concurrent guesses cannot all read a count
    below the limit before any of them is recorded."""

    __tablename__ = "login_attempts"
    username: Mapped[str] = mapped_column(String(63), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime]
    attempts: Mapped[int]


class MembershipRow(Base):
    """A user acting as one member (handle) of one negotiation."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "negotiation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    user: Mapped[UserRow] = relationship()
    member: Mapped[MemberRow] = relationship()
    negotiation: Mapped[NegotiationRow] = relationship()
