"""From engine to text (issue 16): the run page reads the package as text, each party
on a bar from its own worst to its best; the mediator tables the package as the next
version of the single text, linked to the run in the audit log; parties see it only
once tabled. On both backends (PostgreSQL: through the queue), checked in the rows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from engine_support import API, PAGES, SETTLED, table_accord, wait_for_run
from sqlalchemy import select
from web_support import NEGOTIATION, StoryClock

from onetext.store.database import Database
from onetext.store.engine_tables import EngineRunRow
from onetext.store.tables import AuditEventRow
from onetext.store.unit_of_work import UnitOfWork
from tests_support import run_cli


@pytest.fixture
def accord(web_db: Database, story_clock: StoryClock) -> str:
    return table_accord(web_db, story_clock)


def _run(client: Any, version: str) -> dict[str, Any]:
    started = client.write(f"{API}/engine-runs", {"version": version, "allow_drop": True})
    assert started.status_code == 202, started.text
    return wait_for_run(client, started.json()["uid"])


def test_the_run_page_reads_the_package_as_text_with_each_partys_standing(
    web_db: Database, accord: str, as_member: Any
) -> None:
    chief = as_member("chief")
    run = _run(chief, accord)
    assert run["status"] == "done", run
    assert run["result"]["package"] == {
        "1": "a",
        "2": "1b+2none",
        "3": "a",
        "4": "drop",
        "5": "1b+2a",
    }
    text = chief.get(f"{API}/engine-runs/{run['uid']}/text").json()
    units = {u["label"]: u for u in text["units"]}
    for label, wording in SETTLED.items():
        assert units[label]["text"] == wording
        assert "[" not in units[label]["text"]
    assert units["4"]["state"] == "dropped" and units["4"]["text"] == ""
    assert text["dropped"] == ["4"]
    assert units["2"]["wording"] == "“monthly”; without “in the capital”"
    # each party against its own worst and best acceptable package
    standings = {s["party"]: s for s in text["standings"]}
    assert set(standings) == {"north", "south"}
    for party, standing in standings.items():
        assert standing["worst"] <= standing["utility"] <= standing["best"], party
        assert standing["utility"] == pytest.approx(run["result"]["utilities"][party])
    page = chief.get(f"{PAGES}/compromise/runs/{run['uid']}").text
    assert "The commission shall meet monthly." in page
    assert "The parties shall establish a joint commission." in page
    assert "Left out of the package" in page and "within [30][90] days" in page
    assert page.count("<meter") == 2
    assert 'id="standing-north"' in page and 'id="standing-south"' in page
    assert "Table the package as a new version" in page


def test_a_party_sees_its_own_standing_only_and_may_not_table(
    web_db: Database, accord: str, as_member: Any
) -> None:
    south = as_member("s-expert")
    run = _run(south, accord)
    assert run["status"] == "done" and run["blind"] is True
    assert set(run["result"]["ranges"]) == {"south"}
    assert "north" not in json.dumps(run["result"])
    text = south.get(f"{API}/engine-runs/{run['uid']}/text").json()
    assert [s["party"] for s in text["standings"]] == ["south"]
    page = south.get(f"{PAGES}/compromise/runs/{run['uid']}").text
    assert page.count("<meter") == 1 and "standing-north" not in page
    assert "Table the package" not in page
    refused = south.write(f"{API}/engine-runs/{run['uid']}/table", {})
    assert refused.status_code == 403
    form = south.post(
        f"{PAGES}/compromise/runs/{run['uid']}/table", data={"csrf_token": south.csrf}
    )
    assert form.status_code == 403 and "Traceback" not in form.text
    # the mediator may not table a party's run either: it is not the mediator's to read
    chief = as_member("chief")
    assert chief.write(f"{API}/engine-runs/{run['uid']}/table", {}).status_code == 404
    assert _versions_of(web_db, "accord") == [1]


def test_the_mediator_tables_the_package_and_the_parties_read_it_as_text(
    web_db: Database, accord: str, as_member: Any
) -> None:
    chief, north = as_member("chief"), as_member("n-expert")
    run = _run(chief, accord)
    tabled = chief.write(f"{API}/engine-runs/{run['uid']}/table", {})
    assert tabled.status_code == 201, tabled.text
    body = tabled.json()
    assert body == {
        "run": run["uid"],
        "version": "accord@2",
        "based_on": "accord@1",
        "units": 4,
        "settled": ["1", "2", "3", "5"],
        "dropped": ["4"],
    }
    # a party reads the new version as the package wrote it: chosen wording, no brackets
    version = north.get(f"{API}/versions/accord@2").json()
    texts = {p["label"]: p["text"] for p in version["points"]}
    assert texts == SETTLED
    assert all(not p["options"] for p in version["points"])
    assert all("[" not in t for t in texts.values())
    # each unit keeps its identity: the marks' history follows it into the new version
    before = {p["label"]: p["uid"] for p in north.get(f"{API}/versions/accord@1").json()["points"]}
    assert {p["label"]: p["uid"] for p in version["points"]} == {
        label: uid for label, uid in before.items() if label != "4"
    }
    with UnitOfWork(web_db) as uow:
        event = uow.session.execute(
            select(AuditEventRow).where(AuditEventRow.action == "PackageTabled")
        ).scalar_one()
        assert event.object_id == run["uid"]
        details = json.loads(event.details)
        assert (details["run"], details["version"], details["based_on"]) == (
            run["uid"],
            "accord@2",
            "accord@1",
        )
        row = uow.session.execute(
            select(EngineRunRow).where(EngineRunRow.uid == run["uid"])
        ).scalar_one()
        assert row.result is not None and row.result["tabled"] == "accord@2"
    page = chief.get(f"{PAGES}/compromise/runs/{run['uid']}").text
    assert "This package was tabled as" in page and "Table the package as" not in page
    again = chief.write(f"{API}/engine-runs/{run['uid']}/table", {})
    assert again.status_code == 409 and "already tabled as accord@2" in again.json()["error"]
    assert _versions_of(web_db, "accord") == [1, 2]


def test_a_package_on_an_older_text_is_refused_and_changes_nothing(
    web_db: Database, accord: str, as_member: Any, story_clock: StoryClock
) -> None:
    chief = as_member("chief")
    run = _run(chief, accord)
    from onetext.access import Actor
    from onetext.service import drafts
    from onetext.text.parse import parse_draft

    with UnitOfWork(web_db, story_clock) as uow:
        drafts.table_draft(
            uow,
            Actor.system_operator(),
            NEGOTIATION,
            parse_draft("ACCORD\n1. The parties shall meet.\n"),
            document="accord",
            party="envoy",
            message="a newer text",
        )
    refused = chief.write(f"{API}/engine-runs/{run['uid']}/table", {})
    assert refused.status_code == 409
    assert "accord@2 has been tabled since" in refused.json()["error"]
    assert _versions_of(web_db, "accord") == [1, 2]
    missing = chief.write(f"{API}/engine-runs/run_00000000000000000000/table", {})
    assert missing.status_code == 404
    no_csrf = chief.post(f"{API}/engine-runs/{run['uid']}/table")
    assert no_csrf.status_code == 403


def test_the_cli_tables_a_mediators_run_and_refuses_a_delegate(
    web_db: Database, accord: str, as_member: Any
) -> None:
    chief = as_member("chief")
    run = _run(chief, accord)
    url = web_db.engine.url.render_as_string(hide_password=False)
    args = ("--db", url, "-n", NEGOTIATION)
    refused = run_cli("engine", "table", run["uid"], *args, "--as-member", "n-expert", "--json")
    assert refused.code == 4 and "may not table package" in refused.err
    assert "Traceback" not in refused.err
    done = run_cli("engine", "table", run["uid"], *args, "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["version"] == "accord@2"
    plain = run_cli("engine", "table", run["uid"], *args)
    assert plain.code == 5 and "already tabled" in plain.err
    shown = run_cli("show", "accord@2", *args, "--json")
    assert shown.code == 0
    assert "The commission shall meet monthly." in shown.out and "[weekly]" not in shown.out


def _versions_of(database: Database, document: str) -> list[int]:
    from onetext.store.tables import DocumentRow, VersionRow

    with UnitOfWork(database) as uow:
        return sorted(
            uow.session.execute(
                select(VersionRow.number)
                .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
                .where(DocumentRow.slug == document)
            ).scalars()
        )
