"""Engine runs on a real queue (issue 15): on PostgreSQL a run is a procrastinate job
taken by a worker process; a worker killed with SIGKILL mid-run has its run taken
over by another, which finishes it. On SQLite the web process runs it itself, and
``onetext worker`` says so. Claims fence off an attempt whose run was handed over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engine_support import table_trade
from sqlalchemy import select, update
from web_support import NEGOTIATION, StoryClock, build_web_record

from onetext.service import accounts, engine_runs
from onetext.service.engine_queue import RunQueue
from onetext.store.database import Database, open_database
from onetext.store.engine_tables import EngineRunRow
from onetext.store.unit_of_work import UnitOfWork
from tests_support import run_cli

HERE = Path(__file__).resolve().parent
ONETEXT = Path(sys.executable).with_name("onetext")


def _request(database: Database, clock: StoryClock, handle: str = "chief", **options: Any) -> str:
    """A run recorded as the web app records it (not yet executed)."""
    with UnitOfWork(database, clock) as uow:
        account = accounts.account_by_id(uow, accounts._user(uow, handle).id)
        actor = accounts.actor_in(uow, account, NEGOTIATION)
        run = engine_runs.request_run(uow, actor, account, NEGOTIATION, **options)
    return run.uid


def _row(database: Database, uid: str) -> EngineRunRow:
    with UnitOfWork(database) as uow:
        row = uow.session.execute(select(EngineRunRow).where(EngineRunRow.uid == uid)).scalar_one()
        uow.session.expunge(row)
        return row


def _wait(
    database: Database, uid: str, until: Any, what: str, timeout: float = 120.0
) -> EngineRunRow:
    deadline = time.monotonic() + timeout
    while True:
        row = _row(database, uid)
        if until(row):
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: run is {row.status}, {row.done}/{row.total}")
        time.sleep(0.1)


@pytest.fixture
def pg_record(postgres: Any) -> Iterator[tuple[str, Database, StoryClock]]:
    url = postgres.fresh_database()
    database = open_database(url)
    clock = StoryClock()
    build_web_record(database, clock)
    try:
        yield url, database, clock
    finally:
        database.dispose()


def _worker(*command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def test_a_worker_killed_mid_run_has_its_run_finished_by_another(
    pg_record: tuple[str, Database, StoryClock],
) -> None:
    url, database, clock = pg_record
    trade = table_trade(database, clock)  # a trade-off: the survivor draws the frontier too
    uid = _request(database, clock, version=trade, samples=40)
    queue = RunQueue.for_database(database)
    assert queue.inline is False
    queue.submit(uid)
    queue.close()
    assert _row(database, uid).status == "queued"  # deferred, not run by whoever took it
    slow = _worker(sys.executable, str(HERE / "slow_engine_worker.py"), url)
    survivor: subprocess.Popen[bytes] | None = None
    try:
        # mid-run: the robustness test has started and is far from done
        running = _wait(
            database, uid, lambda r: r.status == "running" and r.done >= 5, "the slow worker"
        )
        assert running.attempts == 1 and running.done < running.total
        os.kill(slow.pid, signal.SIGKILL)
        slow.wait(timeout=10)
        assert _row(database, uid).status == "running"  # nobody finished it
        survivor = _worker(
            str(ONETEXT), "worker", "--db", url, "--heartbeat", "0.5", "--stalled-after", "2"
        )
        done = _wait(database, uid, lambda r: r.status != "running", "the second worker")
    finally:
        for process in (slow, survivor):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
    assert done.status == "done", done.error
    assert done.attempts == 2  # taken over once
    assert done.done == done.total
    assert done.result is not None
    assert done.result["result"]["sensitivity"]["samples"] == 40
    assert done.result["blind"] is False
    assert done.plot_svg is not None and "<svg" in done.plot_svg


def test_an_attempt_whose_run_was_handed_over_stops_without_writing(
    database: Database, clock: Any
) -> None:
    from web_support import StoryClock as _Clock

    story = _Clock()
    build_web_record(database, story)
    uid = _request(database, story, allow_drop=True)
    first = engine_runs.claim_run(database, uid)
    assert first is not None
    assert engine_runs.claim_run(database, uid) is None  # queued once, taken once
    # the queue gives the job to another worker (the first one's heartbeat stopped)
    second = engine_runs.claim_run(database, uid, resume=True)
    assert second is not None and second != first
    with pytest.raises(engine_runs._Superseded):
        engine_runs._update_run(database, story, uid, first, done=1, step="stale")
    row = _row(database, uid)
    assert (row.step, row.attempts, row.claim) == ("waiting to start", 2, second)
    # a plain execution does not take a run another holds; a resumed one finishes it
    engine_runs.execute_run(database, uid, clock=story)
    assert _row(database, uid).status == "running"
    engine_runs.execute_run(database, uid, clock=story, resume=True)
    finished = _row(database, uid)
    assert (finished.status, finished.attempts) == ("done", 3)
    # a finished run is never taken again
    assert engine_runs.claim_run(database, uid, resume=True) is None


def test_sqlite_runs_in_process_and_needs_no_worker(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'engine.db'}"
    database = open_database(url)
    clock = StoryClock()
    try:
        build_web_record(database, clock)
        queue = RunQueue.for_database(database)
        assert queue.inline is True
        uid = _request(database, clock, allow_drop=True)
        engine_runs.execute_run(database, uid, clock=clock)  # what the web process does
        row = _row(database, uid)
        assert (row.status, row.attempts) == ("done", 1)
    finally:
        database.dispose()
    refused = run_cli("worker", "--db", url)
    assert refused.code == 2
    assert "on SQLite the web app (onetext serve) runs them itself" in refused.err
    assert "Traceback" not in refused.err
    bad = run_cli("worker", "--db", url, "--heartbeat", "5", "--stalled-after", "2")
    assert bad.code == 2 and "heartbeat" in bad.err


def test_a_queue_worker_refuses_an_unknown_run_quietly(
    pg_record: tuple[str, Database, StoryClock],
) -> None:
    """A job whose run is gone (forgotten with a person's old runs) does nothing."""
    _url, database, clock = pg_record
    uid = _request(database, clock, allow_drop=True)
    with UnitOfWork(database) as uow:
        uow.session.execute(update(EngineRunRow).values(status="done"))
        uow.commit()
    engine_runs.execute_run(database, uid, resume=True)
    engine_runs.execute_run(database, "run_00000000000000000000", resume=True)
    assert _row(database, uid).attempts == 0
