"""Project-level checks: documented commands, the README's two commands, lint and types."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer.main

from onetext.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: Any, prefix: str = "onetext") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append(f"{prefix} {name}")
    return found


def _documentation() -> str:
    texts = [(ROOT / "README.md").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(texts)


def test_every_cli_command_is_documented() -> None:
    group = typer.main.get_command(app)
    commands = _commands(group)
    assert len(commands) >= 15
    docs = _documentation()
    missing = [c for c in commands if f"`{c}" not in docs]
    assert missing == [], f"undocumented commands: {missing}"


def test_readme_opens_with_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None
    lines = block.group(1).strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("onetext serve --demo")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert lines[1] in ci.splitlines()


def test_ruff_is_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pure_core_imports_no_io_layers() -> None:
    pure = ["model", "text", "solve", "trace", "access"]
    forbidden = re.compile(
        r"^\s*(?:from|import)\s+(?:onetext\.(?:store|service|web|cli|formats)|sqlalchemy|"
        r"fastapi|typer|docx|alembic|psycopg|httpx)\b",
        re.M,
    )
    offenders = [
        str(path.relative_to(ROOT))
        for layer in pure
        for path in (ROOT / "src" / "onetext" / layer).glob("*.py")
        if forbidden.search(path.read_text("utf-8"))
    ]
    assert offenders == []
