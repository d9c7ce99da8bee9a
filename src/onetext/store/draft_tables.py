"""Tables of drafts in progress: a member's working copy of a text in the editor,
autosaved and read by its author alone until tabled (then deleted).

A draft is not part of the record: the log holds what is tabled (``DraftTabled``,
``EditTabled``), never every pause of someone's typing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from onetext.store.tables import Base

__all__ = ["EditDraftRow", "EditDraftUnitRow"]


class EditDraftRow(Base):
    """One member's draft of one document, begun from ``base_version_id``."""

    __tablename__ = "edit_drafts"
    __table_args__ = (UniqueConstraint("member_id", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    base_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime]


class EditDraftUnitRow(Base):
    """A unit of a draft, in order; ``point_uid`` names the unit it continues (None: new)."""

    __tablename__ = "edit_draft_units"
    draft_id: Mapped[int] = mapped_column(ForeignKey("edit_drafts.id"), primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_uid: Mapped[str | None] = mapped_column(String(40), default=None)
    label: Mapped[str] = mapped_column(String(40))
    heading: Mapped[str | None] = mapped_column(Text, default=None)
    text: Mapped[str] = mapped_column(Text)
