"""Fixtures for the web tests (helpers live in ``web_support``)."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from web_support import ADMIN, StoryClock, WebClient, build_web_record, password

from onetext.service import accounts
from onetext.store.database import Database, open_database
from onetext.web import create_app


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2id with small parameters: the tests log in hundreds of times."""
    previous = accounts.use_password_hasher(
        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    yield
    accounts.use_password_hasher(previous)


@pytest.fixture
def story_clock() -> StoryClock:
    return StoryClock()


@dataclass
class Template:
    """A record built once per backend; each test gets its own copy."""

    backend: str
    source: str
    clock_at: datetime
    copies: itertools.count[int]

    def fresh_copy(self, folder: Path, cluster: Any) -> str:
        if self.backend == "sqlite":
            target = folder / "web.db"
            shutil.copy(self.source, target)
            return f"sqlite:///{target}"
        name = f"web_copy_{next(self.copies)}"
        with psycopg.connect(
            host=cluster.host,
            port=cluster.port,
            user=cluster.user,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.source}"')
        return str(cluster.url(name))

    def drop_copy(self, url: str, cluster: Any) -> None:
        """Drop a PostgreSQL copy at once (left for the session's end, hundreds of
        megabytes of copies make the cluster's removal slow)."""
        if self.backend != "postgres":
            return
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(
            host=cluster.host,
            port=cluster.port,
            user=cluster.user,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def record_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    return {}


def _template(
    backend: str,
    templates: dict[str, Template],
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Template:
    if backend in templates:
        return templates[backend]
    clock = StoryClock()
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("web-template") / "template.db"
        url, source = f"sqlite:///{path}", str(path)
    else:
        cluster = request.getfixturevalue("postgres")
        url = cluster.fresh_database()
        source = url.rsplit("/", 1)[1]
    database = open_database(url)
    try:
        build_web_record(database, clock)
    finally:
        database.dispose()
    templates[backend] = Template(backend, source, clock.now, itertools.count(1))
    return templates[backend]


@pytest.fixture(params=["sqlite", "postgres"])
def web_db(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    record_templates: dict[str, Template],
    story_clock: StoryClock,
) -> Iterator[Database]:
    """A private copy of the small record, on each backend."""
    template = _template(request.param, record_templates, request, tmp_path_factory)
    cluster = request.getfixturevalue("postgres") if request.param == "postgres" else None
    url = template.fresh_copy(tmp_path, cluster)
    database = open_database(url)
    story_clock.now = template.clock_at
    try:
        yield database
    finally:
        database.dispose()
        template.drop_copy(url, cluster)


@pytest.fixture
def web_app(web_db: Database, story_clock: StoryClock) -> FastAPI:
    return create_app(web_db, clock=story_clock)


@pytest.fixture
def make_client(web_app: FastAPI) -> Iterator[Any]:
    """``make_client(address=..., base_url=...)``: fresh clients, closed after the test."""
    made: list[WebClient] = []

    def make(**kwargs: Any) -> WebClient:
        client = WebClient(web_app, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def as_member(make_client: Any) -> Any:
    """``as_member("n-expert")``: a client logged in as that member."""

    def login(handle: str) -> WebClient:
        client: WebClient = make_client()
        secret = ADMIN[1] if handle == ADMIN[0] else password(handle)
        assert client.login(handle, secret).status_code == 200
        return client

    return login


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared_record(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    record_templates: dict[str, Template],
) -> Iterator[tuple[Database, StoryClock]]:
    """One copy of the record per backend for a whole module of read-only tests."""
    template = _template(request.param, record_templates, request, tmp_path_factory)
    cluster = request.getfixturevalue("postgres") if request.param == "postgres" else None
    url = template.fresh_copy(tmp_path_factory.mktemp("shared"), cluster)
    database = open_database(url)
    clock = StoryClock()
    clock.now = template.clock_at
    try:
        yield database, clock
    finally:
        database.dispose()
        template.drop_copy(url, cluster)
