"""The layer order of docs/architecture.md, checked on the whole import graph.

Every ``import onetext.X`` in every module (at the top, inside a function or
under ``TYPE_CHECKING``) must point up the list; ``service`` and ``formats`` are
siblings that never import each other; the entry points reach actors and
permissions through ``service``, never ``access``; no template or page tests a
role (they read the viewer's capabilities).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "onetext"

#: from the bottom (imports nothing of onetext) to the entry points
ORDER = [
    "errors",
    "model",
    "text",
    "solve",
    "trace",
    "access",
    "views",
    "store",
    "service",
    "formats",
    "web",
    "cli",
]
SIBLINGS = {frozenset({"service", "formats"})}
#: entry points: the command line may start the web app; neither may decide access
ALSO_ALLOWED = {("cli", "web")}
#: formats renders the data it is given: it never reads the store itself
FORBIDDEN = {("cli", "access"), ("web", "access"), ("formats", "store")}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "onetext" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in ORDER else None


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def layer_violations(package: Path) -> list[str]:
    """Every import of a layer that the order does not allow, as ``file:line -> module``."""
    violations = []
    for path in sorted(package.rglob("*.py")):
        own = path.relative_to(package).parts[0].removesuffix(".py")
        if own not in ORDER:
            continue
        for line, module in _imports(path):
            target = _layer(module)
            if target is None or target == own:
                continue
            pair = (own, target)
            allowed = (
                ORDER.index(target) < ORDER.index(own) and frozenset(pair) not in SIBLINGS
            ) or pair in ALSO_ALLOWED
            if not allowed or pair in FORBIDDEN:
                violations.append(f"{path.relative_to(package)}:{line} -> {module}")
    return violations


def test_every_import_follows_the_layer_order() -> None:
    assert layer_violations(PACKAGE) == []


def test_every_package_has_a_place_in_the_order() -> None:
    """A new layer must be placed in the order before it can be checked."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages - set(ORDER) == {"demo"}  # data files only, imports nothing


@pytest.mark.parametrize(
    ("where", "code", "complaint"),
    [
        ("service/foo.py", "from onetext.formats.brief import render\n", "formats"),
        ("formats/foo.py", "def f():\n    from onetext.service import drafts\n", "service"),
        ("web/foo.py", "from onetext.access import Actor\n", "access"),
        ("model/foo.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
         "    from onetext.store.tables import PositionRow\n", "store"),
        ("store/foo.py", "import onetext.service.drafts\n", "service"),
    ],
)
def test_the_check_catches_each_kind_of_violation(
    tmp_path: Path, where: str, code: str, complaint: str
) -> None:
    target = tmp_path / where
    target.parent.mkdir(parents=True)
    target.write_text(code)
    assert [v for v in layer_violations(tmp_path) if complaint in v], code


ROLE_TEST = re.compile(r"\brole\s*(?:==|!=|\bin\b|\bnot in\b)|\bis_mediator\b")


def test_no_template_or_page_tests_a_role() -> None:
    """Pages show controls from ``you.can`` (access.Capabilities), never from roles."""
    places = [*(PACKAGE / "web" / "templates").glob("*.html"), *(PACKAGE / "web").glob("*.py")]
    offenders = [
        f"{path.name}:{number}"
        for path in places
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if ROLE_TEST.search(line)
    ]
    assert offenders == []
    assert ROLE_TEST.search('{% if you.role == "mediator" %}')
