"""Shared CLI plumbing: the --db/--json options, JSON output, error mapping.

The Rich consoles are made on first use: a ``--json`` command never loads Rich's
console, which takes longer to import than the command takes to run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer

from onetext.errors import OnetextError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console: Console
    err_console: Console

__all__ = [
    "DbOption",
    "JsonOption",
    "LenientOption",
    "console",
    "date_column",
    "emit",
    "err_console",
    "esc",
    "run_app",
    "styled",
    "warn_all",
]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path (default: $ONETEXT_DATABASE_URL or ./onetext.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LenientOption = Annotated[
    bool,
    typer.Option(
        "--lenient",
        help="Read a text whose brackets do not balance (as converted texts often are): "
        "a stray ']' closes a span opened at its unit's start, a stray '[' runs to the "
        "unit's end; each is listed as a warning.",
    ),
]


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    # markup off: what people typed ("[shall][should]") is printed as typed; our own
    # styling goes through ``styled``, with every value escaped
    return Console(stderr=stderr, markup=False)


def styled(markup: str) -> Text:
    """Rich markup written by onetext itself; interpolate user values through ``esc``."""
    from rich.text import Text

    return Text.from_markup(markup)


def esc(value: object) -> str:
    """A value made safe to put inside ``styled`` markup."""
    from rich.markup import escape

    return escape(str(value))


def __getattr__(name: str) -> Any:
    """``console`` (standard output) and ``err_console`` (standard error), made once."""
    if name == "console":
        return _console(False)
    if name == "err_console":
        return _console(True)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def date_column(table: Table, header: str, width: int) -> None:
    """A column for dates that is never wrapped nor cut: at 80 columns Rich squeezed
    ``2026-10-01T09:00`` into ``2026-10…``; the other columns give way instead."""
    table.add_column(header, no_wrap=True, min_width=width)


def warn_all(warnings: Sequence[str]) -> None:
    """Say on standard error what a lenient reading let through (JSON carries them too)."""
    if warnings:
        from rich.text import Text

        for warning in warnings:
            _console(True).print(Text(f"warning: {warning}", style="yellow"))


def emit(data: Any, as_json: bool, render: Callable[[Console], None]) -> None:
    """Print ``data`` as JSON, or call ``render`` for people."""
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        render(_console(False))


def run_app(app: typer.Typer) -> None:
    """Run ``app``; an ``OnetextError`` becomes one line on stderr and its exit code.

    Usage errors (unknown command, missing argument) are Typer's own: a short usage
    message and exit code 2.
    """
    try:
        app()
    except OnetextError as error:
        _console(True).print(
            styled(f"[bold red]error:[/] {esc(error.message)}"), highlight=False, soft_wrap=True
        )
        raise SystemExit(error.exit_code) from None
