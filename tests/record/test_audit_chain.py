"""The audit chain detects an edited, deleted, reordered or truncated event."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from onetext.store.database import Database
from tests_support import build_small_record

TAMPERING = {
    "edited": ["UPDATE audit_events SET actor = 'someone-else' WHERE seq = 3"],
    "details edited": ["UPDATE audit_events SET details = '{}' WHERE seq = 5"],
    "deleted": ["DELETE FROM audit_events WHERE seq = 4"],
    "truncated": ["DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)"],
    "reordered": [
        "UPDATE audit_events SET seq = 1000 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = 4",
        "UPDATE audit_events SET seq = 4 WHERE seq = 1000",
    ],
}


def test_untouched_chain_verifies(db_url: str, cli: object) -> None:
    build_small_record(db_url)
    result = cli("audit", "verify", "--db", db_url, "--json")  # type: ignore[operator]
    assert result.code == 0, result.err
    assert '"status": "ok"' in result.out


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_tampering_is_detected(db_url: str, database: Database, cli: object, how: str) -> None:
    build_small_record(db_url)
    with database.engine.begin() as connection:
        for statement in TAMPERING[how]:
            connection.execute(text(statement))
    result = cli("audit", "verify", "--db", db_url)  # type: ignore[operator]
    assert result.code == 6
    assert "audit chain broken" in result.err
    assert "Traceback" not in result.err
