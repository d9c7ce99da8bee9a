"""Backup and restore: a backup restores to a record that verifies and has the same
log; bad input gets one line and changes nothing. (That a restored database serves
the same pages, on both backends: tests/web/test_web_record.py.)"""

from __future__ import annotations

import json
from pathlib import Path

from onetext.store.database import Database
from tests_support import build_small_record, must, run_cli


def _root(db: str) -> tuple[int, str]:
    data = json.loads(must("audit", "verify", "--db", db, "--json"))
    return data["events"], data["root"]


def test_a_backup_restores_to_the_same_verified_log(
    db_url: str, database: Database, tmp_path: Path
) -> None:
    build_small_record(db_url)
    backup = tmp_path / "record.backup"
    made = json.loads(must("backup", str(backup), "--db", db_url, "--json"))
    assert made["events"] == _root(db_url)[0]
    assert made["bytes"] == backup.stat().st_size > 0
    must("mark", "1", "--party", "south", "--stance", "open", "--db", db_url)
    assert _root(db_url)[0] == made["events"] + 1
    restored = json.loads(must("restore", str(backup), "--force", "--db", db_url, "--json"))
    assert restored["status"] == "ok"
    assert (restored["events"], restored["root"]) == (made["events"], made["root"])


def test_bad_backups_and_targets_get_one_line_and_change_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "live.db")
    build_small_record(db)
    before = _root(db)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    for args, code, words in [
        (("restore", str(junk), "--db", str(tmp_path / "new.db")), 2, "not an onetext SQLite"),
        (("restore", str(tmp_path / "none.db"), "--db", db), 2, "no backup file"),
        (("backup", db, "--db", db), 5, "exists"),
        (("backup", str(tmp_path / "no" / "b.db"), "--db", db), 2, "does not exist"),
    ]:
        result = run_cli(*args)
        assert result.code == code, (args, result.err)
        assert words in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "new.db").exists()
    backup = tmp_path / "b.db"
    must("backup", str(backup), "--db", db)
    refused = run_cli("restore", str(backup), "--db", db)
    assert refused.code == 5
    assert "--force" in refused.err
    assert _root(db) == before
