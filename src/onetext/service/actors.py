"""Who acts: the entry points' one door to actors and what they may do.

The command line and the web app name a person (the local operator, a member by
handle, a logged-in user's membership); this module turns that into the
``Actor`` the services check and the ``Capabilities`` the entry points show. The
entry points never decide a permission themselves: they pass the actor on and
read its capabilities.
"""

from __future__ import annotations

from onetext.access import Actor, Capabilities, capabilities
from onetext.model import Level, Role
from onetext.store.repository import member_row, negotiation_row
from onetext.store.unit_of_work import UnitOfWork

__all__ = ["Actor", "Capabilities", "capabilities", "member_actor", "operator", "person"]


def operator(handle: str = "operator") -> Actor:
    """The local secretariat at its own command line (reads as the mediator does)."""
    return Actor.system_operator(handle)


def person(handle: str, role: str, party: str, level: str | None) -> Actor:
    """A member as the access rules know them, from their stored columns."""
    return Actor(
        handle=handle, role=Role(role), party=party, level=Level(level) if level else None
    )


def member_actor(uow: UnitOfWork, negotiation: str | None, handle: str | None) -> Actor:
    """The operator (no handle), or the named member with their party, role and level."""
    if handle is None:
        return operator()
    member = member_row(uow.session, negotiation_row(uow.session, negotiation), handle)
    return person(member.handle, member.role, member.party.slug, member.level)
