"""CLI command ``onetext solve``: the compromise engine on a problem file or a negotiation."""

import json
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit, esc, styled
from onetext.errors import InvalidInput, ProblemFileError

if TYPE_CHECKING:
    from rich.console import Console

    from onetext.solve import (
        Frontier,
        Objective,
        Problem,
        Sensitivity,
        Solution,
        TradeReport,
    )

__all__ = ["load_problem_file", "register"]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("solve")(solve_command)


def load_problem_file(path: Path) -> "Problem":
    """Read an ``onetext-problem/1`` file; errors name the file and the entry."""
    from onetext.solve import problem_from_json

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"no such problem file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read problem file {path}: {error}") from None
    try:
        return problem_from_json(text)
    except ProblemFileError as error:
        wrapped = ProblemFileError("", f"{path}: {error.message}")
        wrapped.path = error.path
        raise wrapped from None


def _current_package(value: str) -> dict[str, str]:
    source = value
    if not value.lstrip().startswith("{"):
        try:
            source = Path(value).read_text(encoding="utf-8")
        except OSError:
            raise InvalidInput(
                f"--trades: {value!r} is neither a JSON object nor a readable file"
            ) from None
    try:
        data = json.loads(source)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"--trades: not valid JSON ({error.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("package"), dict):
        data = data["package"]  # accept a solve --json output as the current package
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InvalidInput('--trades: expected {"point": "option", ...}')
    return data


def solve_command(
    problem_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PROBLEM]",
            help="onetext-problem/1 JSON file ('-': stdin); without it, the negotiation in --db.",
        ),
    ] = None,
    objective: Annotated[
        str, typer.Option("--objective", "-o", help="nash, maxmin, welfare or kalai.")
    ] = "nash",
    pareto: Annotated[bool, typer.Option("--pareto", help="List the Pareto frontier.")] = False,
    trades: Annotated[
        str | None,
        typer.Option(
            "--trades",
            metavar="CURRENT",
            help="Trades from this package: JSON {point: option} or a file holding it.",
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option("--sensitivity", metavar="N", help="Re-solve N times with noisy scores."),
    ] = 0,
    noise: Annotated[float, typer.Option(help="Score noise (sd, 0-100 scale).")] = 10.0,
    seed: Annotated[int, typer.Option(help="Random seed of --sensitivity.")] = 0,
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="FILE", help="Draw the frontier (.svg/.png).")
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", help="Show only this party's blind view of the suggestion."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds before giving up on a certificate.")
    ] = 60.0,
    version: Annotated[
        str | None,
        typer.Option("--version", help="Negotiation mode: the version to solve (DOC or DOC@N)."),
    ] = None,
    allow_drop: Annotated[
        bool, typer.Option("--allow-drop", help="Negotiation mode: every point may be dropped.")
    ] = False,
    export_problem: Annotated[
        Path | None,
        typer.Option("--export-problem", help="Negotiation mode: also write the problem file."),
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find the package every party can accept, or what blocks one.

    With a PROBLEM file, the mediator's full view. Without one, the problem is built
    from the marks of a stored version (caucus and joint marks, never private ones);
    a party delegate (--as-member) sees only the package and its own utility."""
    from onetext.service.engine import solver_problem
    from onetext.solve import (
        Objective,
        find_trades,
        pareto_frontier,
        party_view,
        problem_to_json,
        solve,
    )

    chosen = Objective.parse(objective)
    if samples < 0:
        raise InvalidInput("--sensitivity must be 0 or more")
    if time_limit <= 0:
        raise InvalidInput("--time-limit must be positive")
    if plot is not None and plot.suffix.lower() not in (".svg", ".png"):
        raise InvalidInput(f"cannot plot to {plot}: use a .svg or .png file name")
    modes = pareto or trades is not None or samples > 0 or plot is not None
    if party is not None and modes:
        raise InvalidInput(
            "--party shows a party's blind view of the suggestion only; "
            "--pareto, --trades, --sensitivity and --plot are for the mediator"
        )
    if problem_file is not None:
        problem = load_problem_file(problem_file)
    else:
        with unit_of_work(db) as uow:
            problem, party = solver_problem(
                uow,
                actor_for(uow, negotiation, as_member),
                negotiation,
                version=version,
                allow_drop=allow_drop,
                detail=modes or export_problem is not None,
                party=party,
            )
        if export_problem is not None:
            export_problem.write_text(problem_to_json(problem), encoding="utf-8")
    if party is not None:
        problem.party(party)
    data: dict[str, Any] = {}
    renders: list[Any] = []

    solution: Solution | None = None
    if not modes or plot is not None:
        solution = solve(problem, chosen, time_limit=time_limit)
    if not modes and solution is not None:
        if party is not None:
            view = party_view(solution, party)
            data.update(view.to_json())
            renders.append(lambda c: _render_party(c, view.to_json(), problem))
        else:
            data.update(solution.to_json())
            renders.append(lambda c: _render_solution(c, solution, problem))
    if pareto or plot is not None:
        frontier = pareto_frontier(problem, time_limit=time_limit)
        if pareto:
            data.update(frontier.to_json())
            renders.append(lambda c: _render_frontier(c, frontier))
        if plot is not None:
            from onetext.formats.pareto_plot import write_pareto_plot

            highlight = solution.utilities if solution is not None else None
            write_pareto_plot(frontier, plot, highlight=highlight)
            renders.append(lambda c: c.print(f"Plot written to {plot}"))
    if trades is not None:
        report = find_trades(problem, _current_package(trades), time_limit=time_limit)
        data.update(report.to_json())
        renders.append(lambda c: _render_trades(c, report, problem))
    if samples > 0:
        result = _run_sensitivity(problem, chosen, samples, noise, seed, quiet=as_json)
        data["sensitivity"] = result.to_json()
        renders.append(lambda c: _render_sensitivity(c, result, problem))

    def render(console: "Console") -> None:
        for draw in renders:
            draw(console)

    emit(data, as_json, render)


def _run_sensitivity(
    problem: "Problem",
    objective: "Objective",
    samples: int,
    noise: float,
    seed: int,
    *,
    quiet: bool,
) -> "Sensitivity":
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from onetext.cli.output import err_console
    from onetext.solve import sensitivity

    progress = Progress(
        TextColumn("[bold]sensitivity[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=quiet and not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("samples", total=samples)
        return sensitivity(
            problem,
            objective,
            samples,
            random.Random(seed),
            noise=noise,
            on_sample=lambda n: progress.update(task, completed=n),
        )


_TITLES = {  # by Objective's value: the engine is not loaded for --help
    "nash": "Nash bargaining package",
    "maxmin": "Max-min (egalitarian) package",
    "welfare": "Welfare (utilitarian) package",
    "kalai": "Kalai-Smorodinsky package",
}


def _label(problem: "Problem", point_id: str) -> str:
    return problem.point(point_id).display


def _render_solution(console: "Console", solution: "Solution", problem: "Problem") -> None:
    from rich.table import Table

    title = _TITLES[solution.objective.value]
    if not solution.optimal:
        console.print(styled(f"[bold red]No {esc(title.lower())}[/]: {esc(solution.reason)}."))
        if solution.relax:
            weight = sum(r.weight for r in solution.relax)
            console.print(f"Smallest relaxation that opens one (weight {weight:g}):")
            for item in solution.relax:
                label = None if item.point is None else _label(problem, item.point)
                console.print(f"  - {item.describe(label)}")
        return
    assert solution.package is not None and solution.utilities is not None
    console.print(
        styled(
            f"[bold]{esc(title)}[/] — optimal, certified gap {solution.gap:.1e} "
            f"({esc(solution.solves)} solves, {solution.seconds:.2f} s)"
        )
    )
    table = Table("point", "option")
    for point_id, option in solution.package.items():
        table.add_row(_label(problem, point_id), option)
    console.print(table)
    parties = Table("party", "utility")
    for party_id, utility in solution.utilities.items():
        parties.add_row(party_id, f"{utility:.2f}")
    console.print(parties)
    console.print(f"objective value: {solution.value:.6g}")


def _render_party(console: "Console", view: dict[str, Any], problem: "Problem") -> None:
    from rich.table import Table

    if view["package"] is None:
        console.print(
            styled(
                f"[bold red]No package is acceptable[/] to every party (for {esc(view['party'])})."
            )
        )
        for item in view.get("relax", []):
            if "point" in item:
                console.print(
                    f"  - your red line on option {item['option']!r} of point "
                    f"{_label(problem, item['point'])} blocks one"
                )
            else:
                console.print("  - your reservation utility blocks one")
        return
    console.print(
        styled(f"[bold]Suggested package[/] for {esc(view['party'])} ({esc(view['objective'])})")
    )
    table = Table("point", "option")
    for point_id, option in view["package"].items():
        table.add_row(_label(problem, point_id), option)
    console.print(table)
    console.print(f"your utility: {view['utility']:.2f}")


def _render_frontier(console: "Console", frontier: "Frontier") -> None:
    from rich.table import Table

    kind = "exact" if frontier.exact else "verified, well spread"
    console.print(
        styled(f"[bold]Pareto frontier[/] — {esc(len(frontier.points))} packages ({esc(kind)})")
    )
    table = Table("#", *frontier.parties)
    for n, point in enumerate(frontier.points, 1):
        table.add_row(str(n), *(f"{point.utilities[p]:.2f}" for p in frontier.parties))
    console.print(table)


def _render_trades(console: "Console", report: "TradeReport", problem: "Problem") -> None:
    labels = {p.id: p.display for p in problem.points}
    now = ", ".join(f"{p} {u:.1f}" for p, u in report.utilities.items())
    console.print(styled(f"[bold]Trades[/] from the current package ({esc(now)})"))
    if not report.trades:
        console.print("No swap makes every party at least as well off and one better.")
    for n, trade in enumerate(report.trades, 1):
        gains = ", ".join(f"{p} {g:+.1f}" for p, g in trade.gains.items())
        console.print(f"{n}. {trade.describe(labels)}  ({gains})")
        for swap in trade.swaps:
            console.print(f"     point {labels[swap.point]}: {swap.old} → {swap.new}")


def _render_sensitivity(console: "Console", result: "Sensitivity", problem: "Problem") -> None:
    from rich.table import Table

    console.print(
        styled(
            f"[bold]Sensitivity[/] — {esc(result.samples)} samples, noise {result.noise:g}: "
            f"same package in {result.same_package:.0%}, no package in {esc(result.infeasible)}"
        )
    )
    if result.baseline is None:
        return
    table = Table("point", "suggested", "kept in")
    for point_id, option in result.baseline.items():
        table.add_row(
            _label(problem, point_id), option, f"{result.frequency[point_id][option]:.0%}"
        )
    console.print(table)
