"""CLI commands of amendments: table one to a unit, list them, mark a stance on a joint
one, the mediator's decisions and the consolidation into the next version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit
from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from onetext.views.amendments import AmendmentView

__all__ = ["register"]

amend_app = typer.Typer(
    help="Amendments to a unit of a version: tabled by a delegation, marked by the "
    "others, decided and consolidated by the mediator."
)

VersionOption = Annotated[
    str | None,
    typer.Option("--version", help="DOC or DOC@N (default: in focus, else the latest tabled)."),
]


def _wording(wording: str | None, wording_file: Path | None) -> str:
    if wording is not None and wording_file is not None:
        raise InvalidInput("give the wording with --wording or --wording-file, not both")
    if wording_file is None:
        return wording or ""
    try:
        return wording_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {wording_file}: {error}") from None


def _line(view: AmendmentView) -> str:
    state = view.status
    if view.result_version:
        state += f", written into {view.result_version}"
        if view.result_label:
            state += f" as {view.result_label}"
    return (
        f"{view.uid} {view.kind} {view.label} of {view.version} by {view.party} "
        f"({view.visibility}): {state}"
    )


def _print(console: Console, view: AmendmentView) -> None:
    from rich.text import Text

    console.print(Text(_line(view)))
    if view.wording:
        console.print(Text(f"  wording: {view.wording}"))
    if view.justification:
        console.print(Text(f"  why: {view.justification}", style="dim"))
    if view.decided_wording:
        console.print(Text(f"  mediator's wording: {view.decided_wording}"))
    for mark in view.marks:
        note = f" ({mark.note})" if mark.note else ""
        console.print(Text(f"  {mark.party}: {mark.stance} [{mark.visibility}]{note}"))


@amend_app.command("table")
def amend_table(
    label: Annotated[str, typer.Argument(help="The unit amended, as the version cites it.")],
    kind: Annotated[
        str, typer.Option("--kind", help="replace, insert (after the unit), delete or alternative.")
    ],
    wording: Annotated[
        str | None, typer.Option("--wording", help="The new wording (not for delete).")
    ] = None,
    wording_file: Annotated[
        Path | None, typer.Option("--wording-file", help="A text file with the wording.")
    ] = None,
    justification: Annotated[
        str, typer.Option("--justification", help="Why the delegation proposes it.")
    ] = "",
    visibility: Annotated[
        str,
        typer.Option(
            "--visibility",
            help="private (a draft inside your party), caucus (+ mediator) or joint "
            "(everyone in the negotiation, observers included).",
        ),
    ] = "caucus",
    party: Annotated[
        str | None, typer.Option("--party", help="The tabling party (default: yours).")
    ] = None,
    version: VersionOption = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Table an amendment to one unit of a version."""
    from onetext.model import Visibility
    from onetext.model.amendment import AmendmentKind
    from onetext.service import amendments
    from onetext.views import to_json

    parsed_kind = AmendmentKind.parse(kind)
    parsed_visibility = Visibility.parse(visibility)
    text = _wording(wording, wording_file)
    with unit_of_work(db) as uow:
        view = amendments.table_amendment(
            uow, actor_for(uow, negotiation, as_member), negotiation, label=label,
            kind=parsed_kind, wording=text, justification=justification,
            visibility=parsed_visibility, version=version, party=party,
        )  # fmt: skip
    emit(to_json(view), as_json, lambda c: _print(c, view))


@amend_app.command("list")
def amend_list(
    version: VersionOption = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The amendments to a version that you may read, with the stances you may read."""
    from onetext.service import amendments
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        found = amendments.list_amendments(
            uow, actor_for(uow, negotiation, as_member), negotiation, version=version
        )

    def render(console: Console) -> None:
        from rich.text import Text

        console.print(Text(f"Amendments to {found.version}: {len(found.amendments)}"))
        for view in found.amendments:
            _print(console, view)

    emit(to_json(found), as_json, render)


@amend_app.command("mark")
def amend_mark(
    uid: Annotated[str, typer.Argument(help="The amendment, e.g. amd_1a2b...")],
    stance: Annotated[
        str, typer.Option("--stance", help="accepted, reservations, open or unacceptable.")
    ],
    note: Annotated[str, typer.Option("--note", help="Why; same visibility as the mark.")] = "",
    visibility: Annotated[
        str, typer.Option("--visibility", help="private, caucus (+ mediator) or joint.")
    ] = "caucus",
    party: Annotated[
        str | None, typer.Option("--party", help="The party whose stance this is.")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mark your party's stance on another party's joint amendment (kept, never
    overwritten)."""
    from onetext.model import Stance, Visibility
    from onetext.service import amendments
    from onetext.views import to_json

    parsed_stance = Stance.parse(stance)
    parsed_visibility = Visibility.parse(visibility)
    with unit_of_work(db) as uow:
        mark = amendments.mark_amendment(
            uow, actor_for(uow, negotiation, as_member), negotiation, uid,
            stance=parsed_stance, party=party, visibility=parsed_visibility, note=note,
        )  # fmt: skip
    emit(
        to_json(mark),
        as_json,
        lambda c: c.print(
            f"{mark.party} marked {mark.amendment}: {mark.stance} ({mark.visibility})",
            markup=False,
            highlight=False,
        ),
    )


@amend_app.command("decide")
def amend_decide(
    uid: Annotated[str, typer.Argument(help="The amendment, e.g. amd_1a2b...")],
    decision: Annotated[str, typer.Option("--decision", help="accept, reject or merge.")],
    wording: Annotated[
        str | None, typer.Option("--wording", help="For a merge: the mediator's wording.")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="The reason, kept with the decision.")] = "",
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Accept, reject or merge an amendment (the mediator); recorded, and written into
    the next version by `onetext amend consolidate`."""
    from onetext.model.amendment import Decision
    from onetext.service import amendments
    from onetext.views import to_json

    parsed = Decision.parse(decision)
    with unit_of_work(db) as uow:
        view = amendments.decide_amendment(
            uow, actor_for(uow, negotiation, as_member), negotiation, uid, parsed,
            wording=wording, note=note,
        )  # fmt: skip
    emit(to_json(view), as_json, lambda c: _print(c, view))


@amend_app.command("consolidate")
def amend_consolidate(
    version: Annotated[str, typer.Argument(help="The amended version: DOC@N.")],
    message: Annotated[str, typer.Option("--message", "-m", help="The new version's note.")] = "",
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the accepted and merged amendments into the next version of the text (the
    mediator); `onetext compare` then names the amendment behind each change."""
    from onetext.service import amendments
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        view = amendments.consolidate_amendments(
            uow, actor_for(uow, negotiation, as_member), negotiation, version, message=message
        )

    def render(console: Console) -> None:
        from rich.text import Text

        console.print(Text(f"{view.version} tabled from {view.base}: {view.points} units"))
        for item in view.applied:
            made = f" -> {item['result_label']}" if item["result_label"] else " (removed)"
            what = f"{item['decision']} {item['kind']} {item['label']}"
            console.print(Text(f"  {item['amendment']} {what}{made}"))

    emit(to_json(view), as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(amend_app, name="amend")
