"""A record that touches every table ``audit verify`` compares: the small record of
``tests_support`` plus a round with attendees and an agenda, a working group, a merge
with two conflicts (one settled, one carried), a private paper, an issue of copies,
an engine run, accounts and a seat."""

from __future__ import annotations

from datetime import UTC, datetime

from onetext.access import Actor
from onetext.model import Level, Stance, Visibility
from onetext.model.amendment import AmendmentKind, Decision
from onetext.service import (
    accounts,
    amendments,
    comments,
    drafts,
    engine_runs,
    escalation,
    public_record,
    releases,
    rounds,
)
from onetext.service.actors import member_actor
from onetext.service.conflicts import resolve_conflict
from onetext.service.copies import issue_draft_copies
from onetext.service.versions import merge_lines
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from tests_support import DRAFT, build_small_record

OPERATOR = Actor.system_operator()
COUNTER = DRAFT.replace("cease all hostilities", "stop all fighting").replace(
    "all for all", "names listed"
)
REVISED = DRAFT.replace("cease all hostilities", "end all hostilities").replace(
    "all for all", "lists agreed"
)


def build_full_record(db_url: str, database: Database) -> None:
    build_small_record(db_url)

    def table(text: str, document: str, party: str, **extra: object) -> None:
        with UnitOfWork(database) as uow:
            drafts.table_draft(
                uow,
                OPERATOR,
                "talks",
                parse_draft(text),
                document=document,
                party=party,
                message="m",
                **extra,  # type: ignore[arg-type]
            )

    table(DRAFT, "counter", "north", based_on="framework@1")
    table(COUNTER, "counter", "north")
    table(REVISED, "framework", "envoy")
    table(DRAFT, "north-paper", "north", visibility=Visibility.PRIVATE)
    with UnitOfWork(database) as uow:
        merged = merge_lines(uow, OPERATOR, "talks", "framework@2", "counter@2", party="envoy")
    assert len(merged.conflicts) == 2
    with UnitOfWork(database) as uow:
        resolve_conflict(uow, OPERATOR, "talks", merged.version, "1", "ours")
    starts = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with UnitOfWork(database) as uow:
        rounds.record_round(
            uow,
            OPERATOR,
            "talks",
            level=Level.EXPERT,
            place="Geneva",
            starts_at=starts,
            attendees=["n-expert", "s-expert"],
            agenda=["1", "2"],
            agenda_version="framework@1",
            produced=["framework@2"],
        )
    with UnitOfWork(database) as uow:
        escalation.create_working_group(
            uow,
            OPERATOR,
            "talks",
            "monitoring",
            "Monitoring",
            points=["2", "3"],
            members=["n-expert", "s-expert"],
            version="framework@1",
        )
    with UnitOfWork(database) as uow:
        issue_draft_copies(
            uow,
            OPERATOR,
            recipients=["north", "south"],
            seed=7,
            negotiation="talks",
            version="framework@1",
        )
        uow.commit()
    with UnitOfWork(database) as uow:
        account = accounts.create_user(uow, OPERATOR, "chief-user", "a long enough password")
    with UnitOfWork(database) as uow:
        accounts.create_user(uow, OPERATOR, "spare-user", "a long enough password")
    with UnitOfWork(database) as uow:
        accounts.invite(uow, OPERATOR, "chief-user", "talks", "chief")
    with UnitOfWork(database) as uow:
        chief = accounts.actor_in(uow, account, "talks")
        engine_runs.request_run(uow, chief, account, "talks", allow_drop=True)
    with UnitOfWork(database) as uow:
        drafts.set_focus(uow, OPERATOR, "talks", "framework@2")
    with UnitOfWork(database) as uow:
        chief = member_actor(uow, "talks", "chief")
        uid = releases.draft_statement(uow, chief, "talks", title="Joint", text="We met.").uid
    for party, handle in (("north", "n-expert"), ("south", "s-expert")):
        with UnitOfWork(database) as uow:
            delegate = member_actor(uow, "talks", handle)
            releases.consent_to_statement(uow, delegate, "talks", uid, party=party)
    with UnitOfWork(database) as uow:
        public_record.record_public_statement(
            uow,
            member_actor(uow, "talks", "chief"),
            "talks",
            speaker="Envoy",
            venue="Press",
            said_at=starts,
            quote="Progress was made.",
        )
    # an amendment, a stance on it, a decision and its consolidation into a version
    table(REVISED, "treaty", "envoy")
    with UnitOfWork(database) as uow:
        tabled = amendments.table_amendment(
            uow,
            member_actor(uow, "talks", "n-expert"),
            "talks",
            label="1",
            kind=AmendmentKind.REPLACE,
            wording="The Parties shall meet every year.",
            justification="Clearer.",
            visibility=Visibility.JOINT,
            version="treaty@1",
        )
    with UnitOfWork(database) as uow:
        amendments.mark_amendment(
            uow, member_actor(uow, "talks", "s-expert"), "talks", tabled.uid,
            stance=Stance.ACCEPTED, note="Fine.",
        )  # fmt: skip
    with UnitOfWork(database) as uow:
        chief = member_actor(uow, "talks", "chief")
        amendments.decide_amendment(uow, chief, "talks", tabled.uid, Decision.ACCEPTED)
    with UnitOfWork(database) as uow:
        chief = member_actor(uow, "talks", "chief")
        amendments.consolidate_amendments(uow, chief, "talks", "treaty@1")
    # a comment on a unit, resolved
    with UnitOfWork(database) as uow:
        remark = comments.add_comment(
            uow, member_actor(uow, "talks", "n-expert"), "talks",
            version="framework@1", label="1", text="Why yearly?", visibility=Visibility.JOINT,
        )  # fmt: skip
    with UnitOfWork(database) as uow:
        comments.set_comment_status(
            uow, member_actor(uow, "talks", "n-expert"), "talks", remark.uid, resolved=True
        )
