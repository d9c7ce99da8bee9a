"""Shared fixtures: a real SQLite file and a real, throwaway PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from onetext.store.database import Database, open_database
from suite_order import file_seconds, longest_files_first
from tests_support import run_cli

BACKENDS = ["sqlite", "postgres"]

# Property tests explore new examples on every developer's run (that is how they find
# bugs); CI replays a fixed set, so a submission that passed here lands as it was
# tested. A counterexample found locally becomes an explicit @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest files first: the workers take files in this order (see suite_order)."""
    longest_files_first(items, file_seconds())


def _pg_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresCluster:
    host: str
    port: int
    user: str
    counter: itertools.count[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def fresh_database(self) -> str:
        import psycopg

        name = f"t{next(self.counter)}"
        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by ``fresh_database`` (its connections closed first)."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """Start a PostgreSQL cluster with initdb + pg_ctl on a free port; stop it after."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL binaries not found: install Debian's `postgresql` package")
    root = Path(tempfile.mkdtemp(prefix="onetext-pg-"))  # outside pytest's root-only tmp
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "onetext",
            "--no-sync",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PostgresCluster("127.0.0.1", port, "onetext", itertools.count(1))
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def record_keys_kept_in_a_temporary_folder() -> Iterator[None]:
    """The audit log's signing keys of PostgreSQL databases default to the user's
    config folder (``store.checkpoints.key_path``): the suite keeps its own apart."""
    folder = tempfile.mkdtemp(prefix="onetext-keys-")
    before = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("XDG_CONFIG_HOME", None)
        else:
            os.environ["XDG_CONFIG_HOME"] = before
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend.

    A PostgreSQL database is dropped after its test: left for the session's end,
    hundreds of them (gigabytes) made the cluster's removal the suite's last minute.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'onetext.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = cluster.fresh_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.dispose()


class SteppingClock:
    """A fake clock for tests: each call is one minute after the previous one."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def cli() -> object:
    """``cli("matrix", "--json")`` runs the command and returns code, stdout, stderr."""
    return run_cli
