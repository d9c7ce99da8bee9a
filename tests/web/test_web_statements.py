"""How many SQL statements one request costs (as Django's ``assertNumQueries``):
the negotiation and the viewer are resolved once, nothing is read twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from web_support import NEGOTIATION

from onetext.store.database import Database

BASE = f"/api/negotiations/{NEGOTIATION}"


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Every statement sent to the database inside the block (transaction control too)."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split())[:120])

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def test_a_mark_costs_at_most_six_statements(web_db: Database, as_member: Any) -> None:
    client = as_member("s-expert")
    body = {"label": "2", "stance": "accepted", "version": "framework@2"}
    assert client.write(f"{BASE}/marks", body).status_code == 201  # warm: caches, pools
    with statements(web_db) as seen:
        response = client.write(f"{BASE}/marks", body | {"stance": "open"})
    assert response.status_code == 201, response.text
    assert len(seen) <= 6, "\n".join(seen)


def test_the_api_takes_the_stance_words_the_command_line_takes(as_member: Any) -> None:
    client = as_member("s-expert")
    made = client.write(f"{BASE}/marks", {"label": "1", "stance": "rejected"})
    assert made.status_code == 201, made.text
    assert made.json()["stance"] == "unacceptable"
    refused = client.write(f"{BASE}/marks", {"label": "1", "stance": "maybe"})
    assert refused.status_code == 422
    assert "expected accepted, reservations, open or unacceptable" in refused.text
