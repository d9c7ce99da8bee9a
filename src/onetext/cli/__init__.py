"""The ``onetext`` command line: thin commands that parse, call a service, render.

A command loads only what it uses. ``onetext NAME ...`` imports the one module that
registers NAME (see ``COMMAND_MODULES``); the whole app, every module of it, is
built only for the overview (``onetext``, ``onetext --help``) or a name no module
claims (Typer then says what it says about unknown commands). Each command
imports its services, formats and engines inside its function.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

import typer

from onetext.cli.output import run_app

if TYPE_CHECKING:
    app: typer.Typer

__all__ = ["COMMAND_MODULES", "app", "build_app", "main"]

HELP = "A confidential workspace for negotiating agreements point by point."

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "record": (
        "negotiation",
        "party",
        "member",
        "round",
        "import",
        "versions",
        "show",
        "export",
        "mark",
        "matrix",
        "history",
    ),
    "demo": ("demo", "focus"),
    "versions": ("compare", "merge", "conflicts", "sources"),
    "brackets": ("brackets",),
    "escalation": ("group", "board", "brief", "propose", "proposals"),
    "solve": ("solve",),
    "diff": ("parse", "diff", "provenance"),
    "trace": ("copies", "trace"),
    "web": ("serve",),
    "audit": ("audit", "backup", "restore"),
    "statements": ("statement", "public-statement"),
    "amend": ("amend",),
    "engine": ("engine", "worker"),
    "comment": ("comment",),
}
"""Each module of ``onetext.cli`` (in the order they register) and the top-level
commands its ``register`` adds (a test checks these against the modules)."""

_MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}


def _new_app() -> typer.Typer:
    return typer.Typer(
        name="onetext",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


def build_app(modules: tuple[str, ...] = tuple(COMMAND_MODULES)) -> typer.Typer:
    """The Typer app with the commands of ``modules`` (default: all of them)."""
    built = _new_app()
    for module in modules:
        import_module(f"onetext.cli.{module}").register(built)
    if len(modules) < len(COMMAND_MODULES):
        # a group even when the module has one command: `onetext solve ...` must not
        # become a bare `solve` that reads "solve" as its first argument
        built.callback(help=HELP)(_no_options)
    return built


def _no_options() -> None:
    """The top level takes no options of its own."""


def overview_app() -> typer.Typer:
    """The whole app as the overview shows it: each command group by its name and
    help only. The overview never lists a group's subcommands, and building every
    subcommand's parameters is most of what ``onetext --help`` costs; ``onetext
    GROUP ...`` loads the real group through its own module."""
    whole = build_app()
    for group in whole.registered_groups:
        real = group.typer_instance
        if real is not None:
            group.typer_instance = typer.Typer(name=real.info.name, help=real.info.help)
    return whole


def app_for(args: list[str]) -> typer.Typer:
    """The smallest app that runs ``onetext ARGS`` exactly as the whole app would."""
    module = _MODULE_OF.get(args[0]) if args else None
    return build_app((module,)) if module else overview_app()


def __getattr__(name: str) -> Any:
    """``app``: the whole command line, built on first use (tests, documentation)."""
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: user errors become one line and an exit code."""
    run_app(app_for(sys.argv[1:]))
