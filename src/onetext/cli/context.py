"""Opening the database and naming the actor for a CLI command.

The store and the services are imported when a command runs, not when the CLI
loads: ``onetext --help`` never pays for SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from onetext.service.actors import Actor
    from onetext.store.unit_of_work import Clock, UnitOfWork

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
def unit_of_work(
    db: str | None, clock: Clock | None = None, *, create: bool = False
) -> Iterator[UnitOfWork]:
    """A unit of work on ``db``. Only a command that starts a record (``create``) may
    make a new SQLite file: any other on a missing file (a typo in ``--db``) is an
    error, not a fresh empty database."""
    from onetext.store.database import open_database, require_existing_file
    from onetext.store.unit_of_work import UnitOfWork, utc_now

    if not create:
        require_existing_file(db)
    database = open_database(db)
    try:
        with UnitOfWork(database, clock or utc_now) as uow:
            yield uow
    finally:
        database.dispose()


def actor_for(uow: UnitOfWork, negotiation: str | None, handle: str | None) -> Actor:
    """The operator, or the named member with their party, role and level."""
    from onetext.service.actors import member_actor

    return member_actor(uow, negotiation, handle)


def parse_when(value: str, *, end_of_day: bool = False) -> datetime:
    """ISO date or date-time (``model.moments.parse_moment``)."""
    from onetext.model.moments import parse_moment

    return parse_moment(value, end_of_day=end_of_day)
