"""Pure domain model of a negotiation. Imports nothing of the app but errors.

Importing the package loads nothing more: each name comes from its module on first
use (``onetext.model.position`` alone is what a command's option defaults need).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onetext.model.document import (
        DROP_OPTION,
        Division,
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

_MODULE_OF = {
    "DROP_OPTION": "onetext.model.document",
    "Document": "onetext.model.document",
    "DocumentKind": "onetext.model.document",
    "Level": "onetext.model.negotiation",
    "Member": "onetext.model.negotiation",
    "Negotiation": "onetext.model.negotiation",
    "Option": "onetext.model.document",
    "Division": "onetext.model.document",
    "Party": "onetext.model.negotiation",
    "PartyKind": "onetext.model.negotiation",
    "Point": "onetext.model.document",
    "Position": "onetext.model.position",
    "Role": "onetext.model.negotiation",
    "Round": "onetext.model.negotiation",
    "Stance": "onetext.model.position",
    "Version": "onetext.model.document",
    "Visibility": "onetext.model.position",
    "latest_positions": "onetext.model.position",
    "validate_label": "onetext.model.document",
    "validate_slug": "onetext.model.negotiation",
    "version_ref": "onetext.model.document",
}

__all__ = [
    "DROP_OPTION",
    "Division",
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


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use, then keep it here."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
