"""``onetext worker`` (take engine runs from the queue) and ``onetext engine ...``
(an engine run's package read as text, and tabled as the next version of the text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit, esc, styled

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from rich.console import Console

    from onetext.solve import Frontier
    from onetext.views.engine_package import TabledPackage

__all__ = ["register"]

engine_app = typer.Typer(
    help="The compromise engine's runs: a run's package tabled as the next version."
)


def _frontier_svg(frontier: Frontier, highlight: Mapping[str, float] | None) -> str:
    from onetext.formats.pareto_plot import render_pareto_plot

    return render_pareto_plot(frontier, ".svg", highlight=highlight).decode()


def worker_command(
    db: DbOption = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Runs at once (threads).")
    ] = 1,
    heartbeat: Annotated[
        float,
        typer.Option("--heartbeat", min=0.1, help="Seconds between the worker's heartbeats."),
    ] = 10.0,
    stalled_after: Annotated[
        float,
        typer.Option(
            "--stalled-after",
            min=0.2,
            help="Seconds of silence after which another worker's runs are taken over.",
        ),
    ] = 30.0,
    once: Annotated[
        bool, typer.Option("--once", help="Stop when the queue is empty instead of waiting.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Take engine runs from the queue (PostgreSQL) until stopped (Ctrl-C).

    A run whose worker died (its heartbeat stopped for --stalled-after seconds) is
    put back in the queue and taken over. On SQLite the web app runs the engine
    itself: no worker is needed."""
    from onetext.service.engine_queue import WorkerSettings, run_worker
    from onetext.store.database import open_database, require_existing_file

    settings = WorkerSettings(
        heartbeat=heartbeat, stalled_after=stalled_after, concurrency=concurrency, once=once
    )
    require_existing_file(db)
    database = open_database(db)
    try:
        if database.is_sqlite:
            run_worker(database, settings)  # refuses, in words
        if not as_json:
            from onetext.cli.output import console

            console.print(
                styled(f"engine worker: taking runs from the queue (concurrency {concurrency})")
            )
        run_worker(database, settings, draw_frontier=_frontier_svg)
    finally:
        database.dispose()
    emit({"stopped": True}, as_json, lambda out: out.print("engine worker stopped"))


def _render_tabled(view: TabledPackage) -> Callable[[Console], None]:
    def render(out: Console) -> None:
        out.print(
            styled(
                f"tabled [bold]{esc(view.version)}[/] from engine run {esc(view.run)} "
                f"(on {esc(view.based_on)}): {view.units} units"
            )
        )
        if view.settled:
            out.print(styled(f"  chosen wording written in: {esc(', '.join(view.settled))}"))
        if view.dropped:
            out.print(styled(f"  left out: {esc(', '.join(view.dropped))}"))

    return render


@engine_app.command("table")
def table_command(
    run: Annotated[str, typer.Argument(help="The engine run's id (run_...).")],
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Table a finished run's package as the next version of its text (the mediator):
    the chosen alternatives written in, the dropped units removed, audit-logged."""
    from onetext.service import engine_package
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        view = engine_package.table_package(
            uow, actor_for(uow, negotiation, as_member), negotiation, run
        )
    emit(to_json(view), as_json, _render_tabled(view))


def register(app: typer.Typer) -> None:
    app.add_typer(engine_app, name="engine")
    app.command("worker")(worker_command)
