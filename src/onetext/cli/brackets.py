"""``onetext brackets``: what is left open in a text, per version and across versions."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit

if TYPE_CHECKING:
    from rich.console import Console

    from onetext.views.brackets import BracketStats, Burndown

__all__ = ["register"]


def brackets_command(
    document: Annotated[str, typer.Argument(help="Document short name.")],
    version: Annotated[
        int | None,
        typer.Option("--version", help="Version number (default: the latest).", min=1),
    ] = None,
    burndown: Annotated[
        bool, typer.Option("--burndown", help="Brackets remaining in every version, in order.")
    ] = False,
    lineage: Annotated[
        bool,
        typer.Option(
            "--lineage",
            help="With --burndown: also the versions the text was forked or merged from.",
        ),
    ] = False,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", help="With --burndown: also draw the chart (.svg or .png)."),
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open brackets of a version by Article (spans, alternatives, units still
    bracketed), or with --burndown their count across versions."""
    from onetext.errors import InvalidInput
    from onetext.service import brackets
    from onetext.views import to_json

    if not burndown and (lineage or svg is not None):
        raise InvalidInput("--lineage and --svg go with --burndown")
    if burndown and version is not None:
        raise InvalidInput("--version shows one version; --burndown shows them all")
    with unit_of_work(db) as uow:
        actor = actor_for(uow, negotiation, as_member)
        if burndown:
            chart = brackets.bracket_burndown(uow, actor, negotiation, document, lineage=lineage)
        else:
            stats = brackets.version_brackets(uow, actor, negotiation, document, version)
    if not burndown:
        emit(to_json(stats), as_json, lambda console: _render_stats(console, stats))
        return
    if svg is not None:
        from onetext.formats.brackets_chart import write_burndown

        write_burndown(chart, svg)
    emit(to_json(chart), as_json, lambda console: _render_burndown(console, chart, svg))


def _render_stats(console: "Console", stats: "BracketStats") -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        "Article" if stats.articles else "",
        "open brackets",
        "alternatives",
        "units bracketed",
        "units",
        title=Text(f"{stats.ref} by {stats.author}, {stats.created_at[:10]}"),
    )
    if stats.preamble_spans:
        table.add_row(Text("preamble"), str(stats.preamble_spans), str(stats.preamble_options))
    for row in stats.articles:
        table.add_row(
            Text(row.article or "(outside Articles)"),
            str(row.spans),
            str(row.options),
            str(row.bracketed_units),
            str(row.units),
        )
    table.add_section()
    table.add_row(
        Text("total", style="bold"),
        str(stats.spans),
        str(stats.options),
        str(stats.bracketed_units),
        str(stats.units),
    )
    console.print(table)
    console.print(
        Text(
            f"{stats.choices} {'choice' if stats.choices == 1 else 'choices'} to settle, "
            f"{stats.notes} {'note' if stats.notes == 1 else 'notes'} (not counted as brackets)"
        )
    )


def _render_burndown(console: "Console", chart: "Burndown", svg: Path | None) -> None:
    from rich.table import Table
    from rich.text import Text

    what = "lineage of " if chart.lineage else ""
    table = Table(
        "version",
        "tabled",
        "open brackets",
        "alternatives",
        "units bracketed",
        "units",
        title=Text(f"Brackets remaining: {what}{chart.document}"),
    )
    for step in chart.steps:
        table.add_row(
            Text(step.ref),
            step.created_at[:10],
            str(step.spans),
            str(step.options),
            str(step.bracketed_units),
            str(step.units),
        )
    console.print(table)
    if svg is not None:
        console.print(Text(f"chart written to {svg}"))


def register(app: typer.Typer) -> None:
    app.command("brackets")(brackets_command)
