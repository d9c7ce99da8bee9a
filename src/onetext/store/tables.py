"""SQLAlchemy 2 tables of the negotiation record (declarative, ``Mapped[...]``).

Positions and audit events are append-only: the service layer never updates or
deletes them. Times are stored as naive UTC and read back as aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from onetext.model.document import version_ref

__all__ = [
    "AuditEventRow",
    "AuditHeadRow",
    "Base",
    "CopyIssueRow",
    "DocumentRow",
    "MemberRow",
    "MergeConflictRow",
    "NegotiationRow",
    "PartyRow",
    "PointRow",
    "PointStateRow",
    "PositionRow",
    "RoundAgendaRow",
    "RoundAttendeeRow",
    "RoundRow",
    "RoundVersionRow",
    "VersionParentRow",
    "VersionRow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class NegotiationRow(Base):
    __tablename__ = "negotiations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]
    focus_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", use_alter=True), default=None
    )
    parties: Mapped[list[PartyRow]] = relationship(back_populates="negotiation")


class PartyRow(Base):
    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("negotiation_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    slug: Mapped[str] = mapped_column(String(63))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    negotiation: Mapped[NegotiationRow] = relationship(back_populates="parties")


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("negotiation_id", "handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    handle: Mapped[str] = mapped_column(String(63))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    party: Mapped[PartyRow] = relationship()


class DocumentRow(Base):
    """A document's name is unique per owner (``owner_party_id``), and among joint
    documents (the one namespace every member reads): two parties may each hold a
    private ``draft`` (issue 13; resolution in ``store.repository.document_row``)."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("negotiation_id", "owner_party_id", "slug"),
        Index(
            "ix_documents_joint_slug",
            "negotiation_id",
            "slug",
            unique=True,
            sqlite_where=text("visibility = 'joint'"),
            postgresql_where=text("visibility = 'joint'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    slug: Mapped[str] = mapped_column(String(63))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    owner_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    main_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime]
    visibility: Mapped[str] = mapped_column(String(10), default="joint", server_default="joint")
    owner: Mapped[PartyRow] = relationship()


class VersionRow(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    author_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    title: Mapped[str | None] = mapped_column(String(300))
    preamble: Mapped[str] = mapped_column(Text, default="")
    numbering: Mapped[str] = mapped_column(String(20), default="plain")
    document: Mapped[DocumentRow] = relationship()
    author: Mapped[PartyRow] = relationship()

    @property
    def ref(self) -> str:
        """``doc@n``, as people name the version."""
        return version_ref(self.document.slug, self.number)

    @property
    def owned_ref(self) -> str:
        """``owner:doc@n``: the version whoever reads several documents named ``doc``
        (names are per owner; ``store.repository.document_row``)."""
        return f"{self.document.owner.slug}:{self.ref}"


class VersionParentRow(Base):
    __tablename__ = "version_parents"
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)


class PointRow(Base):
    """A point's identity for life; its wording lives in ``point_states``."""

    __tablename__ = "points"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))


class PointStateRow(Base):
    """A point as it reads in one version."""

    __tablename__ = "point_states"
    __table_args__ = (
        UniqueConstraint("version_id", "point_id"),
        UniqueConstraint("version_id", "label"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    point: Mapped[PointRow] = relationship()


class PositionRow(Base):
    """One mark; never updated, never deleted."""

    __tablename__ = "positions"
    __table_args__ = (
        Index("ix_positions_lookup", "negotiation_id", "point_id", "party_id", "marked_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    option_key: Mapped[str | None] = mapped_column(String(20))
    stance: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(Integer)
    visibility: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(63))
    marked_at: Mapped[datetime]


class RoundRow(Base):
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    level: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(Text, default="")
    #: "attendees" (the attendees' delegations and the mediator) or "joint" (published)
    visibility: Mapped[str] = mapped_column(
        String(10), default="attendees", server_default="attendees"
    )


class RoundAttendeeRow(Base):
    __tablename__ = "round_attendees"
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)


class RoundAgendaRow(Base):
    __tablename__ = "round_agenda"
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"), primary_key=True)


class RoundVersionRow(Base):
    __tablename__ = "round_versions"
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)


class AuditEventRow(Base):
    """Append-only, hash-chained: ``hash = sha256(prev_hash + canonical event)``."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(120))
    negotiation: Mapped[str | None] = mapped_column(String(63))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # salts of the commitments in ``details`` (a note's hash): outside every hash, so a
    # proof that shows the event's commitments never lets its reader test guesses
    salts: Mapped[str | None] = mapped_column(Text, default=None)


class AuditHeadRow(Base):
    """The chain's last link, locked while appending so concurrent writers serialise."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    # the Merkle tree's complete subtrees (``store.merkle.Frontier``): the root in O(log n)
    frontier: Mapped[str | None] = mapped_column(Text, default=None)
    # the last event's time: a new event is never dated before it
    at: Mapped[datetime | None] = mapped_column(default=None)


class MergeConflictRow(Base):
    """A point both lines changed differently, kept for the secretariat to settle."""

    __tablename__ = "merge_conflicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"))
    kind: Mapped[str] = mapped_column(String(30))
    base_text: Mapped[str | None] = mapped_column(Text)
    ours_text: Mapped[str | None] = mapped_column(Text)
    theirs_text: Mapped[str | None] = mapped_column(Text)
    ours_ref: Mapped[str] = mapped_column(String(80))
    theirs_ref: Mapped[str] = mapped_column(String(80))
    #: the merge's base (whose text only its readers see); unknown for older merges
    base_ref: Mapped[str | None] = mapped_column(String(80), default=None)


class CopyIssueRow(Base):
    """A batch of fingerprinted copies: who got which codeword. Mediator only."""

    __tablename__ = "copy_issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    source: Mapped[str] = mapped_column(String(300))
    issued_by: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime]
    recipients: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)
