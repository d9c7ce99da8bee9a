"""The brackets of a document through the JSON API: the numbers of `onetext brackets
--json`, and a private draft that is not found, in the same words as a missing one."""

from __future__ import annotations

from typing import Any

import pytest
from web_support import NEGOTIATION, StoryClock

from brackets.bracket_fixtures import FIRST, READINGS
from onetext.access import Actor
from onetext.model import Visibility
from onetext.service import drafts
from onetext.service.actors import member_actor
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork

BASE = f"/api/negotiations/{NEGOTIATION}/documents"


@pytest.fixture
def tabled(web_db: Database, story_clock: StoryClock) -> None:
    """The three hand-counted readings as ``declaration``; north's private copy of the first."""
    for reading in READINGS:
        with UnitOfWork(web_db, story_clock) as uow:
            drafts.table_draft(
                uow,
                Actor.system_operator(),
                NEGOTIATION,
                reading.draft(),
                document="declaration",
                party="envoy",
                message="",
            )
    with UnitOfWork(web_db, story_clock) as uow:
        drafts.table_draft(
            uow,
            member_actor(uow, NEGOTIATION, "n-expert"),
            NEGOTIATION,
            FIRST.draft(),
            document="north-ideas",
            party="north",
            message="",
            visibility=Visibility.PRIVATE,
        )


def test_the_api_sends_the_numbers_of_each_version(tabled: None, as_member: Any) -> None:
    south = as_member("s-expert")
    for number, reading in enumerate(READINGS, start=1):
        found = south.get(f"{BASE}/declaration/brackets", params={"version": number})
        assert found.status_code == 200
        body = found.json()
        assert body["ref"] == f"declaration@{number}"
        assert (body["spans"], body["options"], body["bracketed_units"]) == (
            reading.spans,
            reading.options,
            reading.bracketed,
        )
        assert {
            row["article"]: (row["spans"], row["options"], row["bracketed_units"], row["units"])
            for row in body["articles"]
        } == reading.articles
    chart = south.get(f"{BASE}/declaration/burndown").json()
    assert [step["spans"] for step in chart["steps"]] == [r.spans for r in READINGS]
    assert chart["lineage"] is False


@pytest.mark.parametrize("route", ["brackets", "brackets?version=1", "burndown?lineage=true"])
def test_a_private_draft_is_not_found_for_the_other_party(
    tabled: None, as_member: Any, route: str
) -> None:
    south = as_member("s-expert")
    private = south.get(f"{BASE}/north-ideas/{route}")
    missing = south.get(f"{BASE}/north-idear/{route}")
    assert private.status_code == missing.status_code == 404
    assert private.text.replace("north-ideas", "north-idear") == missing.text
    north = as_member("n-expert").get(f"{BASE}/north-ideas/{route}")
    assert north.status_code == 200 and "north-ideas@1" in north.text


def test_bad_version_numbers_are_refused(tabled: None, as_member: Any) -> None:
    south = as_member("s-expert")
    for bad in ("0", "x", "1000000"):
        assert south.get(f"{BASE}/declaration/brackets", params={"version": bad}).status_code == 422
    assert south.get(f"{BASE}/declaration/brackets", params={"version": 4}).status_code == 404
