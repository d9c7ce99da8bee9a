"""Who may see and do what: one policy, pure functions."""

from onetext.access.policy import (
    Action,
    Actor,
    Capabilities,
    administrator,
    allowed,
    amendment_readable,
    capabilities,
    document_readable,
    engine_reader,
    ensure_allowed,
    may_grant_membership,
    public_reader,
    round_readable,
    statement_readable,
    visible_visibilities,
)

__all__ = [
    "Action",
    "Actor",
    "Capabilities",
    "administrator",
    "allowed",
    "amendment_readable",
    "capabilities",
    "document_readable",
    "engine_reader",
    "ensure_allowed",
    "may_grant_membership",
    "public_reader",
    "round_readable",
    "statement_readable",
    "visible_visibilities",
]
