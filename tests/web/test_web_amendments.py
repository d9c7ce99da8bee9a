"""Amendments through the JSON API and the pages (issue 16), on SQLite and PostgreSQL:
north tables an amendment, south marks it, the mediator accepts it into a new version
and the comparison names it as the source of the change; who reads what follows the
rule of marks; bad input gets a clear message and changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from web_support import NEGOTIATION

from onetext.store.amendment_tables import AmendmentMarkRow, AmendmentRow
from onetext.store.database import Database
from onetext.store.tables import AuditEventRow, VersionRow

API = f"/api/negotiations/{NEGOTIATION}"
PAGES = f"/negotiations/{NEGOTIATION}"
WORDING = "The parties shall cease all hostilities within 12 hours of signature."


def counts(database: Database) -> tuple[int, int, int, int]:
    with database.session() as session:
        return (
            session.execute(select(func.count()).select_from(AmendmentRow)).scalar_one(),
            session.execute(select(func.count()).select_from(AmendmentMarkRow)).scalar_one(),
            session.execute(select(func.count()).select_from(VersionRow)).scalar_one(),
            session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one(),
        )


def table(client: Any, label: str, visibility: str, **extra: Any) -> Any:
    body = {"label": label, "kind": "replace", "wording": WORDING, "visibility": visibility}
    return client.write(f"{API}/versions/framework@2/amendments", body | extra)


def test_the_whole_flow_through_the_api(as_member: Any, web_db: Database) -> None:
    north, south, chief = as_member("n-expert"), as_member("s-expert"), as_member("chief")
    tabled = table(north, "1", "joint", justification="Twelve hours are enough.")
    assert tabled.status_code == 201, tabled.text
    uid = tabled.json()["uid"]
    seen = south.get(f"{API}/versions/framework@2/amendments").json()
    assert [a["uid"] for a in seen["amendments"]] == [uid]
    assert seen["amendments"][0]["justification"] == "Twelve hours are enough."

    marked = south.write(
        f"{API}/amendments/{uid}/marks", {"stance": "accept", "visibility": "joint"}
    )
    assert marked.status_code == 201, marked.text
    assert marked.json()["stance"] == "accepted"
    decided = chief.write(f"{API}/amendments/{uid}/decision", {"decision": "accept"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "accepted"
    assert [m["party"] for m in decided.json()["marks"]] == ["south"]
    done = chief.write(f"{API}/versions/framework@2/consolidate", {"message": "round 3"})
    assert done.status_code == 201, done.text
    assert done.json()["version"] == "framework@3"

    compared = south.get(f"{API}/compare", params={"old": "framework@2", "new": "framework@3"})
    assert compared.status_code == 200
    changes = [c for c in compared.json()["changes"] if c["kind"] != "unchanged"]
    assert [(c["kind"], c["old"], c["amendments"]) for c in changes] == [("reworded", ["1"], [uid])]
    page = south.get(f"{PAGES}/compare", params={"old": "framework@2", "new": "framework@3"})
    assert f'<span class="amendment-source">{uid}</span>' in page.text
    text = south.get(f"{API}/versions/framework@3").json()
    assert text["points"][0]["text"] == WORDING


def test_each_kind_is_written_into_the_new_version(as_member: Any) -> None:
    north, south, chief = as_member("n-expert"), as_member("s-expert"), as_member("chief")
    made = {
        "insert": table(north, "1", "joint", kind="insert", wording="A joint commission.").json(),
        "delete": table(south, "3", "caucus", kind="delete", wording="").json(),
        "alternative": table(
            north, "2", "joint", kind="alternative", wording="under [UN][OSCE] auspices"
        ).json(),
    }
    for view in made.values():
        assert (
            chief.write(
                f"{API}/amendments/{view['uid']}/decision", {"decision": "accepted"}
            ).status_code
            == 200
        )
    done = chief.write(f"{API}/versions/framework@2/consolidate", {}).json()
    points = {
        p["label"]: p for p in south.get(f"{API}/versions/{done['version']}").json()["points"]
    }
    assert list(points) == ["1", "1bis", "2"]
    assert points["1bis"]["text"] == "A joint commission."
    assert points["2"]["text"].endswith("[under [UN][OSCE] auspices]")
    assert len(points["2"]["options"]) > 2  # the new alternative and its own choice
    # south reads the deletion it tabled in caucus and its source; north does not
    for client, sees_delete in ((south, True), (north, False)):
        changes = client.get(
            f"{API}/compare", params={"old": "framework@2", "new": done["version"]}
        ).json()["changes"]
        removed = [c for c in changes if c["kind"] == "removed"]
        assert removed and (removed[0]["amendments"] == [made["delete"]["uid"]]) is sees_delete
        assert sees_delete or removed[0]["amendments"] == []


def test_merged_amendments_take_the_mediators_wording(as_member: Any) -> None:
    north, south, chief = as_member("n-expert"), as_member("s-expert"), as_member("chief")
    first = table(north, "1", "joint").json()["uid"]
    second = table(south, "1", "joint", wording="Hostilities cease on signature.").json()["uid"]
    for uid in (first, second):
        chief.write(f"{API}/amendments/{uid}/decision", {"decision": "accept"})
    clash = chief.write(f"{API}/versions/framework@2/consolidate", {})
    assert clash.status_code == 409 and "different wordings" in clash.json()["error"]
    merged = "The parties shall cease all hostilities on signature."
    for uid in (first, second):
        answer = chief.write(
            f"{API}/amendments/{uid}/decision", {"decision": "merge", "wording": merged}
        )
        assert answer.json()["decided_wording"] == merged
    done = chief.write(f"{API}/versions/framework@2/consolidate", {}).json()
    assert sorted(a["amendment"] for a in done["applied"]) == sorted([first, second])
    changes = chief.get(
        f"{API}/compare", params={"old": "framework@2", "new": done["version"]}
    ).json()["changes"]
    reworded = [c for c in changes if c["kind"] == "reworded"]
    assert sorted(reworded[0]["amendments"]) == sorted([first, second])


def test_visibility_follows_the_rule_of_marks(as_member: Any) -> None:
    north = as_member("n-expert")
    ids = {v: table(north, "2", v).json()["uid"] for v in ("private", "caucus", "joint")}
    expected = {
        "n-principal": {"private", "caucus", "joint"},
        "s-expert": {"joint"},
        "chief": {"caucus", "joint"},
        "reporter": {"joint"},
    }
    for handle, visible in expected.items():
        client = as_member(handle)
        listed = client.get(f"{API}/versions/framework@2/amendments").json()["amendments"]
        assert {a["uid"] for a in listed} == {ids[v] for v in visible}, handle
        for visibility, uid in ids.items():
            one = client.get(f"{API}/amendments/{uid}")
            missing = client.get(f"{API}/amendments/amd_missing")
            if visibility in visible:
                assert one.status_code == 200
            else:  # the same answer as for an amendment that does not exist
                assert one.status_code == missing.status_code == 404
                assert one.json()["error"].replace(uid, "X") == missing.json()["error"].replace(
                    "amd_missing", "X"
                )
    # the mediator never decides what it may not read
    chief = as_member("chief")
    refused = chief.write(f"{API}/amendments/{ids['private']}/decision", {"decision": "accept"})
    assert refused.status_code == 404


def test_bad_input_gets_a_clear_message_and_changes_nothing(
    as_member: Any, web_db: Database
) -> None:
    north, south, reporter = as_member("n-expert"), as_member("s-expert"), as_member("reporter")
    uid = table(north, "1", "joint").json()["uid"]
    # a private draft of north's, which south may not read
    assert (
        north.write(
            f"{API}/versions/framework@2/amendments",
            {"label": "2", "kind": "delete", "visibility": "private"},
        ).status_code
        == 201
    )
    before = counts(web_db)
    cases = [
        (north, f"{API}/versions/framework@2/amendments",
         {"label": "99", "kind": "replace", "wording": "x"}, 404, "no point '99'"),
        (north, f"{API}/versions/framework@2/amendments",
         {"label": "1", "kind": "replace", "wording": "   "}, 422, "needs its wording"),
        (north, f"{API}/versions/framework@2/amendments",
         {"label": "1", "kind": "rewrite", "wording": "x"}, 422, "expected replace"),
        (north, f"{API}/versions/north-secret@1/amendments",
         {"label": "1", "kind": "replace", "wording": "x"}, 404, "unknown document"),
        (south, f"{API}/amendments/{uid}/decision", {"decision": "accept"}, 403,
         "may not decide amendment"),
        (north, f"{API}/amendments/{uid}/marks", {"stance": "accepted"}, 422,
         "the other parties mark it"),
        (reporter, f"{API}/versions/framework@2/amendments",
         {"label": "1", "kind": "delete"}, 422, "observers table no amendments"),
    ]  # fmt: skip
    for client, path, body, status, words in cases:
        answer = client.write(path, body)
        assert answer.status_code == status, (path, body, answer.text)
        assert words in answer.json()["error"], (path, answer.text)
    assert counts(web_db) == before


def test_the_unit_form_keeps_what_was_typed_and_shows_the_error_by_its_field(
    as_member: Any, web_db: Database
) -> None:
    north = as_member("n-expert")
    page = north.get(f"{PAGES}/versions/framework@2")
    assert 'id="amend-2"' in page.text and "Propose an amendment to 2" in page.text
    before = counts(web_db)
    answer = north.post(
        f"{PAGES}/versions/framework@2/amendments",
        data={"csrf_token": north.csrf, "label": "2", "kind": "replace", "wording": "",
              "justification": "KEPT-JUSTIFICATION", "visibility": "joint"},
    )  # fmt: skip
    assert answer.status_code == 422
    assert 'aria-describedby="amend-2-error"' in answer.text
    assert 'id="amend-2-error" role="alert">wording: an amendment' in answer.text
    assert "KEPT-JUSTIFICATION</textarea>" in answer.text
    assert '<option value="joint" selected>' in answer.text
    assert counts(web_db) == before
    good = north.post(
        f"{PAGES}/versions/framework@2/amendments",
        data={"csrf_token": north.csrf, "label": "2", "kind": "delete", "visibility": "joint"},
    )
    assert good.status_code == 303
    listed = north.get(good.headers["location"])
    assert "Your amendment is tabled" in listed.text and "delete" in listed.text
