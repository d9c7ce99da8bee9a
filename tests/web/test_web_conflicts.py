"""The conflicts page: open merge conflicts, and the form that settles one."""

from __future__ import annotations

import re
from typing import Any

from web_support import DRAFT, NEGOTIATION, StoryClock

from onetext.access import Actor
from onetext.service import drafts, versions
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft


def _merge_with_a_conflict(database: Database, clock: StoryClock) -> str:
    operator = Actor.system_operator()

    def table(text: str, document: str, party: str, **extra: Any) -> None:
        with UnitOfWork(database, clock) as uow:
            drafts.table_draft(
                uow,
                operator,
                NEGOTIATION,
                parse_draft(text),
                document=document,
                party=party,
                message="m",
                **extra,
            )

    table(DRAFT, "counter", "north", based_on="framework@1")
    table(DRAFT.replace("cease all hostilities", "stop all fighting"), "counter", "north")
    table(DRAFT.replace("cease all hostilities", "end all hostilities"), "framework", "envoy")
    with UnitOfWork(database, clock) as uow:
        outcome = versions.merge_lines(
            uow, operator, NEGOTIATION, "framework@3", "counter@2", party="envoy"
        )
    assert [c.label for c in outcome.conflicts] == ["1"]
    return outcome.version


def test_web_conflicts_page_settles_a_conflict(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    merged = _merge_with_a_conflict(web_db, story_clock)
    client = as_member("chief")
    page = client.get(f"/negotiations/{NEGOTIATION}/conflicts")
    assert page.status_code == 200
    assert f"{merged}, point 1" in page.text and "stop all fighting" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    form = {"csrf_token": token.group(1), "version": merged, "label": "1"}
    bad = client.post(f"/negotiations/{NEGOTIATION}/conflicts", data=form | {"take": "x"})
    assert bad.status_code == 422 and "choose one of ours, theirs, base" in bad.text
    done = client.post(
        f"/negotiations/{NEGOTIATION}/conflicts",
        data=form | {"take": "theirs"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = client.get(done.headers["location"])
    assert (
        "No merge conflict is waiting" in after.text and "Settled: tabled framework@5" in after.text
    )
    version = client.get(f"/api/negotiations/{NEGOTIATION}/versions/framework@5").json()
    assert version["points"][0]["text"].startswith("The parties shall stop all fighting")
    # Without the session's token, nothing is settled.
    forged = client.post(
        f"/negotiations/{NEGOTIATION}/conflicts",
        data=form | {"csrf_token": "forged", "take": "ours"},
    )
    assert forged.status_code in (400, 403)
