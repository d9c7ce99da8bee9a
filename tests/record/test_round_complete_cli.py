"""`onetext round complete`: fill in a round after the fact from the command line; every
bad input is one line, a non-zero exit and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests_support import DRAFT, build_small_record, must, run_cli

REFINED = DRAFT.replace("24 hours", "48 hours")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small record, a refined framework, north's caucus paper and private notes."""
    folder = tmp_path_factory.mktemp("rounds")
    path = folder / "talks.db"
    db = f"sqlite:///{path}"
    build_small_record(db)
    draft = folder / "refined.txt"
    draft.write_text(REFINED, encoding="utf-8")
    must("import", str(draft), "-d", "framework", "--party", "envoy", "--db", db)
    for slug, visibility in (("north-paper", "caucus"), ("north-notes", "private")):
        must(
            "import",
            str(draft),
            "-d",
            slug,
            "--party",
            "north",
            "--kind",
            "position_paper",
            "--visibility",
            visibility,
            "--db",
            db,
        )
    return path


@pytest.fixture
def record(template: Path, tmp_path: Path) -> tuple[str, str]:
    """A fresh copy with one round recorded when it started; (db, round uid)."""
    copy = tmp_path / "talks.db"
    shutil.copy(template, copy)
    db = f"sqlite:///{copy}"
    made = json.loads(
        must(
            "round",
            "add",
            "--level",
            "expert",
            "--place",
            "Lakemont",
            "--start",
            "2026-10-05T09:00",
            "--publish",
            "--db",
            db,
            "--json",
        )
    )
    return db, made["uid"]


def state(db: str) -> tuple[str, str]:
    """The rounds as listed and the audit chain's head: equal means nothing written."""
    head = json.loads(must("audit", "verify", "--db", db, "--json"))["head"]
    return must("round", "list", "--db", db, "--json"), head


def test_a_round_is_completed_later_and_listed_with_its_id(record: tuple[str, str]) -> None:
    db, uid = record
    listed = must("round", "list", "--db", db)
    assert uid in listed  # the id is never cut short, even at 80 columns
    done = json.loads(
        must(
            "round",
            "complete",
            uid,
            "--outcome",
            "refined text [agreed] on 1 and 2",
            "--ends-at",
            "2026-10-05T17:30",
            "--produced",
            "framework@2",
            "--produced",
            "north-paper@1",
            "--db",
            db,
            "--json",
        )
    )
    assert done["uid"] == uid
    assert done["ends_at"] == "2026-10-05T17:30:00+00:00"
    assert done["hours"] == 8.5
    assert done["outcome"] == "refined text [agreed] on 1 and 2"
    assert done["produced"] == ["framework@2", "north-paper@1"]
    (as_listed,) = json.loads(must("round", "list", "--db", db, "--json"))
    assert as_listed == done
    log = json.loads(must("audit", "log", "--limit", "1", "--db", db, "--json"))
    assert (log[0]["action"], log[0]["object_id"]) == ("RoundUpdated", uid)
    # people read it too; markup-like text is printed as typed
    shown = must("round", "complete", uid, "--end", "2026-10-05T18:00", "--db", db)
    assert "framework@2" in shown and "[agreed]" in shown and "2026-10-05T18:00" in shown
    # a party sees the joint framework, not north's caucus paper (north sees its own)
    south = json.loads(must("round", "list", "--as-member", "s-expert", "--db", db, "--json"))
    north = json.loads(must("round", "list", "--as-member", "n-expert", "--db", db, "--json"))
    assert south[0]["produced"] == ["framework@2"]
    assert north[0]["produced"] == ["framework@2", "north-paper@1"]


def test_relinking_is_a_no_op_and_a_wrong_link_can_be_undone(record: tuple[str, str]) -> None:
    db, uid = record
    must("round", "complete", uid, "--produced", "framework@1", "--db", db)
    before = state(db)
    must("round", "complete", uid, "--produced", "framework@1", "--db", db)
    assert state(db) == before  # nothing written, not even an audit event
    done = json.loads(
        must(
            "round",
            "complete",
            uid,
            "--unlink",
            "framework@1",
            "--produced",
            "framework@2",
            "--db",
            db,
            "--json",
        )
    )
    assert done["produced"] == ["framework@2"]


ERRORS = [
    ("unknown round", ["rnd_nothing", "--outcome", "x"], 3, "unknown round 'rnd_nothing'"),
    ("unknown version", ["{uid}", "--produced", "framework@9"], 3, "no version 'framework@9'"),
    ("unknown document", ["{uid}", "--produced", "ghost@1"], 3, "unknown document 'ghost'"),
    ("private paper", ["{uid}", "--produced", "north-notes@1"], 3, "unknown document"),
    ("bad reference", ["{uid}", "--produced", "Frame Work"], 2, "invalid version reference"),
    ("end before start", ["{uid}", "--end", "2026-10-04T09:00"], 2, "cannot end before it starts"),
    ("bad date", ["{uid}", "--end", "tomorrow"], 2, "invalid date 'tomorrow'"),
    ("nothing", ["{uid}"], 2, "nothing to change"),
    (
        "link and unlink",
        ["{uid}", "--produced", "framework@1", "--unlink", "framework@1"],
        2,
        "both to link and to unlink",
    ),
    ("not linked", ["{uid}", "--unlink", "framework@1"], 5, "not linked to framework@1"),
    (
        "half valid",
        ["{uid}", "--outcome", "agreed", "--produced", "framework@2", "--produced", "nope@1"],
        3,
        "unknown document 'nope'",
    ),
    (
        "a delegate",
        ["{uid}", "--outcome", "x", "--as-member", "n-expert"],
        4,
        "may not record round",
    ),
    ("unknown member", ["{uid}", "--outcome", "x", "--as-member", "ghost"], 3, "unknown member"),
]


@pytest.mark.parametrize(
    ("args", "code", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_bad_input_is_one_line_and_writes_nothing(
    record: tuple[str, str], args: list[str], code: int, message: str
) -> None:
    db, uid = record
    before = state(db)
    result = run_cli("round", "complete", *[a.format(uid=uid) for a in args], "--db", db)
    assert result.code == code, result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert state(db) == before


def test_a_private_paper_is_refused_in_the_words_of_a_missing_one(
    record: tuple[str, str],
) -> None:
    db, uid = record
    private = run_cli("round", "complete", uid, "--produced", "north-notes@1", "--db", db)
    missing = run_cli("round", "complete", uid, "--produced", "ghostly@1", "--db", db)
    assert private.code == missing.code == 3
    assert private.err.replace("north-notes", "X") == missing.err.replace("ghostly", "X")
