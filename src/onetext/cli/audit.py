"""CLI commands of the verifiable record: verify, checkpoints, proofs, backup, restore."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from onetext.cli.output import DbOption, JsonOption, date_column, emit
from onetext.errors import AuditChainBroken, InvalidInput

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from onetext.store.checkpoints import Checkpoint
    from onetext.views.record import RecordVerification

__all__ = ["register"]

audit_app = typer.Typer(
    help="The audit log: a hash chain and Merkle tree, with signed checkpoints and proofs."
)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="File to write.")]
SHOWN_FINDINGS = 20


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read the {what} {path}: {error}") from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error}") from None


@contextmanager
def _progress_bar(title: str) -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar on standard error while long work runs: ``update(step, done,
    total)``; a total of 0 shows a pulsing bar (a tool that says nothing until done).
    Standard output, and ``--json`` on it, stay as they are; no bar off a terminal."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    from onetext.cli.output import err_console

    bar = Progress(
        TextColumn(f"[bold]{title}[/]"),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    with bar:
        task = bar.add_task("", total=None)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total or None)

        yield update


def _held(path: Path | None) -> Checkpoint | None:
    from onetext.store.checkpoints import Checkpoint

    return None if path is None else Checkpoint.loads(_read(path, "checkpoint"))


@audit_app.command("verify")
def audit_verify(
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="A checkpoint you kept: the log must extend it."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check the chain, every table against the log, and (given one) that the log
    extends a checkpoint you kept: edited, deleted, reordered, forged or rolled back."""
    from onetext.service import record
    from onetext.views import to_json

    held = _held(checkpoint)
    with unit_of_work(db) as uow, _progress_bar("verifying") as progress:
        report = record.verify_record(uow, actor_for(uow, None, None), held, progress)
    data = to_json(report) | {"status": "ok" if report.intact else "broken"}
    emit(data, as_json, lambda c: _render_verification(c, report))
    if not report.intact:
        raise AuditChainBroken(_broken_summary(report))


def _broken_summary(report: RecordVerification) -> str:
    parts = []
    if report.findings:
        parts.append(f"{len(report.findings)} rows disagree with the log ({report.findings[0]})")
    if report.checkpoint is not None and report.checkpoint.problem:
        parts.append(report.checkpoint.problem)
    return "audit record broken: " + "; ".join(parts)


def _render_verification(console: Console, report: RecordVerification) -> None:
    from rich.text import Text

    console.print(
        f"audit chain intact: {report.events} events, root {report.root[:16]}…"
        + (f" ({report.legacy_events} legacy events)" if report.legacy_events else "")
    )
    console.print(
        f"tables against the log: {report.rows_checked} rows, {len(report.findings)} findings"
        + (
            f"; {report.legacy_marks} marks recorded before events carried the whole mark "
            "(compared on party, version, point, option and visibility only)"
            if report.legacy_marks
            else ""
        )
    )
    others = {name: n for name, n in report.rows_in_part.items() if name != "mark"}
    if others:
        console.print(
            "compared in part (their events were written before events carried them whole): "
            + ", ".join(f"{n} {name} rows" for name, n in sorted(others.items()))
        )
    for finding in report.findings[:SHOWN_FINDINGS]:
        console.print(Text(f"  ✘ {finding}", style="red"))
    if len(report.findings) > SHOWN_FINDINGS:
        console.print(f"  … and {len(report.findings) - SHOWN_FINDINGS} more (--json lists all)")
    held = report.checkpoint
    if held is not None:
        if held.extends:
            console.print(
                Text("the log extends your checkpoint", style="green").append(
                    f": {held.held_size} → {held.current_size} events", style=""
                )
            )
        else:
            console.print(Text(f"✘ {held.problem}", style="bold red"))


@audit_app.command("log")
def audit_log_command(
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The latest audit events."""
    from onetext.service import audit

    with unit_of_work(db) as uow:
        entries = audit.audit_log(uow, actor_for(uow, None, None), limit)

    def render(console: Console) -> None:
        from rich.table import Table

        table = Table("seq")
        date_column(table, "at", 19)
        for header in ("actor", "action", "object", "negotiation"):
            table.add_column(header)
        for e in entries:
            table.add_row(
                str(e.seq),
                e.at[:19],
                e.actor,
                e.action,
                f"{e.object_type} {e.object_id}",
                e.negotiation or "",
            )
        console.print(table)

    emit([asdict(e) for e in entries], as_json, render)


@audit_app.command("checkpoint")
def audit_checkpoint(
    out: OutOption,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Save the log's latest signed checkpoint: keep it, and any later log must extend it."""
    from onetext.service import record

    with unit_of_work(db) as uow:
        checkpoint = record.latest_checkpoint(uow, actor_for(uow, negotiation, as_member))
    _write(out, checkpoint.dumps())
    emit(
        checkpoint.as_json() | {"file": str(out)},
        as_json,
        lambda c: c.print(
            f"checkpoint of {checkpoint.size} events (root {checkpoint.root[:16]}…) "
            f"written to {out}"
        ),
    )


@audit_app.command("public-key")
def audit_public_key(
    out: OutOption,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Save the log's public key (PEM): what checkpoints and proofs are checked with."""
    from onetext.service import record

    with unit_of_work(db) as uow:
        pem = record.public_key(uow, actor_for(uow, negotiation, as_member))
    _write(out, pem)
    emit({"file": str(out), "public_key": pem}, as_json, lambda c: c.print(f"wrote {out}"))


@audit_app.command("consistency")
def audit_consistency(
    checkpoint: Annotated[Path, typer.Option("--checkpoint", help="The checkpoint you kept.")],
    out: OutOption,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export a proof that today's log extends your checkpoint (check it with check-proof)."""
    from onetext.service import record
    from onetext.store.checkpoints import Checkpoint

    held = Checkpoint.loads(_read(checkpoint, "checkpoint"))
    with unit_of_work(db) as uow:
        bundle = record.consistency_bundle(uow, actor_for(uow, negotiation, as_member), held)
    _write(out, json.dumps(bundle, indent=2) + "\n")
    emit(bundle, as_json, lambda c: c.print(_consistency_line(bundle, out)))
    if not bundle["extends"]:
        raise AuditChainBroken(f"audit record broken: {bundle['problem']}")


def _consistency_line(bundle: dict[str, object], out: Path) -> Text:
    from rich.text import Text

    if bundle["extends"]:
        return Text(f"the log extends your checkpoint; proof written to {out}")
    line = Text("the log does not extend your checkpoint", style="bold red")
    return line.append(f": {bundle['problem']}", style="")


@audit_app.command("prove")
def audit_prove(
    point: Annotated[str, typer.Argument(help="Point label in the version, e.g. 7.")],
    party: Annotated[str, typer.Option("--party", help="Your party.")],
    out: OutOption,
    version: Annotated[str | None, typer.Option("--version", help="DOC or DOC@N.")] = None,
    option: Annotated[str | None, typer.Option("--option", help="An option's key.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The mark in force on this date.")
    ] = None,
    negotiation: NegotiationOption = None,
    as_member: AsMemberOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export a proof of your party's mark on a point (in force on a date) that reveals
    no other mark: the event, its inclusion proof, a signed checkpoint."""
    from onetext.service import record

    when = parse_when(as_of, end_of_day=True) if as_of else None
    with unit_of_work(db) as uow, _progress_bar("proving") as progress:
        proof = record.prove_mark(
            uow,
            actor_for(uow, negotiation, as_member),
            negotiation,
            party=party,
            label=point,
            version=version,
            option=option,
            as_of=when,
            progress=progress,
        )
    _write(out, json.dumps(proof, indent=2) + "\n")
    event = json.loads(proof["event"]["details"])
    emit(
        {"file": str(out), "event": proof["event"]["seq"], "stance": event["stance"]},
        as_json,
        lambda c: c.print(
            f"proof that {party} marked point {point} {event['stance']} "
            f"({event['marked_at'][:10]}) written to {out}"
        ),
    )


@audit_app.command("check-proof")
def audit_check_proof(
    proof: Annotated[Path, typer.Argument(help="A proof file (mark or consistency).")],
    public_key: Annotated[
        Path, typer.Option("--public-key", help="The log's public key (PEM) you trust.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Check a proof offline with the log's public key: no database needed."""
    from onetext.store.checkpoints import load_public_key
    from onetext.store.proofs import check_proof
    from onetext.views import to_json

    key = load_public_key(_read(public_key, "public key"))
    checked = check_proof(_read(proof, "proof"), key)

    def render(console: Console) -> None:
        from rich.text import Text

        claim = checked.claim
        if "stance" in claim:
            option = f" option {claim['option']}" if claim.get("option") else ""
            line = (
                f"proof holds: {claim['party']} marked point {claim['point']}{option} of "
                f"{claim['version']} {claim['stance']} ({claim['visibility']}) at "
                f"{claim['marked_at']}, event {claim['event']}"
            )
        else:
            line = (
                f"proof holds: the log of {checked.tree_size} events extends the one of "
                f"{claim['extends']}"
            )
        console.print(Text(line, style="green"))
        console.print(f"in the log of {checked.tree_size} events signed at {checked.signed_at}")

    emit(to_json(checked) | {"status": "ok"}, as_json, render)


def backup_command(
    target: Annotated[Path, typer.Argument(help="File to write the backup to.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Back the database up while it is in use (SQLite online backup; pg_dump for PostgreSQL)."""
    from onetext.store.backup import backup_database
    from onetext.store.database import open_database

    database = open_database(db)
    try:
        with _progress_bar("backing up") as progress:
            progress("pg_dump" if not database.is_sqlite else "pages", 0, 0)
            done = backup_database(
                database, target, lambda copied, pages: progress("pages", copied, pages)
            )
    finally:
        database.dispose()
    emit(
        asdict(done),
        as_json,
        lambda c: c.print(
            f"backed up {done.events} events to {target} ({done.bytes} bytes); the signing "
            "key is not in it: keep it apart"
        ),
    )


def restore_command(
    source: Annotated[Path, typer.Argument(help="A backup made by `onetext backup`.")],
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that holds a record.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Restore a backup into the database, then verify the restored record."""
    from rich.text import Text

    from onetext.service import record
    from onetext.service.actors import operator
    from onetext.store.backup import restore_database
    from onetext.store.database import database_url

    url = database_url(db)
    with _progress_bar("restoring") as progress:
        progress("pages" if url.startswith("sqlite") else "pg_restore", 0, 0)
        restore_database(
            source,
            url,
            force=force,
            progress=lambda copied, pages: progress("pages", copied, pages),
        )
    with unit_of_work(db) as uow, _progress_bar("verifying") as progress:
        report = record.verify_record(uow, operator(), progress=progress)
    emit(
        {
            "restored": str(source),
            "events": report.events,
            "root": report.root,
            "status": "ok" if report.intact else "broken",
        },
        as_json,
        lambda c: c.print(
            Text(f"restored {source}: {report.events} events, root {report.root[:16]}…, ").append(
                "verified" if report.intact else "does not verify",
                style="" if report.intact else "bold red",
            )
        ),
    )
    if not report.intact:
        raise AuditChainBroken(_broken_summary(report))


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
