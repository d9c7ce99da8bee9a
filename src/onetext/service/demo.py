"""Build the demo negotiation by replaying its story through the ordinary use cases.

Every document, mark, round and working group goes through the same service
functions a user would call, with the clock set to the story's dates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from sqlalchemy import select

from onetext.access import Actor
from onetext.errors import OnetextError
from onetext.model import DocumentKind, Level, PartyKind, Stance, Visibility
from onetext.service import drafts, escalation, negotiations, positions, rounds
from onetext.store.database import Database
from onetext.store.escalation_tables import WorkingGroupRow
from onetext.store.tables import NegotiationRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import ParsedDraft, parse_draft

__all__ = ["DemoSummary", "build_demo", "demo_scenario"]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    negotiation: str
    created: bool
    documents: int
    marks: int
    rounds: int
    groups: int = 0


class _StoryClock:
    """The story's time: set before each step."""

    def __init__(self) -> None:
        self.at = datetime(2026, 10, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


def demo_scenario() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("onetext.demo").joinpath("scenario.json").read_text("utf-8")
    )
    return data


def _draft(name: str) -> ParsedDraft:
    text = resources.files("onetext.demo").joinpath(name).read_text("utf-8")
    return parse_draft(text, markdown=True)


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _add_groups(
    database: Database, actor: Actor, story: dict[str, Any], *, catch_up: bool = False
) -> int:
    """Create the story's working groups that are not there yet; returns how many.

    ``catch_up``: the negotiation was there already (a demo built before groups were
    part of the story). A group its record cannot hold (a negotiation of that name
    that is not the demo's, say) is then left out, as the rest of the story is."""
    slug = story["negotiation"]["slug"]
    with database.session() as session:
        present = set(
            session.execute(
                select(WorkingGroupRow.slug)
                .join(NegotiationRow, NegotiationRow.id == WorkingGroupRow.negotiation_id)
                .where(NegotiationRow.slug == slug)
            ).scalars()
        )
    clock = _StoryClock()
    created = 0
    for group in sorted(story.get("groups", []), key=lambda g: g["at"]):
        if group["slug"] in present:
            continue
        clock.at = _when(group["at"])
        try:
            with UnitOfWork(database, clock) as uow:
                escalation.create_working_group(
                    uow,
                    actor,
                    slug,
                    group["slug"],
                    group["name"],
                    points=[str(p) for p in group.get("points", [])],
                    members=group.get("members", []),
                    version=group.get("version"),
                    level=Level(group.get("level", "expert")),
                )
        except OnetextError:
            if not catch_up:
                raise
            continue
        created += 1
    return created


def build_demo(database: Database, actor: Actor | None = None) -> DemoSummary:
    """Create the demo negotiation unless it is already there (then only its missing
    working groups are added)."""
    actor = actor or Actor.system_operator()
    story = demo_scenario()
    slug = story["negotiation"]["slug"]
    with database.session() as session:
        exists = session.execute(
            select(NegotiationRow.id).where(NegotiationRow.slug == slug)
        ).first()
    if exists is not None:
        added = _add_groups(database, actor, story, catch_up=True)
        return DemoSummary(slug, False, 0, 0, 0, added)
    clock = _StoryClock()
    documents = sorted(story["documents"], key=lambda d: d["at"])
    clock.at = _when(documents[0]["at"])

    def step() -> UnitOfWork:
        return UnitOfWork(database, clock)

    with step() as uow:
        negotiations.create_negotiation(uow, actor, slug, story["negotiation"]["title"])
    for party in story["parties"]:
        with step() as uow:
            negotiations.add_party(
                uow, actor, slug, party["slug"], party["name"], PartyKind(party["kind"])
            )
    for member in story["members"]:
        with step() as uow:
            level = Level(member["level"]) if member.get("level") else None
            negotiations.add_member(
                uow, actor, slug, member["handle"], member["name"], member["party"], level
            )
    for doc in documents:
        clock.at = _when(doc["at"])
        with step() as uow:
            drafts.table_draft(
                uow,
                actor,
                slug,
                _draft(doc["file"]),
                document=doc["document"],
                party=doc["party"],
                message=doc.get("message", ""),
                kind=DocumentKind(doc["kind"]),
                based_on=doc.get("from"),
                visibility=Visibility.parse(doc.get("visibility", "joint")),
            )
        for index, annex in enumerate(doc.get("annexes", []), start=1):
            with step() as uow:
                drafts.table_draft(
                    uow,
                    actor,
                    slug,
                    _draft(annex),
                    document=f"{doc['document']}-annex-{index}",
                    party=doc["party"],
                    message=f"annex {index} to {doc['document']}",
                    kind=DocumentKind.ANNEX,
                    main=doc["document"],
                )
    marks = sorted(story["marks"], key=lambda m: m["at"])
    for mark in marks:
        clock.at = _when(mark["at"])
        with step() as uow:
            positions.mark_stance(
                uow,
                actor,
                slug,
                party=mark["party"],
                label=str(mark["point"]),
                stance=Stance.parse(mark["stance"]),
                version=mark["version"],
                priority=int(mark.get("priority", 3)),
                visibility=Visibility.parse(mark.get("visibility", "caucus")),
                note=mark.get("note", ""),
                option=mark.get("option"),
                by=mark.get("by"),
            )
    for meeting in story["rounds"]:
        clock.at = _when(meeting.get("end") or meeting["start"])
        with step() as uow:
            rounds.record_round(
                uow,
                actor,
                slug,
                level=Level(meeting["level"]),
                place=meeting["place"],
                starts_at=_when(meeting["start"]),
                ends_at=_when(meeting["end"]) if meeting.get("end") else None,
                attendees=meeting.get("attendees", []),
                agenda=meeting.get("agenda", []),
                agenda_version=meeting.get("agenda_version"),
                outcome=meeting.get("outcome", ""),
                produced=meeting.get("produced", []),
            )
    groups = _add_groups(database, actor, story)
    annexes = sum(len(d.get("annexes", [])) for d in documents)
    return DemoSummary(
        slug, True, len(documents) + annexes, len(marks), len(story["rounds"]), groups
    )
