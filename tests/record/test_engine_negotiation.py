"""The engine on a stored negotiation: the demo's worked example and the blind rule."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests_support import must


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("engine") / "demo.db"
    must("demo", "--db", str(db), "--no-show")
    return db


def test_red_lines_block_the_28_point_draft_and_are_named(demo_db: Path) -> None:
    result = json.loads(must("solve", "--db", str(demo_db), "--json"))
    assert result["status"] == "infeasible"
    relax = result["relax"]
    assert relax and all({"party", "point", "option"} <= set(r) for r in relax)
    assert {r["party"] for r in relax} >= {"varnia"}
    labels = {str(n) for n in range(1, 29)}
    assert all(r["point"] in labels for r in relax)


def test_with_drop_allowed_the_engine_suggests_a_package(demo_db: Path, tmp_path: Path) -> None:
    problem = tmp_path / "problem.json"
    result = json.loads(
        must(
            "solve",
            "--db",
            str(demo_db),
            "--allow-drop",
            "--json",
            "--export-problem",
            str(problem),
        )
    )
    assert result["status"] == "optimal"
    assert result["gap"] <= 1e-6
    assert set(result["package"]) == {str(n) for n in range(1, 29)}
    assert set(result["utilities"]) == {"varnia", "ostrel", "contact-group"}
    # the exported problem solves to the same package from the file
    again = json.loads(must("solve", str(problem), "--json"))
    assert again["package"] == result["package"]


def test_a_party_sees_the_package_and_its_own_utility_only(demo_db: Path, cli: object) -> None:
    full = json.loads(must("solve", "--db", str(demo_db), "--allow-drop", "--json"))
    blind = json.loads(
        must(
            "solve",
            "--db",
            str(demo_db),
            "--allow-drop",
            "--json",
            "--as-member",
            "ostrel-negotiator",
        )
    )
    assert set(blind) == {"party", "status", "objective", "package", "utility"}
    # the party's run reads its own marks and the others' joint ones only (issue 13: no
    # oracle), so its package is its own, over the same points as the mediator's
    assert set(blind["package"]) == set(full["package"])
    assert isinstance(blind["utility"], float)
    text = json.dumps(blind)
    assert "varnia" not in text and "contact-group" not in text
    for extra in (["--pareto"], ["--export-problem", "x.json"], ["--party", "varnia"]):
        refused = cli(
            "solve",
            "--db",
            str(demo_db),
            "--as-member",
            "ostrel-negotiator",  # type: ignore[operator]
            *extra,
        )
        assert refused.code == 4, refused.err
    observer = cli("solve", "--db", str(demo_db), "--as-member", "press-observer")  # type: ignore[operator]
    assert observer.code == 4


def test_private_marks_never_enter_the_engine(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(demo_db, copy)
    before = json.loads(must("solve", "--db", str(copy), "--allow-drop", "--json"))
    for label in ("1", "5", "7"):
        must(
            "mark",
            label,
            "--party",
            "varnia",
            "--stance",
            "unacceptable",
            "--priority",
            "5",
            "--visibility",
            "private",
            "--version",
            "framework@1",
            "--db",
            str(copy),
        )
    after = json.loads(must("solve", "--db", str(copy), "--allow-drop", "--json"))
    assert after == before
    must(
        "mark",
        "1",
        "--party",
        "varnia",
        "--stance",
        "unacceptable",
        "--priority",
        "5",
        "--visibility",
        "caucus",
        "--version",
        "framework@1",
        "--db",
        str(copy),
    )
    changed = json.loads(must("solve", "--db", str(copy), "--allow-drop", "--json"))
    assert changed["package"]["1"] == "drop" or changed["utilities"] != before["utilities"]
