"""Every response carries a Content-Security-Policy; Swagger UI (which loads script from
a CDN) is off unless asked for; request bodies are limited (issue 13, findings 11, 12);
the mark form says who reads "joint" (finding 8)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from route_sweep import get_paths
from sqlalchemy import func, select
from web_support import NEGOTIATION, StoryClock, WebClient

from onetext.store.database import Database
from onetext.store.tables import PositionRow
from onetext.web import create_app
from onetext.web.app import MAX_BODY_BYTES

SAMPLE = {"slug": NEGOTIATION, "ref": "framework@2", "label": "2", "uid": "x", "group": "g",
          "handle": "n-expert", "run": "x", "path": "onetext.css"}  # fmt: skip


def test_every_page_and_answer_carries_a_content_security_policy(
    web_app: FastAPI, as_member: Any, make_client: Any
) -> None:
    paths = get_paths(web_app, SAMPLE)
    assert len(paths) > 20
    for client in (as_member("n-expert"), make_client()):
        for path in [*paths, "/no-such-page", "/api/no-such-thing", "/openapi.json"]:
            answer = client.get(path)
            policy = answer.headers.get("content-security-policy", "")
            assert "default-src 'self'" in policy, (path, answer.status_code)
            assert "script-src 'self';" in policy and "cdn" not in policy, path
            assert "unsafe-inline" not in policy, path


def test_swagger_ui_is_off_by_default_and_names_its_cdn_when_on(
    web_db: Database, story_clock: StoryClock
) -> None:
    default = WebClient(create_app(web_db, clock=story_clock))
    on = WebClient(create_app(web_db, clock=story_clock, api_docs=True))
    try:
        assert default.get("/docs").status_code == 404
        assert default.get("/openapi.json").status_code == 200
        docs = on.get("/docs")
        assert docs.status_code == 200
        policy = docs.headers["content-security-policy"]
        assert "https://cdn.jsdelivr.net" in policy and "frame-ancestors 'none'" in policy
        # only /docs gets the CDN: every other answer keeps the strict policy
        assert "cdn" not in on.get("/login").headers["content-security-policy"]
    finally:
        default.close()
        on.close()


def _marks(web_db: Database) -> int:
    with web_db.session() as session:
        return int(session.execute(select(func.count()).select_from(PositionRow)).scalar_one())


def test_request_bodies_over_the_limit_are_refused_in_words(
    web_db: Database, as_member: Any
) -> None:
    client = as_member("n-expert")
    before = _marks(web_db)
    url = f"/api/negotiations/{NEGOTIATION}/marks"
    big = {"label": "1", "stance": "accepted", "note": "x" * (MAX_BODY_BYTES + 10)}
    declared = client.write(url, big)
    assert declared.status_code == 413, declared.text
    assert "larger than" in declared.json()["error"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"label": "1", "stance": "accepted", "note": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536
        yield b'"}'

    streamed = client.post(
        url,
        content=chunks(),
        headers={"X-CSRF-Token": client.csrf or "", "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413, streamed.text
    page = client.post(f"/negotiations/{NEGOTIATION}/marks", data={"note": "z" * MAX_BODY_BYTES})
    assert page.status_code == 413 and "Traceback" not in page.text
    assert _marks(web_db) == before


def test_the_mark_form_says_observers_read_joint_marks(as_member: Any) -> None:
    page = as_member("n-expert").get(f"/negotiations/{NEGOTIATION}/versions/framework@2")
    assert page.status_code == 200
    assert "observers included (joint)" in page.text
    assert "all parties (joint)" not in page.text
