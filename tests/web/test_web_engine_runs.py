"""Engine runs from the web: requested, run with progress, read back by the account
that asked only; blind for a party. On SQLite the web process runs them; on
PostgreSQL a queue worker does (here the app's own, emptying the queue after each
request), so the tests wait for the run to finish. Checked against the rows."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from engine_support import table_trade, wait_for_run
from sqlalchemy import func, select
from web_support import NEGOTIATION, StoryClock

from onetext.errors import SolverError
from onetext.service import accounts, engine_runs
from onetext.store.database import Database
from onetext.store.engine_tables import EngineRunRow
from onetext.store.tables import AuditEventRow
from onetext.store.unit_of_work import UnitOfWork

PAGES = f"/negotiations/{NEGOTIATION}"
API = f"/api{PAGES}"


def _count_runs(database: Database) -> int:
    with UnitOfWork(database) as uow:
        return int(uow.session.execute(select(func.count()).select_from(EngineRunRow)).scalar())


def _start(client: Any, **form: str) -> str:
    data = {"objective": "nash", "allow_drop": "true", "csrf_token": client.csrf or ""} | form
    response = client.post(f"{PAGES}/compromise/runs", data=data)
    assert response.status_code == 303, response.text
    location = str(response.headers["location"])
    assert re.fullmatch(rf"{PAGES}/compromise/runs/run_[0-9a-f]{{20}}", location)
    return location.rsplit("/", 1)[1]


def test_the_mediator_runs_the_engine_with_robustness_and_no_one_point_chart(
    web_db: Database, as_member: Any
) -> None:
    mediator = as_member("chief")
    uid = _start(mediator, samples="20")
    run = wait_for_run(mediator, uid)
    assert run["status"] == "done"
    assert run["done"] == run["total"] == 2 + 1 + 20  # marks, solve, frontier, 20 samples
    assert run["blind"] is False
    assert set(run["result"]["utilities"]) == {"north", "south"}
    assert run["result"]["sensitivity"]["samples"] == 20
    # one acceptable package is not beaten by another: a lone point is no frontier to draw
    assert run["result"]["frontier_points"] == 1
    assert run["plot"] is None
    assert mediator.get(f"{PAGES}/compromise/runs/{uid}/plot.svg").status_code == 404
    page = mediator.get(f"{PAGES}/compromise/runs/{uid}").text
    assert "No trade-off between the parties" in page and 'img class="pareto"' not in page
    assert "Robustness" in page and "perturbed" in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    # the package in the text's words, not only keys: point 2 reads "[weekly][monthly]",
    # and nobody marked either, so the engine leaves the choice open as tabled
    chosen = run["result"]["package"]["2"]
    assert chosen in {"keep", "drop"}
    words = {"keep": "as written, its brackets left open", "drop": "Left out of the package"}
    assert words[chosen] in page
    assert page.count("<meter") == 2  # each party between its worst and best
    with UnitOfWork(web_db) as uow:
        row = uow.session.execute(select(EngineRunRow).where(EngineRunRow.uid == uid)).scalar_one()
        assert (row.status, row.member, row.request["samples"]) == ("done", "chief", 20)
        assert row.request["version"] == run["version"]
        audit = uow.session.execute(
            select(AuditEventRow).where(AuditEventRow.object_id == uid)
        ).scalar_one()
        assert audit.action == "EngineRunRequested"


def test_a_party_gets_a_blind_run_and_nobody_reads_anothers_run(
    web_db: Database, as_member: Any
) -> None:
    north = as_member("n-expert")
    response = north.write(f"{API}/engine-runs", {"allow_drop": True})
    assert response.status_code == 202
    assert response.json()["status"] == "queued"  # answered before the work is done
    uid = response.json()["uid"]
    run = wait_for_run(north, uid)
    assert run["status"] == "done" and run["blind"] is True
    assert run["plot"] is None
    assert "utilities" not in run["result"] and "south" not in str(run["result"])
    assert north.get(f"{PAGES}/compromise/runs/{uid}/plot.svg").status_code == 404
    # another account, even the mediator or a delegate of the same party, gets "not found"
    for other in ("n-principal", "s-expert", "chief", "reporter"):
        client = as_member(other)
        for path in (
            f"{API}/engine-runs/{uid}",
            f"{PAGES}/compromise/runs/{uid}",
            f"{PAGES}/compromise/runs/{uid}/plot.svg",
        ):
            answer = client.get(path)
            assert answer.status_code == 404, (other, path)
            assert "package" not in answer.text
    refused = north.write(f"{API}/engine-runs", {"samples": 10})
    assert refused.status_code == 403
    assert "mediator only" in refused.json()["error"]
    assert _count_runs(web_db) == 1


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"objective": "magic"}, 422, "objective"),
        ({"samples": 500}, 422, "samples"),
        ({"version": "framework@9"}, 404, "framework@9"),
        ({"version": "other@1"}, 404, "unknown document 'other'"),  # another negotiation's
    ],
)
def test_bad_requests_are_refused_in_words_and_start_nothing(
    web_db: Database, as_member: Any, body: dict[str, Any], status: int, words: str
) -> None:
    mediator = as_member("chief")
    response = mediator.write(f"{API}/engine-runs", body)
    assert response.status_code == status
    assert words in response.json()["error"]
    page = mediator.post(
        f"{PAGES}/compromise/runs",
        data={key: str(value) for key, value in body.items()} | {"csrf_token": mediator.csrf},
    )
    assert page.status_code == status and "Traceback" not in page.text
    no_csrf = mediator.post(f"{PAGES}/compromise/runs", data={"objective": "nash"})
    assert no_csrf.status_code == 403
    assert _count_runs(web_db) == 0


def test_a_running_run_shows_its_progress_and_a_dead_one_says_so(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    """A run requested but not yet executed: what a browser sees while a worker is busy."""
    mediator = as_member("chief")
    uid = _start_without_running(web_db, story_clock, as_member)
    with UnitOfWork(web_db, story_clock) as uow:
        row = uow.session.execute(select(EngineRunRow).where(EngineRunRow.uid == uid)).scalar_one()
        row.status, row.done, row.step = "running", 7, "testing robustness"
        row.updated_at = uow.now()
        uow.commit()
    again = mediator.write(f"{API}/engine-runs", {"allow_drop": True})
    assert again.status_code == 409  # one run at a time per person
    assert uid in again.json()["error"] and "still going" in again.json()["error"]
    page = mediator.get(f"{PAGES}/compromise/runs/{uid}").text
    assert "/live?view=run&uid=" in page  # followed by server-sent events
    assert '<noscript><meta http-equiv="refresh"' in page  # without scripts: reloads
    assert '<progress max="23" value="7">' in page
    assert "testing robustness" in page
    story_clock.advance(engine_runs.STALE_AFTER + timedelta(minutes=1))
    page = mediator.get(f"{PAGES}/compromise/runs/{uid}").text
    assert "The run was interrupted" in page and 'http-equiv="refresh"' not in page
    assert mediator.get(f"{API}/engine-runs/{uid}").json()["status"] == "interrupted"
    assert mediator.write(f"{API}/engine-runs", {"allow_drop": True}).status_code == 202


def test_a_trade_off_between_the_parties_is_drawn(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    ref = table_trade(web_db, story_clock)
    mediator = as_member("chief")
    uid = _start(mediator, version=ref)
    run = wait_for_run(mediator, uid)
    assert run["status"] == "done", run
    assert run["result"]["frontier_points"] >= 2
    assert run["plot"] == f"{PAGES}/compromise/runs/{uid}/plot.svg"
    plot = mediator.get(run["plot"])
    assert plot.status_code == 200
    assert plot.headers["content-type"].startswith("image/svg+xml")
    assert plot.text.lstrip().startswith("<?xml") and "<svg" in plot.text
    page = mediator.get(f"{PAGES}/compromise/runs/{uid}").text
    assert "Pareto frontier" in page and f'src="{run["plot"]}"' in page
    assert "No trade-off" not in page


def _start_without_running(web_db: Database, story_clock: StoryClock, as_member: Any) -> str:
    token = str(as_member("chief").client.cookies["onetext_session"])
    with UnitOfWork(web_db, story_clock) as uow:
        found = accounts.find_session(uow, token)
        assert found is not None
        actor = accounts.actor_in(uow, found[0], NEGOTIATION)
        run = engine_runs.request_run(
            uow, actor, found[0], NEGOTIATION, allow_drop=True, samples=20
        )
    return run.uid


def test_a_solver_failure_is_stored_in_words(
    web_db: Database, as_member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def give_up(*_args: object, **_kwargs: object) -> None:
        raise SolverError("HiGHS stopped: time limit reached")

    monkeypatch.setattr(engine_runs, "solve", give_up)
    mediator = as_member("chief")
    uid = _start(mediator)
    run = wait_for_run(mediator, uid)
    assert run["status"] == "failed"
    assert run["error"] == "HiGHS stopped: time limit reached"
    assert run["result"] is None
    page = mediator.get(f"{PAGES}/compromise/runs/{uid}")
    assert page.status_code == 200
    assert "The run stopped" in page.text and "time limit reached" in page.text
    assert "Traceback" not in page.text


def test_only_a_persons_latest_runs_are_kept(
    web_db: Database, as_member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_runs, "KEPT_RUNS", 3)
    mediator, north = as_member("chief"), as_member("n-expert")
    north_run = north.write(f"{API}/engine-runs", {"allow_drop": True}).json()["uid"]
    uids = []
    for _ in range(5):  # one run at a time per person: each waits for the one before
        uids.append(mediator.write(f"{API}/engine-runs", {"allow_drop": True}).json()["uid"])
        wait_for_run(mediator, uids[-1])
    wait_for_run(north, north_run)
    for gone in uids[:2]:
        assert mediator.get(f"{API}/engine-runs/{gone}").status_code == 404
    for kept in uids[2:]:
        assert mediator.get(f"{API}/engine-runs/{kept}").json()["status"] == "done"
    assert north.get(f"{API}/engine-runs/{north_run}").status_code == 200  # another's stay
    assert _count_runs(web_db) == 4


def test_a_run_the_queue_refuses_fails_in_words(
    web_db: Database, as_member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a queue that cannot take the job fails the run at once, in words;
    SQLite never asks a queue (the web process runs the engine)."""
    from onetext.service.engine_queue import RunQueue

    asked: list[str] = []

    def refuse(_queue: RunQueue, uid: str) -> None:
        asked.append(uid)
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(RunQueue, "submit", refuse)
    mediator = as_member("chief")
    response = mediator.write(f"{API}/engine-runs", {"allow_drop": True})
    assert response.status_code == 202
    run = wait_for_run(mediator, response.json()["uid"])
    if web_db.is_sqlite:
        assert asked == [] and run["status"] == "done"
    else:
        assert asked == [run["uid"]] and run["status"] == "failed"
        assert run["error"] == "the engine queue could not take the run: start it again"
        page = mediator.get(f"{PAGES}/compromise/runs/{run['uid']}").text
        assert "The run stopped" in page and "Traceback" not in page
