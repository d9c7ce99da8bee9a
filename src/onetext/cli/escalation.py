"""CLI commands for escalation: working groups, the escalation board, the brief."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit, esc, styled
from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["register"]

# by PointStatus value (a StrEnum, so its members look these up as they are)
STATUS_STYLE = {
    "endorsed": "bold green",
    "agreed_expert": "green",
    "blocked": "bold red",
    "open": "cyan",
}
STATUS_SHORT = {
    "endorsed": "✔ endorsed",
    "agreed_expert": "≈ agreed, to principals",
    "blocked": "✘ blocked",
    "open": "? open",
}
STANCE_STYLE = {
    "accepted": "green",
    "reservations": "yellow",
    "open": "cyan",
    "unacceptable": "bold red",
}

group_app = typer.Typer(help="Working groups: points assigned to expert groups.")

VersionOption = Annotated[
    str | None,
    typer.Option("--version", help="Version DOC@N (default: the version in focus)."),
]


@group_app.command("add")
def group_add(
    slug: Annotated[str, typer.Argument(help="Short name, e.g. security.")],
    name: Annotated[str, typer.Option("--name", help="Display name.")],
    point: Annotated[
        list[str] | None, typer.Option("--point", help="Point label (repeatable).")
    ] = None,
    member: Annotated[
        list[str] | None, typer.Option("--member", help="Member handle (repeatable).")
    ] = None,
    level: Annotated[
        str, typer.Option("--level", help="principal, negotiator or expert.")
    ] = "expert",
    version: VersionOption = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a working group with its points and members (mediator only)."""
    from onetext.model import Level
    from onetext.service import escalation
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        view = escalation.create_working_group(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            slug,
            name,
            points=point or [],
            members=member or [],
            version=version,
            level=Level.parse(level),
        )
    emit(
        to_json(view),
        as_json,
        lambda c: c.print(
            styled(
                f"created working group [bold]{esc(view.slug)}[/] ({esc(view.name)}): "
                f"points {esc(', '.join(view.points) or 'none')}; "
                f"members {esc(', '.join(view.members) or 'none')}"
            )
        ),
    )


@group_app.command("list")
def group_list(
    version: VersionOption = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List working groups, their points and members."""
    from onetext.service import escalation
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        items = escalation.list_working_groups(
            uow, actor_for(uow, negotiation, as_member), negotiation, version=version
        )

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table("group", "name", "level", "points", "members")
        for g in items:
            table.add_row(g.slug, g.name, g.level, ", ".join(g.points), ", ".join(g.members))
        console.print(table)

    emit([to_json(g) for g in items], as_json, render)


def board(
    version: VersionOption = None,
    group: Annotated[
        str | None, typer.Option("--group", help="Only this working group's points.")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The escalation board: agreed at expert level, endorsed, blocked, open; the package."""
    from onetext.service import escalation
    from onetext.views import to_json

    with unit_of_work(db) as uow:
        result = escalation.escalation_board(
            uow, actor_for(uow, negotiation, as_member), negotiation, version, group=group
        )

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table(
            "point",
            "status",
            *result.parties,
            "blocked by",
            title=f"Escalation board — {result.version} (as seen by {result.viewer})",
        )
        for point in result.points:
            cells = []
            for party in result.parties:
                mark = point.marks.get(party)
                if mark is None:
                    cells.append(styled("[dim]—[/]"))
                else:
                    style = STANCE_STYLE.get(mark.stance, "")
                    cells.append(
                        styled(f"[{style}]{esc(mark.stance)}[/] [dim]{esc(mark.level)}[/]")
                    )
            table.add_row(
                point.label,
                styled(f"[{STATUS_STYLE[point.status]}]{esc(STATUS_SHORT[point.status])}[/]"),
                *cells,
                ", ".join(point.blocked_by),
            )
        console.print(table)
        style = "bold green" if result.package.endorsed else "bold"
        console.print(styled(f"[{style}]{esc(result.package.words)}[/]"), highlight=False)

    emit(to_json(result), as_json, render)


def brief(
    out: Annotated[Path, typer.Option("--out", help="FILE.md, FILE.html, FILE.docx or FILE.pdf.")],
    version: VersionOption = None,
    allow_drop: Annotated[
        bool, typer.Option("--allow-drop", help="Let the engine drop points.")
    ] = False,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the brief for principals (only what the reader may see)."""
    from onetext.formats.brief import BRIEF_FORMATS, write_brief
    from onetext.service import escalation
    from onetext.views import to_json

    if out.suffix.lower() not in {*BRIEF_FORMATS, ".htm"}:
        raise InvalidInput(
            f"cannot write a brief as {out.name!r}: use a .md, .html, .docx or .pdf file name"
        )
    with unit_of_work(db) as uow:
        data = escalation.principals_brief(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            version=version,
            allow_drop=allow_drop,
        )
    written = write_brief(data, out)
    summary = {
        "file": str(out),
        "format": written,
        "version": data.board.version,
        "viewer": data.board.viewer,
        "package": to_json(data.board.package),
    }
    emit(
        summary,
        as_json,
        lambda c: c.print(f"wrote the brief for principals ({written}) to {out}", highlight=False),
    )


def propose(
    version: VersionOption = None,
    objective: Annotated[str, typer.Option("--objective", help="nash or maxmin.")] = "nash",
    allow_drop: Annotated[
        bool, typer.Option("--allow-drop", help="Let the engine drop points.")
    ] = False,
    negotiation: NegotiationOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Publish the engine's package (the mediator's reading) as a proposal to everyone."""
    from dataclasses import asdict

    from onetext.service import proposals

    with unit_of_work(db) as uow:
        view = proposals.publish_proposal(
            uow,
            actor_for(uow, negotiation, None),
            negotiation,
            version=version,
            objective=objective,
            allow_drop=allow_drop,
        )
    emit(asdict(view), as_json, lambda c: c.print(f"proposal published on {view.version}"))


def proposals_command(
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The packages the mediator published as proposals."""
    from dataclasses import asdict

    from onetext.service import proposals

    with unit_of_work(db) as uow:
        items = proposals.list_proposals(uow, actor_for(uow, negotiation, as_member), negotiation)

    def render(console: "Console") -> None:
        for item in items:
            package = ", ".join(f"{k}: {v}" for k, v in item.package.items())
            console.print(f"{item.proposed_at[:16]} {item.version} ({item.objective}): {package}")

    emit([asdict(i) for i in items], as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(group_app, name="group")
    app.command("propose")(propose)
    app.command("proposals")(proposals_command)
    app.command("board")(board)
    app.command("brief")(brief)
