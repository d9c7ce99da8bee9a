"""Working groups on the web: the groups page and its form, the JSON list and create,
checked against the rows on both backends; only the mediator creates, a refused
request writes nothing; the demo negotiation comes with its groups."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import delete, select
from web_support import MEMBERS, NEGOTIATION, OTHER_NEGOTIATION, StoryClock, WebClient

from onetext.access import Actor
from onetext.model import DocumentKind, Visibility
from onetext.service import accounts, drafts, escalation
from onetext.service.demo import build_demo, demo_scenario
from onetext.store.database import Database
from onetext.store.escalation_tables import (
    WorkingGroupMemberRow,
    WorkingGroupPointRow,
    WorkingGroupRow,
)
from onetext.store.tables import AuditEventRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from onetext.web import create_app

N = f"/negotiations/{NEGOTIATION}"
API = f"/api{N}"
OPERATOR = Actor.system_operator()
CEASEFIRE = {
    "slug": "ceasefire",
    "name": "Ceasefire experts",
    "level": "expert",
    "points": ["3", "1"],
    "members": ["n-expert", "s-expert"],
    "version": "framework@1",
}


def _monitoring(web_db: Database, clock: StoryClock) -> None:
    """A group made by the secretariat: point 2, a north and a south delegate."""
    with UnitOfWork(web_db, clock) as uow:
        escalation.create_working_group(
            uow,
            OPERATOR,
            NEGOTIATION,
            "monitoring",
            "Monitoring & verification",
            points=["2"],
            members=["s-expert", "n-principal"],
            version="framework@1",
        )


def state(web_db: Database) -> tuple[Any, ...]:
    """The groups, their points and members, and the audit chain: equal means nothing
    was written."""
    with web_db.session() as session:
        return (
            session.execute(
                select(WorkingGroupRow.slug, WorkingGroupRow.name, WorkingGroupRow.level).order_by(
                    WorkingGroupRow.id
                )
            ).all(),
            session.execute(
                select(WorkingGroupPointRow.group_id, WorkingGroupPointRow.point_id).order_by(
                    WorkingGroupPointRow.group_id, WorkingGroupPointRow.point_id
                )
            ).all(),
            session.execute(
                select(WorkingGroupMemberRow.group_id, WorkingGroupMemberRow.member_id).order_by(
                    WorkingGroupMemberRow.group_id, WorkingGroupMemberRow.member_id
                )
            ).all(),
            session.execute(select(AuditEventRow.seq, AuditEventRow.hash)).all(),
        )


def stored_group(web_db: Database, slug: str) -> tuple[str, str, int, int]:
    """(name, level, how many points, how many members) of a stored group."""
    with web_db.session() as session:
        row = session.execute(
            select(WorkingGroupRow).where(WorkingGroupRow.slug == slug)
        ).scalar_one()
        points = session.execute(
            select(WorkingGroupPointRow).where(WorkingGroupPointRow.group_id == row.id)
        ).all()
        members = session.execute(
            select(WorkingGroupMemberRow).where(WorkingGroupMemberRow.group_id == row.id)
        ).all()
        return row.name, row.level, len(points), len(members)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_every_member_lists_the_groups_with_points_and_members(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    listed = as_member("chief").get(f"{API}/groups?version=framework@1").json()
    assert listed.pop("version_tabled").startswith("2026-10-01")
    assert listed == {"negotiation": NEGOTIATION, "version": "framework@1", "groups": []}
    _monitoring(web_db, story_clock)
    expected = {
        "slug": "monitoring",
        "name": "Monitoring & verification",
        "level": "expert",
        "points": ["2"],
        "members": ["n-principal", "s-expert"],
    }
    for handle in MEMBERS:
        listed = as_member(handle).get(f"{API}/groups", params={"version": "framework@2"})
        assert listed.status_code == 200, (handle, listed.text)
        found = listed.json()
        assert found.pop("version_tabled").startswith("2026-10-01"), handle
        assert found == {
            "negotiation": NEGOTIATION,
            "version": "framework@2",
            "groups": [expected],
        }, handle


def test_a_point_keeps_its_group_whatever_its_label_in_a_later_version(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    """Point 2 is dropped in version 3 and point 3 becomes 2: the group follows the
    points, not the labels."""
    with UnitOfWork(web_db, story_clock) as uow:
        escalation.create_working_group(
            uow, OPERATOR, NEGOTIATION, "both", "Both", points=["2", "3"], version="framework@1"
        )
    third = (
        "CEASEFIRE FRAMEWORK\n"
        "1. The parties shall cease all hostilities within 24 hours of signature.\n"
        "2. All prisoners shall be exchanged on the basis of all for all.\n"
    )
    with UnitOfWork(web_db, story_clock) as uow:
        drafts.table_draft(
            uow,
            OPERATOR,
            NEGOTIATION,
            parse_draft(third),
            document="framework",
            party="envoy",
            message="point 2 dropped",
        )
    client = as_member("reporter")
    first = client.get(f"{API}/groups?version=framework@1").json()["groups"][0]
    later = client.get(f"{API}/groups?version=framework@3").json()["groups"][0]
    assert first["points"] == ["2", "3"]
    assert later["points"] == ["2", "(not in framework@3)"]
    page = client.get(f"{N}/groups?version=framework@3").text
    assert f'<a href="{N}/versions/framework@3#point-2">2</a>' in page
    assert '<span class="muted">(not in framework@3)</span>' in page


def test_the_mediator_creates_a_group_through_the_api(web_db: Database, as_member: Any) -> None:
    chief = as_member("chief")
    created = chief.write(f"{API}/groups", CEASEFIRE)
    assert created.status_code == 201, created.text
    assert created.json() == {
        "slug": "ceasefire",
        "name": "Ceasefire experts",
        "level": "expert",
        "points": ["1", "3"],  # in the version's order
        "members": ["n-expert", "s-expert"],
    }
    assert stored_group(web_db, "ceasefire") == ("Ceasefire experts", "expert", 2, 2)
    with web_db.session() as session:
        event = session.execute(
            select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1)
        ).scalar_one()
    assert (event.action, event.object_id, event.actor) == (
        "WorkingGroupCreated",
        "ceasefire",
        "envoy/chief",
    )
    # defaults: expert level, the version in focus, no points nor members
    bare = chief.write(f"{API}/groups", {"slug": "steering", "name": "Steering"})
    assert bare.status_code == 201, bare.text
    assert stored_group(web_db, "steering") == ("Steering", "expert", 0, 0)
    principals = chief.write(
        f"{API}/groups", {"slug": "heads", "name": "Heads", "level": "principal"}
    )
    assert principals.json()["level"] == "principal"
    listed = as_member("s-expert").get(f"{API}/groups").json()["groups"]
    assert [g["slug"] for g in listed] == ["ceasefire", "heads", "steering"]
    # the new group filters the board and the matrix at once
    board = as_member("n-expert").get(f"{API}/board?version=framework@1&group=ceasefire").json()
    assert [p["label"] for p in board["points"]] == ["1", "3"]
    matrix = as_member("n-expert").get(f"{API}/matrix?version=framework@1&group=ceasefire")
    assert [p["label"] for p in matrix.json()["points"]] == ["1", "3"]


REFUSED: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("n-expert", "talks", CEASEFIRE, 403, "may not create working groups: the mediator does"),
    ("reporter", "talks", CEASEFIRE, 403, "may not create working groups"),
    ("chief", "talks", CEASEFIRE | {"points": ["1", "42"]}, 404, "no point '42' in framework@1"),
    ("chief", "talks", CEASEFIRE | {"members": ["nobody"]}, 404, "unknown member 'nobody'"),
    ("chief", "talks", CEASEFIRE | {"version": "framework@9"}, 404, "no version 'framework@9'"),
    ("chief", "talks", CEASEFIRE | {"version": "other"}, 404, "unknown document 'other'"),
    ("chief", "talks", CEASEFIRE | {"slug": "Cease Fire"}, 422, "invalid working group name"),
    ("chief", "talks", CEASEFIRE | {"name": "   "}, 422, "a working group needs a name"),
    ("chief", "talks", CEASEFIRE | {"name": ""}, 422, "name: String should have at least"),
    ("chief", "talks", CEASEFIRE | {"level": "boss"}, 422, "level: Input should be"),
    ("chief", "talks", CEASEFIRE | {"points": "1 3"}, 422, "points: Input should be a valid"),
    ("chief", "talks", CEASEFIRE | {"points": ["x" * 41]}, 422, "at most 40 characters"),
    ("chief", "talks", CEASEFIRE | {"colour": "red"}, 422, "colour: Extra inputs"),
    ("chief", "talks", CEASEFIRE | {"name": "a\x00b"}, 422, "NUL characters"),
    ("chief", OTHER_NEGOTIATION, CEASEFIRE, 404, "no negotiation 'secret-talks' among yours"),
]


@pytest.mark.parametrize(
    ("handle", "negotiation", "body", "status", "words"),
    REFUSED,
    ids=[f"{r[0]}-{r[3]}-{r[4][:24]}" for r in REFUSED],
)
def test_bad_creates_are_refused_in_words_and_write_nothing(
    web_db: Database,
    as_member: Any,
    handle: str,
    negotiation: str,
    body: dict[str, Any],
    status: int,
    words: str,
) -> None:
    client = as_member(handle)
    before = state(web_db)
    refused = client.write(f"/api/negotiations/{negotiation}/groups", body)
    assert refused.status_code == status, refused.text
    assert set(refused.json()) == {"error"}
    assert words in refused.json()["error"]
    assert state(web_db) == before


def test_a_taken_name_is_a_conflict_and_csrf_and_login_are_required(
    web_db: Database, story_clock: StoryClock, as_member: Any, make_client: Any
) -> None:
    _monitoring(web_db, story_clock)
    chief = as_member("chief")
    before = state(web_db)
    taken = chief.write(f"{API}/groups", CEASEFIRE | {"slug": "monitoring"})
    assert taken.status_code == 409
    assert taken.json() == {"error": "working group 'monitoring' already exists in talks"}
    no_token = chief.post(f"{API}/groups", json=CEASEFIRE)
    assert no_token.status_code == 403
    wrong = chief.post(f"{API}/groups", json=CEASEFIRE, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    anonymous: WebClient = make_client()
    assert anonymous.post(f"{API}/groups", json=CEASEFIRE).status_code == 401
    assert anonymous.get(f"{API}/groups").status_code == 401
    assert state(web_db) == before


def test_groups_are_not_found_outside_ones_negotiations_nor_in_unreadable_versions(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    _monitoring(web_db, story_clock)
    with UnitOfWork(web_db, story_clock) as uow:
        drafts.table_draft(
            uow,
            OPERATOR,
            NEGOTIATION,
            parse_draft("1. NORTH-PAPER-TEXT: our bottom line.\n"),
            document="north-paper",
            party="north",
            message="in confidence",
            kind=DocumentKind.POSITION_PAPER,
            visibility=Visibility.CAUCUS,
        )
    south = as_member("s-expert")
    for path in (
        f"/api/negotiations/{OTHER_NEGOTIATION}/groups",
        "/api/negotiations/nowhere/groups",
    ):
        outside = south.get(path)
        assert outside.status_code == 404
        assert "among yours" in outside.json()["error"]
    # north's caucus paper does not exist for the south, worded as any unknown document
    hidden = south.get(f"{API}/groups?version=north-paper")
    missing = south.get(f"{API}/groups?version=no-paper")
    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert hidden.json()["error"] == missing.json()["error"].replace("no-paper", "north-paper")
    assert "north-paper" not in missing.json()["error"]
    assert south.get(f"{N}/groups?version=north-paper").status_code == 404
    # the mediator reads the paper: the group's point is not in it
    paper = as_member("chief").get(f"{API}/groups?version=north-paper").json()
    assert paper["groups"][0]["points"] == ["(not in north-paper@1)"]


def test_the_groups_page_shows_each_group_with_links_for_every_role(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    _monitoring(web_db, story_clock)
    for handle, (party, _level) in MEMBERS.items():
        page = as_member(handle).get(f"{N}/groups")
        assert page.status_code == 200, (handle, page.text[:300])
        text = page.text
        assert f'<a href="{N}/groups">Groups</a>' in text
        assert "<h1>Working groups" in text
        assert '<tr id="group-monitoring">' in text
        assert "Monitoring &amp; verification" in text  # escaped
        assert '<span class="badge level-expert">expert</span>' in text
        assert f'<a href="{N}/versions/framework@2#point-2">2</a>' in text  # latest tabled
        assert "n-principal</span>, <span" in text and ">s-expert</span>" in text
        assert f'href="{N}/board?group=monitoring">board</a>' in text
        assert f'href="{N}/matrix?group=monitoring">matrix</a>' in text
        assert '<option value="framework@2"' in text
        assert ('action="/negotiations/talks/groups"' in text) is (party == "envoy"), handle
    picked = as_member("n-expert").get(f"{N}/groups?version=framework@2").text
    assert '<option value="framework@2" selected>' in picked
    assert f'href="{N}/board?group=monitoring&amp;version=framework%402">board</a>' in picked
    # the links lead to pages filtered by the group
    board = as_member("n-expert").get(f"{N}/board?group=monitoring")
    assert board.status_code == 200 and 'id="point-2"' in board.text
    assert 'id="point-1"' not in board.text


def test_the_mediator_creates_a_group_from_the_page(web_db: Database, as_member: Any) -> None:
    chief = as_member("chief")
    page = chief.get(f"{N}/groups?version=framework@2")
    assert '<input type="hidden" name="version" value="framework@2">' in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "slug": "prisoners",
        "name": "Prisoners <and> detainees",
        "level": "negotiator",
        "points": "3, 2",
        "members": "s-expert,n-expert  chief",
        "version": "framework@2",
    }
    done = chief.post(f"{N}/groups", data=form)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{N}/groups?version=framework%402#group-prisoners"
    assert stored_group(web_db, "prisoners") == ("Prisoners <and> detainees", "negotiator", 2, 3)
    shown = chief.get(f"{N}/groups?version=framework@2").text
    assert '<tr id="group-prisoners">' in shown
    assert "Prisoners &lt;and&gt; detainees" in shown
    assert ">chief</span>, <span" in shown
    listed = chief.get(f"{API}/groups?version=framework@2").json()["groups"]
    assert listed[0]["points"] == ["2", "3"]
    assert listed[0]["members"] == ["chief", "n-expert", "s-expert"]


def test_bad_page_creates_are_pages_in_words_and_write_nothing(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    _monitoring(web_db, story_clock)
    chief, north = as_member("chief"), as_member("n-expert")
    good = {"slug": "legal", "name": "Legal", "points": "1", "version": "framework@1"}
    mine = good | {"csrf_token": chief.csrf or ""}
    cases: list[tuple[WebClient, dict[str, str], int, str]] = [
        (chief, good | {"csrf_token": "forged"}, 403, "Not allowed"),
        (chief, good, 403, "Not allowed"),  # no token at all
        (north, good | {"csrf_token": north.csrf or ""}, 403, "may not create working groups"),
        (chief, mine | {"points": "1 42"}, 404, "no point &#39;42&#39; in framework@1"),
        (chief, mine | {"members": "nobody"}, 404, "unknown member &#39;nobody&#39;"),
        (chief, mine | {"slug": "monitoring"}, 409, "already exists"),
        (chief, mine | {"slug": "Le Gal"}, 422, "invalid working group name"),
        (chief, mine | {"name": ""}, 422, "name: String should have at least"),
        (chief, mine | {"level": "boss"}, 422, "level: Input should be"),
        (chief, mine | {"points": "1 " + "x" * 41}, 422, "at most 40 characters"),
    ]
    before = state(web_db)
    for client, form, status, words in cases:
        refused = client.post(f"{N}/groups", data=form)
        assert refused.status_code == status, (form, refused.text[:500])
        assert words in refused.text, (form, refused.text[:800])
        assert "Nothing was changed." in refused.text
        assert "Traceback" not in refused.text
    assert state(web_db) == before


def test_the_demo_comes_with_its_working_groups(database: Database) -> None:
    summary = build_demo(database)
    story = demo_scenario()["groups"]
    assert summary.created and summary.groups == len(story) >= 2
    with UnitOfWork(database) as uow:
        logins = dict(accounts.ensure_demo_accounts(uow, OPERATOR, summary.negotiation))
    client = WebClient(create_app(database))
    try:
        assert client.login("press-observer", logins["press-observer"]).status_code == 200
        base = f"/api/negotiations/{summary.negotiation}"
        listed = client.get(f"{base}/groups?version=framework@1").json()["groups"]
        assert {g["slug"]: g["points"] for g in listed} == {g["slug"]: g["points"] for g in story}
        assert {g["slug"]: sorted(g["members"]) for g in listed} == {
            g["slug"]: sorted(g["members"]) for g in story
        }
        security = client.get(f"{base}/matrix?version=framework@1&group=security").json()
        assert [p["label"] for p in security["points"]] == ["7", "9", "10", "11", "12"]
        page = client.get(f"/negotiations/{summary.negotiation}/groups?version=framework@1")
        assert page.status_code == 200
        for group in story:
            assert html.escape(group["name"]) in page.text
    finally:
        client.close()
    # a demo built before the groups were in the story catches up once, then stays put
    with database.session() as session:
        session.execute(delete(WorkingGroupPointRow))
        session.execute(delete(WorkingGroupMemberRow))
        session.execute(delete(WorkingGroupRow).where(WorkingGroupRow.slug != "security"))
        session.commit()
    again = build_demo(database)
    assert (again.created, again.groups) == (False, len(story) - 1)
    with database.session() as session:
        events = session.execute(select(AuditEventRow.seq)).all()
    assert build_demo(database).groups == 0
    with database.session() as session:
        assert session.execute(select(AuditEventRow.seq)).all() == events
