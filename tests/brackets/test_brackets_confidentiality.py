"""A party's private draft gives nothing away through bracket statistics: not its
counts, not its name, not its place in a lineage. Asking for it reads exactly as
asking for a document that does not exist."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from bracket_fixtures import FIRST, SECOND
from bracket_support import table

from onetext.errors import NotFound
from onetext.model import Visibility
from onetext.service.actors import member_actor
from onetext.service.brackets import bracket_burndown, version_brackets
from onetext.store.database import Database, open_database
from onetext.store.unit_of_work import UnitOfWork
from tests_support import build_small_record, run_cli

PRIVATE = "north-ideas"
MISSING = "north-idear"  # same length: the two answers must match word for word
BACKENDS = ["sqlite", "postgres"]
OUTSIDERS = ["s-expert", "chief", None]  # the other party, the mediator, the operator


@pytest.fixture(scope="module", params=BACKENDS)
def record_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """North keeps a bracketed draft to itself, then tables a joint text forked from it
    (built once per backend: the tests only read)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('private') / 'onetext.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    build_small_record(url)
    start = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    moments = (start + timedelta(minutes=n) for n in range(1, 1000))
    database, clock = open_database(url), lambda: next(moments)
    try:
        table(
            database,
            clock,
            FIRST.draft(),
            document=PRIVATE,
            party="north",
            member="n-expert",
            visibility=Visibility.PRIVATE,
        )
        table(
            database,
            clock,
            SECOND.draft(),
            document="joint",
            party="north",
            member="n-expert",
            based_on=f"{PRIVATE}@1",
        )
    finally:
        database.dispose()
    return url


@pytest.fixture
def record(record_url: str) -> Iterator[Database]:
    database = open_database(record_url)
    try:
        yield database
    finally:
        database.dispose()


def _error(database: Database, member: str | None, call: str, document: str) -> str:
    with UnitOfWork(database) as uow:
        actor = member_actor(uow, "talks", member)
        with pytest.raises(NotFound) as caught:
            if call == "stats":
                version_brackets(uow, actor, "talks", document)
            elif call == "version":
                version_brackets(uow, actor, "talks", document, 1)
            else:
                bracket_burndown(uow, actor, "talks", document, lineage=call == "lineage")
    return str(caught.value)


@pytest.mark.parametrize("member", OUTSIDERS)
@pytest.mark.parametrize("call", ["stats", "version", "burndown", "lineage"])
def test_a_private_draft_is_not_found_by_others(
    record: Database, member: str | None, call: str
) -> None:
    private = _error(record, member, call, PRIVATE)
    missing = _error(record, member, call, MISSING)
    assert private.replace(PRIVATE, MISSING) == missing
    assert private.count(PRIVATE) == 1  # only where the asker typed it, never listed


def test_its_own_party_reads_it(record: Database) -> None:
    with UnitOfWork(record) as uow:
        found = version_brackets(uow, member_actor(uow, "talks", "n-expert"), "talks", PRIVATE)
    assert (found.spans, found.options) == (FIRST.spans, FIRST.options)


@pytest.mark.parametrize(
    ("member", "sees_private"), [("n-expert", True), *[(m, False) for m in OUTSIDERS]]
)
def test_a_lineage_stops_at_a_draft_the_reader_may_not_read(
    record: Database, member: str | None, sees_private: bool
) -> None:
    with UnitOfWork(record) as uow:
        chart = bracket_burndown(
            uow, member_actor(uow, "talks", member), "talks", "joint", lineage=True
        )
    refs = [step.ref for step in chart.steps]
    assert refs == ([f"{PRIVATE}@1"] if sees_private else []) + ["joint@1"]
    assert any(step.spans == FIRST.spans for step in chart.steps) is sees_private


@pytest.mark.parametrize(
    "args", [[], ["--version", "1"], ["--burndown"], ["--burndown", "--lineage"]]
)
def test_the_command_line_answers_the_same(record_url: str, args: list[str]) -> None:
    private = run_cli("brackets", PRIVATE, *args, "--db", record_url, "--as-member", "s-expert")
    missing = run_cli("brackets", MISSING, *args, "--db", record_url, "--as-member", "s-expert")
    assert private.code == missing.code == 3
    assert private.out == missing.out == ""
    assert private.err.replace(PRIVATE, MISSING) == missing.err
    assert len(private.err.strip().splitlines()) == 1
    joint = run_cli(
        "brackets",
        "joint",
        "--burndown",
        "--lineage",
        "--json",
        "--db",
        record_url,
        "--as-member",
        "s-expert",
    )
    assert joint.code == 0 and PRIVATE not in joint.out
    assert [s["ref"] for s in json.loads(joint.out)["steps"]] == ["joint@1"]
