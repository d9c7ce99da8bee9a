"""Tables of comments on a unit: a thread per unit, each comment with a visibility
(as marks have) and open or resolved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from onetext.store.tables import Base

__all__ = ["CommentRow"]


class CommentRow(Base):
    """One comment on a unit (``point_id``, its identity for life), made on a version."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_thread", "version_id", "point_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    visibility: Mapped[str] = mapped_column(String(10))
    author: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    #: "open" or "resolved"; who changed it last, and when
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    status_by: Mapped[str | None] = mapped_column(String(120), default=None)
    status_at: Mapped[datetime | None] = mapped_column(default=None)
