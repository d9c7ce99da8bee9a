"""Completing a round after the fact on the web: the JSON route and the per-round form
on the rounds page, checked against the rows; only the mediator may, nothing is
written on a refusal, and a round never shows a document the viewer may not read."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from web_support import MEMBERS, NEGOTIATION, OTHER_NEGOTIATION, StoryClock, WebClient

from onetext.access import Actor
from onetext.model import DocumentKind, Level, Visibility
from onetext.service import drafts, rounds
from onetext.store.database import Database
from onetext.store.tables import (
    AuditEventRow,
    RoundRow,
)
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from tests_support import round_versions, rounds_state

N = f"/negotiations/{NEGOTIATION}"
API = f"/api{N}"
OPERATOR = Actor.system_operator()


def _papers_and_round(web_db: Database, clock: StoryClock) -> str:
    """North's caucus paper and private notes; a round recorded when it started."""
    for slug, visibility in (
        ("north-paper", Visibility.CAUCUS),
        ("north-notes", Visibility.PRIVATE),
    ):
        with UnitOfWork(web_db, clock) as uow:
            drafts.table_draft(
                uow,
                OPERATOR,
                NEGOTIATION,
                parse_draft(f"1. {slug.upper()}-TEXT: our bottom line.\n"),
                document=slug,
                party="north",
                message="in confidence",
                kind=DocumentKind.POSITION_PAPER,
                visibility=visibility,
            )
    with UnitOfWork(web_db, clock) as uow:
        view = rounds.record_round(
            uow,
            OPERATOR,
            NEGOTIATION,
            level=Level.EXPERT,
            place="Lakeside Hall",
            starts_at=datetime(2026, 10, 3, 9, 0, tzinfo=UTC),
            publish=True,  # everyone reads it: what each is shown of it is tested here
        )
    return view.uid


@pytest.fixture
def round_uid(web_db: Database, story_clock: StoryClock) -> str:
    return _papers_and_round(web_db, story_clock)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_the_mediator_completes_a_round_through_the_api(
    web_db: Database, as_member: Any, round_uid: str
) -> None:
    chief = as_member("chief")
    listed = chief.get(f"{API}/rounds").json()
    assert [r["uid"] for r in listed] == [round_uid]
    done = chief.write(
        f"{API}/rounds/{round_uid}",
        {
            "outcome": "point 2 reworded",
            "ends_at": "2026-10-03T17:30:00",
            "produced": ["framework@2", "north-paper@1"],
        },
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["uid"] == round_uid
    assert (body["outcome"], body["hours"]) == ("point 2 reworded", 8.5)
    assert body["produced"] == ["framework@2", "north-paper@1"]
    with web_db.session() as session:
        row = session.execute(select(RoundRow).where(RoundRow.uid == round_uid)).scalar_one()
        event = session.execute(
            select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1)
        ).scalar_one()
    assert (row.outcome, row.ends_at) == (
        "point 2 reworded",
        datetime(2026, 10, 3, 17, 30, tzinfo=UTC),
    )
    assert round_versions(web_db, round_uid) == ["framework@2", "north-paper@1"]
    assert (event.action, event.object_id, event.actor) == (
        "RoundUpdated",
        round_uid,
        "envoy/chief",
    )
    # fields left out are kept; a version already linked is left as it is
    again = chief.write(f"{API}/rounds/{round_uid}", {"produced": ["framework@2"]})
    assert again.status_code == 200 and again.json()["outcome"] == "point 2 reworded"
    unlinked = chief.write(f"{API}/rounds/{round_uid}", {"unlink": ["north-paper@1"]})
    assert unlinked.json()["produced"] == ["framework@2"]
    assert round_versions(web_db, round_uid) == ["framework@2"]


def test_a_linked_caucus_paper_is_shown_only_to_who_may_read_it(
    as_member: Any, round_uid: str
) -> None:
    done = as_member("chief").write(
        f"{API}/rounds/{round_uid}", {"produced": ["framework@2", "north-paper@1"]}
    )
    assert done.status_code == 200, done.text
    for handle in MEMBERS:
        client = as_member(handle)
        may = handle in ("chief", "n-expert", "n-principal")
        for path in (f"{API}/rounds", API, f"{N}/rounds", N):
            answer = client.get(path)
            assert answer.status_code == 200, (handle, path)
            assert "framework@2" in answer.text, (handle, path)
            assert ("north-paper" in answer.text) is may, (handle, path)


def test_only_the_mediator_may_and_refusals_write_nothing(
    web_db: Database, as_member: Any, make_client: Any, round_uid: str
) -> None:
    body = {"outcome": "OUTCOME-BY-INTRUDER", "produced": ["framework@2"]}
    clients = {handle: as_member(handle) for handle in MEMBERS}  # logging in is audited
    anonymous: WebClient = make_client()
    before = rounds_state(web_db)
    for handle, client in clients.items():
        if handle == "chief":
            continue
        refused = client.write(f"{API}/rounds/{round_uid}", body)
        assert refused.status_code == 403, (handle, refused.text)
        assert "may not record round" in refused.json()["error"]
        page = client.get(f"{N}/rounds")
        assert "Fill in a round" not in page.text
        assert f'action="{N}/rounds/{round_uid}"' not in page.text
        posted = client.post(
            f"{N}/rounds/{round_uid}",
            data={"outcome": "OUTCOME-BY-INTRUDER", "csrf_token": csrf_of(page.text)},
        )
        assert posted.status_code == 403, handle
        assert "may not" in posted.text and "Nothing was changed" in posted.text
    assert anonymous.post(f"{API}/rounds/{round_uid}", json=body).status_code == 401
    chief = clients["chief"]
    no_csrf = chief.post(f"{API}/rounds/{round_uid}", json=body)
    assert no_csrf.status_code == 403
    other = chief.write(f"/api/negotiations/{OTHER_NEGOTIATION}/rounds/{round_uid}", body)
    assert other.status_code == 404
    assert rounds_state(web_db) == before


BAD = [
    ("unknown round", "rnd_nothing", {"outcome": "x"}, 404, "unknown round 'rnd_nothing'"),
    ("unknown version", None, {"produced": ["framework@9"]}, 404, "no version 'framework@9'"),
    ("bad reference", None, {"produced": ["Frame Work"]}, 422, "invalid version reference"),
    ("end before start", None, {"ends_at": "2026-10-02T09:00:00Z"}, 422, "cannot end before"),
    ("bad date", None, {"ends_at": "soon"}, 422, "ends_at"),
    ("nothing", None, {}, 422, "nothing to change"),
    ("not linked", None, {"unlink": ["framework@1"]}, 409, "not linked to framework@1"),
    ("unknown field", None, {"place": "elsewhere"}, 422, "place"),
    ("too long", None, {"outcome": "x" * 20001}, 422, "outcome"),
    (
        "half valid",
        None,
        {"outcome": "agreed", "produced": ["framework@2", "nope@1"]},
        404,
        "unknown document 'nope'",
    ),
]


@pytest.mark.parametrize(
    ("uid", "body", "status", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_input_is_an_error_in_words_and_writes_nothing(
    web_db: Database,
    as_member: Any,
    round_uid: str,
    uid: str | None,
    body: dict[str, Any],
    status: int,
    message: str,
) -> None:
    chief = as_member("chief")
    before = rounds_state(web_db)
    answer = chief.write(f"{API}/rounds/{uid or round_uid}", body)
    assert answer.status_code == status, answer.text
    assert message in answer.json()["error"]
    assert rounds_state(web_db) == before


def test_a_private_paper_is_not_found_in_the_words_of_a_missing_one(
    web_db: Database, as_member: Any, round_uid: str
) -> None:
    chief = as_member("chief")
    before = rounds_state(web_db)
    private = chief.write(f"{API}/rounds/{round_uid}", {"produced": ["north-notes@1"]})
    missing = chief.write(f"{API}/rounds/{round_uid}", {"produced": ["ghostly@1"]})
    assert private.status_code == missing.status_code == 404
    assert private.json()["error"].replace("north-notes", "X") == missing.json()["error"].replace(
        "ghostly", "X"
    )
    assert rounds_state(web_db) == before


def test_the_mediator_fills_in_a_round_from_the_rounds_page(
    web_db: Database, as_member: Any, round_uid: str
) -> None:
    chief = as_member("chief")
    page = chief.get(f"{N}/rounds")
    assert "Fill in a round" in page.text
    assert f'action="{N}/rounds/{round_uid}"' in page.text
    assert f'id="round-{round_uid}"' in page.text
    token = csrf_of(page.text)
    done = chief.post(
        f"{N}/rounds/{round_uid}",
        data={
            "csrf_token": token,
            "outcome": "text refined overnight",
            "ends_at": "2026-10-03T18:00",
            "produced": "framework@1, north-paper@1",
        },
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{N}/rounds#round-{round_uid}"
    assert round_versions(web_db, round_uid) == ["framework@1", "north-paper@1"]
    after = chief.get(f"{N}/rounds").text
    assert "text refined overnight" in after
    assert 'name="unlink" value="framework@1"' in after
    # the form sends the outcome back as shown; an empty end keeps the recorded one
    done = chief.post(
        f"{N}/rounds/{round_uid}",
        data={
            "csrf_token": token,
            "outcome": "text refined overnight",
            "ends_at": "",
            "produced": "framework@2",
            "unlink": ["framework@1"],
        },
    )
    assert done.status_code == 303, done.text
    assert round_versions(web_db, round_uid) == ["framework@2", "north-paper@1"]
    with web_db.session() as session:
        row = session.execute(select(RoundRow).where(RoundRow.uid == round_uid)).scalar_one()
    assert (row.outcome, row.ends_at) == (
        "text refined overnight",
        datetime(2026, 10, 3, 18, 0, tzinfo=UTC),
    )
    # errors are pages in words, and nothing is written
    before = rounds_state(web_db)
    for data, status, words in (
        ({"ends_at": "2026-10-01T09:00"}, 422, "cannot end before it starts"),
        ({"produced": "north-notes@1"}, 404, "unknown document"),
        ({"unlink": "framework@1"}, 409, "not linked"),
        ({"ends_at": "someday"}, 422, "invalid request"),
    ):
        refused = chief.post(
            f"{N}/rounds/{round_uid}", data={"csrf_token": token, "outcome": "changed"} | data
        )
        assert refused.status_code == status, refused.text
        assert words in refused.text and "Nothing was changed" in refused.text
        assert "Traceback" not in refused.text
    wrong_token = chief.post(
        f"{N}/rounds/{round_uid}", data={"csrf_token": "forged", "outcome": "changed"}
    )
    assert wrong_token.status_code == 403
    assert rounds_state(web_db) == before
