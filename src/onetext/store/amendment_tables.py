"""Tables of amendments: a delegation's proposed change to one unit of a version, the
other parties' stances on it, and the mediator's decision.

An amendment row is written once when tabled; its decision fields are filled once
when the mediator decides and its ``result`` once when the decision is written into a
new version. Stances on amendments are append-only, as marks are.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from onetext.store.tables import Base

__all__ = ["AmendmentMarkRow", "AmendmentRow"]


class AmendmentRow(Base):
    __tablename__ = "amendments"
    __table_args__ = (Index("ix_amendments_version", "version_id", "party_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    author: Mapped[str] = mapped_column(String(63))
    kind: Mapped[str] = mapped_column(String(20))
    wording: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(10))
    tabled_at: Mapped[datetime]
    #: accepted, rejected or merged once the mediator decides; None while open
    decision: Mapped[str | None] = mapped_column(String(20), default=None)
    decided_by: Mapped[str | None] = mapped_column(String(120), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    #: the mediator's wording for a merged amendment, and the reason given
    decided_wording: Mapped[str | None] = mapped_column(Text, default=None)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    #: the version the decision was written into, and the unit it made or changed
    result_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), default=None)
    result_point_id: Mapped[int | None] = mapped_column(ForeignKey("points.id"), default=None)


class AmendmentMarkRow(Base):
    """A party's stance on a joint amendment; never updated, never deleted."""

    __tablename__ = "amendment_marks"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    stance: Mapped[str] = mapped_column(String(20))
    visibility: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(63))
    marked_at: Mapped[datetime]
