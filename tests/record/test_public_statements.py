"""The record of public statements: who said what, where and when, beside what the
joint record showed that day; never a caucus or private mark, whoever looks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from onetext.store.database import Database
from onetext.store.release_tables import PublicStatementRow
from tests_support import build_small_record, must, run_cli


def _add(db_url: str, *args: str) -> dict[str, object]:
    out = must("public-statement", "add", "--speaker", "North's spokesperson",
               "--venue", "press conference, Geneva", *args, "--db", db_url, "--json")  # fmt: skip
    view: dict[str, object] = json.loads(out)
    return view


@pytest.fixture
def record(db_url: str, database: Database) -> Database:
    build_small_record(db_url)
    must("party", "add", "press", "--name", "Press", "--kind", "observer", "--db", db_url)
    must("member", "add", "reporter", "--party", "press", "--name", "R", "--db", db_url)
    return database


def _today() -> str:
    return (datetime.now(UTC) + timedelta(minutes=5)).isoformat()


def test_a_claim_is_shown_beside_the_joint_record_that_day(db_url: str, record: Database) -> None:
    view = _add(db_url, "--at", _today(), "--quote", "We never accepted the ceasefire clause.",
                "--party", "north", "--point", "1", "--stance", "rejected")  # fmt: skip
    assert view["claimed_stance"] == "unacceptable"
    assert view["record_shows"] == "accepted"
    assert view["agrees"] is False
    earlier = _add(db_url, "--at", "2001-01-01", "--quote", "North accepts point 1.",
                   "--party", "north", "--point", "1", "--stance", "accepted")  # fmt: skip
    assert earlier["record_shows"] is None and earlier["agrees"] is None
    shown = must("public-statement", "list", "--db", db_url)
    assert "DISAGREES" in shown


def test_the_comparison_never_reveals_a_caucus_or_private_mark(
    db_url: str, record: Database
) -> None:
    _add(db_url, "--at", _today(), "--quote", "North rejects point 2.", "--party", "north",
         "--point", "2", "--stance", "rejected")  # fmt: skip
    _add(db_url, "--at", _today(), "--quote", "South has reservations on point 3.",
         "--party", "south", "--point", "3", "--stance", "reservations")  # fmt: skip
    for member in (None, "chief", "reporter", "s-expert"):
        args = ["--as-member", member, "-n", "talks"] if member else []
        listed = json.loads(must("public-statement", "list", *args, "--db", db_url, "--json"))
        for view in listed:
            assert view["record_shows"] is None, (member, view)  # private / caucus: not joint
            assert view["agrees"] is None


def test_observers_read_the_record_of_statements_but_do_not_write_it(
    db_url: str, record: Database
) -> None:
    _add(db_url, "--at", _today(), "--quote", "Talks continue.")
    refused = run_cli("public-statement", "add", "--speaker", "x", "--venue", "y", "--at",
                      "2026-01-01", "--quote", "z", "--as-member", "reporter", "-n", "talks",
                      "--db", db_url)  # fmt: skip
    assert refused.code == 4
    listed = json.loads(must("public-statement", "list", "--as-member", "reporter", "-n",
                             "talks", "--db", db_url, "--json"))  # fmt: skip
    assert [v["quote"] for v in listed] == ["Talks continue."]


def test_bad_claims_get_one_line(db_url: str, record: Database) -> None:
    for args, words in [
        (("--stance", "rejected"), "needs the party and the point"),
        (("--party", "north", "--point", "99", "--stance", "rejected"), "99"),
        (("--party", "nobody", "--point", "1"), "nobody"),
        (("--stance", "maybe", "--party", "north", "--point", "1"), "maybe"),
    ]:
        result = run_cli("public-statement", "add", "--speaker", "s", "--venue", "v", "--at",
                         "2026-01-01", "--quote", "q", *args, "--db", db_url)  # fmt: skip
        assert result.code in {2, 3}, (args, result.err)
        assert words in result.err
        assert "Traceback" not in result.err
    assert json.loads(must("public-statement", "list", "--db", db_url, "--json")) == []


def test_a_quote_edited_in_the_table_is_caught(db_url: str, record: Database) -> None:
    view = _add(db_url, "--at", _today(), "--quote", "We accepted nothing.")
    with record.session() as session:
        session.execute(
            update(PublicStatementRow)
            .where(PublicStatementRow.uid == view["uid"])
            .values(quote="We accepted everything.")
        )
        session.commit()
    broken = run_cli("audit", "verify", "--db", db_url)
    assert broken.code == 6
    assert "quote" in " ".join(broken.out.split())
