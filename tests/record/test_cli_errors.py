"""Every CLI error path: one clear line, a non-zero exit, no traceback, nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests_support import build_small_record, must


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "talks.db"
    build_small_record(f"sqlite:///{path}")
    return path


@pytest.fixture
def record(template: Path, tmp_path: Path) -> str:
    """A fresh copy of a small record (WAL checkpointed into the file by closing)."""
    copy = tmp_path / "talks.db"
    shutil.copy(template, copy)
    return f"sqlite:///{copy}"


def audit_count(db: str) -> int:
    return int(json.loads(must("audit", "verify", "--db", db, "--json"))["events"])


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


ERROR_CASES = [
    ("missing file", ["import", "{tmp}/nope.md", "-d", "x", "--party", "envoy"], "file not found"),
    (
        "malformed document",
        ["import", "{tmp}/letter.txt", "-d", "x", "--party", "envoy"],
        "expected a numbered draft",
    ),
    ("binary document", ["import", "{tmp}/blob.txt", "-d", "x", "--party", "envoy"], "binary data"),
    (
        "unknown party",
        ["mark", "1", "--party", "atlantis", "--stance", "open"],
        "unknown party 'atlantis'",
    ),
    (
        "invalid stance",
        ["mark", "1", "--party", "north", "--stance", "maybe"],
        "invalid stance 'maybe'",
    ),
    (
        "invalid visibility",
        ["mark", "1", "--party", "north", "--stance", "open", "--visibility", "secret"],
        "invalid visibility",
    ),
    (
        "bad priority",
        ["mark", "1", "--party", "north", "--stance", "open", "--priority", "9"],
        "invalid priority 9",
    ),
    ("unknown point", ["mark", "99", "--party", "north", "--stance", "open"], "no point '99'"),
    (
        "unknown option",
        ["mark", "2", "--party", "north", "--stance", "open", "--option", "z"],
        "has no option 'z'",
    ),
    ("unknown version", ["matrix", "--version", "framework@7"], "no version"),
    ("bad version ref", ["matrix", "--version", "Frame Work"], "invalid version reference"),
    ("unknown document", ["show", "treaty"], "unknown document 'treaty'"),
    ("bad date", ["matrix", "--as-of", "yesterday"], "invalid date"),
    ("unknown negotiation", ["matrix", "-n", "other"], "unknown negotiation 'other'"),
    ("duplicate party", ["party", "add", "north", "--name", "N"], "already exists"),
    ("bad party kind", ["party", "add", "west", "--name", "W", "--kind", "king"], "invalid kind"),
    ("bad slug", ["party", "add", "West Side", "--name", "W"], "invalid party name"),
    (
        "bad level",
        ["member", "add", "x", "--party", "north", "--name", "X", "--level", "boss"],
        "invalid level",
    ),
    (
        "level for mediator",
        ["member", "add", "x", "--party", "envoy", "--name", "X", "--level", "expert"],
        "only party delegates have a level",
    ),
    (
        "member of other party",
        ["mark", "1", "--party", "north", "--stance", "open", "--by", "s-expert"],
        "not in the delegation of north",
    ),
    (
        "delegate marks other party",
        ["mark", "1", "--party", "north", "--stance", "open", "--as-member", "s-expert"],
        "may not mark stance",
    ),
    (
        "annex without main",
        ["import", "{tmp}/good.md", "-d", "annex-x", "--party", "envoy", "--kind", "annex"],
        "an annex needs --main",
    ),
    (
        "unknown fork base",
        ["import", "{tmp}/good.md", "-d", "counter", "--party", "north", "--from", "framework@9"],
        "no version",
    ),
    (
        "round ends before start",
        [
            "round",
            "add",
            "--level",
            "expert",
            "--place",
            "Lakemont",
            "--start",
            "2026-10-02T10:00",
            "--end",
            "2026-10-02T09:00",
        ],
        "cannot end before",
    ),
    (
        "round unknown attendee",
        [
            "round",
            "add",
            "--level",
            "expert",
            "--place",
            "Lakemont",
            "--start",
            "2026-10-02T10:00",
            "--attendee",
            "ghost",
        ],
        "unknown member 'ghost'",
    ),
    (
        "export to missing folder",
        ["export", "framework", "{tmp}/no/such/dir/out.md"],
        "does not exist",
    ),
    (
        "export unsupported type",
        ["export", "framework", "{tmp}/out.pdf"],
        "unsupported export type",
    ),
]


@pytest.mark.parametrize(("name", "args", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_is_one_clear_line_and_changes_nothing(
    record: str, tmp_path: Path, cli: object, name: str, args: list[str], message: str
) -> None:
    write(tmp_path, "letter.txt", "Dear colleague,\nthank you for your letter.\n")
    write(tmp_path, "blob.txt", b"\x00\x01PK\x03")
    write(tmp_path, "good.md", "**1.** A point.\n")
    before = audit_count(record)
    result = cli(*[a.format(tmp=tmp_path) for a in args], "--db", record)  # type: ignore[operator]
    assert result.code != 0
    assert message in result.err
    assert "Traceback" not in result.err + result.out
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert audit_count(record) == before


def test_database_in_missing_folder_is_refused(tmp_path: Path, cli: object) -> None:
    result = cli("negotiation", "list", "--db", str(tmp_path / "no" / "x.db"))  # type: ignore[operator]
    assert result.code == 2
    assert "does not exist" in result.err
    assert not (tmp_path / "no").exists()


def test_unreachable_postgres_is_one_line_without_password(cli: object) -> None:
    url = "postgresql://user:hunter2@127.0.0.1:1/none"
    result = cli("negotiation", "list", "--db", url)  # type: ignore[operator]
    assert result.code == 2
    assert "cannot open database" in result.err
    assert "hunter2" not in result.err


def test_console_script_prints_no_traceback(tmp_path: Path) -> None:
    """The real installed entry point, in a subprocess."""
    db = tmp_path / "x.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "onetext",
            "mark",
            "1",
            "--party",
            "x",
            "--stance",
            "open",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 3
    assert "no database at" in done.stderr  # a missing file is not a new empty database
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch"], "No such command"),
        (["mark"], "Missing"),
        (["matrix", "--bogus"], "No such option"),
    ],
)
def test_usage_errors_are_short_and_have_no_traceback(
    cli: object, args: list[str], message: str
) -> None:
    result = cli(*args)  # type: ignore[operator]
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_nul_in_any_argument_is_one_line_on_both_backends(db_url: str, cli: object) -> None:
    """PostgreSQL refuses NUL even in a lookup: the store turns it into a user error."""
    build_small_record(db_url)
    before = audit_count(db_url)
    for args in (
        ["mark", "1", "--party", "nor\x00th", "--stance", "open"],
        ["mark", "1", "--party", "north", "--stance", "open", "--note", "a\x00b"],
        ["matrix", "-n", "tal\x00ks"],
    ):
        result = cli(*args, "--db", db_url)  # type: ignore[operator]
        assert result.code == 2, (args, result.err)
        assert "NUL character" in result.err
        assert "Traceback" not in result.err
    assert audit_count(db_url) == before
