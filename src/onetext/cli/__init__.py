"""The ``onetext`` command line: thin commands that parse, call a service, render."""

from __future__ import annotations

import typer

from onetext.cli import demo as _demo
from onetext.cli import diff as _diff
from onetext.cli import escalation as _escalation
from onetext.cli import record as _record
from onetext.cli import solve as _solve
from onetext.cli import trace as _trace
from onetext.cli import versions as _versions
from onetext.cli import web as _web
from onetext.cli.output import run_app

__all__ = ["app", "main"]

app = typer.Typer(
    name="onetext",
    help="A confidential workspace for negotiating agreements point by point.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _module in (_record, _demo, _versions, _escalation, _solve, _diff, _trace, _web):
    _module.register(app)


def main() -> None:
    """Console-script entry point: user errors become one line and an exit code."""
    run_app(app)
