"""Long record commands show a Rich progress bar on standard error, on a terminal only;
standard output (and ``--json`` on it) stays machine-readable."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

import onetext.cli.output as output
from tests_support import build_small_record, run_cli


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard error as a terminal that the test reads back."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(output, "err_console", console, raising=False)
    return screen


def test_verify_backup_restore_show_bars_and_keep_json_clean(
    tmp_path: Path, terminal: io.StringIO
) -> None:
    url = f"sqlite:///{tmp_path / 'talks.db'}"
    build_small_record(url)
    verified = run_cli("audit", "verify", "--db", url, "--json")
    assert verified.code == 0, verified.err
    assert json.loads(verified.out)["status"] == "ok"
    assert "verifying" in terminal.getvalue()
    screen_after_verify = len(terminal.getvalue())
    backup = tmp_path / "copy.db"
    done = run_cli("backup", str(backup), "--db", url, "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["events"] > 0
    assert "backing up" in terminal.getvalue()[screen_after_verify:]
    restored = run_cli(
        "restore", str(backup), "--db", f"sqlite:///{tmp_path / 'back.db'}", "--json"
    )
    assert restored.code == 0, restored.err
    assert json.loads(restored.out)["status"] == "ok"
    assert "restoring" in terminal.getvalue()


def test_no_bar_when_standard_error_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(output, "err_console", Console(file=screen), raising=False)
    url = f"sqlite:///{tmp_path / 'talks.db'}"
    build_small_record(url)
    verified = run_cli("audit", "verify", "--db", url, "--json")
    assert verified.code == 0
    assert json.loads(verified.out)["events"] > 0
    assert screen.getvalue() == ""
