"""Releases with consent: a statement drafted by the mediator is a draft, read by the
mediator and the parties only, until every negotiating party consented to that text;
each consent and the release are in the log and checked against the tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text, update

from onetext.store.database import Database
from onetext.store.release_tables import StatementRow
from tests_support import build_small_record, must, run_cli

WORDING = "The parties met in Geneva and agreed to continue the talks next month.\n"


@pytest.fixture
def drafted(db_url: str, database: Database, tmp_path: Path) -> str:
    build_small_record(db_url)
    wording = tmp_path / "statement.txt"
    wording.write_text(WORDING)
    out = must("statement", "draft", "--title", "Joint statement on the Geneva round",
               "--file", str(wording), "--as-member", "chief", "-n", "talks",
               "--db", db_url, "--json")  # fmt: skip
    uid: str = json.loads(out)["uid"]
    return uid


def _list(db_url: str, member: str) -> list[dict[str, object]]:
    out = must("statement", "list", "--as-member", member, "-n", "talks", "--db", db_url, "--json")
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def _consent(db_url: str, uid: str, party: str, member: str) -> dict[str, object]:
    out = must("statement", "consent", uid, "--party", party, "--as-member", member,
               "-n", "talks", "--db", db_url, "--json")  # fmt: skip
    view: dict[str, object] = json.loads(out)
    return view


def test_released_only_when_every_party_consented(db_url: str, drafted: str) -> None:
    assert _list(db_url, "n-expert")[0]["awaiting"] == ["north", "south"]
    first = _consent(db_url, drafted, "north", "n-expert")
    assert first["released_at"] is None
    assert first["awaiting"] == ["south"]
    last = _consent(db_url, drafted, "south", "s-expert")
    assert last["released_at"] is not None
    assert last["awaiting"] == []
    verified = run_cli("audit", "verify", "--db", db_url, "--json")
    assert verified.code == 0, verified.err


def test_a_draft_reaches_no_observer_until_released(
    db_url: str, drafted: str, database: Database
) -> None:
    must("party", "add", "press", "--name", "Press", "--kind", "observer", "--db", db_url)
    must("member", "add", "reporter", "--party", "press", "--name", "R", "--db", db_url)
    assert _list(db_url, "reporter") == []
    assert _list(db_url, "s-expert")[0]["uid"] == drafted
    _consent(db_url, drafted, "north", "n-expert")
    assert _list(db_url, "reporter") == []
    _consent(db_url, drafted, "south", "s-expert")
    assert [s["uid"] for s in _list(db_url, "reporter")] == [drafted]


@pytest.mark.parametrize(
    ("party", "member", "code"),
    [
        ("north", "chief", 4),  # the mediator never consents for a party
        ("north", "s-expert", 4),  # nor one party for another
        ("envoy", "chief", 4),
    ],
)
def test_only_a_partys_own_delegate_consents(
    db_url: str, drafted: str, party: str, member: str, code: int
) -> None:
    refused = run_cli("statement", "consent", drafted, "--party", party, "--as-member", member,
                      "-n", "talks", "--db", db_url)  # fmt: skip
    assert refused.code == code, refused.out + refused.err
    assert _list(db_url, "chief")[0]["consented"] == []


def test_a_party_consents_once_and_a_released_statement_is_final(db_url: str, drafted: str) -> None:
    _consent(db_url, drafted, "north", "n-expert")
    again = run_cli("statement", "consent", drafted, "--party", "north", "--as-member",
                    "n-expert", "-n", "talks", "--db", db_url)  # fmt: skip
    assert again.code == 5
    assert "already consented" in again.err
    _consent(db_url, drafted, "south", "s-expert")
    late = run_cli("statement", "consent", drafted, "--party", "south", "--as-member",
                   "s-expert", "-n", "talks", "--db", db_url)  # fmt: skip
    assert late.code == 5
    assert "already released" in late.err


def test_only_the_mediator_drafts(db_url: str, database: Database, tmp_path: Path) -> None:
    build_small_record(db_url)
    wording = tmp_path / "w.txt"
    wording.write_text(WORDING)
    refused = run_cli("statement", "draft", "--title", "T", "--file", str(wording),
                      "--as-member", "n-expert", "-n", "talks", "--db", db_url)  # fmt: skip
    assert refused.code == 4


def test_a_release_or_a_wording_forged_in_the_tables_is_caught(
    db_url: str, drafted: str, database: Database
) -> None:
    _consent(db_url, drafted, "north", "n-expert")
    with database.session() as session:  # released without south's consent
        session.execute(
            update(StatementRow)
            .where(StatementRow.uid == drafted)
            .values(text="The parties agreed on everything.")
        )
        session.commit()
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE statements SET released_at = created_at WHERE uid = :uid"),
            {"uid": drafted},
        )
    broken = run_cli("audit", "verify", "--db", db_url)
    assert broken.code == 6
    said = " ".join(broken.out.split())
    assert f"statement talks/{drafted}: differs" in said and "text" in said
    assert f"release talks/{drafted}:released: exists without an event" in said
    assert f"consent talks/{drafted}:north: differs" in said  # consented to another text
