"""Rounds are read by the delegations that attended and the mediator until published
(issue 13, finding 1: a bilateral's outcome named another party's red lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests_support import build_small_record, must, run_cli

SECRET = "North maintains its red lines on points 2 and 3"


@pytest.fixture
def record(tmp_path: Path) -> str:
    db = str(tmp_path / "rounds.db")
    build_small_record(db)
    must("party", "add", "press", "--name", "Press", "--kind", "observer", "--db", db)
    must("member", "add", "reporter", "--party", "press", "--name", "R", "--db", db)
    must(
        "round", "add", "--level", "expert", "--place", "Bilateral room",
        "--start", "2026-10-02T09:00", "--attendee", "n-expert", "--attendee", "chief",
        "--agenda", "2", "--agenda", "3",
        "--outcome", SECRET, "--db", db,
    )  # fmt: skip
    return db


def _rounds(db: str, member: str | None) -> list[dict[str, object]]:
    extra = ["--as-member", member] if member else []
    return json.loads(must("round", "list", "--json", "--db", db, *extra))  # type: ignore[no-any-return]


def test_a_bilateral_is_read_by_its_attendees_and_the_mediator_only(record: str) -> None:
    assert [r["outcome"] for r in _rounds(record, None)] == [SECRET]
    assert [r["outcome"] for r in _rounds(record, "n-expert")] == [SECRET]
    assert [r["outcome"] for r in _rounds(record, "chief")] == [SECRET]
    for outsider in ("s-expert", "reporter"):
        assert _rounds(record, outsider) == []
        text = run_cli("round", "list", "--db", record, "--as-member", outsider).out
        assert "red lines" not in text and "Bilateral" not in text and "n-expert" not in text


def test_published_rounds_reach_everyone_and_the_publication_is_audited(record: str) -> None:
    uid = _rounds(record, None)[0]["uid"]
    published = json.loads(must("round", "publish", str(uid), "--json", "--db", record))
    assert published["published"] is True
    for reader in ("s-expert", "reporter"):
        assert [r["outcome"] for r in _rounds(record, reader)] == [SECRET]
    log = json.loads(must("audit", "log", "--json", "--db", record))
    assert [e for e in log if e["action"] == "RoundPublished" and e["object_id"] == uid]
    # publishing again writes nothing more
    must("round", "publish", str(uid), "--db", record)
    again = json.loads(must("audit", "log", "--json", "--db", record))
    assert len(again) == len(log)


def test_a_published_round_still_hides_versions_of_documents_a_reader_may_not_read(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "r.db")
    build_small_record(db)
    draft = tmp_path / "n.txt"
    draft.write_text("NORTH PAPER\n1. North-only wording.\n", encoding="utf-8")
    must("import", str(draft), "-d", "north-paper", "--party", "north",
         "--visibility", "caucus", "--db", db)  # fmt: skip
    must("round", "add", "--level", "expert", "--place", "Plenary",
         "--start", "2026-10-02T09:00", "--produced", "north-paper@1", "--publish",
         "--db", db)  # fmt: skip
    rounds = _rounds(db, "s-expert")
    assert len(rounds) == 1 and rounds[0]["produced"] == []
