"""The JSON API in-process: reads, a write checked against the rows, errors as JSON."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from web_support import NEGOTIATION, OTHER_NEGOTIATION, OTHER_TITLE, StoryClock

from onetext.store.database import Database
from onetext.store.tables import PartyRow, PositionRow, RoundRow

BASE = f"/api/negotiations/{NEGOTIATION}"


def test_negotiations_lists_only_your_own(as_member: Any) -> None:
    client = as_member("n-expert")
    listed = client.get("/api/negotiations").json()
    assert [n["negotiation"] for n in listed] == [NEGOTIATION]
    assert listed[0] | {"title": None} == {
        "negotiation": NEGOTIATION,
        "title": None,
        "handle": "n-expert",
        "name": "N-Expert",
        "party": "north",
        "role": "delegate",
        "level": "expert",
        # what the pages offer a delegate: its own marks and drafts, a blind engine
        "can": {
            "mark": True,
            "table_drafts": True,
            "run_engine": True,
            "view_engine_detail": False,
            "table_package": False,
            "record_rounds": False,
            "manage_groups": False,
            "manage_parties": False,
            "issue_copies": False,
            "trace_leaks": False,
            "view_audit": False,
            "amend": True,
            "consolidate": False,
        },
    }


def test_another_negotiation_is_not_found_and_not_named(as_member: Any) -> None:
    client = as_member("chief")
    for path in ("", "/matrix", "/versions/other@1", "/points/1/history", "/rounds"):
        response = client.get(f"/api/negotiations/{OTHER_NEGOTIATION}{path}")
        assert response.status_code == 404, path
        assert OTHER_TITLE not in response.text
    unknown = client.get("/api/negotiations/no-such-talks/matrix")
    assert unknown.status_code == 404
    assert OTHER_NEGOTIATION not in unknown.text


def test_overview_has_parties_versions_and_rounds(as_member: Any) -> None:
    view = as_member("reporter").get(BASE).json()
    assert view["title"] == "Talks on the Lake"
    assert [p["slug"] for p in view["parties"]] == ["envoy", "north", "south", "press"]
    assert [v["ref"] for v in view["versions"]] == ["framework@1", "framework@2"]
    assert view["you"]["role"] == "observer"
    assert view["rounds"] == []


def test_mark_writes_one_row_for_the_viewers_party(web_db: Database, as_member: Any) -> None:
    client = as_member("s-expert")
    response = client.write(
        f"{BASE}/marks",
        {
            "label": "2",
            "stance": "reservations",
            "priority": 4,
            "visibility": "private",
            "note": "only if monthly",
            "version": "framework@2",
        },
    )
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["party"] == "south"
    assert made["author"] == "s-expert"
    assert made["version"] == "framework@2"
    with web_db.session() as session:
        row, party = session.execute(
            select(PositionRow, PartyRow.slug)
            .join(PartyRow, PartyRow.id == PositionRow.party_id)
            .order_by(PositionRow.id.desc())
            .limit(1)
        ).one()
    assert (party, row.stance, row.priority, row.visibility, row.note, row.author) == (
        "south",
        "reservations",
        4,
        "private",
        "only if monthly",
        "s-expert",
    )
    matrix = client.get(f"{BASE}/matrix", params={"version": "framework@2"}).json()
    assert matrix["matrix"]["south"]["2"]["note"] == "only if monthly"
    others = as_member("n-principal").get(f"{BASE}/matrix?version=framework@2").json()
    assert others["matrix"]["south"]["2"] is None or (
        others["matrix"]["south"]["2"]["note"] != "only if monthly"
    )


def test_nobody_marks_for_another_party(web_db: Database, as_member: Any) -> None:
    with web_db.session() as session:
        before = len(session.execute(select(PositionRow.id)).all())
    north = as_member("n-expert").write(
        f"{BASE}/marks", {"label": "1", "stance": "accepted", "party": "south"}
    )
    assert north.status_code == 403
    assert north.json()["error"] == "north/n-expert may not mark stance for south"
    observer = as_member("reporter").write(f"{BASE}/marks", {"label": "1", "stance": "accepted"})
    assert observer.status_code in (403, 422)
    mediator = as_member("chief").write(f"{BASE}/marks", {"label": "1", "stance": "accepted"})
    assert mediator.status_code == 422
    assert "only parties mark stances" in mediator.json()["error"]
    with web_db.session() as session:
        assert len(session.execute(select(PositionRow.id)).all()) == before


def test_bad_input_gets_a_clear_json_error(as_member: Any) -> None:
    client = as_member("n-expert")
    cases = [
        (client.write(f"{BASE}/marks", {"label": "1", "stance": "maybe"}), 422, "stance"),
        (client.write(f"{BASE}/marks", {"label": "1", "stance": "open", "priority": 9}), 422, ""),
        (client.write(f"{BASE}/marks", {"label": "99", "stance": "open"}), 404, "no point"),
        (client.write(f"{BASE}/marks", {"stance": "open"}), 422, "label"),
        (client.write(f"{BASE}/marks", {"label": "1", "stance": "open", "x": 1}), 422, "x"),
        (
            client.post(
                f"{BASE}/marks",
                content=b"{not json",
                headers={"X-CSRF-Token": client.csrf or "", "Content-Type": "application/json"},
            ),
            422,
            "",
        ),
        (client.get(f"{BASE}/matrix", params={"as_of": "yesterday"}), 422, "invalid date"),
        (client.get(f"{BASE}/matrix", params={"version": "../etc"}), 422, "version"),
        (client.get(f"{BASE}/versions/framework@7"), 404, "no version"),
        (client.get(f"{BASE}/compare", params={"old": "framework@1"}), 422, "new"),
        (client.get("/api/no-such-route"), 404, ""),
        (
            client.write(f"{BASE}/marks", {"label": "1", "stance": "open", "note": "a\x00b"}),
            422,
            "NUL",
        ),
        (client.get(f"{BASE}/matrix?version=frame%00work"), 422, "NUL"),
        (client.get("/api/negotiations/ta%00lks/rounds"), 422, "NUL"),
        (client.post("/api/login", json={"username": "n-\x00", "password": "x"}), 422, "NUL"),
        (client.request("DELETE", f"{BASE}/matrix"), 405, ""),
    ]
    for response, status, words in cases:
        assert response.status_code == status, (response.request.url, response.text)
        body = response.json()
        assert set(body) == {"error"}, body
        assert words in body["error"]
        assert "Traceback" not in response.text


def test_matrix_as_of_shows_the_marks_in_force_then(
    as_member: Any, story_clock: StoryClock
) -> None:
    story_clock.advance(timedelta(days=3))
    client = as_member("n-expert")
    first = client.get(f"{BASE}/matrix", params={"version": "framework@1"}).json()
    assert first["matrix"]["north"]["1"]["note"] == "NOTE-NORTH-PRIVATE"
    client.write(
        f"{BASE}/marks",
        {"label": "1", "stance": "accepted", "version": "framework@1", "note": "changed my mind"},
    )
    now = client.get(f"{BASE}/matrix", params={"version": "framework@1"}).json()
    assert now["matrix"]["north"]["1"]["note"] == "changed my mind"
    then = client.get(
        f"{BASE}/matrix", params={"version": "framework@1", "as_of": "2026-10-01"}
    ).json()
    assert then["as_of"].startswith("2026-10-01T23:59")
    assert then["matrix"]["north"]["1"]["note"] == "NOTE-NORTH-PRIVATE"
    history = client.get(f"{BASE}/points/1/history").json()
    assert [m["note"] for m in history["marks"] if m["party"] == "north"] == [
        "NOTE-NORTH-PRIVATE",
        "changed my mind",
    ]


def test_version_and_compare(as_member: Any) -> None:
    client = as_member("chief")
    version = client.get(f"{BASE}/versions/framework@1").json()
    assert [p["label"] for p in version["points"]] == ["1", "2", "3"]
    assert [o["key"] for o in version["points"][1]["options"]] == ["a", "b"]
    assert version["points"][2]["marks"]["south"]["note"] == "NOTE-SOUTH-JOINT"
    compared = client.get(f"{BASE}/compare", params={"old": "framework@1", "new": "framework@2"})
    body = compared.json()
    kinds = {c["new"][0]: c["kind"] for c in body["changes"]}
    assert kinds == {"1": "unchanged", "2": "reworded", "3": "unchanged"}
    redline = next(c["redline"] for c in body["changes"] if c["kind"] == "reworded")
    assert {"op": "insert", "text": "every day and report "} in redline
    assert any(s["op"] == "delete" and "daily" in s["text"] for s in redline)


def test_openapi_documents_the_api(make_client: Any) -> None:
    client = make_client()
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/login",
        "/api/negotiations",
        "/api/negotiations/{slug}/matrix",
        "/api/negotiations/{slug}/versions/{ref}",
        "/api/negotiations/{slug}/marks",
        "/api/negotiations/{slug}/points/{label}/history",
        "/api/negotiations/{slug}/compare",
    ):
        assert path in schema["paths"], path
    assert not any(not p.startswith("/api/") for p in schema["paths"])
    # Swagger UI loads script from a CDN: off unless the operator turns it on (issue 13)
    assert client.get("/docs").status_code == 404


def test_the_mediator_records_a_round_and_nobody_else(web_db: Database, as_member: Any) -> None:
    body = {
        "level": "expert",
        "place": "Lakeside Hall",
        "starts_at": "2026-10-03T09:00:00",
        "ends_at": "2026-10-03T17:30:00Z",
        "attendees": ["chief", "n-expert", "s-expert"],
        "agenda": ["2", "3"],
        "outcome": "point 2 reworded",
        "produced": ["framework@2"],
    }
    for handle in ("n-expert", "reporter"):
        refused = as_member(handle).write(f"{BASE}/rounds", body)
        assert refused.status_code == 403, refused.text
    chief = as_member("chief")
    bad = chief.write(f"{BASE}/rounds", body | {"ends_at": "2026-10-02T09:00:00Z"})
    assert bad.status_code == 422
    assert "cannot end before it starts" in bad.json()["error"]
    unknown = chief.write(f"{BASE}/rounds", body | {"attendees": ["ghost"]})
    assert unknown.status_code == 404
    with web_db.session() as session:
        assert session.execute(select(RoundRow.id)).first() is None
    made = chief.write(f"{BASE}/rounds", body)
    assert made.status_code == 201, made.text
    assert made.json()["hours"] == 8.5
    assert made.json()["produced"] == ["framework@2"]
    with web_db.session() as session:
        row = session.execute(select(RoundRow)).scalar_one()
    assert (row.level, row.place, row.outcome) == ("expert", "Lakeside Hall", "point 2 reworded")
    # read by the attendees' delegations and the mediator until published
    assert as_member("reporter").get(f"{BASE}/rounds").json() == []
    assert [r["place"] for r in as_member("n-principal").get(f"{BASE}/rounds").json()] == [
        "Lakeside Hall"
    ]
    uid = made.json()["uid"]
    refused_publish = as_member("n-expert").write(f"{BASE}/rounds/{uid}/publish", {})
    assert refused_publish.status_code == 403
    assert chief.write(f"{BASE}/rounds/{uid}/publish", {}).json()["published"] is True
    listed = as_member("reporter").get(f"{BASE}/rounds").json()
    assert [r["place"] for r in listed] == ["Lakeside Hall"]
    assert sorted(listed[0]["attendees"]) == ["chief", "n-expert", "s-expert"]


def test_the_engine_is_blind_for_parties_and_closed_to_observers(as_member: Any) -> None:
    full = as_member("chief").get(f"{BASE}/compromise", params={"objective": "maxmin"})
    assert full.status_code == 200, full.text
    assert full.json()["blind"] is False
    assert set(full.json()["result"]["utilities"]) == {"north", "south"}
    for handle, own, other in (("n-principal", "north", "south"), ("s-expert", "south", "north")):
        seen = as_member(handle).get(f"{BASE}/compromise")
        body = seen.json()
        assert seen.status_code == 200 and body["blind"] is True
        assert body["result"]["party"] == own
        assert "utilities" not in body["result"]
        assert other not in json.dumps(body["result"])
    observer = as_member("reporter").get(f"{BASE}/compromise")
    assert observer.status_code == 403
    bad = as_member("chief").get(f"{BASE}/compromise", params={"objective": "best"})
    assert bad.status_code == 422


def test_a_paper_given_in_caucus_reaches_its_party_and_the_mediator_only(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    from onetext.access import Actor
    from onetext.model import DocumentKind, Visibility
    from onetext.service import drafts
    from onetext.store.unit_of_work import UnitOfWork
    from onetext.text.parse import parse_draft

    with UnitOfWork(web_db, story_clock) as uow:
        drafts.table_draft(
            uow,
            Actor.system_operator(),
            NEGOTIATION,
            parse_draft("1. NORTH-CAUCUS-PAPER: our bottom line on the corridor.\n"),
            document="north-paper",
            party="north",
            message="in confidence",
            kind=DocumentKind.POSITION_PAPER,
            visibility=Visibility.CAUCUS,
        )
    for handle, readable in (("n-expert", True), ("chief", True), ("s-expert", False)):
        client = as_member(handle)
        paper = client.get(f"{BASE}/versions/north-paper@1")
        overview = client.get(BASE)
        page = client.get(f"/negotiations/{NEGOTIATION}/versions/north-paper@1")
        if readable:
            assert paper.status_code == 200 and "NORTH-CAUCUS-PAPER" in paper.text
            assert "north-paper@1" in overview.text
        else:
            assert paper.status_code == 404 and "NORTH-CAUCUS-PAPER" not in paper.text
            assert "north-paper" not in overview.text
            assert "NORTH-CAUCUS-PAPER" not in page.text
