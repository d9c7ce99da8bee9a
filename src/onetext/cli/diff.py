"""CLI commands: ``diff`` (compare two draft files) and ``provenance`` (trace wording)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from onetext.cli.output import JsonOption, LenientOption, emit
from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    from onetext.text.align import Alignment, Change
    from onetext.text.provenance import ProvenanceReport
    from onetext.text.tree import DocumentTree, Node

__all__ = [
    "parse_command",
    "parse_source_spec",
    "provenance_json",
    "redline_text",
    "register",
    "render_alignment",
    "render_provenance",
    "tree_renderable",
    "write_output",
]


def write_output(path: Path, what: str, write: Any) -> None:
    if path.is_dir():
        raise InvalidInput(f"cannot write the {what} to {path}: it is a directory")
    if not path.parent.exists():
        raise InvalidInput(f"cannot write the {what} to {path}: folder {path.parent} not found")
    try:
        write(path)
    except OSError as error:
        raise InvalidInput(f"cannot write the {what} to {path}: {error.strerror}") from None


def render_alignment(console: "Console", alignment: "Alignment[Any]", *, show_all: bool) -> None:

    from rich.padding import Padding
    from rich.text import Text

    from onetext.formats.compare_html import KIND_COLOURS, labels_text
    from onetext.text.align import ChangeKind

    counts = alignment.counts()
    summary = Text(f"{len(alignment.old)} points → {len(alignment.new)} points: ")
    for kind, number in counts.items():
        if number:
            summary.append(f"{number} {kind.value}  ", style=f"bold {KIND_COLOURS[kind]}")
    typographic = sum(1 for change in alignment.changes if change.typographic)
    if typographic:
        summary.append(f"({typographic} with typographic changes only)", style="dim")
    console.print(summary)
    for change in alignment.changes:
        if change.kind is ChangeKind.UNCHANGED and not show_all:
            continue
        old, new = labels_text(alignment, change)
        head = Text()
        head.append(f"{change.kind.value:<10}", style=f"bold {KIND_COLOURS[change.kind]}")
        head.append(f" {old} → {new}")
        if change.kind not in (ChangeKind.ADDED, ChangeKind.REMOVED):
            head.append(f"  ({change.similarity:.0%})", style="dim")
        if change.typographic:
            head.append("  typography only", style="dim")
        console.print(head)
        if not change.typographic and (
            change.kind in (ChangeKind.UNCHANGED, ChangeKind.RENUMBERED)
            or (change.kind is ChangeKind.MOVED and not change.text_changed)
        ):
            continue
        console.print(Padding(redline_text(alignment, change, console), (0, 0, 0, 4)))


def redline_text(alignment: "Alignment[Any]", change: "Change", console: "Console") -> "Text":
    """The redline of a change for a reader: coloured on a terminal; elsewhere (a
    pipe, a file) with the markers of ``git diff --word-diff``: ``[-old-]{+new+}``."""
    from rich.text import Text

    from onetext.text.redline import Op, redline_change

    plain = not console.is_terminal
    body = Text()
    segments = redline_change(alignment, change)
    for k, segment in enumerate(segments):
        if segment.op is Op.EQUAL or not plain:
            style = {Op.EQUAL: "", Op.INSERT: "underline green", Op.DELETE: "strike red"}
            body.append(segment.text, style=style[segment.op])
            continue
        text, space = segment.text.rstrip(), segment.text[len(segment.text.rstrip()) :]
        if segment.op is Op.INSERT:
            body.append("{+" + text + "+}")
        else:
            body.append("[-" + text + "-]")
            if k + 1 < len(segments) and segments[k + 1].op is Op.INSERT:
                space = ""  # the replacement follows at once, as git shows it
        body.append(space)
    return body


def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier draft (.txt, .md or .docx).")],
    new: Annotated[Path, typer.Argument(help="The later draft (.txt, .md or .docx).")],
    *,
    as_json: JsonOption = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write an HTML redline page here.")
    ] = None,
    docx_path: Annotated[
        Path | None, typer.Option("--docx", help="Also write a DOCX comparison here.")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List unchanged points too.")] = False,
) -> None:
    """Compare two drafts point by point: unchanged, reworded, moved, renumbered,
    split, merged, added, removed, with a word-level redline."""
    from onetext.formats.compare_html import render_comparison_html
    from onetext.formats.drafts import load_draft
    from onetext.text.align import align

    before, after = load_draft(old), load_draft(new)
    alignment = align(before.points, after.points)
    if html is not None:
        page = render_comparison_html(alignment, old_name=old.name, new_name=new.name)
        write_output(html, "HTML redline", lambda p: p.write_text(page, encoding="utf-8"))
    if docx_path is not None:
        from onetext.formats.compare_docx import write_comparison_docx

        write_output(
            docx_path,
            "DOCX comparison",
            lambda p: write_comparison_docx(p, alignment, old_name=old.name, new_name=new.name),
        )
    emit(
        alignment.to_json(show_all=show_all),
        as_json,
        lambda console: render_alignment(console, alignment, show_all=show_all),
    )


def parse_source_spec(spec: str) -> tuple[str, str, Path]:
    """``[PARTY[:KIND]=]FILE`` to (party, kind, path); party defaults to the file's
    stem, kind to ``document``."""
    label, sep, file = spec.partition("=")
    if not sep:
        path = Path(spec)
        return path.stem, "document", path
    party, _, kind = label.partition(":")
    if not party.strip() or not file.strip():
        raise InvalidInput(f"invalid --source {spec!r}: expected [PARTY[:KIND]=]FILE")
    return party.strip(), (kind.strip() or "document"), Path(file)


def provenance_json(report: "ProvenanceReport") -> dict[str, Any]:
    def source(s: Any) -> dict[str, Any]:
        return {
            "document": s.document,
            "party": s.party,
            "kind": s.kind,
            "label": s.label,
            "similarity": round(s.similarity, 4),
            "coverage": round(s.coverage, 4),
            "shared": list(s.shared),
        }

    def sentence(m: Any) -> dict[str, Any]:
        return {
            "sentence": m.sentence,
            "document": m.document,
            "party": m.party,
            "kind": m.kind,
            "label": m.label,
            "source_sentence": m.source_sentence,
            "share": round(m.share, 4),
            "paraphrase": m.paraphrase,
        }

    return {
        "points": [
            {
                "label": p.label,
                "main": source(p.main) if p.main else None,
                "sources": [source(s) for s in p.sources],
                "sentences": [sentence(m) for m in p.sentences],
            }
            for p in report.points
        ],
        "summary": [
            {"party": s.party, "kind": s.kind, "count": s.count, "total": s.total, "text": s.text}
            for s in report.summary
        ],
    }


def render_provenance(console: "Console", report: "ProvenanceReport") -> None:
    from rich.text import Text

    for line in report.summary:
        console.print(Text(line.text, style="bold"))
    if report.without_source:
        console.print(
            Text(f"{report.without_source} of {len(report.points)} points have no clear source")
        )
    for point in report.points:
        head = Text(f"Point {point.label}: ", style="bold")
        if point.main is None:
            head.append("no clear source", style="dim")
            console.print(head)
            continue
        main = point.main
        head.append(f"{main.party}'s {main.kind.replace('_', ' ')} {main.document}, ")
        head.append(f"point {main.label} ({main.coverage:.0%} of its words)")
        console.print(head)
        if not point.sentences:
            for run in main.shared[:2]:
                console.print(Text(f"    “{run}”", style="cyan"))
        for match in point.sentences:
            how = "close paraphrase" if match.paraphrase else f"{match.share:.0%} of its wording"
            quoted = Text("    “")
            quoted.append(match.sentence, style="cyan")
            quoted.append(f"”\n      from {match.document} point {match.label} ({how}): ")
            quoted.append(f"“{match.source_sentence}”", style="dim")
            console.print(quoted)


def provenance_command(
    file: Annotated[Path, typer.Argument(help="The draft whose points to trace.")],
    source: Annotated[
        list[str],
        typer.Option(
            "--source",
            help="A possible source: [PARTY[:KIND]=]FILE, e.g. north:position_paper=north.md."
            " Repeat for each.",
        ),
    ],
    top: Annotated[int, typer.Option("--top", min=1, max=20, help="Sources per point.")] = 3,
    as_json: JsonOption = False,
) -> None:
    """Trace where each point's wording came from among other documents."""
    from onetext.formats.drafts import load_draft
    from onetext.text.provenance import SourceDocument, trace_provenance

    target = load_draft(file)
    documents = []
    for spec in source:
        party, kind, path = parse_source_spec(spec)
        documents.append(SourceDocument(path.name, party, kind, load_draft(path).points))
    report = trace_provenance(target.points, documents, top=top)
    emit(provenance_json(report), as_json, lambda console: render_provenance(console, report))


def parse_command(
    path: Annotated[Path, typer.Argument(help="A draft: .txt, .md, .docx or Akoma Ntoso .xml.")],
    lenient: LenientOption = False,
    as_json: JsonOption = False,
) -> None:
    """Print the tree of a text (Parts, Chapters, Articles, paragraphs, items, options, notes).

    Outside any negotiation, like ``diff``. The JSON (``onetext-document/1``) is
    documented in docs/document-json.md.
    """
    from onetext.cli.output import warn_all
    from onetext.formats.drafts import load_tree

    tree = load_tree(path, lenient=lenient)
    if not as_json:
        warn_all(tree.warnings)
    emit(tree.to_json(), as_json, lambda console: console.print(tree_renderable(tree)))


def tree_renderable(tree: "DocumentTree") -> "Tree":
    """The document as a Rich tree; every word is Text, never markup."""
    from rich.text import Text
    from rich.tree import Tree

    stats = tree.stats()
    root = Tree(Text(tree.title or "(untitled)", style="bold"))
    root.add(
        Text(
            f"{stats.units} units, {stats.brackets} bracketed spans, {stats.options} options",
            style="dim",
        )
    )
    if tree.preamble:
        root.add(Text(tree.preamble, style="italic"))

    def add(parent: "Tree", node: "Node") -> None:
        head = Text(node.ref, style="bold cyan")
        head.append(f"  {node.level.value}", style="dim")
        if node.label and node.label != node.ref:
            head.append(f"  {node.label}", style="dim")
        if node.heading:
            head.append(f"  {node.heading}", style="bold")
        branch = parent.add(head)
        if node.text:
            branch.add(Text(node.text))
        if node.options:
            choices = "; ".join(f"{o.key}: {o.text or '(left out)'}" for o in node.options)
            branch.add(Text(f"options  {choices}", style="dim"))
        for note in node.notes:
            branch.add(Text(f"note  {note}", style="italic dim"))
        for child in node.children:
            add(branch, child)

    for point in tree.points:
        add(root, point)
    return root


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("parse")(parse_command)
    app.command("diff")(diff_command)
    app.command("provenance")(provenance_command)
