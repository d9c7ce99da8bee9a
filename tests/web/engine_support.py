"""A text with choices of every shape for the engine, marks that force its package,
and waiting for a run (on PostgreSQL a queue worker does the work, out of band)."""

from __future__ import annotations

import time
from typing import Any

from web_support import NEGOTIATION, StoryClock

from onetext.access import Actor
from onetext.model import Stance, Visibility
from onetext.service import drafts, positions
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

API = f"/api/negotiations/{NEGOTIATION}"
PAGES = f"/negotiations/{NEGOTIATION}"

# hand-written in the shapes of a treaty text: alternatives side by side, a lone
# phrase, two choices in one unit, a footnote, Option blocks with a nested choice
ACCORD = """ACCORD ON THE RIVER
1. The parties shall [establish][consider establishing] a joint commission.
2. The commission shall meet [weekly][monthly] [in the capital].
3. The parties shall [immediately] exchange liaison officers.
4. Each party shall publish its water data within [30][90] days.[^1]
5. Funding shall come:
Option 1: from the regular budget
Option 2: from a [voluntary] trust fund

[^1]: Data as defined in Annex II.
"""

#: what the package must read, unit by unit (4 is dropped)
SETTLED = {
    "1": "The parties shall establish a joint commission.",
    "2": "The commission shall meet monthly.",
    "3": "The parties shall immediately exchange liaison officers.",
    "5": "Funding shall come:\nfrom a voluntary trust fund",
}

# (party, label, option or None for the whole unit, stance, visibility)
_MARKS: list[tuple[str, str, str | None, Stance, Visibility]] = [
    ("north", "1", "b", Stance.UNACCEPTABLE, Visibility.JOINT),
    ("south", "1", "a", Stance.ACCEPTED, Visibility.CAUCUS),
    ("north", "2", "1a", Stance.UNACCEPTABLE, Visibility.CAUCUS),
    ("south", "2", "2a", Stance.UNACCEPTABLE, Visibility.JOINT),
    ("north", "3", "none", Stance.UNACCEPTABLE, Visibility.JOINT),
    ("south", "3", None, Stance.ACCEPTED, Visibility.JOINT),
    ("north", "4", None, Stance.UNACCEPTABLE, Visibility.CAUCUS),
    ("south", "4", None, Stance.RESERVATIONS, Visibility.JOINT),
    ("north", "5", "1a", Stance.UNACCEPTABLE, Visibility.JOINT),
    ("south", "5", "2none", Stance.UNACCEPTABLE, Visibility.CAUCUS),
    # a private red line the mediator's engine must never read: were it read, unit 3
    # could not keep "immediately"
    ("north", "3", "a", Stance.UNACCEPTABLE, Visibility.PRIVATE),
]


def table_accord(database: Database, clock: StoryClock, document: str = "accord") -> str:
    """Table the accord in the web record's negotiation, with marks that leave exactly
    one acceptable package; returns its reference."""
    operator = Actor.system_operator()
    with UnitOfWork(database, clock) as uow:
        summary = drafts.table_draft(
            uow,
            operator,
            NEGOTIATION,
            parse_draft(ACCORD),
            document=document,
            party="envoy",
            message="the accord",
        )
    for party, label, option, stance, visibility in _MARKS:
        with UnitOfWork(database, clock) as uow:
            positions.mark_stance(
                uow,
                operator,
                NEGOTIATION,
                party=party,
                label=label,
                stance=stance,
                version=summary.ref,
                visibility=visibility,
                option=option,
                priority=4,
            )
    return summary.ref


TRADE = """TRADE-OFFS
1. The mission shall report [weekly][monthly].
2. The crossings shall open [in March][in June].
"""


def table_trade(database: Database, clock: StoryClock) -> str:
    """A text where the parties care most about different units: several packages are
    each best for someone (a frontier with a trade-off)."""
    operator = Actor.system_operator()
    with UnitOfWork(database, clock) as uow:
        ref = drafts.table_draft(
            uow, operator, NEGOTIATION, parse_draft(TRADE), document="trade", party="envoy",
            message="trade-offs",
        ).ref  # fmt: skip
    wants = {("north", "1"): ("a", 5), ("north", "2"): ("a", 1),
             ("south", "1"): ("b", 1), ("south", "2"): ("b", 5)}  # fmt: skip
    for (party, label), (liked, priority) in wants.items():
        for option in ("a", "b"):
            with UnitOfWork(database, clock) as uow:
                positions.mark_stance(
                    uow, operator, NEGOTIATION, party=party, label=label,
                    stance=Stance.ACCEPTED if option == liked else Stance.OPEN,
                    version=ref, visibility=Visibility.JOINT, option=option, priority=priority,
                )  # fmt: skip
    return ref


def wait_for_run(client: Any, uid: str, timeout: float = 90.0) -> dict[str, Any]:
    """The run once finished, as its owner reads it through the API."""
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = client.get(f"{API}/engine-runs/{uid}").json()
        if run["status"] in {"done", "failed", "interrupted"}:
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"engine run {uid} did not finish: {run}")
        time.sleep(0.1)
