"""Who may edit the text in the browser, and who reads and settles comments on a unit.

The editor: the mediator revises any document it reads (the single text); a party's
delegate revises its own party's documents; observers and the operator (who has no
member seat to keep a draft under) do not. A draft being edited is read by its author
alone, whoever else sits in the same party: it is a working copy, not a paper given.

Comments follow the rule of marks (``visible_visibilities``): private stays inside
the commenting party, caucus reaches the mediator too, joint everyone. A comment is
settled (resolved or reopened) by its own party or by the mediator when it reads it.
"""

from __future__ import annotations

from onetext.access.policy import Actor, document_readable, visible_visibilities
from onetext.errors import PermissionDenied
from onetext.model.negotiation import Role
from onetext.model.position import Visibility

__all__ = [
    "comment_readable",
    "draft_readable",
    "ensure_may_comment",
    "ensure_may_edit_text",
    "ensure_may_settle_comment",
    "may_comment",
    "may_edit_text",
    "may_settle_comment",
]


def may_edit_text(actor: Actor, owner_party: str, visibility: str) -> bool:
    """May ``actor`` open the editor on a document of ``owner_party`` and table it?"""
    if actor.operator or actor.role is Role.OBSERVER:
        return False
    if not document_readable(actor, owner_party, visibility):
        return False
    return actor.is_mediator or (actor.role is Role.DELEGATE and actor.party == owner_party)


def ensure_may_edit_text(actor: Actor, owner_party: str, visibility: str) -> None:
    if not may_edit_text(actor, owner_party, visibility):
        raise PermissionDenied(f"{actor.label} may not edit this text")


def draft_readable(actor: Actor, author_handle: str) -> bool:
    """A draft in progress is its author's alone (not the party's, not the mediator's)."""
    return not actor.operator and actor.handle == author_handle


def may_comment(actor: Actor, party: str) -> bool:
    """Comment for ``party``: a member for its own party (observers read only); the
    operator for any party it names."""
    if actor.operator:
        return True
    return actor.role is not Role.OBSERVER and actor.party == party


def ensure_may_comment(actor: Actor, party: str) -> None:
    if not may_comment(actor, party):
        raise PermissionDenied(f"{actor.label} may not comment for {party}")


def comment_readable(actor: Actor, owner_party: str, visibility: str) -> bool:
    """The rule of marks: private to the party, caucus to it and the mediator, joint to all."""
    return Visibility(visibility) in visible_visibilities(actor, owner_party)


def may_settle_comment(actor: Actor, owner_party: str, visibility: str) -> bool:
    """Resolve or reopen: the commenting party's members, or the mediator who reads it."""
    if not comment_readable(actor, owner_party, visibility):
        return False
    if actor.role is Role.OBSERVER:
        return False
    return actor.operator or actor.is_mediator or actor.party == owner_party


def ensure_may_settle_comment(actor: Actor, owner_party: str, visibility: str) -> None:
    if not may_settle_comment(actor, owner_party, visibility):
        raise PermissionDenied(f"{actor.label} may not resolve or reopen this comment")
