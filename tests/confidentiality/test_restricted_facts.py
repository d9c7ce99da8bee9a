"""Facts derived from what a viewer may not read are themselves unreadable (issue 13,
findings 3, 4 and 6): a joint mark made on a private draft, a merge conflict's base
taken from a caucus paper, names and bases answered the same for restricted and
missing documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests_support import build_small_record, must, run_cli

BASE = """NORTHERN PAPER
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line NORTH-BASE-WORDING every week.
3. All prisoners shall be exchanged on the basis of all for all.
"""


def _table(tmp_path: Path, db: str, name: str, text: str, *args: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    must("import", str(path), "-d", name, *args, "--db", db)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "facts.db")
    build_small_record(path)
    return path


def test_a_joint_mark_on_a_private_draft_does_not_show_the_draft(db: str, tmp_path: Path) -> None:
    reworded = (
        "SECRET NORTHERN DRAFT\n1. The parties shall cease all hostilities.\n"
        "2. A monitoring mission shall observe the line of contact [weekly][daily].\n"
        "3. Prisoners shall be exchanged gradually, NORTH-FALLBACK.\n"
    )
    _table(tmp_path, db, "north-secret", reworded, "--party", "north", "--as-member",
           "n-expert", "--visibility", "private", "--from", "framework@1")  # fmt: skip
    must("mark", "3", "--party", "north", "--stance", "accepted", "--visibility", "joint",
         "--version", "north-secret@1", "--as-member", "n-expert", "--db", db)  # fmt: skip
    own = must("history", "3", "--version", "framework@1", "--json", "--db", db,
               "--as-member", "n-expert")  # fmt: skip
    assert "north-secret@1" in own  # north reads its own draft and the mark made on it
    for viewer in (["--as-member", "s-expert"], ["--as-member", "chief"], []):
        seen = [
            must("matrix", "--version", "framework@1", "--json", "--db", db, *viewer),
            must("history", "3", "--version", "framework@1", "--json", "--db", db, *viewer),
            must("board", "--version", "framework@1", "--json", "--db", db, *viewer),
        ]
        for text in seen:
            assert "north-secret" not in text, viewer
        matrix = json.loads(seen[0])
        assert "reconfirm" not in json.dumps(matrix) or all(
            not cell.get("reconfirm") for cell in _cells(matrix) if cell.get("party") == "north"
        )


def _cells(matrix: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "stance" in node and "party" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(matrix)
    return found


@pytest.fixture
def merged_on_a_caucus_base(db: str, tmp_path: Path) -> str:
    """North's caucus paper is the base of two joint lines, merged by the secretariat."""
    _table(tmp_path, db, "north-base", BASE, "--party", "north", "--visibility", "caucus")
    daily, monthly = (BASE.replace("NORTH-BASE-WORDING every week", w) for w in ("day", "month"))
    _table(tmp_path, db, "plan", daily, "--party", "envoy", "--from", "north-base@1")
    _table(tmp_path, db, "counter", monthly, "--party", "south", "--kind", "counter_draft",
           "--from", "north-base@1")  # fmt: skip
    outcome = json.loads(must("merge", "plan@1", "counter@1", "-d", "plan", "--party", "envoy",
                              "--json", "--db", db))  # fmt: skip
    assert outcome["conflicts"] and outcome["base"] == "north-base@1"
    return db


def test_a_conflicts_base_is_shown_only_to_who_reads_the_base(
    merged_on_a_caucus_base: str,
) -> None:
    db = merged_on_a_caucus_base
    mediator = json.loads(must("conflicts", "list", "--json", "--db", db))
    assert any("NORTH-BASE-WORDING" in (c["base"] or "") for c in mediator)
    for member in ("s-expert", "n-expert"):
        listed = must("conflicts", "list", "--json", "--db", db, "--as-member", member)
        versions = must("versions", "--json", "--db", db, "--as-member", member)
        if member == "s-expert":
            assert "NORTH-BASE-WORDING" not in listed
            assert json.loads(listed)  # the conflict itself is listed, its base left out
            assert "north-base" not in versions
        else:
            assert "NORTH-BASE-WORDING" in listed  # north reads its own paper
    refused = run_cli("conflicts", "resolve", "plan@2", "2", "--take", "base", "--db", db,
                      "--as-member", "s-expert")  # fmt: skip
    assert refused.code != 0 and "NORTH-BASE" not in refused.out + refused.err


def test_a_merge_never_names_a_base_its_author_may_not_read(db: str, tmp_path: Path) -> None:
    _table(tmp_path, db, "north-base", BASE, "--party", "north", "--visibility", "private",
           "--as-member", "n-expert")  # fmt: skip
    _table(tmp_path, db, "north-line", BASE.replace("every week", "every day"), "--party",
           "north", "--as-member", "n-expert", "--from", "north-base@1")  # fmt: skip
    _table(tmp_path, db, "north-two", BASE.replace("every week", "monthly"), "--party",
           "north", "--as-member", "n-expert", "--from", "north-base@1")  # fmt: skip
    # two joint lines with no common base at all, for the words of "none"
    _table(tmp_path, db, "south-line", BASE, "--party", "south", "--as-member", "s-expert")
    restricted = run_cli("merge", "north-line@1", "north-two@1", "-d", "south-merge",
                         "--party", "south", "--as-member", "s-expert", "--db", db)  # fmt: skip
    missing = run_cli("merge", "north-line@1", "south-line@1", "-d", "south-merge",
                      "--party", "south", "--as-member", "s-expert", "--db", db)  # fmt: skip
    assert restricted.code == missing.code != 0
    assert "north-base" not in restricted.out + restricted.err
    words = restricted.err.replace("north-two@1", "X").replace("south-line@1", "X")
    assert words == missing.err.replace("south-line@1", "X").replace("north-two@1", "X")


def test_another_partys_private_name_is_free_and_a_visible_one_is_taken(
    db: str, tmp_path: Path
) -> None:
    """Names are per owner: south tables its own ``fallback`` beside north's private
    one without learning it exists; each reads its own under the plain name."""
    _table(tmp_path, db, "fallback", BASE, "--party", "north", "--as-member", "n-expert",
           "--visibility", "private")  # fmt: skip
    path = tmp_path / "south.txt"
    path.write_text(BASE.replace("NORTH-BASE-WORDING", "SOUTH-WORDING"), encoding="utf-8")
    south = ["--party", "south", "--as-member", "s-expert", "--db", db]
    own = run_cli("import", str(path), "-d", "fallback", "--visibility", "private", *south)
    assert own.code == 0, own.err
    assert "north" not in own.out.lower()
    visible = run_cli("import", str(path), "-d", "framework", *south)
    assert visible.code == 5 and "taken" in visible.err
    seen = {}
    for member in ("n-expert", "s-expert"):
        shown = run_cli("show", "fallback@1", "--json", "--as-member", member, "--db", db)
        assert shown.code == 0, shown.err
        seen[member] = shown.out
    assert "NORTH-BASE-WORDING" in seen["n-expert"] and "SOUTH-WORDING" not in seen["n-expert"]
    assert "SOUTH-WORDING" in seen["s-expert"] and "NORTH-BASE-WORDING" not in seen["s-expert"]
