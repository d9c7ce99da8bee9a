"""``onetext demo``: build the fictional demo negotiation and show its stance matrix."""

from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.output import DbOption, JsonOption, emit, esc, styled
from onetext.cli.record import render_matrix

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["register"]


def demo_command(
    db: DbOption = None,
    as_json: JsonOption = False,
    show: Annotated[bool, typer.Option("--show/--no-show", help="Print the matrix.")] = True,
) -> None:
    """Build the demo negotiation (Lakemont talks) and show the stance matrix."""
    from onetext.service import drafts, positions
    from onetext.service.actors import operator
    from onetext.service.demo import build_demo, demo_scenario
    from onetext.store.database import open_database
    from onetext.store.unit_of_work import UnitOfWork
    from onetext.views import to_json

    database = open_database(db)
    try:
        summary = build_demo(database)
        slug = summary.negotiation
        focus = demo_scenario().get("focus")
        with UnitOfWork(database) as uow:
            if summary.created and focus:
                drafts.set_focus(uow, operator(), slug, focus)
            view = positions.stance_matrix(uow, operator(), slug)
    finally:
        database.dispose()

    def render(console: "Console") -> None:
        if summary.created:
            console.print(
                styled(
                    f"built demo negotiation [bold]{esc(slug)}[/]: {summary.documents} documents, "
                    f"{summary.marks} marks, {summary.rounds} rounds"
                )
            )
        else:
            console.print(styled(f"demo negotiation [bold]{esc(slug)}[/] already present"))
        if show:
            console.print(render_matrix(view))

    emit(
        {
            "negotiation": slug,
            "created": summary.created,
            "documents": summary.documents,
            "marks": summary.marks,
            "rounds": summary.rounds,
            "matrix": to_json(view),
        },
        as_json,
        render,
    )


def focus_command(
    ref: Annotated[str, typer.Argument(help="Version to put in focus: DOC or DOC@N.")],
    negotiation: Annotated[str | None, typer.Option("--negotiation", "-n")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Put a version in focus: the text the matrix and marks use by default."""
    from onetext.service import drafts
    from onetext.service.actors import operator
    from onetext.store.database import open_database
    from onetext.store.unit_of_work import UnitOfWork

    database = open_database(db)
    try:
        with UnitOfWork(database) as uow:
            name = drafts.set_focus(uow, operator(), negotiation, ref)
    finally:
        database.dispose()
    emit({"focus": name}, as_json, lambda c: c.print(f"{name} is now in focus"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
    app.command("focus")(focus_command)
