"""The terminal never reads what people typed as markup: `onetext show`, tables and
error messages print ``[shall][should]``, ``[bold]`` and backslashes as typed."""

from __future__ import annotations

from pathlib import Path

from tests_support import build_small_record, must, run_cli

TREATY = """DRAFT AGREEMENT

Article 1 — [Scope]

1. Parties [shall][should] [take [ambitious] action] within [bold] limits \\[sic\\].
2. The [red]line[/red] is [dim]drawn[/] here; [^1]

Article 2

1. [Developed country Parties][All Parties] act.

[^1]: A note [italic]as typed[/italic].
"""


def test_show_prints_every_character_of_the_text(tmp_path: Path) -> None:
    db = str(tmp_path / "show.db")
    build_small_record(db)
    path = tmp_path / "treaty.txt"
    path.write_text(TREATY, encoding="utf-8")
    must("import", str(path), "-d", "treaty", "--party", "envoy", "--db", db)
    shown = must("show", "treaty", "--db", db)
    flat = " ".join(shown.split())  # the console wraps long lines
    for typed in (
        "Parties [shall][should] [take [ambitious] action] within [bold] limits \\[sic\\].",
        "The [red]line[/red] is [dim]drawn[/] here; [^1]",
        "[Developed country Parties][All Parties] act.",
        "Article 1 — [Scope]",
    ):
        assert typed in flat, typed
    assert "option 2a: take [ambitious] action" in flat
    assert "option 3a (inside 2a): ambitious" in flat


def test_an_error_message_keeps_brackets(tmp_path: Path) -> None:
    db = str(tmp_path / "errors.db")
    build_small_record(db)
    result = run_cli(
        "mark", "2", "--party", "north", "--stance", "open", "--option", "[b]x", "--db", db
    )
    assert result.code != 0
    assert "'[b]x'" in result.err
    bad = tmp_path / "bad.txt"
    bad.write_text("1. The [parties] [shall act.\n", encoding="utf-8")
    result = run_cli("import", str(bad), "-d", "bad", "--party", "envoy", "--db", db)
    assert result.code == 2 and "'[' is never closed (line 1, column 18)" in result.err
