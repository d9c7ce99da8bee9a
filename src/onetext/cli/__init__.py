"""The ``onetext`` command line: thin commands that parse, call a service, render.

A command loads only what it uses. ``onetext NAME ...`` imports the one module that
registers NAME (see ``COMMAND_MODULES``); the overview (``onetext``, ``onetext
--help``) and a name no module claims (Typer then says what it says about unknown
commands) are drawn from a table of names and help lines (``OVERVIEW``), with no
command module imported. Each command imports its services, formats and engines
inside its function.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

import typer

from onetext.cli.output import run_app

if TYPE_CHECKING:
    app: typer.Typer

__all__ = ["COMMAND_MODULES", "OVERVIEW", "app", "build_app", "main"]

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

OVERVIEW: tuple[tuple[str, str, bool], ...] = (
    (
        "import",
        "Table a draft (or its next version, or a package with annexes) from a file.",
        False,
    ),
    ("versions", "List versions of every document (or one).", False),
    ("show", "Show a version's points and options, Articles and Chapters as headings.", False),
    (
        "export",
        "Export a version as Markdown, text, DOCX or Akoma Ntoso (reads back to the same points).",
        False,
    ),
    ("mark", "Mark a party's stance on a point (never overwrites: history is kept).", False),
    ("matrix", "The stance matrix: parties × points, as far as the viewer may see.", False),
    ("history", "Every mark on a point, across versions, that the viewer may see.", False),
    ("demo", "Build the demo negotiation (Lakemont talks) and show the stance matrix.", False),
    ("focus", "Put a version in focus: the text the matrix and marks use by default.", False),
    (
        "compare",
        "Compare two stored versions point by point, with redlines (like `onetext diff`).",
        False,
    ),
    ("merge", "Merge two lines of drafts against their common base; conflicts are listed.", False),
    (
        "sources",
        "Where a version's language came from: earlier drafts, counter-drafts, position\n"
        "papers of the negotiation, with the source party and the shared wording.",
        False,
    ),
    (
        "brackets",
        "Open brackets of a version by Article (spans, alternatives, units still\n"
        "bracketed), or with --burndown their count across versions.",
        False,
    ),
    (
        "propose",
        "Publish the engine's package (the mediator's reading) as a proposal to everyone.",
        False,
    ),
    ("proposals", "The packages the mediator published as proposals.", False),
    (
        "board",
        "The escalation board: agreed at expert level, endorsed, blocked, open; the package.",
        False,
    ),
    ("brief", "Write the brief for principals (only what the reader may see).", False),
    ("solve", "Find the package every party can accept, or what blocks one.", False),
    (
        "parse",
        "Print the tree of a text (Parts, Chapters, Articles, paragraphs, items, options, notes).",
        False,
    ),
    (
        "diff",
        "Compare two drafts point by point: unchanged, reworded, moved, renumbered,\n"
        "split, merged, added, removed, with a word-level redline.",
        False,
    ),
    ("provenance", "Trace where each point's wording came from among other documents.", False),
    (
        "copies",
        "Issue one fingerprinted copy per recipient; the registry goes into the database.",
        False,
    ),
    (
        "trace",
        "Name the most likely source of a leaked text, with its false-accusation probability.",
        False,
    ),
    ("serve", "Serve the web app (pages and JSON API) with uvicorn.", False),
    (
        "backup",
        "Back the database up while it is in use (SQLite online backup; pg_dump for PostgreSQL).",
        False,
    ),
    ("restore", "Restore a backup into the database, then verify the restored record.", False),
    ("worker", "Take engine runs from the queue (PostgreSQL) until stopped (Ctrl-C).", False),
    ("negotiation", "Create and list negotiations.", True),
    ("party", "Parties of a negotiation (parties, the mediator, observers).", True),
    ("member", "Members of delegations, the secretariat and observers.", True),
    ("round", "Rounds of talks: level, place, times, attendees, outcome.", True),
    ("conflicts", "Merge conflicts: list them, settle one.", True),
    ("group", "Working groups: points assigned to expert groups.", True),
    (
        "audit",
        "The audit log: a hash chain and Merkle tree, with signed checkpoints and proofs.",
        True,
    ),
    (
        "statement",
        "Joint statements and communiqués: released only when every party consented.",
        True,
    ),
    (
        "public-statement",
        "What was said in public about the talks, beside what the joint record showed.",
        True,
    ),
    (
        "amend",
        "Amendments to a unit of a version: tabled by a "
        "delegation, marked by the others, decided and consolidated by the mediator.",
        True,
    ),
    ("engine", "The compromise engine's runs: a run's package tabled as the next version.", True),
    (
        "comment",
        "Comments on a unit: a thread per unit, private, caucus or joint, open or resolved.",
        True,
    ),
)
"""Each top-level command as the overview (``onetext``, ``onetext --help``) lists it:
its name, the first paragraph of its help, and whether it is a group. The overview is
drawn from this table without importing a command module; a test checks it against
the commands the modules register."""

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
    """The app as the overview shows it, from ``OVERVIEW``: each command by its name
    and help only, and no command module imported (most of what ``onetext --help``
    cost). The overview never runs a command: ``onetext NAME ...`` loads NAME's module
    (``app_for``)."""
    overview = _new_app()
    for name, help_text, group in OVERVIEW:
        if group:
            overview.add_typer(typer.Typer(name=name, help=help_text), name=name)
        else:
            overview.command(name, help=help_text)(_no_options)
    return overview


def app_for(args: list[str]) -> typer.Typer:
    """The smallest app that runs ``onetext ARGS`` exactly as the whole app would."""
    names = args[1:] if args[:1] == ["--"] else args  # `onetext -- NAME`: still NAME
    module = _MODULE_OF.get(names[0]) if names else None
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
