"""The confidentiality matrix generated from the schema (issue 13).

Restricted records are made through the services (private and caucus documents, a
joint mark on a private draft, an unpublished bilateral round, a party's engine
run, on top of the small record's private and caucus marks). Then, from the
SQLAlchemy metadata and not a hand list: every row that is restricted (a seed, or a
row whose foreign key reaches a restricted row) gets a unique marker in every free
text column. Every GET route of the app (taken from the app's own routes, with each
restricted and a missing reference for its parameters), and the CLI's read
commands, are swept as every role; no marker of a row a role may not read appears,
the rows it may read do show (so the sweep cannot pass by showing nothing), and
"not found" reads the same for a restricted and a missing reference.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from route_sweep import get_paths
from sqlalchemy import JSON, String, Table, Text, select, update
from web_support import ADMIN, MEMBERS, NEGOTIATION, StoryClock, WebClient, password

from onetext.access import Actor
from onetext.model import DocumentKind, Level, Role, Visibility
from onetext.model.amendment import AmendmentKind, Decision
from onetext.service import amendments, comments, drafts, editing, positions, rounds, versions
from onetext.store.amendment_tables import AmendmentMarkRow, AmendmentRow
from onetext.store.comment_tables import CommentRow
from onetext.store.database import Database
from onetext.store.draft_tables import EditDraftRow
from onetext.store.engine_tables import EngineRunRow
from onetext.store.tables import (
    Base,
    DocumentRow,
    MemberRow,
    MergeConflictRow,
    PartyRow,
    PositionRow,
    RoundRow,
)
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.editing import DraftUnit
from onetext.text.parse import parse_draft
from onetext.web import create_app
from tests_support import run_cli

OPERATOR = Actor.system_operator()
ROLE_OF = {"north": Role.DELEGATE, "south": Role.DELEGATE, "envoy": Role.MEDIATOR}
ANONYMOUS, ADMIN_ROLE = "anonymous", ADMIN[0]
ROLES = [*MEMBERS, ANONYMOUS, ADMIN_ROLE]
MISSING = "zzmissing"
PAPER = "1. {name} holds the line on monitoring.\n2. {name} may give ground on prisoners.\n"


def actor_of(role: str) -> Actor | None:
    if role not in MEMBERS:
        return None  # the anonymous visitor and the administrator read no negotiation
    party, level = MEMBERS[role]
    return Actor(role, ROLE_OF.get(party, Role.OBSERVER), party, level)


@dataclass
class Planted:
    """Markers by the roles that may read the row they were planted in."""

    markers: dict[str, frozenset[str]]
    refs: list[str]  # references to restricted documents (after planting), for routes
    round_uid: str
    run_uid: str
    amendment_uids: list[str]  # every amendment (after planting), for routes
    bases: tuple[str, ...] = ()  # markers in merge conflicts' base wording (a caucus paper)
    tables: dict[str, set[str]] = field(default_factory=dict)  # markers by table

    def hidden_from(self, role: str) -> set[str]:
        return {m for m, readers in self.markers.items() if role not in readers}

    def shown_to(self, role: str) -> set[str]:
        return {m for m, readers in self.markers.items() if role in readers}


def _restricted_records(database: Database, clock: StoryClock, web_app: FastAPI) -> str:
    """Make the restricted records through the services; return the engine run's uid."""
    for name, party, visibility in (
        ("north-private", "north", Visibility.PRIVATE),
        ("north-caucus", "north", Visibility.CAUCUS),
        ("south-private", "south", Visibility.PRIVATE),
    ):
        with UnitOfWork(database, clock) as uow:
            drafts.table_draft(
                uow, OPERATOR, NEGOTIATION, parse_draft(PAPER.format(name=name)),
                document=name, party=party, message=f"{name} message",
                kind=DocumentKind.POSITION_PAPER, visibility=visibility,
            )  # fmt: skip
    with UnitOfWork(database, clock) as uow:  # a joint mark made on a private draft
        positions.mark_stance(
            uow, actor_of("n-expert") or OPERATOR, NEGOTIATION, party="north", label="1",
            stance=positions.Stance.ACCEPTED, version="north-private@1",
            visibility=Visibility.JOINT, note="joint on private",
        )  # fmt: skip
    # north's caucus paper is the base of two joint lines merged by the secretariat: the
    # conflicts keep the base's wording, for the base's readers only
    base = "1. north-caucus holds the line on monitoring.\n2. North base wording.\n"
    for name, party, words in (("plan", "envoy", "daily"), ("counter", "south", "monthly")):
        with UnitOfWork(database, clock) as uow:
            drafts.table_draft(
                uow, OPERATOR, NEGOTIATION, parse_draft(base.replace("base wording", words)),
                document=name, party=party, message=f"{name} line", based_on="north-caucus@1",
            )  # fmt: skip
    with UnitOfWork(database, clock) as uow:
        merged = versions.merge_lines(
            uow, OPERATOR, NEGOTIATION, "plan@1", "counter@1", document="plan", party="envoy"
        )
        assert merged.conflicts
    with UnitOfWork(database, clock) as uow:
        rounds.record_round(
            uow, OPERATOR, NEGOTIATION, level=Level.EXPERT, place="Bilateral annex room",
            starts_at=datetime(2026, 10, 2, 9, tzinfo=UTC), attendees=["n-expert", "chief"],
            agenda=["2"], agenda_version="framework@2", outcome="north keeps its red lines",
        )  # fmt: skip
    _amendments(database, clock)
    _comments_and_drafts(database, clock)
    client = WebClient(web_app)
    try:
        assert client.login("n-expert", password("n-expert")).status_code == 200
        run = client.write(
            f"/api/negotiations/{NEGOTIATION}/engine-runs",
            {"objective": "nash", "allow_drop": True},
        )
        assert run.status_code == 202, run.text
        return str(run.json()["uid"])
    finally:
        client.close()


def _amendments(database: Database, clock: StoryClock) -> None:
    """Amendments of every visibility (a private draft, a caucus one, one to a caucus
    paper, joint ones) and stances on a joint one at every visibility (issue 16)."""
    north, south = actor_of("n-expert") or OPERATOR, actor_of("s-expert") or OPERATOR
    tabled = []
    for actor, ref, visibility, kind in (
        (north, "framework@2", Visibility.PRIVATE, AmendmentKind.REPLACE),
        (north, "framework@2", Visibility.CAUCUS, AmendmentKind.ALTERNATIVE),
        (south, "framework@2", Visibility.PRIVATE, AmendmentKind.INSERT),
        (north, "north-caucus@1", Visibility.CAUCUS, AmendmentKind.REPLACE),
        (south, "framework@2", Visibility.JOINT, AmendmentKind.REPLACE),
    ):
        with UnitOfWork(database, clock) as uow:
            view = amendments.table_amendment(
                uow, actor, NEGOTIATION, label="1", kind=kind, version=ref,
                wording=f"{actor.party} {visibility.value} wording",
                justification=f"{actor.party} {visibility.value} reason", visibility=visibility,
            )  # fmt: skip
            tabled.append(view.uid)
    for visibility in Visibility:
        with UnitOfWork(database, clock) as uow:
            amendments.mark_amendment(
                uow, north, NEGOTIATION, tabled[-1], stance=positions.Stance.OPEN,
                visibility=visibility, note=f"north {visibility.value} stance",
            )  # fmt: skip
    with UnitOfWork(database, clock) as uow:
        amendments.decide_amendment(
            uow, OPERATOR, NEGOTIATION, tabled[1], Decision.MERGED,
            wording="the mediator's merged wording", note="merged in caucus",
        )  # fmt: skip


def _comments_and_drafts(database: Database, clock: StoryClock) -> None:
    """Comments of every visibility (on the joint text and on a private draft) and two
    drafts in progress in the editor (the mediator's of the joint text, a delegate's of
    its party's private draft): each must reach only its readers."""
    chief, n_expert = actor_of("chief"), actor_of("n-expert")
    s_expert = actor_of("s-expert")
    assert chief and n_expert and s_expert
    for who, version, label, visibility in (
        (n_expert, "framework@2", "2", Visibility.PRIVATE),
        (n_expert, "framework@2", "2", Visibility.CAUCUS),
        (n_expert, "framework@2", "3", Visibility.JOINT),
        (s_expert, "framework@2", "1", Visibility.PRIVATE),
        (s_expert, "framework@2", "1", Visibility.CAUCUS),
        (n_expert, "north-private@1", "1", Visibility.JOINT),
    ):
        with UnitOfWork(database, clock) as uow:
            comments.add_comment(
                uow, who, NEGOTIATION, version=version, label=label, visibility=visibility,
                text=f"{who.party} comment, {visibility.value}",
            )  # fmt: skip
    for who, document in ((chief, "framework"), (n_expert, "north-private")):
        with UnitOfWork(database, clock) as uow:
            view = editing.open_editor(uow, who, NEGOTIATION, document)
        units = [
            DraftUnit(u.point, u.label, u.text + " (being edited)", u.heading) for u in view.units
        ]
        with UnitOfWork(database, clock) as uow:
            editing.save_draft(
                uow, who, NEGOTIATION, document, base=view.base, units=units,
                message=f"{who.handle} is still editing",
            )  # fmt: skip


def _delegation(party: str) -> set[str]:
    return {h for h, (p, level) in MEMBERS.items() if p == party and level is not None}


MEDIATOR = {h for h, (p, _level) in MEMBERS.items() if p == "envoy"}


def _readers_of(owner: str, visibility: str) -> frozenset[str]:
    """Written out from the threat model, not asked of ``access`` (the rules under test):
    private reaches the owner's delegates, caucus them and the mediator."""
    if visibility == Visibility.PRIVATE.value:
        return frozenset(_delegation(owner))
    return frozenset(_delegation(owner) | MEDIATOR)


def _seed_readers(database: Database) -> dict[tuple[str, tuple[Any, ...]], frozenset[str]]:
    """The restricted rows the rules start from, each with the roles that may read it."""
    seeds: dict[tuple[str, tuple[Any, ...]], frozenset[str]] = {}
    with database.session() as session:
        for doc, owner in session.execute(
            select(DocumentRow, PartyRow.slug).join(
                PartyRow, PartyRow.id == DocumentRow.owner_party_id
            )
        ):
            if doc.visibility != Visibility.JOINT.value:
                seeds[("documents", (doc.id,))] = _readers_of(owner, doc.visibility)
        for mark, owner in session.execute(
            select(PositionRow, PartyRow.slug).join(PartyRow, PartyRow.id == PositionRow.party_id)
        ):
            if mark.visibility != Visibility.JOINT.value:
                seeds[("positions", (mark.id,))] = _readers_of(owner, mark.visibility)
        for amendment, owner in session.execute(
            select(AmendmentRow, PartyRow.slug).join(PartyRow, PartyRow.id == AmendmentRow.party_id)
        ):
            if amendment.visibility != Visibility.JOINT.value:
                seeds[("amendments", (amendment.id,))] = _readers_of(owner, amendment.visibility)
        for stance, owner in session.execute(
            select(AmendmentMarkRow, PartyRow.slug).join(
                PartyRow, PartyRow.id == AmendmentMarkRow.party_id
            )
        ):
            if stance.visibility != Visibility.JOINT.value:
                seeds[("amendment_marks", (stance.id,))] = _readers_of(owner, stance.visibility)
        for rnd in session.execute(select(RoundRow)).scalars():
            if rnd.visibility != "joint":  # attended by n-expert and chief
                seeds[("rounds", (rnd.id,))] = frozenset(_delegation("north") | MEDIATOR)
        for run in session.execute(select(EngineRunRow)).scalars():
            seeds[("engine_runs", (run.id,))] = frozenset({run.member})
        for comment, owner in session.execute(
            select(CommentRow, PartyRow.slug).join(PartyRow, PartyRow.id == CommentRow.party_id)
        ):
            if comment.visibility != Visibility.JOINT.value:
                seeds[("comments", (comment.id,))] = _readers_of(owner, comment.visibility)
        for draft, author in session.execute(
            select(EditDraftRow, MemberRow.handle).join(
                MemberRow, MemberRow.id == EditDraftRow.member_id
            )
        ):  # a draft in progress: its author alone
            seeds[("edit_drafts", (draft.id,))] = frozenset({author})
    return seeds


def _free_text_columns(table: Table) -> list[str]:
    """Columns a person's words or a name can sit in: text, and strings longer than a
    code (visibility, kind, level, stance, status are short codes the rules read)."""
    return [
        c.name
        for c in table.columns
        if not c.foreign_keys
        and not isinstance(c.type, JSON)
        and (
            isinstance(c.type, Text) or (isinstance(c.type, String) and (c.type.length or 999) > 20)
        )
    ]


def _plant(database: Database, clock: StoryClock, web_app: FastAPI) -> Planted:
    run_uid = _restricted_records(database, clock, web_app)
    readers = _seed_readers(database)
    tables = Base.metadata.sorted_tables
    rows: dict[str, list[dict[str, Any]]] = {}
    with database.session() as session:
        for table in tables:
            rows[table.name] = [dict(r._mapping) for r in session.execute(select(table))]
    # a row whose foreign key reaches a restricted row is restricted: to the same readers
    changed = True
    while changed:
        changed = False
        for table in tables:
            key = [c.name for c in table.primary_key.columns]
            for row in rows[table.name]:
                ident = (table.name, tuple(row[k] for k in key))
                for column in table.columns:
                    for fk in column.foreign_keys:
                        target = fk.column.table
                        if len(target.primary_key.columns) != 1 or row[column.name] is None:
                            continue
                        parent = readers.get((target.name, (row[column.name],)))
                        if parent is None:
                            continue
                        mine = readers.get(ident, frozenset(ROLES)) & parent
                        if readers.get(ident) != mine:
                            readers[ident] = mine
                            changed = True
    markers: dict[str, frozenset[str]] = {}
    by_table: dict[str, set[str]] = {}
    counter = itertools.count(1)
    refs: list[str] = []
    renamed: dict[str, tuple[int, str]] = {}  # a restricted document's name -> id, marker
    round_uid = ""
    amendment_uids: list[str] = []
    with database.session() as session:
        for table in tables:
            key = [c.name for c in table.primary_key.columns]
            columns = _free_text_columns(table)
            for row in rows[table.name]:
                ident = (table.name, tuple(row[k] for k in key))
                if ident not in readers or not columns:
                    continue
                values = {}
                for column in columns:
                    if row[column] is None:
                        continue
                    marker = f"zq{next(counter):05d}q"
                    values[column] = marker
                    markers[marker] = readers[ident]
                    by_table.setdefault(table.name, set()).add(marker)
                if not values:
                    continue
                where = [table.c[k] == row[k] for k in key]
                session.execute(update(table).where(*where).values(**values))
                if table.name == "documents":
                    refs.append(f"{values['slug']}@1")
                    renamed[row["slug"]] = (row["id"], values["slug"])
                if table.name == "rounds":
                    round_uid = values.get("uid", row["uid"])
                if table.name == "engine_runs":
                    run_uid = values.get("uid", row["uid"])
                if table.name == "amendments":
                    amendment_uids.append(values.get("uid", row["uid"]))
        bases = _plant_conflict_bases(session, renamed, readers, markers, counter)
        session.commit()
    assert len(markers) > 30 and refs and round_uid and len(amendment_uids) >= 4
    # the editor's drafts and the comments are picked up from the metadata like the rest
    assert {"comments", "edit_drafts", "edit_draft_units"} <= set(by_table)
    return Planted(markers, refs, round_uid, run_uid, amendment_uids, tuple(bases), by_table)


def _plant_conflict_bases(
    session: Any,
    renamed: dict[str, tuple[int, str]],
    readers: dict[tuple[str, tuple[Any, ...]], frozenset[str]],
    markers: dict[str, frozenset[str]],
    counter: Iterator[int],
) -> list[str]:
    """A merge conflict keeps its base's wording (``base_text``) and names the base
    (``owner:doc@n``): when the base is a restricted document, the wording gets a
    marker for the base's readers, and the name follows the document's new name."""
    conflicts = session.execute(select(MergeConflictRow)).scalars().all()
    planted = []
    for conflict in conflicts:
        owner, _colon, ref = (conflict.base_ref or "").rpartition(":")
        name, _at, number = ref.partition("@")
        if name not in renamed:
            continue
        document_id, new_name = renamed[name]
        marker = f"zq{next(counter):05d}q"
        markers[marker] = readers[("documents", (document_id,))]
        conflict.base_text = f"{marker} base wording"
        conflict.base_ref = f"{owner}:{new_name}@{number}"
        planted.append(marker)
    assert planted, "a conflict on a caucus base is planted"
    return planted


@pytest.fixture
def planted(web_db: Database, story_clock: StoryClock, web_app: FastAPI) -> Planted:
    return _plant(web_db, story_clock, web_app)


def _clients(app: FastAPI) -> Iterator[tuple[str, WebClient]]:
    for role in ROLES:
        client = WebClient(app)
        if role != ANONYMOUS:
            secret = ADMIN[1] if role == ADMIN_ROLE else password(role)
            assert client.login(role, secret).status_code == 200
        try:
            yield role, client
        finally:
            client.close()


def test_no_route_shows_a_marker_of_a_row_its_viewer_may_not_read(
    planted: Planted, web_db: Database, story_clock: StoryClock
) -> None:
    app = create_app(web_db, clock=story_clock, view_cache=0)
    paths: set[str] = set()
    for ref in ["framework@2", *planted.refs, f"{MISSING}@1"]:
        sample = {"slug": NEGOTIATION, "ref": ref, "label": "1", "uid": planted.round_uid,
                  "run": planted.run_uid, "group": "g", "handle": "n-expert",
                  "document": ref.split("@")[0]}  # fmt: skip
        for amendment in [*planted.amendment_uids, MISSING]:
            paths.update(get_paths(app, sample | {"amendment": amendment}))
        paths.update(get_paths(app, sample))
        paths.update(p.replace(planted.round_uid, planted.run_uid) for p in get_paths(app, sample))
    paths.update({f"/api/negotiations/{NEGOTIATION}/brief?format={f}" for f in ("md", "html")})
    assert len(paths) > 40
    seen_by: dict[str, str] = {}
    for role, client in _clients(app):
        hidden = planted.hidden_from(role)
        answers = []
        for path in sorted(paths):
            answer = client.get(path)
            assert answer.status_code < 500, (role, path, answer.text[:300])
            text = answer.text
            # a reference the visitor typed may be echoed back ("unknown run ..."): only
            # what the request did not carry can leak
            leaked = sorted(m for m in hidden if m in text and m not in path)
            assert not leaked, (role, path, leaked)
            answers.append(text)
        seen_by[role] = "\n".join(answers)
    # positive control: every role that may read a planted row sees some of its markers
    for role in ("n-expert", "n-principal", "chief", "s-expert"):
        assert any(m in seen_by[role] for m in planted.shown_to(role)), role
    # the editor's page and the comment routes were swept, and show their own rows to
    # their readers: a draft to its author, a private comment to its party
    assert any(p.endswith("/edit") for p in paths) and any("/comments" in p for p in paths)
    for role, table in (("chief", "edit_draft_units"), ("n-expert", "edit_draft_units")):
        assert any(m in seen_by[role] for m in planted.tables[table] & planted.shown_to(role))
    for role in ("n-expert", "s-expert", "chief"):
        mine = planted.tables["comments"] & planted.shown_to(role)
        assert any(m in seen_by[role] for m in mine), role


def test_not_found_reads_the_same_for_a_restricted_and_a_missing_reference(
    planted: Planted, web_db: Database, story_clock: StoryClock
) -> None:
    app = create_app(web_db, clock=story_clock, view_cache=0)
    templates = [p for p in get_paths(app, {"slug": NEGOTIATION, "ref": "@REF@"}) if "@REF@" in p]
    assert templates
    for role, client in _clients(app):
        actor = actor_of(role)
        for ref in planted.refs:
            readers = next(
                (r for m, r in planted.markers.items() if m == ref.split("@")[0]), frozenset()
            )
            if actor is None or role in readers:
                continue
            for template in templates:
                restricted = client.get(template.replace("@REF@", ref))
                missing = client.get(template.replace("@REF@", f"{MISSING}@1"))
                assert restricted.status_code == missing.status_code, (role, template)
                name = ref.split("@")[0]
                assert restricted.text.replace(name, "X") == missing.text.replace(MISSING, "X"), (
                    role,
                    template,
                )


CLI_READS = [
    ["versions", "--json"],
    ["matrix", "--json"],
    ["matrix", "--version", "framework@1", "--json"],
    ["history", "1", "--version", "framework@1", "--json"],
    ["board", "--json"],
    ["round", "list", "--json"],
    ["conflicts", "list", "--json"],
    ["show", "framework@2", "--json"],
    ["brief", "--json"],
    ["amend", "list", "--json"],
    ["amend", "list", "--version", "framework@2", "--json"],
    ["amend", "list", "--version", "north-caucus@1", "--json"],
    ["comment", "list", "framework@2", "--json"],
    ["comment", "list", "framework@2"],
]


def test_no_cli_read_shows_a_marker_of_a_row_its_member_may_not_read(
    planted: Planted, web_db: Database
) -> None:
    url = web_db.engine.url.render_as_string(hide_password=False)
    for role in MEMBERS:
        hidden = planted.hidden_from(role)
        commands = [*CLI_READS, *(["show", ref, "--json"] for ref in planted.refs)]
        commands += [["comment", "list", ref, "--json"] for ref in planted.refs]
        with tempfile.TemporaryDirectory() as folder:
            for ref in planted.refs:
                commands.append(["export", ref, str(Path(folder) / "out.md")])
            outputs = []
            for command in commands:
                result = run_cli(*command, "--db", url, "-n", NEGOTIATION, "--as-member", role)
                assert "Traceback" not in result.err, (role, command, result.err)
                outputs.append(result.out + result.err)
                typed = " ".join(command)
                leaked = sorted(
                    m for m in hidden if m in result.out + result.err and m not in typed
                )
                assert not leaked, (role, command, leaked)
            exported = Path(folder) / "out.md"
            if exported.exists():
                text = exported.read_text(encoding="utf-8")
                assert not [m for m in hidden if m in text], role
        if role in ("n-expert", "chief"):
            assert any(m in "\n".join(outputs) for m in planted.shown_to(role)), role
            # the base of a conflict on north's caucus paper reaches its readers
            assert all(m in "\n".join(outputs) for m in planted.bases), role
