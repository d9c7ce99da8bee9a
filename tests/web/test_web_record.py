"""The record on the web: receipts on writes, the checkpoint and key for every member,
the consistency check (API and page), and a restored backup serving the same pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from web_support import NEGOTIATION, WebClient

from onetext.store.checkpoints import Checkpoint, load_public_key
from onetext.store.database import Database, open_database
from onetext.store.proofs import check_proof
from onetext.web import create_app
from onetext.web.record_routes import CHECKPOINT_HEADER, checkpoint_from_header
from tests_support import must

BASE = f"/api/negotiations/{NEGOTIATION}"


def _public_key(client: WebClient) -> bytes:
    response = client.get(f"{BASE}/record/public-key")
    assert response.status_code == 200, response.text
    return load_public_key(response.text)


def test_a_write_answers_with_the_signed_checkpoint_of_the_log_it_extended(
    as_member: Any,
) -> None:
    client = as_member("s-expert")
    before = Checkpoint.loads(client.get(f"{BASE}/record/checkpoint").text)
    made = client.write(f"{BASE}/marks", {"label": "2", "stance": "accepted"})
    assert made.status_code == 201, made.text
    receipt = checkpoint_from_header(made.headers[CHECKPOINT_HEADER])
    assert receipt.size == before.size + 1
    assert receipt.signed_by(_public_key(client))
    after = Checkpoint.loads(client.get(f"{BASE}/record/checkpoint").text)
    assert (after.size, after.root) == (receipt.size, receipt.root)
    assert CHECKPOINT_HEADER not in client.get(f"{BASE}/matrix").headers  # reads: none


def test_a_refused_write_carries_no_receipt(as_member: Any) -> None:
    client = as_member("reporter")
    refused = client.write(f"{BASE}/marks", {"label": "2", "stance": "accepted", "party": "north"})
    assert refused.status_code == 403
    assert CHECKPOINT_HEADER not in refused.headers


def test_every_member_may_download_the_checkpoint_and_it_tells_nothing_of_the_marks(
    as_member: Any,
) -> None:
    for handle in ("reporter", "chief", "n-expert"):
        response = as_member(handle).get(f"{BASE}/record/checkpoint")
        assert response.status_code == 200, response.text
        assert "attachment" in response.headers["content-disposition"]
        assert "NOTE-" not in response.text
        assert set(json.loads(response.text)) == {
            "kind", "origin", "size", "root", "timestamp", "public_key", "signature",
        }  # fmt: skip


def test_the_consistency_api_proves_the_log_extends_a_kept_checkpoint(as_member: Any) -> None:
    client = as_member("n-expert")
    kept = client.get(f"{BASE}/record/checkpoint").text
    assert client.write(f"{BASE}/marks", {"label": "1", "stance": "open"}).status_code == 201
    response = client.post(
        f"{BASE}/record/consistency", content=kept, headers={"X-CSRF-Token": client.csrf or ""}
    )
    assert response.status_code == 200, response.text
    bundle = response.json()
    assert bundle["extends"] is True
    checked = check_proof(json.dumps(bundle), _public_key(client))  # offline, no database
    assert checked.claim["extends"] == Checkpoint.loads(kept).size
    garbage = client.post(
        f"{BASE}/record/consistency", content="{}", headers={"X-CSRF-Token": client.csrf or ""}
    )
    assert garbage.status_code in {400, 422}
    assert "not an onetext checkpoint" in garbage.text


def test_the_record_page_checks_an_uploaded_checkpoint(as_member: Any, web_db: Database) -> None:
    client = as_member("s-expert")
    page = client.get(f"/negotiations/{NEGOTIATION}/record")
    assert page.status_code == 200
    assert "Download the checkpoint" in page.text
    kept = client.get(f"{BASE}/record/checkpoint").text
    assert client.write(f"{BASE}/marks", {"label": "3", "stance": "open"}).status_code == 201
    answered = client.post(
        f"/negotiations/{NEGOTIATION}/record",
        data={"csrf_token": client.csrf or ""},
        files={"held_file": ("kept.json", kept, "application/json")},
    )
    assert answered.status_code == 200, answered.text
    assert "The log extends your checkpoint" in answered.text
    forged = json.loads(kept) | {"root": "00" * 32}
    refused = client.post(
        f"/negotiations/{NEGOTIATION}/record",
        data={"csrf_token": client.csrf or ""},
        files={"held_file": ("kept.json", json.dumps(forged), "application/json")},
    )
    assert refused.status_code == 200
    assert "does not extend your checkpoint" in refused.text


def _scrubbed(html: str) -> str:
    """A page without what differs per session (CSRF tokens)."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def test_a_restored_database_serves_the_same_pages(
    web_db: Database, web_app: Any, story_clock: Any, tmp_path: Path, as_member: Any
) -> None:
    url = web_db.engine.url.render_as_string(hide_password=False)
    backup = tmp_path / "backup.dump"
    must("backup", str(backup), "--db", url)
    if url.startswith("sqlite"):
        target = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        target = url.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1] + "_restored"
        import psycopg

        base = url.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{target.rsplit("/", 1)[1]}"')
    must("restore", str(backup), "--db", target)
    restored = open_database(target)
    try:
        original = as_member("n-expert")
        again = WebClient(create_app(restored, clock=story_clock))
        try:
            assert again.login("n-expert", "pw-n-expert-secret").status_code == 200
            for page in (
                f"/negotiations/{NEGOTIATION}",
                f"/negotiations/{NEGOTIATION}/matrix",
                f"/negotiations/{NEGOTIATION}/versions/framework@2",
                f"/negotiations/{NEGOTIATION}/rounds",
                f"{BASE}/matrix",
                f"{BASE}/points/2/history",
            ):
                first, second = original.get(page), again.get(page)
                assert first.status_code == second.status_code == 200, page
                assert _scrubbed(first.text) == _scrubbed(second.text), page
        finally:
            again.close()
    finally:
        restored.dispose()


def test_a_statement_is_released_through_the_api_only_with_every_partys_consent(
    as_member: Any,
) -> None:
    chief, north, south, press = (
        as_member(h) for h in ("chief", "n-expert", "s-expert", "reporter")
    )
    made = chief.write(
        f"{BASE}/statements", {"title": "Communiqué", "text": "Talks resume in March.",
                               "kind": "communique"},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    assert CHECKPOINT_HEADER in made.headers
    uid = made.json()["uid"]
    assert press.get(f"{BASE}/statements").json() == []  # a draft reaches no observer
    assert [s["uid"] for s in north.get(f"{BASE}/statements").json()] == [uid]
    assert north.write(f"{BASE}/statements", {"title": "t", "text": "x"}).status_code == 403
    assert chief.write(f"{BASE}/statements/{uid}/consent", {}).status_code in {400, 403}
    first = north.write(f"{BASE}/statements/{uid}/consent", {})
    assert first.status_code == 200, first.text
    assert first.json()["awaiting"] == ["south"]
    assert press.get(f"{BASE}/statements").json() == []
    last = south.write(f"{BASE}/statements/{uid}/consent", {})
    assert last.json()["released_at"] is not None
    assert [s["uid"] for s in press.get(f"{BASE}/statements").json()] == [uid]
