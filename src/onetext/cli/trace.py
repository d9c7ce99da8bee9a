"""CLI commands: ``copies`` (issue fingerprinted copies) and ``trace`` (attribute a leak)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from onetext.cli.context import NegotiationOption, actor_for, unit_of_work
from onetext.cli.output import DbOption, JsonOption, emit, esc, styled
from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from onetext.trace.attribute import Attribution
    from onetext.trace.registry import CopyIssue

__all__ = ["read_leak", "register"]


def read_leak(source: str) -> str:
    """The leaked text from a file (.txt, .md, .docx) or ``-`` for standard input."""
    import zipfile

    from onetext.formats.drafts import read_text_file

    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if path.suffix.lower() == ".docx" and path.is_file():
        if not zipfile.is_zipfile(path):
            raise InvalidInput(f"{path.name} is not a DOCX file (not a ZIP package)")
        import docx

        try:
            document = docx.Document(str(path))
        except Exception as error:  # python-docx raises several unrelated types
            raise InvalidInput(f"{path.name} is not a readable DOCX file: {error}") from None
        return "\n".join(p.text for p in document.paragraphs)
    return read_text_file(path)


def _render_issue(console: "Console", issue: "CopyIssue", written: dict[str, str]) -> None:
    from rich.table import Table

    kinds: dict[str, int] = {}
    for site in issue.sites:
        kinds[site.kind.value] = kinds.get(site.kind.value, 0) + 1
    table = Table(title=f"Copies of issue {issue.id}")
    table.add_column("recipient")
    table.add_column("file")
    for recipient, file in written.items():
        table.add_row(recipient, file)
    console.print(table)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    console.print(f"{len(issue.sites)} variant sites ({summary}); registered as issue {issue.id}")
    _say_left_out(console, issue.overridden)
    _render_strength(console, issue)
    console.print(issue.code.design.statement(), style="dim")


def _strength(issue: "CopyIssue") -> dict[str, Any]:
    from onetext.trace.strength import (
        quote_guarantees,
        robust_bits_per_100_words,
        what_a_short_draft_needs,
    )

    points, recipients = issue.points, len(issue.recipients)
    return {
        "robust_bits_per_100_words": round(robust_bits_per_100_words(points, issue.sites), 2),
        "quotes": [g.to_dict() for g in quote_guarantees(points, issue.sites, recipients)],
        "short_quotes": what_a_short_draft_needs(points, issue.sites, recipients).to_dict(),
    }


def _authored_summary(issue: "CopyIssue", listed: bool) -> dict[str, Any]:
    """How many sites the mediator's phrases gave, and which automatic ones they displaced."""
    if not listed:
        return {}
    authored = sum(1 for s in issue.sites if s.kind.value == "authored")
    return {"authored": authored, "overridden": list(issue.overridden)}


def _render_strength(console: "Console", issue: "CopyIssue") -> None:
    from onetext.trace.attribute import DEFAULT_THRESHOLD
    from onetext.trace.strength import (
        quote_guarantees,
        robust_bits_per_100_words,
        what_a_short_draft_needs,
    )

    recipients = len(issue.recipients)
    bits = robust_bits_per_100_words(issue.points, issue.sites)
    console.print(f"Marks that survive retyping: {bits:.1f} bits per 100 words.")
    for guarantee in quote_guarantees(issue.points, issue.sites, recipients):
        console.print(guarantee.statement(recipients))
        if guarantee.points != 3 or guarantee.proven == guarantee.passages:
            continue
        needs = what_a_short_draft_needs(issue.points, issue.sites, recipients)
        if guarantee.median >= DEFAULT_THRESHOLD:
            console.print(
                "This draft is too short to prove the source of a typical 3-point quote. "
                + needs.statement(recipients)
                + _stronger_marking(issue, bits)
                + " Equivalent wordings you vouch for add marks too: --variants FILE.",
                style="yellow",
            )
        elif needs.thin:
            missing = guarantee.passages - guarantee.proven
            console.print(
                f"{missing} of the {guarantee.passages} three-point passages "
                f"{'is' if missing == 1 else 'are'} not proven yet; the thinnest points: "
                f"{', '.join(needs.thin)}.",
                style="yellow",
            )


def _stronger_marking(issue: "CopyIssue", now: float) -> str:
    """What ``--marking strong`` would add to the ``now`` bits per 100 words of this
    issue, said only if it adds."""
    from onetext.trace.authored import with_authored
    from onetext.trace.sites import SiteKind, SiteOptions, find_sites
    from onetext.trace.strength import robust_bits_per_100_words

    if issue.marking == "strong":
        return ""
    authored = [s for s in issue.sites if s.kind is SiteKind.AUTHORED]
    strong = with_authored(find_sites(issue.points, SiteOptions(strong=True)), authored).sites
    more = robust_bits_per_100_words(issue.points, strong) - now
    if more < 0.05:
        return " Stronger marking would add nothing to this draft."
    return (
        f" Stronger marking (--marking strong) would add {more:.1f} bits per 100 words"
        f" to the {now:.1f} of this issue."
    )


def _render_sites(
    console: "Console", issue_sites: list[dict[str, Any]], overridden: list[str] | None = None
) -> None:
    from rich.table import Table

    table = Table(title="Variant sites (veto any with --veto ID)")
    for column in ("id", "kind", "text", "variants"):
        table.add_column(column)
    for site in issue_sites:
        variants = " | ".join(repr(v) if v.strip() != v or not v else v for v in site["variants"])
        table.add_row(site["id"], site["kind"], repr(site["variants"][0]), variants)
    console.print(table)
    _say_left_out(console, overridden or ())


def _say_left_out(console: "Console", overridden: "Sequence[str]") -> None:
    """Name the automatic sites the mediator's phrases displaced, if any."""
    if overridden:
        console.print(
            "Automatic sites left out for the phrases you listed: " + ", ".join(overridden) + "."
        )


def _render_attribution(console: "Console", issue: "CopyIssue", result: "Attribution") -> None:
    from rich.table import Table

    if result.verdict is not None:
        top = result.candidates[0]
        console.print(
            styled(
                f"[bold]Source: {esc(result.verdict)}[/] (false-accusation probability "
                f"{top.false_accusation_probability:.2g}, threshold {result.threshold:g})"
            )
        )
    else:
        console.print(
            styled(
                f"[bold]No verdict:[/] no recipient's evidence is below the false-accusation "
                f"threshold {result.threshold:g}."
            )
        )
    console.print(
        f"Issue {issue.id}; points located: {', '.join(result.points_located) or 'none'}; "
        f"sites observed: {result.sites_observed}, erased: {result.sites_erased}."
    )
    if len(result.coalition) > 1:
        joint = " + ".join(result.coalition)
        console.print(f"Best joint explanation (copies mixed point by point): {joint}.")
    table = Table(title="Most likely sources")
    for column in ("recipient", "score", "matches", "false-accusation probability"):
        table.add_column(column)
    for candidate in result.candidates[:5]:
        table.add_row(
            candidate.recipient,
            f"{candidate.score:.2f}",
            f"{candidate.matches}/{result.sites_observed}",
            f"{candidate.false_accusation_probability:.2g}",
        )
    console.print(table)
    if result.evidence:
        best = issue.code.codewords[result.candidates[0].recipient]
        index = {s.id: i for i, s in enumerate(issue.sites)}
        leader = result.candidates[0].recipient
        evidence = Table(title=f"Evidence (compared with {leader}'s copy)")
        for column in ("site", "point", "kind", "variant seen", "same as copy"):
            evidence.add_column(column)
        for item in result.evidence:
            seen = "erased" if item.symbol is None else repr(item.variant_seen)
            same = (
                ""
                if item.symbol is None
                else ("yes" if best[index[item.site_id]] == item.symbol else "no")
            )
            evidence.add_row(item.site_id, item.label, item.kind, seen, same)
        console.print(evidence)
    console.print(result.guarantee, style="dim")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("copies")
    def copies(
        draft_file: Annotated[
            Path | None, typer.Argument(help="Draft file to issue (.txt, .md, .docx).")
        ] = None,
        version: Annotated[
            str | None,
            typer.Option("--version", help="Issue a stored version instead (DOC or DOC@N)."),
        ] = None,
        to: Annotated[list[str] | None, typer.Option("--to", help="A recipient (repeat).")] = None,
        out: Annotated[Path | None, typer.Option("--out", help="Folder for the copies.")] = None,
        fmt: Annotated[str, typer.Option("--format", help="md, txt, docx or pdf.")] = "md",
        marking: Annotated[
            str,
            typer.Option(
                "--marking",
                help="standard, or strong (more sites, for short drafts; every point's "
                "sub-items may trade places).",
            ),
        ] = "standard",
        digital: Annotated[
            bool, typer.Option("--digital", help="Add invisible marks (copies that stay digital).")
        ] = False,
        seed: Annotated[
            int | None, typer.Option("--seed", help="Seed of the code (default: random).")
        ] = None,
        coalition: Annotated[int, typer.Option("--coalition", help="Colluders to resist.")] = 2,
        error: Annotated[float, typer.Option("--error", help="False-accusation target.")] = 1e-3,
        veto: Annotated[
            list[str] | None, typer.Option("--veto", help="Site id to leave alone (repeat).")
        ] = None,
        reorder: Annotated[
            list[str] | None,
            typer.Option("--reorder", help="Point label whose sub-items may swap (repeat)."),
        ] = None,
        list_sites: Annotated[
            bool, typer.Option("--list-sites", help="Only list the variant sites for review.")
        ] = False,
        variants: Annotated[
            Path | None,
            typer.Option(
                "--variants",
                help="JSON or TOML file of phrases you vouch for: point label -> lists of "
                "equivalent forms, the text's own first (docs/tracing.md).",
            ),
        ] = None,
        negotiation: NegotiationOption = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Issue one fingerprinted copy per recipient; the registry goes into the database."""
        import secrets

        from rich.progress import track

        from onetext.formats.copies import COPY_FORMATS, copy_filename, write_copy
        from onetext.formats.drafts import load_draft
        from onetext.formats.variants_file import load_variants_file
        from onetext.service.copies import issue_draft_copies
        from onetext.service.drafts import load_version
        from onetext.trace.authored import authored_sites, with_authored
        from onetext.trace.registry import MARKINGS
        from onetext.trace.sites import SiteOptions, find_sites

        if fmt not in COPY_FORMATS:
            raise InvalidInput(f"unknown format {fmt!r}: expected one of {', '.join(COPY_FORMATS)}")
        if marking not in MARKINGS:
            raise InvalidInput(
                f"unknown marking {marking!r}: expected one of {', '.join(MARKINGS)}"
            )
        if (draft_file is None) == (version is None):
            raise InvalidInput("name a draft file or a stored version with --version, not both")
        phrases = load_variants_file(variants) if variants is not None else ()
        if list_sites:
            if draft_file is not None:
                draft = load_draft(draft_file)
            else:
                with unit_of_work(db) as uow:
                    draft = load_version(
                        uow, actor_for(uow, None, None), negotiation, str(version)
                    ).as_parsed()
            options = SiteOptions(
                digital=digital,
                reorderable=frozenset(reorder or ()),
                strong=marking == "strong",
            )
            merged = with_authored(
                find_sites(draft.points, options), authored_sites(draft.points, phrases)
            )
            found = [s.to_dict() for s in merged.sites]
            listed: dict[str, Any] = {"sites": found}
            if phrases:
                listed["overridden"] = [s.id for s in merged.dropped]
            emit(listed, as_json, lambda c: _render_sites(c, found, listed.get("overridden")))
            return
        if not to:
            raise InvalidInput("name at least one recipient with --to NAME")
        if out is None:
            raise InvalidInput("say where the copies go with --out DIR")
        if out.exists() and not out.is_dir():
            raise InvalidInput(f"--out {out} is a file, not a folder")
        parsed = load_draft(draft_file) if draft_file is not None else None
        if parsed is not None and phrases:  # refused before the registry is even opened
            authored_sites(parsed.points, phrases)
        # copies of a draft file need no negotiation: issuing them may start the registry
        with unit_of_work(db, create=draft_file is not None) as uow:
            issued = issue_draft_copies(
                uow,
                actor_for(uow, None, None),
                recipients=to,
                seed=seed if seed is not None else secrets.randbits(63),
                draft=parsed,
                source=str(draft_file or ""),
                negotiation=negotiation,
                version=version,
                coalition=coalition,
                error=error,
                digital=digital,
                reorderable=reorder or (),
                veto=veto or (),
                marking=marking,
                authored=phrases,
            )
            issue = issued.issue
            out.mkdir(parents=True, exist_ok=True)
            written: dict[str, str] = {}
            names = issue.recipients
            stem = draft_file.stem if draft_file is not None else str(version).replace("@", "-v")
            for recipient in track(
                names, description="writing copies", disable=as_json or len(names) < 20
            ):
                path = out / copy_filename(recipient, fmt, stem=stem)
                write_copy(path, issue, recipient, fmt)
                written[recipient] = str(path)
            uow.commit()
        data = {
            "issue": issue.id,
            "source": issued.source,
            "sites": len(issue.sites),
            "guarantee": issue.code.design.statement(),
            "marking": issue.marking,
            **_authored_summary(issue, bool(phrases)),
            **_strength(issue),
            "copies": [{"recipient": r, "file": f} for r, f in written.items()],
        }
        emit(data, as_json, lambda c: _render_issue(c, issue, written))

    @app.command("trace")
    def trace(
        leak: Annotated[str, typer.Argument(help="Leaked text: a file, or - for standard input.")],
        threshold: Annotated[
            float, typer.Option("--threshold", help="Name a source only below this probability.")
        ] = 1e-3,  # the tracer's DEFAULT_THRESHOLD, written out so --help need not load it
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Name the most likely source of a leaked text, with its false-accusation probability."""
        from onetext.service.copies import trace_leak

        text = read_leak(leak)
        if not text.strip():
            raise InvalidInput("the leaked text is empty")
        with unit_of_work(db) as uow:
            issue, result = trace_leak(uow, actor_for(uow, None, None), text, threshold)
        emit(result.to_json(), as_json, lambda c: _render_attribution(c, issue, result))
