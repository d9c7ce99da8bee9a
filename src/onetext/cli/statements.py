"""CLI commands of releases: statements drafted by the mediator, released with every
party's consent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit
from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from onetext.views.record import StatementView

__all__ = ["register"]

statement_app = typer.Typer(
    help="Joint statements and communiqués: released only when every party consented."
)


def _line(view: StatementView) -> str:
    state = (
        f"released {view.released_at[:16]}"
        if view.released_at
        else f"draft, awaiting {', '.join(view.awaiting)}"
    )
    return f"{view.uid} [{view.kind}] {view.title}: {state}"


@statement_app.command("draft")
def statement_draft(
    title: Annotated[str, typer.Option("--title", help="The statement's title.")],
    text_file: Annotated[Path, typer.Option("--file", help="A text file with its wording.")],
    kind: Annotated[
        str, typer.Option("--kind", help="joint-statement or communique.")
    ] = "joint-statement",
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draft a statement for release (the mediator): a draft until every party consents."""
    from onetext.service import releases
    from onetext.views import to_json

    try:
        text = text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {text_file}: {error}") from None
    with unit_of_work(db) as uow:
        view = releases.draft_statement(
            uow, actor_for(uow, negotiation, as_member), negotiation, title=title, text=text,
            kind=kind,
        )  # fmt: skip
    emit(to_json(view), as_json, lambda c: c.print(_line(view), highlight=False))


@statement_app.command("consent")
def statement_consent(
    uid: Annotated[str, typer.Argument(help="The statement, e.g. st_1a2b...")],
    party: Annotated[str, typer.Option("--party", help="Your party.")],
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Consent, for your party, to release the statement as drafted."""
    from onetext.service import releases
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        view = releases.consent_to_statement(
            uow, actor_for(uow, negotiation, as_member), negotiation, uid, party=party
        )
    emit(to_json(view), as_json, lambda c: c.print(_line(view), highlight=False))


@statement_app.command("list")
def statement_list(
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The statements you may read: released ones, and drafts if you are a party or the
    mediator."""
    from onetext.service import releases
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        views = releases.list_statements(uow, actor_for(uow, negotiation, as_member), negotiation)

    def render(console: Console) -> None:
        from rich.text import Text

        for view in views:
            console.print(Text(_line(view)))
            console.print(Text(view.text.rstrip(), style="dim"))

    emit([to_json(v) for v in views], as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(statement_app, name="statement")
