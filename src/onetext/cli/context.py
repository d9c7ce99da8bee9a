"""Opening the database and naming the actor for a CLI command.

The store and the services are imported when a command runs, not when the CLI
loads: ``onetext --help`` never pays for SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from onetext.access import Actor
    from onetext.service.unit_of_work import Clock, UnitOfWork

__all__ = [
    "AsMemberOption",
    "NegotiationOption",
    "actor_for",
    "parse_when",
    "unit_of_work",
]

NegotiationOption = Annotated[
    str | None,
    typer.Option("--negotiation", "-n", help="Negotiation name (default: the only one)."),
]
AsMemberOption = Annotated[
    str | None,
    typer.Option("--as-member", help="Act and see as this member (default: the operator)."),
]


@contextmanager
def unit_of_work(db: str | None, clock: Clock | None = None) -> Iterator[UnitOfWork]:
    from onetext.service.unit_of_work import UnitOfWork, utc_now
    from onetext.store.database import open_database

    database = open_database(db)
    try:
        with UnitOfWork(database, clock or utc_now) as uow:
            yield uow
    finally:
        database.dispose()


def actor_for(uow: UnitOfWork, negotiation: str | None, handle: str | None) -> Actor:
    """The operator, or the named member with their party, role and level."""
    from onetext.access import Actor
    from onetext.model import Level, Role
    from onetext.service.lookup import member_row, negotiation_row

    if handle is None:
        return Actor.system_operator()
    member = member_row(uow.session, negotiation_row(uow.session, negotiation), handle)
    return Actor(
        handle=member.handle,
        role=Role(member.role),
        party=member.party.slug,
        level=Level(member.level) if member.level else None,
    )


def parse_when(value: str, *, end_of_day: bool = False) -> datetime:
    """ISO date or date-time; naive times are UTC; a bare date means its start (or end)."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"invalid date {value!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
