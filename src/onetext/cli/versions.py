"""CLI commands across stored versions: compare, merge, conflicts, sources."""

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import AsMemberOption, NegotiationOption, actor_for, unit_of_work
from onetext.cli.diff import provenance_json, render_alignment, render_provenance, write_output
from onetext.cli.output import DbOption, JsonOption, emit, esc, styled

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["register"]


def compare_command(
    old: Annotated[str, typer.Argument(help="Earlier version: DOC or DOC@N.")],
    new: Annotated[str, typer.Argument(help="Later version: DOC or DOC@N.")],
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML redline.")] = None,
    docx_path: Annotated[
        Path | None, typer.Option("--docx", help="Also write a DOCX comparison.")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List unchanged points too.")] = False,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare two stored versions point by point, with redlines (like `onetext diff`)."""
    from onetext.formats.compare_html import render_comparison_html
    from onetext.service import amendments, versions

    with unit_of_work(db) as uow:
        actor = actor_for(uow, negotiation, as_member)
        before, after, alignment = versions.compare_versions(uow, actor, negotiation, old, new)
        by_point = amendments.change_sources(uow, actor, negotiation, after.ref)
    if html is not None:
        page = render_comparison_html(alignment, old_name=before.ref, new_name=after.ref)
        write_output(html, "HTML redline", lambda p: p.write_text(page, encoding="utf-8"))
    if docx_path is not None:
        from onetext.formats.compare_docx import write_comparison_docx

        write_output(
            docx_path,
            "DOCX comparison",
            lambda p: write_comparison_docx(p, alignment, old_name=before.ref, new_name=after.ref),
        )
    compared = alignment.to_json(show_all=show_all)
    for change in compared["changes"]:  # the amendment behind each change (issue 16)
        change["amendments"] = amendments.sources_of_change(
            before, after, change["old"], change["new"], by_point
        )

    def render(console: "Console") -> None:
        render_alignment(console, alignment, show_all=show_all)
        for change in compared["changes"]:
            if change["amendments"]:
                console.print(
                    f"{change['kind']} {', '.join(change['old']) or '-'} -> "
                    f"{', '.join(change['new']) or '-'}: from amendment "
                    f"{', '.join(change['amendments'])}",
                    markup=False,
                    highlight=False,
                )

    emit({"old": before.ref, "new": after.ref, **compared}, as_json, render)


def merge_command(
    ours: Annotated[str, typer.Argument(help="Our line: DOC or DOC@N.")],
    theirs: Annotated[str, typer.Argument(help="Their line: DOC or DOC@N.")],
    document: Annotated[
        str | None,
        typer.Option("--document", "-d", help="Document the merge is tabled in (default: ours)."),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", help="Party tabling the merge (default: the author of ours)."),
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m")] = "",
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge two lines of drafts against their common base; conflicts are listed."""
    from onetext.service import versions

    with unit_of_work(db) as uow:
        outcome = versions.merge_lines(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            ours,
            theirs,
            document=document,
            party=party,
            message=message,
        )

    def render(console: "Console") -> None:
        console.print(
            styled(
                f"tabled [bold]{esc(outcome.version)}[/] (base {esc(outcome.base)}): "
                f"{outcome.points} points, {len(outcome.conflicts)} conflicts, "
                f"{len(outcome.removed)} removed"
            )
        )
        for conflict in outcome.conflicts:
            console.print(
                styled(
                    f"[bold red]conflict[/] point {esc(conflict.label)}: {esc(conflict.summary)}"
                ),
                highlight=False,
            )
        for removal in outcome.removed:
            console.print(
                styled(f"[dim]removed by {esc(removal['by'])}: {esc(removal['label'])}[/]")
            )

    emit(asdict(outcome), as_json, render)


def conflicts_command(
    ref: Annotated[str | None, typer.Argument(help="A merged version (default: all).")] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge conflicts waiting for the secretariat, with every side's text."""
    from onetext.service import versions

    with unit_of_work(db) as uow:
        items = versions.list_conflicts(
            uow, actor_for(uow, negotiation, as_member), negotiation, ref
        )

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table("version", "point", "kind", "ours", "theirs", "base")
        for c in items:
            table.add_row(
                c.version,
                c.label,
                c.kind,
                f"{c.ours_ref}: {c.ours or '(removed)'}",
                f"{c.theirs_ref}: {c.theirs or '(removed)'}",
                c.base or "",
            )
        console.print(table)

    emit([asdict(c) for c in items], as_json, render)


def conflicts_overview(
    ctx: typer.Context,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge conflicts waiting for the secretariat (`conflicts list`), and settling
    them (`conflicts resolve`). Without a subcommand: list them all."""
    if ctx.invoked_subcommand is None:
        conflicts_command(None, negotiation, as_member, db, as_json)


def resolve_command(
    ref: Annotated[str, typer.Argument(help="The merged version: DOC or DOC@N.")],
    point: Annotated[str, typer.Argument(help="The conflicted point's label.")],
    take: Annotated[
        str, typer.Option("--take", help="Whose wording to keep: ours, theirs or base.")
    ],
    message: Annotated[str, typer.Option("--message", "-m")] = "",
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Settle a merge conflict: keep one side's wording in a new version of the
    merged document; the other open conflicts carry over to it."""
    from onetext.service.conflicts import resolve_conflict

    with unit_of_work(db) as uow:
        outcome = resolve_conflict(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            ref,
            point,
            take.strip().lower(),
            message=message,
        )

    def render(console: "Console") -> None:
        what = "removed" if outcome.text is None else f"now reads: {outcome.text}"
        console.print(
            styled(
                f"tabled [bold]{esc(outcome.version)}[/]: point {esc(outcome.label)} "
                f"of {esc(outcome.resolved)} "
                f"settled with {esc(outcome.take)}'s wording; {esc(what)}"
            ),
            highlight=False,
        )
        console.print(f"{outcome.remaining} conflicts still open")

    emit(asdict(outcome), as_json, render)


def sources_command(
    ref: Annotated[str, typer.Argument(help="Version whose points to trace: DOC or DOC@N.")],
    top: Annotated[int, typer.Option("--top", min=1, max=10)] = 3,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Where a version's language came from: earlier drafts, counter-drafts, position
    papers of the negotiation, with the source party and the shared wording."""
    from onetext.service import versions

    with unit_of_work(db) as uow:
        view, report = versions.version_sources(
            uow, actor_for(uow, negotiation, as_member), negotiation, ref, top=top
        )
    emit(
        {"version": view.ref, **provenance_json(report)},
        as_json,
        lambda console: render_provenance(console, report),
    )


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
    app.command("merge")(merge_command)
    conflicts = typer.Typer(help="Merge conflicts: list them, settle one.", no_args_is_help=False)
    conflicts.callback(invoke_without_command=True)(conflicts_overview)
    conflicts.command("list")(conflicts_command)
    conflicts.command("resolve")(resolve_command)
    app.add_typer(conflicts, name="conflicts")
    app.command("sources")(sources_command)
