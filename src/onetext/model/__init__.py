"""Pure domain model of a negotiation. Imports nothing of the app but errors."""

from onetext.model.document import (
    DROP_OPTION,
    Document,
    DocumentKind,
    Option,
    Point,
    Version,
    validate_label,
    version_ref,
)
from onetext.model.negotiation import (
    Level,
    Member,
    Negotiation,
    Party,
    PartyKind,
    Role,
    Round,
    validate_slug,
)
from onetext.model.position import Position, Stance, Visibility, latest_positions

__all__ = [
    "DROP_OPTION",
    "Document",
    "DocumentKind",
    "Level",
    "Member",
    "Negotiation",
    "Option",
    "Party",
    "PartyKind",
    "Point",
    "Position",
    "Role",
    "Round",
    "Stance",
    "Version",
    "Visibility",
    "latest_positions",
    "validate_label",
    "validate_slug",
    "version_ref",
]
