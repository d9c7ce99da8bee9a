"""Amendments through the command line (issue 16), on SQLite and PostgreSQL: north
tables an amendment, south marks it, the mediator accepts it and consolidates, and
`onetext compare` names the amendment behind the change; bad input says so in one
line and changes nothing; `onetext audit verify` holds the table to the log."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update

from onetext.store.amendment_tables import AmendmentRow
from onetext.store.database import open_database
from tests_support import build_small_record, must, run_cli

NEW_WORDING = "A monitoring mission shall observe the line of contact [daily][twice daily]."


def cli_json(*args: str) -> Any:
    return json.loads(must(*args, "--json"))


def test_the_whole_flow_through_the_cli(db_url: str) -> None:
    build_small_record(db_url)
    db = ["--db", db_url]
    tabled = cli_json(
        "amend", "table", "2", "--kind", "replace", "--wording", NEW_WORDING,
        "--justification", "Weekly is too slow to catch a breach.", "--visibility", "joint",
        "--version", "framework@1", "--as-member", "n-expert", *db,
    )  # fmt: skip
    uid = tabled["uid"]
    assert tabled["party"] == "north" and tabled["status"] == "open"
    assert tabled["unit_text"].startswith("A monitoring mission")

    listed = cli_json("amend", "list", "--version", "framework@1", "--as-member", "s-expert", *db)
    assert [a["uid"] for a in listed["amendments"]] == [uid]
    marked = cli_json(
        "amend", "mark", uid, "--stance", "reservations", "--visibility", "joint",
        "--note", "daily is enough", "--as-member", "s-expert", *db,
    )  # fmt: skip
    assert marked["party"] == "south" and marked["stance"] == "reservations"

    decided = cli_json(
        "amend", "decide", uid, "--decision", "accept", "--note", "both can live with it",
        "--as-member", "chief", *db,
    )  # fmt: skip
    assert decided["status"] == "accepted" and decided["decided_by"] == "envoy/chief"
    result = cli_json("amend", "consolidate", "framework@1", "--as-member", "chief", *db)
    assert result["version"] == "framework@2"
    assert result["applied"] == [
        {"amendment": uid, "decision": "accepted", "kind": "replace", "label": "2",
         "result_label": "2"}
    ]  # fmt: skip

    shown = cli_json("show", "framework@2", *db)
    assert [p["text"] for p in shown["points"] if p["label"] == "2"] == [NEW_WORDING]
    compared = cli_json("compare", "framework@1", "framework@2", "--as-member", "s-expert", *db)
    by_kind = {c["kind"]: c for c in compared["changes"]}
    assert by_kind["reworded"]["old"] == ["2"] and by_kind["reworded"]["amendments"] == [uid]
    text = must("compare", "framework@1", "framework@2", *db)
    assert f"from amendment {uid}" in text

    after = cli_json("amend", "list", "--version", "framework@1", "--as-member", "n-expert", *db)
    assert after["amendments"][0]["result_version"] == "framework@2"
    assert after["amendments"][0]["marks"][0]["note"] == "daily is enough"
    verified = run_cli("audit", "verify", *db)
    assert verified.code == 0, verified.out + verified.err


def _amendments(db_url: str) -> list[tuple[Any, ...]]:
    database = open_database(db_url)
    try:
        with database.session() as session:
            return [
                tuple(r) for r in session.execute(select(AmendmentRow.uid, AmendmentRow.decision))
            ]
    finally:
        database.dispose()


def test_bad_input_says_what_is_wrong_in_one_line_and_changes_nothing(db_url: str) -> None:
    build_small_record(db_url)
    db = ["--db", db_url]
    uid = cli_json(
        "amend", "table", "1", "--kind", "delete", "--visibility", "joint",
        "--as-member", "n-expert", *db,
    )["uid"]  # fmt: skip
    before = _amendments(db_url)
    cases: list[tuple[tuple[str, ...], int, str]] = [
        (("amend", "table", "99", "--kind", "replace", "--wording", "x", "--as-member",
          "n-expert"), 3, "no point '99'"),
        (("amend", "table", "1", "--kind", "replace", "--wording", "  ", "--as-member",
          "n-expert"), 2, "needs its wording"),
        (("amend", "table", "1", "--kind", "replace", "--wording", "a [b", "--as-member",
          "n-expert"), 2, "unbalanced brackets"),
        (("amend", "table", "1", "--kind", "rewrite", "--wording", "x", "--as-member",
          "n-expert"), 2, "invalid amendment kind"),
        (("amend", "table", "1", "--kind", "replace", "--wording", "x", "--version",
          "nowhere@1", "--as-member", "n-expert"), 3, "unknown document"),
        (("amend", "decide", uid, "--decision", "accept", "--as-member", "s-expert"), 4,
         "may not decide amendment"),
        (("amend", "decide", uid, "--decision", "merge", "--as-member", "chief"), 2,
         "not merged"),
        (("amend", "decide", "amd_nothing", "--decision", "accept", "--as-member", "chief"), 3,
         "no amendment 'amd_nothing'"),
        (("amend", "mark", uid, "--stance", "accepted", "--as-member", "n-expert"), 2,
         "the other parties mark it"),
        (("amend", "consolidate", "framework@1", "--as-member", "chief"), 2,
         "awaits consolidation"),
    ]  # fmt: skip
    for args, code, words in cases:
        result = run_cli(*args, *db)
        assert result.code == code, (args, result.out, result.err)
        assert words in result.err, (args, result.err)
        assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert _amendments(db_url) == before


def test_audit_verify_finds_an_amendment_changed_behind_the_log(db_url: str) -> None:
    build_small_record(db_url)
    db = ["--db", db_url]
    uid = cli_json(
        "amend", "table", "3", "--kind", "alternative", "--wording", "exchanged in stages",
        "--visibility", "private", "--as-member", "n-expert", *db,
    )["uid"]  # fmt: skip
    assert run_cli("audit", "verify", *db).code == 0
    database = open_database(db_url)
    try:
        with database.session() as session:
            session.execute(
                update(AmendmentRow).where(AmendmentRow.uid == uid).values(wording="all at once")
            )
            session.commit()
    finally:
        database.dispose()
    broken = run_cli("audit", "verify", *db)
    assert broken.code != 0
    assert "amendment" in broken.out + broken.err and "wording" in broken.out + broken.err
