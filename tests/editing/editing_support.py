"""A small record for the editor and comment tests: a mediator with two members, two
parties, an observer, and a treaty-style text (Articles, numbered paragraphs, items,
nested brackets, an Option block, a footnote), written for these tests."""

from __future__ import annotations

from onetext.access import Actor
from onetext.model import Level, PartyKind, Role, Visibility
from onetext.service import drafts, negotiations
from onetext.store.database import Database
from onetext.store.unit_of_work import Clock, UnitOfWork
from onetext.text.parse import parse_draft

NEGOTIATION = "lake"
TREATY = """AGREEMENT ON THE SHARED WATERS OF THE LAKE

Article 1 — Scope
1. This Agreement applies to the waters of the Lake and its tributaries.
2. The Parties [shall][should] cooperate in good faith.

Article 2 — Allocation
1. Each Party may withdraw up to [30][40] per cent of the annual flow.
2. A joint commission [shall [meet][report] monthly] and publish its findings.
3. The commission shall:
(a) monitor the flow;
(b) settle disputes[^1].

Article 3 — Review
1. The Parties decide:
Option 1: a review in 2030;
Option 2: no review.

[^1]: Disputes include those on water quality.
"""

OPERATOR = Actor.system_operator()
MEMBERS: dict[str, tuple[str, Level | None]] = {
    "chief": ("envoy", None),
    "aide": ("envoy", None),
    "n-expert": ("north", Level.EXPERT),
    "n-principal": ("north", Level.PRINCIPAL),
    "s-expert": ("south", Level.EXPERT),
    "reporter": ("press", None),
}
ROLE_OF = {"envoy": Role.MEDIATOR, "north": Role.DELEGATE, "south": Role.DELEGATE}


def actor(handle: str) -> Actor:
    party, level = MEMBERS[handle]
    return Actor(handle, ROLE_OF.get(party, Role.OBSERVER), party, level)


def build_record(database: Database, clock: Clock) -> None:
    def uow() -> UnitOfWork:
        return UnitOfWork(database, clock)

    with uow() as u:
        negotiations.create_negotiation(u, OPERATOR, NEGOTIATION, "Talks on the Lake")
    for party, kind in (
        ("envoy", PartyKind.MEDIATOR),
        ("north", PartyKind.PARTY),
        ("south", PartyKind.PARTY),
        ("press", PartyKind.OBSERVER),
    ):
        with uow() as u:
            negotiations.add_party(u, OPERATOR, NEGOTIATION, party, party.title(), kind)
    for handle, (party, level) in MEMBERS.items():
        with uow() as u:
            negotiations.add_member(u, OPERATOR, NEGOTIATION, handle, handle.title(), party, level)
    with uow() as u:
        drafts.table_draft(
            u, OPERATOR, NEGOTIATION, parse_draft(TREATY), document="treaty", party="envoy",
            message="first reading",
        )  # fmt: skip
    with uow() as u:
        drafts.table_draft(
            u, OPERATOR, NEGOTIATION, parse_draft("1. North keeps its red line on flow.\n"),
            document="north-paper", party="north", message="north's own paper",
            visibility=Visibility.PRIVATE,
        )  # fmt: skip
