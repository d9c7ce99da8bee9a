"""Login throttling is counted atomically in the database, and a client's address is
its own unless the operator names a trusted proxy (issue 13, finding 10)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from onetext.access import Actor
from onetext.errors import LoginThrottled, NotAuthenticated
from onetext.service import accounts
from onetext.store.database import Database, open_database
from onetext.store.unit_of_work import UnitOfWork

ONETEXT = str(Path(sys.executable).parent / "onetext")
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def test_concurrent_wrong_passwords_cannot_slip_past_the_limit(web_db: Database) -> None:
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def guess() -> None:
        start.wait()
        try:
            with UnitOfWork(web_db, lambda: NOW) as uow:
                accounts.log_in(uow, "s-expert", "a-wrong-guess", "203.0.113.77")
        except NotAuthenticated:
            outcomes.append("401")
        except LoginThrottled:
            outcomes.append("429")

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["401"] * accounts.FAILURE_LIMIT + ["429"] * (
        20 - accounts.FAILURE_LIMIT
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db: str, port: int, *extra: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [ONETEXT, "serve", "--db", db, "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.05)
    server.kill()
    raise AssertionError("the server did not start")


def _rotating_guesses(port: int) -> list[int]:
    codes = []
    for n in range(accounts.FAILURE_LIMIT + 3):
        answer = httpx.post(
            f"http://127.0.0.1:{port}/api/login",
            json={"username": "root", "password": "wrong-guess"},
            headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
            timeout=10,
        )
        codes.append(answer.status_code)
    return codes


@pytest.mark.parametrize("trusted", [False, True])
def test_forwarded_addresses_count_only_from_a_configured_proxy(
    tmp_path: Path, trusted: bool
) -> None:
    db = str(tmp_path / f"serve-{trusted}.db")
    database = open_database(db)
    try:
        with UnitOfWork(database) as uow:
            accounts.create_user(
                uow, Actor.system_operator(), "root", "root-password-1", admin=True
            )
    finally:
        database.dispose()
    port = _free_port()
    extra = ("--forwarded-allow-ips", "127.0.0.1") if trusted else ()
    server = _serve(db, port, *extra)
    try:
        codes = _rotating_guesses(port)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
    if trusted:  # the operator vouched for the proxy on loopback: its header names clients
        assert codes == [401] * len(codes)
    else:  # by default a rotated header changes nothing: the loopback client is throttled
        assert codes == [401] * accounts.FAILURE_LIMIT + [429] * 3
