"""Merge conflicts written as bracketed alternatives with the parties named, and
settled with ``onetext conflicts resolve``, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onetext.text.merge import bracket_conflict
from tests_support import build_small_record, must, run_cli

BASE = """CEASEFIRE FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact every week.
3. All prisoners shall be exchanged on the basis of all for all.
4. Heavy weapons shall be withdrawn 15 km from the line of contact.
"""


def _table(db: str, tmp_path: Path, text: str, *args: str) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    must("import", str(path), *args, "--json", "--db", db)


@pytest.fixture
def merged(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'talks.db'}"
    build_small_record(db)
    _table(db, tmp_path, BASE, "-d", "plan", "--party", "envoy")
    _table(
        db, tmp_path, BASE, "-d", "counter", "--party", "north", "--kind", "counter_draft",
        "--from", "plan@1",
    )  # fmt: skip
    _table(
        db,
        tmp_path,
        BASE.replace("every week", "every day").replace("15 km", "30 km"),
        "-d",
        "plan",
        "--party",
        "envoy",
    )
    _table(
        db,
        tmp_path,
        BASE.replace("every week", "twice a month").replace("15 km", "20 km"),
        "-d",
        "counter",
        "--party",
        "north",
    )
    outcome = json.loads(
        must("merge", "plan@2", "counter@2", "-d", "plan", "--party", "envoy", "--json", "--db", db)
    )
    assert outcome["version"] == "plan@3" and len(outcome["conflicts"]) == 2
    return db


def test_merge_conflict_is_written_as_bracketed_alternatives_naming_parties(merged: str) -> None:
    shown = json.loads(must("show", "plan@3", "--json", "--db", merged))
    texts = {p["label"]: p["text"] for p in shown["points"]}
    assert texts["2"] == (
        "A monitoring mission shall observe the line of contact "
        "[every day (envoy)][twice a month (north)]."
    )
    assert (
        texts["4"]
        == "Heavy weapons shall be withdrawn [30 (envoy)][20 (north)] km from the line of contact."
    )
    options = {p["label"]: [o["text"] for o in p["options"]] for p in shown["points"]}
    assert options["2"] == ["every day (envoy)", "twice a month (north)"]


def test_conflicts_resolve_keeps_one_side_and_carries_the_rest(merged: str) -> None:
    listed = json.loads(must("conflicts", "list", "--json", "--db", merged))
    assert sorted(c["label"] for c in listed) == ["2", "4"]
    done = json.loads(
        must("conflicts", "resolve", "plan@3", "2", "--take", "theirs", "--json", "--db", merged)
    )
    assert (done["version"], done["remaining"]) == ("plan@4", 1)
    shown = json.loads(must("show", "plan@4", "--json", "--db", merged))
    texts = {p["label"]: p["text"] for p in shown["points"]}
    assert texts["2"] == "A monitoring mission shall observe the line of contact twice a month."
    assert "[30 (envoy)][20 (north)] km" in texts["4"]
    # Only the conflict still open is listed, now on plan@4; plan@3 is settled.
    listed = json.loads(must("conflicts", "--json", "--db", merged))
    assert [(c["version"], c["label"]) for c in listed] == [("plan@4", "4")]
    versions = {v["ref"]: v for v in json.loads(must("versions", "--json", "--db", merged))}
    assert versions["plan@4"]["parents"] == ["plan@3"]
    must("conflicts", "resolve", "plan@4", "4", "--take", "base", "--db", merged)
    assert json.loads(must("conflicts", "--json", "--db", merged)) == []
    final = json.loads(must("show", "plan@5", "--json", "--db", merged))
    assert final["points"][3]["text"].endswith("withdrawn 15 km from the line of contact.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan@3", "2", "--take", "mine"], "choose one of ours, theirs, base"),
        (["plan@3", "1", "--take", "ours"], "has no open merge conflict"),
        (["plan@3", "9", "--take", "ours"], "has no point 9"),
        (["plan@2", "2", "--take", "ours"], "not the latest version"),
    ],
)
def test_conflicts_resolve_bad_input_is_one_line_and_changes_nothing(
    merged: str, args: list[str], message: str
) -> None:
    before = must("versions", "--json", "--db", merged)
    result = run_cli("conflicts", "resolve", *args, "--db", merged)
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert must("versions", "--json", "--db", merged) == before


def test_bracket_conflict_shapes() -> None:
    assert bracket_conflict("A text.", None, ("envoy", "north")) == (
        "[A text. (envoy)][delete the point (north)]"
    )
    bracketed = bracket_conflict("Limit [15 km][20 km].", "Limit 30 km.", ("a", "b"))
    assert bracketed == "Option 1 (a): Limit [15 km][20 km].\nOption 2 (b): Limit 30 km."
    whole = bracket_conflict("Alpha beta gamma.", "Alpha beta gamma delta.", ("a", "b"))
    assert whole == "[Alpha beta gamma. (a)][Alpha beta gamma delta. (b)]"
