"""Opening the database and naming the actor for a CLI command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer

from onetext.model.moments import parse_moment
from onetext.service.actors import Actor, member_actor
from onetext.store.database import open_database
from onetext.store.unit_of_work import Clock, UnitOfWork, utc_now

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
def unit_of_work(db: str | None, clock: Clock = utc_now) -> Iterator[UnitOfWork]:
    database = open_database(db)
    try:
        with UnitOfWork(database, clock) as uow:
            yield uow
    finally:
        database.dispose()


def actor_for(uow: UnitOfWork, negotiation: str | None, handle: str | None) -> Actor:
    """The operator, or the named member with their party, role and level."""
    return member_actor(uow, negotiation, handle)


def parse_when(value: str, *, end_of_day: bool = False) -> datetime:
    """ISO date or date-time (``model.moments.parse_moment``)."""
    return parse_moment(value, end_of_day=end_of_day)
