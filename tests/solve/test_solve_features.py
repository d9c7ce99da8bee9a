"""Marks to problem, blind views, trades, sensitivity, time limits."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from generators.bruteforce import enumerate_packages
from generators.instances import random_problem
from onetext.errors import InvalidInput, SolverError
from onetext.model import Option, Point, Position, Stance, Visibility
from onetext.solve import (
    PartySpec,
    PointChoice,
    find_trades,
    pareto_frontier,
    party_view,
    problem_from_marks,
    sensitivity,
    solve,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _mark(
    party: str,
    point: str,
    stance: Stance,
    priority: int = 3,
    *,
    option: str | None = None,
    minutes: int = 0,
    visibility: Visibility = Visibility.CAUCUS,
) -> Position:
    return Position(
        uid=f"{party}-{point}-{option}-{minutes}",
        party=party,
        point_uid=point,
        version_uid="v1",
        stance=stance,
        priority=priority,
        visibility=visibility,
        author="someone",
        marked_at=T0 + timedelta(minutes=minutes),
        option_key=option,
    )


def test_marks_become_scores_weights_and_red_lines() -> None:
    points = [
        PointChoice("u1", ("keep", "drop"), "1"),
        PointChoice.from_point(
            Point(
                "u2",
                "2",
                "The parties [shall][should] meet.",
                options=(Option("a", "shall"), Option("b", "should")),
            ),
            droppable=True,
        ),
    ]
    marks = [
        _mark("north", "u1", Stance.OPEN, 2),
        _mark("north", "u1", Stance.ACCEPTED, 4, minutes=5),  # supersedes
        _mark("north", "u2", Stance.RESERVATIONS, 1, option="a"),
        _mark("north", "u2", Stance.UNACCEPTABLE, 5, option="b"),
        _mark("south", "u1", Stance.UNACCEPTABLE, 5),
        _mark("south", "u2", Stance.ACCEPTED, 2, visibility=Visibility.PRIVATE),
    ]
    problem = problem_from_marks(["north", PartySpec("south", reservation=10)], points, marks)
    north = problem.preferences["north"]
    assert dict(north["u1"].scores) == {"keep": 100.0, "drop": 0.0}
    assert north["u1"].weight == 4.0
    assert dict(north["u2"].scores) == {"a": 70.0, "b": 0.0, "drop": 50.0}
    assert north["u2"].unacceptable == {"b"} and north["u2"].weight == 5.0
    south = problem.preferences["south"]
    assert south["u1"].unacceptable == {"keep"} and south["u1"].scores["drop"] == 100.0
    assert "u2" not in south  # its only mark there is private
    assert problem.party("south").reservation == 10
    assert problem.point("u2").options == ("a", "b", "drop")
    solution = solve(problem, "nash")
    assert solution.package == {"u1": "drop", "u2": "a"}


def test_bracket_groups_combine_and_explicit_scores_win() -> None:
    point = Point(
        "u1",
        "1",
        "[A][B] and [C][D]",
        options=(
            Option("1a", "A", 1),
            Option("1b", "B", 1),
            Option("2a", "C", 2),
            Option("2b", "D", 2),
        ),
    )
    choice = PointChoice.from_point(point)
    assert choice.options == ("1a+2a", "1a+2b", "1b+2a", "1b+2b")
    marks = [
        _mark("north", "u1", Stance.ACCEPTED, option="1a"),
        _mark("north", "u1", Stance.UNACCEPTABLE, option="2b"),
    ]
    problem = problem_from_marks(["north"], [choice], marks)
    pref = problem.preferences["north"]["u1"]
    assert pref.scores["1a+2a"] == 75.0  # mean of accepted (100) and open (50)
    assert pref.unacceptable == {"1a+2b", "1b+2b"}
    explicit = {"north": {"u1": {"1a+2a": 1, "1a+2b": 2, "1b+2a": 3, "1b+2b": 4}}}
    problem = problem_from_marks(["north"], [choice], marks, scores=explicit)
    assert problem.preferences["north"]["u1"].scores["1b+2a"] == 3.0
    with pytest.raises(InvalidInput, match="has marked no point"):
        problem_from_marks(["north", "south"], [choice], marks)


def test_party_view_shows_only_the_package_and_own_utility() -> None:
    problem = random_problem(np.random.default_rng(3), 5, 3, 3)
    solution = solve(problem, "nash")
    view = party_view(solution, "party2").to_json()
    assert set(view) == {"party", "status", "objective", "package", "utility"}
    assert view["utility"] == solution.utilities["party2"]  # type: ignore[index]
    assert "party1" not in str(view) and "party3" not in str(view)
    with pytest.raises(InvalidInput):
        party_view(solution, "nobody")


def test_party_view_of_a_blocked_problem_lists_only_own_red_lines() -> None:
    rng = np.random.default_rng(5)
    while True:
        problem = random_problem(rng, 2, 2, 2, red_line_rate=0.7)
        solution = solve(problem, "welfare")
        if solution.relax and len({r.party for r in solution.relax}) == 2:
            break
    for party in ("party1", "party2"):
        view = party_view(solution, party).to_json()
        assert view["package"] is None
        assert view["relax"] and all(item["party"] == party for item in view["relax"])


def test_trades_make_nobody_worse_and_someone_better() -> None:
    rng = np.random.default_rng(9)
    problem = random_problem(rng, 6, 3, 3, red_line_rate=0.1, n_links=1)
    cp = problem.compiled
    enum = enumerate_packages(cp)
    start_index = int(np.flatnonzero(enum.acceptable)[0])
    start = enum.choice(start_index)
    report = find_trades(problem, problem.package_to_mapping(start), limit=4)
    base = cp.utilities(start)
    better = np.all(enum.utilities >= base[:, None] - 1e-9, axis=0) & enum.acceptable
    better &= enum.utilities.sum(axis=0) > base.sum() + 1e-6
    assert bool(report.trades) == bool(better.any())
    previous = 0
    for trade in report.trades:
        after = cp.utilities(problem.package_from_mapping(trade.package))
        assert np.all(after >= base - 1e-7) and after.sum() > base.sum()
        assert len(trade.swaps) >= previous  # smallest trades first
        previous = len(trade.swaps)
        assert "yields on point" in trade.describe() or trade.describe().startswith("nobody")
    if report.trades:
        index = np.indices(enum.sizes).reshape(len(enum.sizes), -1)
        changes = (index != start[:, None]).sum(axis=0)
        assert len(report.trades[0].swaps) == int(changes[better].min())


def test_trades_reject_a_bad_current_package() -> None:
    problem = random_problem(np.random.default_rng(1), 2, 2, 2)
    with pytest.raises(InvalidInput, match="no option"):
        find_trades(problem, {"p1": "o9", "p2": "o1"})
    with pytest.raises(InvalidInput, match="gives no option"):
        find_trades(problem, {"p1": "o1"})


def test_sensitivity_is_reproducible_and_counts_every_sample() -> None:
    problem = random_problem(np.random.default_rng(4), 5, 3, 2)
    seen: list[int] = []
    first = sensitivity(problem, "welfare", 12, random.Random(1), on_sample=seen.append)
    second = sensitivity(problem, "welfare", 12, np.random.default_rng(np.random.SeedSequence(0)))
    again = sensitivity(problem, "welfare", 12, random.Random(1))
    assert seen == list(range(1, 13))
    assert first.to_json() == again.to_json()
    assert second.samples == 12
    for point, freq in first.frequency.items():
        assert abs(sum(freq.values()) - (1 - first.infeasible / 12)) < 1e-9, point
    quiet = sensitivity(problem, "welfare", 5, random.Random(2), noise=0.0)
    assert quiet.same_package == 1.0
    assert quiet.robust_points() == list(quiet.baseline or {})


def test_time_limit_gives_a_solver_error_not_an_uncertified_answer() -> None:
    problem = random_problem(np.random.default_rng(0), 30, 5, 5)
    with pytest.raises(SolverError, match="ran out of time"):
        solve(problem, "maxmin", time_limit=0.05)


def test_pareto_plot_writes_svg_and_png(tmp_path: Path) -> None:
    from onetext.formats.pareto_plot import write_pareto_plot

    for parties in (2, 3):
        problem = random_problem(np.random.default_rng(parties), 5, 3, parties)
        frontier = pareto_frontier(problem, max_points=8)
        highlight = solve(problem, "nash").utilities
        svg = write_pareto_plot(frontier, tmp_path / f"f{parties}.svg", highlight=highlight)
        png = write_pareto_plot(frontier, tmp_path / f"f{parties}.png")
        assert svg.read_text().lstrip().startswith("<?xml")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InvalidInput, match=r"\.svg or \.png"):
        write_pareto_plot(frontier, tmp_path / "f.pdf")
