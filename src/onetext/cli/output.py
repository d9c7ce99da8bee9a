"""Shared CLI plumbing: the --db/--json options, JSON output, error mapping."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console

from onetext.errors import OnetextError

__all__ = ["DbOption", "JsonOption", "console", "emit", "err_console", "run_app"]

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path (default: $ONETEXT_DATABASE_URL or ./onetext.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def emit(data: Any, as_json: bool, render: Callable[[Console], None]) -> None:
    """Print ``data`` as JSON, or call ``render`` for people."""
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        render(console)


def run_app(app: typer.Typer) -> None:
    """Run ``app``; an ``OnetextError`` becomes one line on stderr and its exit code.

    Usage errors (unknown command, missing argument) are Typer's own: a short usage
    message and exit code 2.
    """
    try:
        app()
    except OnetextError as error:
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False, soft_wrap=True)
        raise SystemExit(error.exit_code) from None
