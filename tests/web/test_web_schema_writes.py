"""The write half of the confidentiality sweep generated from the schema (issue 13).

Every write route of the app (POST, PUT, PATCH, DELETE, taken from the app's own
routes, not a hand list) that names a thing (a ``uid`` in its path, a version in its
body) is sent, as every role, once naming each restricted thing the role may not read
(planted as in ``test_web_schema_matrix``) and once naming a missing one. Both answers
must read the same (status and words, the name aside), no planted marker may come
back, and nothing may change in the database: every table (sessions and login counts
aside) is hashed before and after.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from fastapi import FastAPI
from route_sweep import api_routes
from sqlalchemy import select
from test_web_schema_matrix import MISSING, ROLES, Planted, _clients, actor_of, planted
from web_support import MEMBERS, NEGOTIATION, StoryClock, WebClient

from onetext.store.database import Database
from onetext.store.tables import Base, DocumentRow, PointStateRow, VersionRow
from onetext.web import create_app

__all__ = ["planted"]  # the fixture, shared with the read sweep

#: tables any request may touch (a session's last use, login counts)
VOLATILE = {"user_sessions", "login_failures", "login_attempts"}
#: fields of a write's body that name a version (the restricted or missing thing)
REFERENCE_FIELDS = {"version", "agenda_version", "produced"}
MISSING_UID = "zzmissinguid"


def snapshot(database: Database) -> dict[str, str]:
    """A hash of every table's rows, in key order."""
    hashes = {}
    with database.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in VOLATILE:
                continue
            key = list(table.primary_key.columns)
            rows = session.execute(select(table).order_by(*key)).all()
            hashes[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return hashes


def _first_labels(database: Database, refs: list[str]) -> dict[str, str]:
    """A point label of each restricted version (labels were planted too), so a write
    that got past the permission check would really write."""
    labels = {}
    with database.session() as session:
        for ref in refs:
            name, _at, number = ref.partition("@")
            labels[ref] = session.execute(
                select(PointStateRow.label)
                .join(VersionRow, VersionRow.id == PointStateRow.version_id)
                .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
                .where(DocumentRow.slug == name, VersionRow.number == int(number))
                .order_by(PointStateRow.id)
                .limit(1)
            ).scalar_one()
    return labels


def _sample(field: str, role: str) -> Any:
    """A plausible value for a body field, so the write gets past validation to the
    lookup of the thing it names (the role's own party and handle where asked)."""
    party = MEMBERS.get(role, ("north", None))[0]
    values: dict[str, Any] = {
        "label": "1", "stance": "accepted", "priority": 3, "visibility": "joint",
        "note": "n", "party": party, "objective": "nash", "allow_drop": False,
        "slug": "wg-sweep", "group_slug": "wg-sweep", "name": "WG", "level": "expert",
        "points": ["1"], "members": [role], "place": "Annex", "starts_at": "2026-10-03T09:00",
        "attendees": [role], "agenda": ["1"], "outcome": "o", "publish": False,
        "take": "ours", "next_url": "/", "unlink": [],
    }  # fmt: skip
    return values.get(field)


def _write_routes(app: FastAPI) -> list[tuple[str, str, list[str], bool]]:
    """(method, path, body fields, is a form) of every write route that names a thing."""
    found = []
    for route in api_routes(app):
        for method in sorted(route.methods - {"GET", "HEAD"}):
            annotation = route.body_field.field_info.annotation if route.body_field else None
            fields = list(getattr(annotation, "model_fields", {}) or {})
            if not fields and route.body_field is not None:
                fields = [route.body_field.name]
            names_a_thing = "{uid}" in route.path or bool(REFERENCE_FIELDS & set(fields))
            if names_a_thing and "{slug}" in route.path:
                is_form = not route.path.startswith("/api/")
                found.append((method, route.path, fields, is_form))
    return found


def _send(
    client: WebClient, method: str, path: str, fields: list[str], form: bool, role: str,
    ref: str, uid: str, label: str,
) -> tuple[int, str]:  # fmt: skip
    body: dict[str, Any] = {}
    for field in fields:
        if field == "label":
            body[field] = label
        elif field == "points":
            body[field] = [label]
        elif field in REFERENCE_FIELDS:
            body[field] = [ref] if field == "produced" else ref
        elif field == "csrf_token":
            body[field] = client.csrf or ""
        elif (value := _sample(field, role)) is not None:
            body[field] = value
    url = path.replace("{slug}", NEGOTIATION).replace("{uid}", uid)
    headers = {"X-CSRF-Token": client.csrf or ""}
    if form:
        answer = client.request(method, url, data=body, headers=headers)
    else:
        answer = client.request(method, url, json=body, headers=headers)
    return answer.status_code, answer.text + " " + answer.headers.get("location", "")


def test_no_write_tells_a_restricted_thing_from_a_missing_one_nor_changes_it(
    planted: Planted, web_db: Database, story_clock: StoryClock
) -> None:
    app = create_app(web_db, clock=story_clock, view_cache=0)
    routes = _write_routes(app)
    paths = {path for _m, path, _f, _form in routes}
    # the marks, runs, groups, rounds (new, completed, published), proposals, conflicts
    assert len(routes) >= 10 and any("{uid}" in p for p in paths), paths
    doc_refs = list(planted.refs)
    labels = _first_labels(web_db, doc_refs) | {"framework@2": "1"}
    swept = 0
    for role, client in _clients(app):
        actor = actor_of(role)
        hidden_docs = [r for r in doc_refs if role not in planted.markers.get(r.split("@")[0], ())]
        round_hidden = role not in planted.markers.get(planted.round_uid, frozenset(ROLES))
        hidden_marks = planted.hidden_from(role)
        for method, path, fields, form in routes:
            pairs: list[tuple[str, str, str, str]] = []  # (ref, uid) restricted vs missing
            if "{uid}" in path:
                if round_hidden:
                    pairs.append(("framework@2", planted.round_uid, "framework@2", MISSING_UID))
            elif actor is not None or role == "root":
                pairs += [(ref, "x", f"{MISSING}@1", "x") for ref in hidden_docs]
            for restricted_ref, restricted_uid, missing_ref, missing_uid in pairs:
                before = snapshot(web_db)
                label = labels[restricted_ref]
                restricted = _send(client, method, path, fields, form, role,
                                   restricted_ref, restricted_uid, label)  # fmt: skip
                after_restricted = snapshot(web_db)
                missing = _send(client, method, path, fields, form, role,
                                missing_ref, missing_uid, label)  # fmt: skip
                after = snapshot(web_db)
                where = (role, method, path, restricted_ref, restricted_uid)
                assert restricted[0] < 500 and missing[0] < 500, (where, restricted, missing)
                assert before == after_restricted == after, (where, _changed(before, after))
                assert restricted[0] == missing[0], (where, restricted, missing)
                same = _masked(restricted[1], restricted_ref, restricted_uid)
                assert same == _masked(missing[1], missing_ref, missing_uid), where
                typed = f"{restricted_ref} {restricted_uid}"
                leaked = [m for m in hidden_marks if m in restricted[1] and m not in typed]
                assert not leaked, (where, leaked)
                swept += 1
    assert swept > 40


def _masked(text: str, ref: str, uid: str) -> str:
    name = ref.split("@", maxsplit=1)[0]
    text = text.replace(uid, "UID").replace(ref, "REF").replace(name, "NAME")
    return re.sub(r"csrf[^\"&]*", "", text)


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before if before[t] != after.get(t))
