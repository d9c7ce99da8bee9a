"""``onetext solve``: the DESIGN JSON shape, readable output, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onetext.cli import app

PROBLEM = {
    "format": "onetext-problem/1",
    "parties": [{"id": "north", "reservation": 30, "disagreement": 20}, {"id": "south"}],
    "points": [
        {"id": "p1", "options": ["a", "b", "drop"]},
        {"id": "p2", "options": ["x", "y"]},
        {"id": "p3", "options": ["b", "c", "d"]},
    ],
    "preferences": {
        "north": {
            "p1": {
                "weight": 2.0,
                "scores": {"a": 100, "b": 40, "drop": 0},
                "unacceptable": ["drop"],
            },
            "p2": {"weight": 1, "scores": {"x": 20, "y": 90}},
            "p3": {"weight": 3, "scores": {"b": 70, "c": 10, "d": 50}},
        },
        "south": {
            "p1": {"weight": 1.0, "scores": {"a": 10, "b": 80, "drop": 60}},
            "p2": {"weight": 4, "scores": {"x": 100, "y": 0}},
            "p3": {"weight": 2, "scores": {"b": 0, "c": 100, "d": 60}, "unacceptable": ["b"]},
        },
    },
    "links": [{"if": {"p1": "a"}, "then": {"p3": ["b", "c"]}}],
}

runner = CliRunner()


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM))
    return path


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, ["solve", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("objective", ["nash", "maxmin", "welfare", "kalai"])
def test_objective_json_has_exactly_the_design_keys(problem_file: Path, objective: str) -> None:
    data = _json([str(problem_file), "--objective", objective])
    assert set(data) == {"status", "objective", "package", "utilities", "value", "gap"}
    assert data["status"] == "optimal" and data["objective"] == objective
    assert set(data["package"]) == {"p1", "p2", "p3"}  # type: ignore[arg-type]
    assert set(data["utilities"]) == {"north", "south"}  # type: ignore[arg-type]
    assert isinstance(data["value"], float) and 0 <= data["gap"] <= 1e-6  # type: ignore[operator]


def test_nash_package_and_value(problem_file: Path) -> None:
    data = _json([str(problem_file)])
    assert data["package"] == {"p1": "a", "p2": "x", "p3": "c"}
    utilities = data["utilities"]
    assert isinstance(utilities, dict)
    assert data["value"] == pytest.approx((utilities["north"] - 20) * utilities["south"])


def test_infeasible_json_names_the_relaxation(tmp_path: Path) -> None:
    blocked = json.loads(json.dumps(PROBLEM))
    blocked["parties"][1]["reservation"] = 95
    path = tmp_path / "blocked.json"
    path.write_text(json.dumps(blocked))
    data = _json([str(path)])
    assert data["status"] == "infeasible" and data["package"] is None
    # north gives up its reservation (weight 6) rather than south (weight 7)
    assert data["relax"] == [{"party": "north", "reservation": 30.0}]
    readable = runner.invoke(app, ["solve", str(path)])
    assert readable.exit_code == 0 and "north would accept less" in readable.stdout


def test_pareto_trades_sensitivity_and_plot(problem_file: Path, tmp_path: Path) -> None:
    data = _json([str(problem_file), "--pareto"])
    assert set(data) == {"frontier"}
    frontier = data["frontier"]
    assert isinstance(frontier, list) and len(frontier) == 2
    assert all(set(item) == {"utilities", "package"} for item in frontier)
    current = json.dumps({"p1": "b", "p2": "y", "p3": "d"})
    data = _json([str(problem_file), "--trades", current])
    assert data["trades"][0]["swaps"][0]["yields"] == ["south"]  # type: ignore[index]
    data = _json([str(problem_file), "--sensitivity", "5"])
    assert data["sensitivity"]["samples"] == 5  # type: ignore[index]
    plot = tmp_path / "frontier.svg"
    result = runner.invoke(app, ["solve", str(problem_file), "--plot", str(plot)])
    assert result.exit_code == 0 and plot.read_text().lstrip().startswith("<?xml")


def test_party_view_is_blind(problem_file: Path) -> None:
    data = _json([str(problem_file), "--party", "north"])
    assert set(data) == {"party", "status", "objective", "package", "utility"}
    assert "south" not in json.dumps(data)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from onetext.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "solve", *args], capture_output=True, text=True, check=False
    )


def test_bad_file_is_one_line_naming_the_path(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(PROBLEM))
    del broken["preferences"]["north"]["p1"]["scores"]["b"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    result = _run(str(path), "--json")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "preferences.north.p1.scores.b" in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_and_bad_options_are_user_errors(problem_file: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["solve", str(tmp_path / "nope.json")])
    assert "no such problem file" in str(missing.exception)
    wrong = runner.invoke(app, ["solve", str(problem_file), "--objective", "best"])
    assert "invalid objective" in str(wrong.exception)
    blind = runner.invoke(app, ["solve", str(problem_file), "--party", "north", "--pareto"])
    assert "for the mediator" in str(blind.exception)
