"""No oracle: a party's engine answer is computed only from what that party may read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests_support import build_small_record, must, run_cli


def _mark(db: str, point: str, party: str, stance: str, visibility: str) -> None:
    must(
        "mark", point, "--party", party, "--stance", stance, "--visibility", visibility,
        "--db", db,
    )  # fmt: skip


def _north_run(db: str) -> dict[str, object]:
    out = must("solve", "--db", db, "--allow-drop", "--json", "--as-member", "n-expert")
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def record(tmp_path: Path) -> str:
    db = str(tmp_path / "oracle.db")
    build_small_record(db)
    for point in ("1", "2", "3"):
        _mark(db, point, "north", "accepted", "joint")
    return db


def test_another_partys_caucus_marks_do_not_move_a_partys_engine_answer(record: str) -> None:
    _mark(record, "3", "south", "unacceptable", "caucus")
    _mark(record, "2", "south", "accepted", "caucus")
    before = _north_run(record)
    for point, stance in (("3", "accepted"), ("2", "unacceptable"), ("1", "unacceptable")):
        _mark(record, point, "south", stance, "caucus")
        assert _north_run(record) == before
    # the mediator's run reads the caucus marks: the package does drop south's red line
    full = json.loads(must("solve", "--db", record, "--allow-drop", "--json"))
    assert full["package"]["1"] == "drop"
    assert before["package"]["1"] == "keep"


def test_another_partys_joint_marks_do_count_for_a_party(record: str) -> None:
    before = _north_run(record)
    _mark(record, "3", "south", "unacceptable", "joint")
    after = _north_run(record)
    assert after["package"] != before["package"]


def test_the_mediators_package_reaches_parties_only_when_published(record: str) -> None:
    _mark(record, "3", "south", "unacceptable", "caucus")
    assert json.loads(must("proposals", "--json", "--db", record, "--as-member", "s-expert")) == []
    refused = run_cli("propose", "--allow-drop", "--db", record, "--as-member", "n-expert")
    assert refused.code != 0  # only the secretariat publishes (no --as-member either)
    full = json.loads(must("solve", "--db", record, "--allow-drop", "--json"))
    made = json.loads(must("propose", "--allow-drop", "--json", "--db", record))
    assert made["package"] == full["package"] and made["version"] == "framework@1"
    for member in ("s-expert", "n-expert"):
        seen = json.loads(must("proposals", "--json", "--db", record, "--as-member", member))
        assert [p["package"] for p in seen] == [full["package"]]
    log = json.loads(must("audit", "log", "--json", "--db", record))
    assert [e for e in log if e["action"] == "PackageProposed"]
