"""The demo negotiation: built through the real use cases, shown by the matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onetext.service.demo import demo_scenario
from tests_support import must


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "onetext.db")
    must("demo", "--db", db, "--no-show")
    return db


def test_matrix_shows_every_party_on_every_point_of_the_28_point_draft(demo_db: str) -> None:
    view = json.loads(must("matrix", "--json", "--db", demo_db))
    assert view["version"] == "framework@1"
    assert len(view["points"]) == 28
    assert view["parties"] == ["varnia", "ostrel", "contact-group"]
    for party in ("varnia", "ostrel"):
        row = view["matrix"][party]
        assert len(row) == 28
        marked = {label for label, cell in row.items() if cell is not None}
        # the operator sees caucus and joint marks: every point is marked by both sides
        assert len(marked) >= 26, (party, sorted(set(row) - marked))
    stances = {cell["stance"] for row in view["matrix"].values() for cell in row.values() if cell}
    assert stances == {"accepted", "reservations", "open", "unacceptable"}


def test_demo_is_idempotent_and_tells_so(demo_db: str) -> None:
    out = must("demo", "--db", demo_db, "--no-show")
    assert "already present" in out


def test_demo_story_has_package_rounds_and_counter_draft(demo_db: str) -> None:
    versions = json.loads(must("versions", "--json", "--db", demo_db))
    refs = {v["ref"]: v for v in versions}
    assert refs["framework@2"]["points"] == 19
    assert refs["framework@2"]["parents"] == ["framework@1"]
    assert refs["counter-framework@1"]["parents"] == ["framework@1"]
    assert refs["proposal@1"]["points"] == 27
    annexes = [v for v in versions if v["main"] == "proposal"]
    assert len(annexes) == 4
    rounds = json.loads(must("round", "list", "--json", "--db", demo_db))
    assert {r["level"] for r in rounds} == {"expert", "principal"}
    assert any(r["hours"] == 5 and r["ends_at"][11:13] < "06" for r in rounds)


def test_private_notes_of_the_demo_stay_with_their_party(demo_db: str) -> None:
    private = [m for m in demo_scenario()["marks"] if m.get("visibility") == "private"]
    assert private
    for item in private:
        other = "ostrel-negotiator" if item["party"] == "varnia" else "varnia-negotiator"
        members = {m["handle"] for m in demo_scenario()["members"]}
        assert other in members
        for args in (
            ["matrix", "--version", item["version"]],
            ["history", str(item["point"]), "--version", item["version"]],
        ):
            out = must(*args, "--json", "--as-member", other, "--db", demo_db)
            assert item["note"] not in out
            mediator = must(*args, "--json", "--as-member", "envoy-chief", "--db", demo_db)
            assert item["note"] not in mediator
        own = must(
            "history",
            str(item["point"]),
            "--version",
            item["version"],
            "--json",
            "--as-member",
            f"{item['party']}-negotiator",
            "--db",
            demo_db,
        )
        assert json.dumps(item["note"], ensure_ascii=False)[1:-1] in own  # positive control


def test_exported_demo_draft_reads_back(demo_db: str, tmp_path: Path) -> None:
    for suffix in (".md", ".docx", ".txt"):
        out = tmp_path / f"framework{suffix}"
        must("export", "framework@1", str(out), "--db", demo_db)
        again = tmp_path / f"again{suffix}"
        must("import", str(out), "-d", f"copy{suffix[1:]}", "--party", "envoy", "--db", demo_db)
        shown = json.loads(must("show", f"copy{suffix[1:]}", "--json", "--db", demo_db))
        original = json.loads(must("show", "framework@1", "--json", "--db", demo_db))
        assert [(p["label"], p["text"], p["options"]) for p in shown["points"]] == [
            (p["label"], p["text"], p["options"]) for p in original["points"]
        ]
        assert not again.exists()


def test_pictures_of_the_matrix_and_the_history(demo_db: str, tmp_path: Path, cli: object) -> None:
    must("matrix", "--picture", str(tmp_path / "m.png"), "--db", demo_db)
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    must("matrix", "--picture", str(tmp_path / "m.svg"), "--db", demo_db)
    svg = (tmp_path / "m.svg").read_text("utf-8")
    assert "<svg" in svg and "contact-group" in svg
    must("versions", "--picture", str(tmp_path / "h.svg"), "--db", demo_db)
    assert "counter-framework@1" in (tmp_path / "h.svg").read_text("utf-8")
    bad = cli("matrix", "--picture", str(tmp_path / "m.gif"), "--db", demo_db)  # type: ignore[operator]
    assert bad.code == 2 and ".svg or .png" in bad.err
