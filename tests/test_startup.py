"""Start-up: what the command line loads before it does anything.

Deterministic checks of which modules a command brings in (read from ``sys.modules``
of a real subprocess); the timing itself is ``benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from onetext.cli import COMMAND_MODULES, OVERVIEW, app, app_for, build_app
from onetext.store.database import Database, open_database, schema_head
from tests_support import must

HEAVY = (
    "scipy",
    "numpy",
    "highspy",
    "matplotlib",
    "fpdf",
    "docx",
    "pypdf",
    "rapidfuzz",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "alembic",
    "argon2",
)
"""Libraries of the engine, the formats, the web app, migrations and passwords."""


def run_listing_modules(
    tmp_path: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``onetext ARGS`` as the console script does; return it and every module it loaded."""
    listing = tmp_path / "modules.json"
    code = (
        "import atexit, json, pathlib, sys\n"
        f"listing = pathlib.Path({str(listing)!r})\n"
        "atexit.register(lambda: listing.write_text(json.dumps(sorted(sys.modules))))\n"
        "sys.argv[0] = 'onetext'\n"
        "from onetext.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ONETEXT_DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    return done, set(json.loads(listing.read_text(encoding="utf-8")))


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_loads_no_engine_format_web_or_database_library(tmp_path: Path) -> None:
    done, modules = run_listing_modules(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    assert "matrix" in done.stdout and "serve" in done.stdout
    assert packages(modules) & {*HEAVY, "sqlalchemy"} == set()
    ours = {m for m in modules if m.startswith("onetext.")}
    layers = {m.split(".")[1] for m in ours}
    assert layers <= {"cli", "errors", "model"}, sorted(ours)  # the model is pure and small
    commands = {m for m in modules if m.startswith("onetext.cli.")}
    assert commands == {"onetext.cli.output"}  # the overview is drawn from OVERVIEW


def test_a_command_help_loads_only_its_own_module(tmp_path: Path) -> None:
    done, modules = run_listing_modules(tmp_path, "solve", "--help")
    assert done.returncode == 0, done.stderr
    assert "--objective" in done.stdout
    assert packages(modules) & {*HEAVY, "sqlalchemy"} == set()
    commands = {m for m in modules if m.startswith("onetext.cli.")}
    assert commands == {"onetext.cli.output", "onetext.cli.context", "onetext.cli.solve"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("startup") / "demo.db")
    must("demo", "--db", db, "--no-show")
    return db


def test_matrix_loads_no_engine_format_or_web_stack(tmp_path: Path, demo_db: str) -> None:
    done, modules = run_listing_modules(tmp_path, "matrix", "--json", "--db", demo_db)
    assert done.returncode == 0, done.stderr
    view = json.loads(done.stdout)
    assert len(view["points"]) == 28
    assert packages(modules) & set(HEAVY) == set()
    assert "sqlalchemy" in packages(modules)  # it did read the database
    for layer in ("solve", "trace", "formats", "web"):
        assert not any(m.startswith(f"onetext.{layer}") for m in modules), layer
    assert "onetext.text.align" not in modules


def test_comparing_text_drafts_loads_no_docx_pdf_or_plotting(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("TERMS\n1. The parties meet weekly.\n2. Prisoners are exchanged.\n", "utf-8")
    new.write_text("TERMS\n1. The parties meet daily.\n2. Prisoners are exchanged.\n", "utf-8")
    done, modules = run_listing_modules(tmp_path, "diff", str(old), str(new), "--json")
    assert done.returncode == 0, done.stderr
    kinds = [change["kind"] for change in json.loads(done.stdout)["changes"]]
    assert "reworded" in kinds
    assert packages(modules) & {"docx", "fpdf", "matplotlib", "pypdf"} == set()


def test_command_modules_name_exactly_the_commands_they_register() -> None:
    whole = typer.main.get_command(app)
    listed = [name for names in COMMAND_MODULES.values() for name in names]
    assert len(listed) == len(set(listed))  # no command claimed by two modules
    assert set(whole.commands) == set(listed)
    for module, names in COMMAND_MODULES.items():
        alone = typer.main.get_command(build_app((module,)))
        assert set(alone.commands) == set(names), module


def test_the_overview_table_is_the_real_apps_commands_and_help() -> None:
    """``OVERVIEW`` (what ``onetext --help`` is drawn from, without importing the
    command modules) names every command the modules register, in the order the whole
    app lists them, with the first paragraph of its help, groups as groups."""
    whole = typer.main.get_command(app)
    real = [
        (
            name,
            inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0],
            hasattr(command, "commands"),
        )
        for name, command in whole.commands.items()
        if not command.hidden
    ]
    assert list(OVERVIEW) == real
    assert not any(command.hidden or command.deprecated for command in whole.commands.values())
    stubbed = typer.main.get_command(app_for([]))
    assert list(stubbed.commands) == list(whole.commands)


def test_a_command_after_a_double_dash_is_still_its_module() -> None:
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    for args in (["--", "solve", "--help"], ["--", "round", "--help"], ["--"]):
        whole = runner.invoke(app, args, env=env)
        alone = runner.invoke(app_for(list(args)), args, env=env)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), args
    assert "--objective" in runner.invoke(app, ["--", "solve", "--help"], env=env).output


def _command_paths(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if hasattr(command, "commands"):
            found += _command_paths(command, (*prefix, name))
    return found


def test_every_command_answers_the_same_through_its_module_alone() -> None:
    """Help texts and usage errors are identical whichever way the app was built."""
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    paths = _command_paths(typer.main.get_command(app))
    assert len(paths) >= 30
    for path in paths:
        for extra in (["--help"], ["--no-such-option"]):
            args = [*path, *extra]
            whole = runner.invoke(app, args, env=env)
            alone = runner.invoke(app_for(list(args)), args, env=env)
            assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), args
    unknown = runner.invoke(app_for(["matrx"]), ["matrx"], env=env)
    assert unknown.exit_code == 2 and "No such command" in unknown.output
    for overview in ([], ["--help"]):  # the overview's stub groups read as the real ones
        whole = runner.invoke(app, overview, env=env)
        alone = runner.invoke(app_for(overview), overview, env=env)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), overview
        assert "audit" in alone.output and "statement" in alone.output


def test_the_engine_package_loads_its_names_on_first_use() -> None:
    code = (
        "import sys\n"
        "from onetext.solve.result import Objective\n"
        "assert not {'numpy', 'highspy', 'scipy'} & set(sys.modules), 'engine loaded'\n"
        "import onetext.solve.sensitivity\n"  # the submodule first, then the function
        "from onetext.solve import Objective as Same, sensitivity, solve\n"
        "assert Same is Objective and callable(sensitivity) and callable(solve)\n"
        "assert sensitivity is sys.modules['onetext.solve.sensitivity'].sensitivity\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_trace_threshold_default_is_the_tracers() -> None:
    from onetext.trace.attribute import DEFAULT_THRESHOLD

    trace = typer.main.get_command(app).commands["trace"]
    (threshold,) = [p for p in trace.params if p.name == "threshold"]
    assert threshold.default == DEFAULT_THRESHOLD


def test_importing_accounts_hashes_no_password() -> None:
    code = (
        "import onetext.service.accounts as accounts\n"
        "assert accounts._dummy_hash is None, 'hashed at import'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_schema_head_read_from_the_files_is_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from onetext.store.database import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert schema_head() == ScriptDirectory.from_config(config).get_current_head()


def _revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_opening_an_older_schema_upgrades_it(database: Database, db_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from onetext.store.database import MIGRATIONS

    assert database.schema_is_current()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_revision(schema_head())
    previous = head.down_revision
    assert isinstance(previous, str)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, previous)
    assert _revision(database) == previous
    assert not database.schema_is_current()

    reopened = open_database(db_url)
    try:
        assert _revision(reopened) == schema_head()
        assert reopened.schema_is_current()
    finally:
        reopened.dispose()


def test_an_empty_database_is_not_current_and_opening_builds_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    bare = open_database(url, migrate=False)
    try:
        assert not bare.schema_is_current()
    finally:
        bare.dispose()
    built = open_database(url)
    try:
        assert built.schema_is_current()
        assert _revision(built) == schema_head()
    finally:
        built.dispose()
