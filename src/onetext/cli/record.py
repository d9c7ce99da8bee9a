"""CLI commands that keep the negotiation record: parties, drafts, marks, rounds."""

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.context import (
    AsMemberOption,
    NegotiationOption,
    actor_for,
    parse_when,
    unit_of_work,
)
from onetext.cli.output import (
    DbOption,
    JsonOption,
    LenientOption,
    date_column,
    emit,
    esc,
    styled,
)
from onetext.errors import InvalidInput
from onetext.model.position import PRIORITY_DEFAULT

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from onetext.views.marks import MatrixView

__all__ = ["register"]

STANCE_STYLE = {
    "accepted": ("✔ accepted", "bold green"),
    "reservations": ("~ reservations", "yellow"),
    "open": ("? open", "cyan"),
    "unacceptable": ("✘ unacceptable", "bold red"),
}

party_app = typer.Typer(help="Parties of a negotiation (parties, the mediator, observers).")
member_app = typer.Typer(help="Members of delegations, the secretariat and observers.")
round_app = typer.Typer(help="Rounds of talks: level, place, times, attendees, outcome.")
negotiation_app = typer.Typer(help="Create and list negotiations.")


@negotiation_app.command("create")
def negotiation_create(
    slug: Annotated[str, typer.Argument(help="Short name, e.g. eastern-ceasefire.")],
    title: Annotated[str, typer.Option("--title", help="Full title.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a negotiation."""
    from onetext.service import negotiations

    with unit_of_work(db, create=True) as uow:
        created = negotiations.create_negotiation(uow, actor_for(uow, None, None), slug, title)
    emit(
        {"slug": created.slug, "title": created.title},
        as_json,
        lambda c: c.print(
            styled(f"created negotiation [bold]{esc(created.slug)}[/]: {esc(created.title)}")
        ),
    )


@negotiation_app.command("list")
def negotiation_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List negotiations."""
    from onetext.service import negotiations

    with unit_of_work(db) as uow:
        items = negotiations.list_negotiations(uow)

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table("negotiation", "title", "parties", "documents", "rounds")
        for n in items:
            table.add_row(n.slug, n.title, str(n.parties), str(n.documents), str(n.rounds))
        console.print(table)

    emit([asdict(n) for n in items], as_json, render)


@party_app.command("add")
def party_add(
    slug: Annotated[str, typer.Argument(help="Short name, e.g. north.")],
    name: Annotated[str, typer.Option("--name", help="Display name.")],
    kind: Annotated[str, typer.Option("--kind", help="party, mediator or observer.")] = "party",
    negotiation: NegotiationOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a party, the mediator or an observer."""
    from onetext.model import PartyKind
    from onetext.service import negotiations

    try:
        party_kind = PartyKind(kind)
    except ValueError:
        raise InvalidInput(f"invalid kind {kind!r}: expected party, mediator or observer") from None
    with unit_of_work(db) as uow:
        party = negotiations.add_party(
            uow, actor_for(uow, negotiation, None), negotiation, slug, name, party_kind
        )
    emit(
        {"slug": party.slug, "name": party.name, "kind": party.kind.value},
        as_json,
        lambda c: c.print(
            styled(f"added {esc(party.kind.value)} [bold]{esc(party.slug)}[/] ({esc(party.name)})")
        ),
    )


@party_app.command("list")
def party_list(
    negotiation: NegotiationOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """List parties and their members."""
    from onetext.service import negotiations

    with unit_of_work(db) as uow:
        items = negotiations.list_parties(uow, negotiation)

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table("party", "name", "kind", "members")
        for p in items:
            people = ", ".join(f"{m.handle} ({m.level or m.role})" for m in p.members)
            table.add_row(p.slug, p.name, p.kind, people)
        console.print(table)

    emit([asdict(p) for p in items], as_json, render)


@member_app.command("add")
def member_add(
    handle: Annotated[str, typer.Argument(help="Short handle, e.g. n-expert-1.")],
    party: Annotated[str, typer.Option("--party", help="The member's party.")],
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    level: Annotated[
        str | None,
        typer.Option("--level", help="principal, negotiator or expert (delegates only)."),
    ] = None,
    negotiation: NegotiationOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a member to a delegation (or the secretariat, or an observer)."""
    from onetext.model import Level
    from onetext.service import negotiations

    parsed_level = Level.parse(level) if level else None
    with unit_of_work(db) as uow:
        member = negotiations.add_member(
            uow, actor_for(uow, negotiation, None), negotiation, handle, name, party, parsed_level
        )
    emit(
        {
            "handle": member.handle,
            "party": member.party,
            "role": member.role.value,
            "level": member.level.value if member.level else None,
        },
        as_json,
        lambda c: c.print(
            styled(f"added {esc(member.role.value)} [bold]{esc(member.handle)}[/] to {esc(party)}")
        ),
    )


def import_command(
    file: Annotated[Path, typer.Argument(help="Draft file: .txt, .md or .docx.")],
    document: Annotated[str, typer.Option("--document", "-d", help="Document short name.")],
    party: Annotated[str, typer.Option("--party", help="Party tabling it.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="draft, counter-draft, position-paper or annex (counter_draft works too).",
        ),
    ] = "draft",
    title: Annotated[str | None, typer.Option("--title", help="Document title.")] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="Why this version.")] = "",
    main: Annotated[
        str | None, typer.Option("--main", help="For an annex: the main document of its package.")
    ] = None,
    based_on: Annotated[
        str | None,
        typer.Option(
            "--from", help="Fork from this version (DOC or DOC@N), e.g. for a counter-draft."
        ),
    ] = None,
    annex: Annotated[
        list[Path] | None,
        typer.Option("--annex", help="Annex files tabled with the main text (repeatable)."),
    ] = None,
    visibility: Annotated[
        str,
        typer.Option(
            "--visibility",
            help="Who may read a new document: private (own party), caucus (+ mediator), "
            "joint (everyone in the negotiation, observers included).",
        ),
    ] = "joint",
    lenient: LenientOption = False,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Table a draft (or its next version, or a package with annexes) from a file."""
    from onetext.formats.drafts import load_draft
    from onetext.model import DocumentKind, Visibility
    from onetext.service import drafts

    try:
        doc_kind = DocumentKind(kind.strip().lower().replace("-", "_"))
    except ValueError:
        raise InvalidInput(
            f"invalid kind {kind!r}: expected draft, counter-draft, position-paper or annex"
        ) from None
    document_visibility = Visibility.parse(visibility)
    parsed = load_draft(file, lenient=lenient)
    annexes = [(path, load_draft(path, lenient=lenient)) for path in annex or []]
    if not as_json:
        from onetext.cli.output import warn_all

        for draft in (parsed, *(a for _p, a in annexes)):
            warn_all(draft.warnings)
    with unit_of_work(db) as uow:
        actor = actor_for(uow, negotiation, as_member)
        tabled = [
            drafts.table_draft(
                uow,
                actor,
                negotiation,
                parsed,
                document=document,
                party=party,
                message=message,
                kind=doc_kind,
                title=title,
                main=main,
                based_on=based_on,
                visibility=document_visibility,
            )
        ]
        for index, (path, annex_draft) in enumerate(annexes, start=1):
            tabled.append(
                drafts.table_draft(
                    uow,
                    actor,
                    negotiation,
                    annex_draft,
                    document=f"{document}-annex-{index}",
                    party=party,
                    message=message or f"annex {index} ({path.name})",
                    kind=DocumentKind.ANNEX,
                    main=document,
                    visibility=document_visibility,
                )
            )

    def render(console: "Console") -> None:
        for v in tabled:
            console.print(
                styled(
                    f"tabled [bold]{esc(v.ref)}[/] ({v.points} points, {esc(v.kind)}) "
                    f"by {esc(v.author)}"
                )
            )

    emit([asdict(v) for v in tabled], as_json, render)


def versions_command(
    document: Annotated[str | None, typer.Option("--document", "-d")] = None,
    picture: Annotated[
        Path | None, typer.Option("--picture", help="Also draw the version history (.svg or .png).")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List versions of every document (or one)."""
    from onetext.service import drafts

    with unit_of_work(db) as uow:
        items = drafts.list_versions(
            uow, actor_for(uow, negotiation, as_member), negotiation, document
        )
    if picture is not None:
        from onetext.formats.pictures import save_history_picture

        save_history_picture(items, picture)

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table()
        date_column(table, "version", max((len(v.ref) for v in items), default=7))
        for header in ("kind", "title", "points", "author", "parents"):
            table.add_column(header)
        date_column(table, "tabled", 16)
        for v in items:
            table.add_row(
                v.ref,
                v.kind,
                v.title,
                str(v.points),
                v.author,
                ", ".join(v.parents),
                v.created_at[:16],
            )
        console.print(table)

    emit([asdict(v) for v in items], as_json, render)


def show_command(
    ref: Annotated[str, typer.Argument(help="Version: DOC or DOC@N.")],
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a version's points and options, Articles and Chapters as headings."""
    from rich.text import Text

    from onetext.model.document import open_depth
    from onetext.service import drafts

    with unit_of_work(db) as uow:
        view = drafts.load_version(uow, actor_for(uow, negotiation, as_member), negotiation, ref)

    def render(console: "Console") -> None:
        console.print(
            styled(
                f"[bold]{esc(view.title or view.document)}[/] — "
                f"{esc(view.ref)} by {esc(view.author)}"
            )
        )
        opened: list[str] = []
        for p in view.points:
            refs = [str(d["ref"]) for d in p.path]
            first = open_depth(opened, refs)
            for depth, division in enumerate(p.path[first:], start=first):
                words = " — ".join(str(w) for w in (division["label"], division["heading"]) if w)
                console.print(Text("\n" + "  " * depth + words, style="bold underline"))
            opened = refs
            indent = "  " * len(p.path)
            if p.heading:
                console.print(Text(f"{indent}{p.heading}", style="bold"))
            line = Text(f"{indent}{p.number or p.label}", style="bold")
            line.append(f"  [{p.label}]" if p.number and p.number != p.label else "", style="dim")
            line.append(" " + p.text)
            console.print(line, highlight=False)
            for o in p.options:
                words = o["text"] or "(left out)"
                nested = f" (inside {o['parent']})" if o.get("parent") else ""
                console.print(
                    Text(f"{indent}    option {o['key']}{nested}: {words}", style="dim"),
                    highlight=False,
                )

    emit(asdict(view), as_json, render)


def export_command(
    ref: Annotated[str, typer.Argument(help="Version: DOC or DOC@N.")],
    out: Annotated[Path, typer.Argument(help="Output file: .md, .txt, .docx, or .xml (AKN).")],
    akn: Annotated[
        bool, typer.Option("--akn", help="Write Akoma Ntoso 3.0 XML (the default for .xml).")
    ] = False,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export a version as Markdown, text, DOCX or Akoma Ntoso (reads back to the same points)."""
    from onetext.formats.drafts import save_draft
    from onetext.service import drafts

    if not out.parent.exists():
        raise InvalidInput(f"cannot write {out}: folder {out.parent} does not exist")
    with unit_of_work(db) as uow:
        view = drafts.export_version(uow, actor_for(uow, negotiation, as_member), negotiation, ref)
    if akn or out.suffix.lower() in {".xml", ".akn"}:
        from datetime import date

        from onetext.formats.akn import draft_tree, stored_tree, tree_to_akn

        parsed = view.as_parsed()
        if any(p.path or p.number for p in parsed.points):
            tree = stored_tree(view.title, view.preamble, parsed.points)
        else:  # a version stored before units kept their place in the tree
            tree = draft_tree(parsed)
        when = date.fromisoformat(view.created_at[:10])
        out.write_bytes(tree_to_akn(tree, name=view.document, alias=view.ref, date=when))
    else:
        save_draft(out, view.as_parsed())
    emit(
        {"version": view.ref, "file": str(out), "points": len(view.points)},
        as_json,
        lambda c: c.print(f"wrote {view.ref} ({len(view.points)} points) to {out}"),
    )


def mark_command(
    label: Annotated[str, typer.Argument(help="Point label in the version, e.g. 12 or 12bis.")],
    party: Annotated[str, typer.Option("--party", help="The party whose stance this is.")],
    stance: Annotated[
        str, typer.Option("--stance", help="accepted, reservations, open or unacceptable.")
    ],
    priority: Annotated[
        int, typer.Option("--priority", help="1 (low) to 5 (vital).")
    ] = PRIORITY_DEFAULT,
    note: Annotated[str, typer.Option("--note", help="Why; same visibility as the mark.")] = "",
    visibility: Annotated[
        str,
        typer.Option(
            "--visibility",
            help="private (own party), caucus (+ mediator) or joint (everyone in the "
            "negotiation, observers included).",
        ),
    ] = "caucus",
    option: Annotated[
        str | None, typer.Option("--option", help="Mark one option of the point (a, b... or drop).")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", help="DOC or DOC@N (default: in focus, else the latest tabled)."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Member who made the mark.")] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mark a party's stance on a point (never overwrites: history is kept)."""
    from onetext.model import Stance, Visibility
    from onetext.service import positions

    parsed_stance = Stance.parse(stance)
    parsed_visibility = Visibility.parse(visibility)
    with unit_of_work(db) as uow:
        mark = positions.mark_stance(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            party=party,
            label=label,
            stance=parsed_stance,
            version=version,
            priority=priority,
            visibility=parsed_visibility,
            note=note,
            option=option,
            by=by,
        )
    emit(
        asdict(mark),
        as_json,
        lambda c: c.print(
            f"{mark.party} marks point {mark.label} of {mark.version}: "
            f"{STANCE_STYLE[mark.stance][0]} (priority {mark.priority}, {mark.visibility})"
        ),
    )


def render_matrix(view: "MatrixView") -> "Table":
    from rich.table import Table

    table = Table(
        title=f"{view.negotiation} — {view.version}"
        + (f" as of {view.as_of}" if view.as_of else "")
        + f" — seen by {view.viewer}"
    )
    table.add_column("point", style="bold")
    for party in view.parties:
        table.add_column(party)
    for point in view.points:
        label = str(point["label"])
        cells = []
        for party in view.parties:
            mark = view.matrix[party][label]
            if mark is None:
                cells.append(styled("[dim]·[/]"))
                continue
            text, style = STANCE_STYLE[mark.stance]
            flag = " [magenta]*re-confirm[/]" if mark.reconfirm else ""
            cells.append(styled(f"[{style}]{esc(text)}[/] p{esc(mark.priority)}{flag}"))
        table.add_row(label, *cells)
    return table


def matrix_command(
    version: Annotated[
        str | None,
        typer.Option("--version", help="DOC or DOC@N (default: in focus, else the latest tabled)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Show the marks in force at this date (YYYY-MM-DD or date-time)."
        ),
    ] = None,
    picture: Annotated[
        Path | None,
        typer.Option("--picture", help="Also draw the matrix as a heatmap (.svg or .png)."),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level", help="Only marks made at this level: principal, negotiator or expert."
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option("--group", help="Only the points assigned to this working group."),
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The stance matrix: parties × points, as far as the viewer may see."""
    from onetext.model import Level
    from onetext.service import positions
    from onetext.views import to_json

    when = parse_when(as_of, end_of_day=True) if as_of else None
    parsed_level = Level.parse(level) if level else None
    with unit_of_work(db) as uow:
        view = positions.stance_matrix(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            version=version,
            as_of=when,
            level=parsed_level,
            working_group=group,
        )
    if picture is not None:
        from onetext.formats.pictures import save_matrix_picture

        save_matrix_picture(view, picture)
    emit(to_json(view), as_json, lambda c: c.print(render_matrix(view)))


def history_command(
    label: Annotated[str, typer.Argument(help="Point label in the version.")],
    version: Annotated[str | None, typer.Option("--version", help="DOC or DOC@N.")] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every mark on a point, across versions, that the viewer may see."""
    from onetext.service import positions

    with unit_of_work(db) as uow:
        marks = positions.point_history(
            uow, actor_for(uow, negotiation, as_member), negotiation, label, version=version
        )

    def render(console: "Console") -> None:
        from rich.table import Table

        table = Table()
        date_column(table, "when", 16)
        for header in ("party", "stance", "priority", "visibility", "as of", "note"):
            table.add_column(header)
        for m in marks:
            text, style = STANCE_STYLE[m.stance]
            table.add_row(
                m.marked_at[:16],
                m.party,
                styled(f"[{style}]{esc(text)}[/]"),
                str(m.priority),
                m.visibility,
                f"{m.version} pt {m.label}",
                m.note,
            )
        console.print(table)

    emit([asdict(m) for m in marks], as_json, render)


@round_app.command("add")
def round_add(
    level: Annotated[str, typer.Option("--level", help="expert or principal.")],
    place: Annotated[str, typer.Option("--place")],
    start: Annotated[str, typer.Option("--start", help="YYYY-MM-DDTHH:MM (UTC).")],
    end: Annotated[str | None, typer.Option("--end")] = None,
    attendee: Annotated[list[str] | None, typer.Option("--attendee", help="Member handle.")] = None,
    agenda: Annotated[list[str] | None, typer.Option("--agenda", help="Point label.")] = None,
    outcome: Annotated[str, typer.Option("--outcome")] = "",
    produced: Annotated[
        list[str] | None, typer.Option("--produced", help="Version produced (DOC@N).")
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Everyone reads it (default: the attendees and the mediator)."
        ),
    ] = False,
    negotiation: NegotiationOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a round of talks (read by its attendees and the mediator until published)."""
    from onetext.model import Level
    from onetext.service import rounds

    parsed_level = Level.parse(level)
    starts = parse_when(start)
    ends = parse_when(end) if end else None
    with unit_of_work(db) as uow:
        view = rounds.record_round(
            uow,
            actor_for(uow, negotiation, None),
            negotiation,
            level=parsed_level,
            place=place,
            starts_at=starts,
            ends_at=ends,
            attendees=attendee or [],
            agenda=agenda or [],
            outcome=outcome,
            produced=produced or [],
            publish=publish,
        )
    emit(
        asdict(view),
        as_json,
        lambda c: c.print(f"recorded {view.level} round in {view.place} ({view.uid})"),
    )


@round_app.command("publish")
def round_publish(
    uid: Annotated[str, typer.Argument(help="The round's id (see `onetext round list`).")],
    negotiation: NegotiationOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Publish a round's outcome: everyone in the negotiation reads it from now on."""
    from onetext.service import rounds

    with unit_of_work(db) as uow:
        view = rounds.publish_round(uow, actor_for(uow, negotiation, None), negotiation, uid)
    emit(asdict(view), as_json, lambda c: c.print(f"published round {view.uid}"))


@round_app.command("complete")
def round_complete(
    uid: Annotated[str, typer.Argument(help="The round's id (see `onetext round list`).")],
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="The outcome (replaces the recorded one).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", "--ends-at", help="YYYY-MM-DDTHH:MM (UTC).")
    ] = None,
    produced: Annotated[
        list[str] | None,
        typer.Option("--produced", help="Link a version the round produced (DOC@N)."),
    ] = None,
    unlink: Annotated[
        list[str] | None, typer.Option("--unlink", help="Unlink a version linked by mistake.")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fill in a round after the fact: its outcome, its end, the versions it produced.

    Linking a version already linked changes nothing; unlinking one that is not
    linked is refused. The mediator only."""
    from onetext.service import rounds

    ends = parse_when(end) if end else None
    with unit_of_work(db) as uow:
        view = rounds.complete_round(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            uid,
            outcome=outcome,
            ends_at=ends,
            produced=produced or [],
            unlink=unlink or [],
        )

    def render(console: "Console") -> None:
        place, outcome = view.place, view.outcome or "(none)"
        console.print(
            styled(f"round [bold]{esc(view.uid)}[/] ({esc(view.level)}, {esc(place)})"),
            highlight=False,
        )
        console.print(f"  ends:     {view.ends_at or '(not recorded)'}", highlight=False)
        console.print(f"  produced: {', '.join(view.produced) or '(none)'}", highlight=False)
        console.print(f"  outcome:  {outcome}", highlight=False)

    emit(asdict(view), as_json, render)


@round_app.command("list")
def round_list(
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List rounds in time order, with their ids."""
    from onetext.service import rounds

    with unit_of_work(db) as uow:
        items = rounds.list_rounds(uow, actor_for(uow, negotiation, as_member), negotiation)

    def render(console: "Console") -> None:
        # the id is what `round complete` takes: never cut short, whatever the width
        from rich.table import Column, Table
        from rich.text import Text

        width = max((len(r.uid) for r in items), default=2)
        table = Table(
            Column("id", no_wrap=True, min_width=width),
            Column("start", no_wrap=True, min_width=16),
            *("level", "place", "hours", "attendees", "produced", "outcome"),
        )
        for r in items:
            table.add_row(  # Text: what people typed is never read as markup
                r.uid,
                r.starts_at[:16],
                r.level,
                Text(r.place),
                "" if r.hours is None else f"{r.hours:g}",
                str(len(r.attendees)),
                ", ".join(r.produced),
                Text(r.outcome),
            )
        console.print(table)

    emit([asdict(r) for r in items], as_json, render)


def register(app: typer.Typer) -> None:
    """Add the record-keeping commands to ``app``."""
    app.add_typer(negotiation_app, name="negotiation")
    app.add_typer(party_app, name="party")
    app.add_typer(member_app, name="member")
    app.add_typer(round_app, name="round")
    app.command("import")(import_command)
    app.command("versions")(versions_command)
    app.command("show")(show_command)
    app.command("export")(export_command)
    app.command("mark")(mark_command)
    app.command("matrix")(matrix_command)
    app.command("history")(history_command)
