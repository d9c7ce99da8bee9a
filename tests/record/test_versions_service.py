"""Counter-drafts, merges of two lines, comparisons and provenance of stored versions."""

from __future__ import annotations

import json
from pathlib import Path

from tests_support import build_small_record, must

BASE_TEXT = """CEASEFIRE FRAMEWORK
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line of contact [weekly][daily].
3. All prisoners shall be exchanged on the basis of all for all.
"""


def table(db: str, tmp_path: Path, text: str, *args: str) -> dict[str, object]:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return json.loads(must("import", str(path), *args, "--json", "--db", db))[0]


def test_fork_revise_and_merge_two_lines(db_url: str, tmp_path: Path) -> None:
    build_small_record(db_url)
    fork = table(
        db_url,
        tmp_path,
        BASE_TEXT.replace("CEASEFIRE", "COUNTER"),
        "-d",
        "counter",
        "--party",
        "north",
        "--kind",
        "counter_draft",
        "--from",
        "framework@1",
    )
    assert fork["parents"] == ["framework@1"]
    # north rewords point 2 and adds a point; the envoy rewords 2 differently and 3
    table(
        db_url,
        tmp_path,
        BASE_TEXT.replace("observe the line", "patrol the whole line")
        + "4. Heavy weapons shall be withdrawn 30 km from the line of contact.\n",
        "-d",
        "counter",
        "--party",
        "north",
    )
    table(
        db_url,
        tmp_path,
        BASE_TEXT.replace("observe the line", "monitor the line").replace(
            "all for all", "all for all within thirty days"
        ),
        "-d",
        "framework",
        "--party",
        "envoy",
    )
    outcome = json.loads(
        must(
            "merge",
            "framework@2",
            "counter@2",
            "-d",
            "framework",
            "--party",
            "envoy",
            "--json",
            "--db",
            db_url,
        )
    )
    assert outcome["version"] == "framework@3"
    assert outcome["base"] == "framework@1"
    assert outcome["points"] == 4  # nothing lost: 3 common points and north's addition
    [conflict] = outcome["conflicts"]
    assert conflict["label"] == "2"
    assert "monitor the line" in conflict["ours"]
    assert "patrol the whole line" in conflict["theirs"]
    assert "observe the line" in conflict["base"]
    merged = json.loads(must("show", "framework@3", "--json", "--db", db_url))
    texts = [p["text"] for p in merged["points"]]
    assert any("within thirty days" in t for t in texts)  # clean change from ours
    assert any("Heavy weapons" in t for t in texts)  # clean addition from theirs
    listed = json.loads(must("conflicts", "--json", "--db", db_url))
    assert [(c["version"], c["label"]) for c in listed] == [("framework@3", "2")]
    versions = {v["ref"]: v for v in json.loads(must("versions", "--json", "--db", db_url))}
    assert sorted(versions["framework@3"]["parents"]) == ["counter@2", "framework@2"]
    # identities survive: a mark on point 1 made on framework@1 holds on framework@3
    matrix = json.loads(must("matrix", "--version", "framework@3", "--json", "--db", db_url))
    cell = matrix["matrix"]["north"]["1"]
    assert cell is not None and cell["reconfirm"] is False


def test_merge_without_common_base_is_refused(tmp_path: Path, cli: object) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    build_small_record(db)
    table(db, tmp_path, BASE_TEXT, "-d", "other", "--party", "north")
    result = cli("merge", "framework", "other", "--db", db)  # type: ignore[operator]
    assert result.code == 5
    assert "no common base" in result.err


def test_compare_stored_versions_and_trace_sources(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    must("demo", "--db", db, "--no-show")
    compared = json.loads(
        must(
            "compare",
            "framework@1",
            "framework@2",
            "--json",
            "--all",
            "--db",
            db,
            "--html",
            str(tmp_path / "r.html"),
        )
    )
    kinds = {c["kind"] for c in compared["changes"]}
    assert {"reworded", "merged", "removed"} <= kinds
    # What the round record says: points 13, 17 and 18 dropped, several merged.
    assert [c["old"] for c in compared["changes"] if c["kind"] == "removed"] == [
        ["13"],
        ["17"],
        ["18"],
    ]
    assert sum(c["kind"] == "merged" for c in compared["changes"]) == 6
    assert "added" not in kinds
    assert sum(len(c["new"]) for c in compared["changes"]) == 19
    assert "<html" in (tmp_path / "r.html").read_text("utf-8").lower()
    sources = json.loads(must("sources", "framework@1", "--json", "--db", db))
    ostrel = [s for s in sources["summary"] if s["party"] == "ostrel"]
    assert ostrel and ostrel[0]["count"] >= 6
    assert ostrel[0]["kind"] == "position_paper"
