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

    from onetext.views.record import PublicStatementView, StatementView

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


public_app = typer.Typer(
    help="What was said in public about the talks, beside what the joint record showed."
)


def _public_line(view: PublicStatementView) -> str:
    line = f'{view.said_at[:10]} {view.speaker} ({view.venue}): "{view.quote.strip()}"'
    if view.claimed_stance:
        shown = view.record_shows or "no joint mark"
        verdict = {True: "agrees", False: "DISAGREES", None: "cannot be compared"}[view.agrees]
        line += (
            f"\n  claims {view.party} {view.claimed_stance} point {view.point}; the joint record"
            f" then: {shown}; {verdict}"
        )
    return line


@public_app.command("add")
def public_add(
    speaker: Annotated[str, typer.Option("--speaker", help="Who said it.")],
    venue: Annotated[str, typer.Option("--venue", help="Where (a press conference, a paper).")],
    at: Annotated[str, typer.Option("--at", help="When (ISO date or date-time).")],
    quote: Annotated[str, typer.Option("--quote", help="What was said.")],
    party: Annotated[
        str | None, typer.Option("--party", help="The party whose stance it claims.")
    ] = None,
    point: Annotated[str | None, typer.Option("--point", help="The point it is about.")] = None,
    version: Annotated[str | None, typer.Option("--version", help="DOC or DOC@N.")] = None,
    stance: Annotated[
        str | None, typer.Option("--stance", help="The stance it claims (accepted, rejected...).")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a public statement about the talks (and the stance it claims, if any)."""
    from onetext.cli.context import parse_when
    from onetext.model import Stance
    from onetext.service import public_record
    from onetext.views import to_json

    claimed = Stance.parse(stance) if stance else None
    with unit_of_work(db) as uow:
        view = public_record.record_public_statement(
            uow, actor_for(uow, negotiation, as_member), negotiation, speaker=speaker,
            venue=venue, said_at=parse_when(at), quote=quote, party=party, point=point,
            version=version, claimed_stance=claimed,
        )  # fmt: skip
    emit(to_json(view), as_json, lambda c: c.print(_public_line(view), highlight=False))


@public_app.command("list")
def public_list(
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every public statement recorded, each beside what the joint record showed then."""
    from onetext.service import public_record
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        views = public_record.list_public_statements(
            uow, actor_for(uow, negotiation, as_member), negotiation
        )

    def render(console: Console) -> None:
        from rich.text import Text

        for view in views:
            console.print(Text(_public_line(view)))

    emit([to_json(v) for v in views], as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(statement_app, name="statement")
    app.add_typer(public_app, name="public-statement")
