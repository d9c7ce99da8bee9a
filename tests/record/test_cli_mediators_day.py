"""A mediator's day at the command line (issue 16): a misspelt --db, the spelling of
--kind, and tables that keep their dates whole at 80 columns."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests_support import DRAFT, build_small_record, must, run_cli


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "talks.db"
    build_small_record(f"sqlite:///{path}")
    return path


@pytest.fixture
def record(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "talks.db"
    shutil.copy(template, copy)
    return copy


@pytest.mark.parametrize(
    "command",
    [
        ["matrix"],
        ["versions"],
        ["history", "1"],
        ["board"],
        ["audit", "log"],
        ["negotiation", "list"],
        ["mark", "1", "--party", "north", "--stance", "accepted"],
    ],
)
def test_a_command_on_a_missing_database_file_is_an_error_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "typo.db"
    result = run_cli(*command, "--db", str(typo))
    assert result.code == 3, result.err
    assert "no database at" in result.err and "typo.db" in result.err
    assert "Traceback" not in result.err
    assert result.err.strip().count("\n") == 0  # one line
    assert not typo.exists()
    assert list(tmp_path.iterdir()) == []


def test_creating_a_negotiation_still_starts_a_new_file(tmp_path: Path) -> None:
    fresh = tmp_path / "new.db"
    must("negotiation", "create", "talks", "--title", "Talks", "--db", str(fresh))
    assert fresh.exists()
    listed = json.loads(must("negotiation", "list", "--db", str(fresh), "--json"))
    assert [n["slug"] for n in listed] == ["talks"]


@pytest.mark.parametrize("spelling", ["counter-draft", "counter_draft", "Counter-Draft"])
def test_kind_takes_either_spelling(record: Path, tmp_path: Path, spelling: str) -> None:
    draft = tmp_path / "counter.txt"
    draft.write_text(DRAFT.replace("24 hours", "48 hours"), encoding="utf-8")
    out = must(
        "import",
        str(draft),
        "-d",
        "north-counter",
        "--party",
        "north",
        "--kind",
        spelling,
        "--from",
        "framework",
        "--db",
        str(record),
        "--json",
    )
    assert json.loads(out)[0]["kind"] == "counter_draft"


def test_kind_help_lists_the_values() -> None:
    help_text = " ".join(must("import", "--help").split())
    for value in ("draft", "counter-draft", "position-paper", "annex"):
        assert value in help_text


def test_a_wrong_kind_names_the_values(record: Path, tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run_cli(
        "import", str(draft), "-d", "x", "--party", "north", "--kind", "memo", "--db", str(record)
    )
    assert result.code == 2
    assert "counter-draft" in result.err and "position-paper" in result.err


FULL_MINUTE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.mark.parametrize(
    "command",
    [
        ["versions"],
        ["history", "2", "--as-member", "n-expert"],
        ["audit", "log"],
        ["round", "list"],
    ],
)
def test_tables_keep_dates_whole_at_80_columns(
    record: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    if command == ["round", "list"]:
        must(
            "round",
            "add",
            "--level",
            "expert",
            "--place",
            "A very long place name, Palais des Nations, Geneva",
            "--start",
            "2026-10-03T09:30",
            "--outcome",
            "long " * 40,
            "--db",
            str(record),
        )
    out = must(*command, "--db", str(record))
    rows = [line for line in out.splitlines() if re.search(r"\d{4}-\d\d", line)]
    assert rows, out
    for line in rows:
        assert FULL_MINUTE.search(line), f"date cut short at 80 columns: {line!r}"
    assert max(len(line) for line in out.splitlines()) <= 80
