"""CLI commands of comments on a unit: add one, list a version's threads, resolve or
reopen one (``docs/editing.md``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit

if TYPE_CHECKING:
    from rich.console import Console

    from onetext.views.comments import CommentView

__all__ = ["register"]

comment_app = typer.Typer(
    help="Comments on a unit: a thread per unit, private, caucus or joint, open or resolved."
)

VersionArgument = Annotated[str, typer.Argument(help="The version, DOC@N (or DOC: its latest).")]


def _line(view: CommentView) -> str:
    settled = f", {view.status} by {view.status_by}" if view.status_by else ""
    return (
        f"{view.uid} [{view.status}] {view.label or view.point} ({view.version}) "
        f"{view.author}, {view.visibility}{settled}: {view.text}"
    )


@comment_app.command("add")
def comment_add(
    version: VersionArgument,
    label: Annotated[str, typer.Argument(help="The unit, by its label in that version.")],
    text: Annotated[str, typer.Option("--text", help="The comment.")],
    visibility: Annotated[
        str, typer.Option("--visibility", help="private, caucus (with the mediator) or joint.")
    ] = "caucus",
    party: Annotated[
        str | None, typer.Option("--party", help="For which party (default: your own).")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Comment on a unit of a version."""
    from onetext.model.position import Visibility
    from onetext.service import comments
    from onetext.views import to_json

    seen = Visibility.parse(visibility)
    with unit_of_work(db) as uow:
        view = comments.add_comment(
            uow, actor_for(uow, negotiation, as_member), negotiation, version=version,
            label=label, text=text, visibility=seen, party=party,
        )  # fmt: skip
    emit(to_json(view), as_json, lambda c: c.print(_line(view), highlight=False))


@comment_app.command("list")
def comment_list(
    version: VersionArgument,
    point: Annotated[str | None, typer.Option("--point", help="Only this unit's thread.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Only open or only resolved comments.")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The comment threads of a version's units, as far as you may read them."""
    from onetext.service import comments
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        threads = comments.list_comments(
            uow, actor_for(uow, negotiation, as_member), negotiation, version, label=point,
            status=status,
        )  # fmt: skip

    def render(console: Console) -> None:
        from rich.text import Text

        if not any(t.comments for t in threads):
            console.print(Text("no comment you may read"))
        for thread in threads:
            if thread.comments:
                console.print(Text(f"{thread.label}: {thread.open_count} open", style="bold"))
            for view in thread.comments:
                console.print(Text("  " + _line(view)))

    emit([to_json(t) for t in threads], as_json, render)


@comment_app.command("resolve")
def comment_resolve(
    uid: Annotated[str, typer.Argument(help="The comment, e.g. cm_1a2b...")],
    reopen: Annotated[bool, typer.Option("--reopen", help="Reopen it instead.")] = False,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve a comment (or reopen it with --reopen): recorded in the log."""
    from onetext.service import comments
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        view = comments.set_comment_status(
            uow, actor_for(uow, negotiation, as_member), negotiation, uid, resolved=not reopen
        )
    emit(to_json(view), as_json, lambda c: c.print(_line(view), highlight=False))


def register(app: typer.Typer) -> None:
    app.add_typer(comment_app, name="comment")
