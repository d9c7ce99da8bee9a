"""``audit verify`` compares every table that holds negotiation data with the log.

The schema is read from SQLAlchemy's metadata: a table neither checked (a spec in
``store.record_specs.SPECS``) nor exempt (``EXEMPT``, with the reason) fails here, so
a new table cannot slip past the record. Then each newly covered table is tampered
with three ways (a row edited, deleted, forged) on both backends, and the tables
check names it; one tamper goes through the real CLI for the exit code."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from record_fixtures import build_full_record
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

import onetext.store
from onetext.store.database import Database, open_database
from onetext.store.record_check import check_tables
from onetext.store.record_specs import EXEMPT, SPECS
from onetext.store.tables import Base
from tests_support import run_cli

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)


def _all_tables() -> dict[str, Table]:
    """Every table of the schema: every module of ``onetext.store`` imported first, so
    a table defined in a new module is in the metadata too."""
    for module in pkgutil.walk_packages(onetext.store.__path__, "onetext.store."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    return dict(Base.metadata.tables)


def test_every_table_is_checked_against_the_log_or_exempt_with_a_reason() -> None:
    checked = {table for spec in SPECS for table in spec.tables}
    missing = sorted(set(_all_tables()) - checked - set(EXEMPT))
    assert not missing, (
        f"table(s) {', '.join(missing)} hold data that `audit verify` does not compare with "
        "the log. In src/onetext/store/record_specs.py either add to SPECS\n"
        '    RecordSpec("<name in findings>", ("<table>", <child tables>...), '
        '("<field>", ...), _<rows>, {"<EventAction>": on_object(_<replay>)}),\n'
        "with _<rows>(session) yielding ((negotiation slug, the event's object_id), "
        "{field: value}) per row and _<replay>(expected, event) returning the row the event "
        "leaves (copied(...)/committed(...) help; None: the row is gone), and make the "
        "service's uow.record(...) details carry every field (a text as a commitment, its "
        "salt in salts=); or, if it is not negotiation data, add it to EXEMPT with the "
        "reason. The module's docstring walks through it."
    )


def test_specs_and_exemptions_name_real_tables_once() -> None:
    tables = set(_all_tables())
    checked = {table for spec in SPECS for table in spec.tables}
    assert checked <= tables, checked - tables
    assert set(EXEMPT) <= tables, set(EXEMPT) - tables
    assert not checked & set(EXEMPT)
    assert all(reason.strip() for reason in EXEMPT.values())
    names = [spec.name for spec in SPECS]
    assert len(names) == len(set(names))


# --- a full record, built once per backend; each tamper is rolled back ----------------


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def full_record(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Database]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('full') / 'onetext.db'}"
    else:
        url = request.getfixturevalue("postgres").fresh_database()
    database = open_database(url)
    try:
        build_full_record(url, database)
        yield url, database
    finally:
        database.dispose()


def _findings(session: Session) -> list[str]:
    return [str(f) for f in check_tables(session, SPECS).findings]


def test_the_full_record_verifies_whole(full_record: tuple[str, Database]) -> None:
    url, database = full_record
    with database.session() as session:
        report = check_tables(session, SPECS)
    assert report.findings == ()
    assert dict(report.partial) == {}  # every row compared on every field
    empty = [name for name, count in report.rows_by_spec.items() if count == 0]
    assert empty == []  # the record touches every kind of row, so each spec is exercised
    result = run_cli("audit", "verify", "--db", url, "--json")
    assert result.code == 0, result.err


T = Base.metadata.tables


def _id(session: Session, table: str, column: str = "id", **where: Any) -> Any:
    query = select(T[table].c[column])
    for name, value in where.items():
        query = query.where(T[table].c[name] == value)
    return session.execute(query.limit(1)).scalar_one()


def _member(session: Session, handle: str) -> int:
    return int(_id(session, "members", handle=handle))


def _version(session: Session, document: str, number: int) -> int:
    doc = _id(session, "documents", slug=document)
    return int(_id(session, "versions", document_id=doc, number=number))


def _point(session: Session, label: str) -> int:
    return int(
        _id(
            session,
            "point_states",
            "point_id",
            version_id=_version(session, "framework", 1),
            label=label,
        )
    )


def _round(session: Session) -> int:
    return int(_id(session, "rounds", place="Geneva"))


def _group(session: Session) -> int:
    return int(_id(session, "working_groups", slug="monitoring"))


def _merged(session: Session) -> int:
    return int(_id(session, "merge_conflicts", "version_id", kind=_conflict_kind(session)))


def _conflict_kind(session: Session) -> str:
    return str(session.execute(select(T["merge_conflicts"].c.kind).limit(1)).scalar_one())


def _drop(session: Session, table: str, **where: Any) -> None:
    statement = delete(T[table])
    for name, value in where.items():
        statement = statement.where(T[table].c[name] == value)
    session.execute(statement)


Tamper = Callable[[Session], None]


def _link_tampers(
    table: str,
    owner: str,
    owner_of: Callable[[Session], int],
    column: str,
    present: Callable[[Session], int],
    absent: Callable[[Session], int],
) -> dict[str, Tamper]:
    """Edit, delete and forge one row of a link table (a round's attendee...)."""

    def edit(s: Session) -> None:
        s.execute(
            update(T[table])
            .where(T[table].c[owner] == owner_of(s), T[table].c[column] == present(s))
            .values({column: absent(s)})
        )

    def remove(s: Session) -> None:
        _drop(s, table, **{owner: owner_of(s), column: present(s)})

    def forge(s: Session) -> None:
        s.execute(insert(T[table]).values({owner: owner_of(s), column: absent(s)}))

    return {"edit": edit, "delete": remove, "insert": forge}


def _delete_round(s: Session) -> None:
    for child in ("round_attendees", "round_agenda", "round_versions"):
        _drop(s, child, round_id=_round(s))
    _drop(s, "rounds", id=_round(s))


def _delete_group(s: Session) -> None:
    for child in ("working_group_members", "working_group_points"):
        _drop(s, child, group_id=_group(s))
    _drop(s, "working_groups", id=_group(s))


def _delete_paper(s: Session) -> None:
    version = _version(s, "north-paper", 1)
    _drop(s, "point_states", version_id=version)
    _drop(s, "version_parents", version_id=version)
    _drop(s, "versions", id=version)
    _drop(s, "documents", slug="north-paper")


def _negotiation(s: Session) -> int:
    return int(_id(s, "negotiations", slug="talks"))


def _forge_conflict(s: Session) -> None:
    row = s.execute(select(T["merge_conflicts"]).limit(1)).mappings().one()
    s.execute(
        insert(T["merge_conflicts"]).values(
            {
                **{k: v for k, v in row.items() if k != "id"},
                "version_id": _version(s, "framework", 1),
            }
        )
    )


def _forge_user(s: Session) -> None:
    s.execute(
        insert(T["users"]).values(
            username="forged", display_name="F", password_hash="x", is_admin=True, created_at=NOW
        )
    )


def _forge_run(s: Session) -> None:
    row = s.execute(select(T["engine_runs"]).limit(1)).mappings().one()
    s.execute(
        insert(T["engine_runs"]).values(
            {**{k: v for k, v in row.items() if k != "id"}, "uid": "run_forged"}
        )
    )


def _forge_copies(s: Session) -> None:
    row = s.execute(select(T["copy_issues"]).limit(1)).mappings().one()
    s.execute(
        insert(T["copy_issues"]).values(
            {**{k: v for k, v in row.items() if k != "id"}, "issue": "forged-issue"}
        )
    )


def _forge_document(s: Session) -> None:
    row = (
        s.execute(select(T["documents"]).where(T["documents"].c.slug == "north-paper"))
        .mappings()
        .one()
    )
    s.execute(
        insert(T["documents"]).values(
            {
                **{k: v for k, v in row.items() if k != "id"},
                "uid": "doc_forged",
                "slug": "forged-paper",
            }
        )
    )


TAMPERS: dict[str, tuple[dict[str, Tamper], dict[str, tuple[str, ...]]]] = {
    "rounds": (
        {
            "edit": lambda s: s.execute(update(T["rounds"]).values(outcome="agreed in full")),
            "delete": _delete_round,
            "insert": lambda s: s.execute(
                insert(T["rounds"]).values(
                    uid="rnd_forged",
                    negotiation_id=_negotiation(s),
                    level="expert",
                    place="Oslo",
                    starts_at=NOW,
                    outcome="",
                    visibility="joint",
                )
            ),
        },
        {
            "edit": ("round talks/", "outcome"),
            "delete": ("round talks/", "the row is gone"),
            "insert": ("round talks/rnd_forged", "without an event"),
        },
    ),
    "round_attendees": (
        _link_tampers(
            "round_attendees",
            "round_id",
            _round,
            "member_id",
            lambda s: _member(s, "s-expert"),
            lambda s: _member(s, "chief"),
        ),
        {kind: ("round talks/", "attendees") for kind in ("edit", "delete", "insert")},
    ),
    "round_agenda": (
        _link_tampers(
            "round_agenda",
            "round_id",
            _round,
            "point_id",
            lambda s: _point(s, "2"),
            lambda s: _point(s, "3"),
        ),
        {kind: ("round talks/", "agenda") for kind in ("edit", "delete", "insert")},
    ),
    "round_versions": (
        _link_tampers(
            "round_versions",
            "round_id",
            _round,
            "version_id",
            lambda s: _version(s, "framework", 2),
            lambda s: _version(s, "framework", 1),
        ),
        {kind: ("round talks/", "produced") for kind in ("edit", "delete", "insert")},
    ),
    "working_groups": (
        {
            "edit": lambda s: s.execute(update(T["working_groups"]).values(level="principal")),
            "delete": _delete_group,
            "insert": lambda s: s.execute(
                insert(T["working_groups"]).values(
                    negotiation_id=_negotiation(s),
                    slug="forged",
                    name="F",
                    level="expert",
                    created_at=NOW,
                )
            ),
        },
        {
            "edit": ("working group talks/monitoring", "level"),
            "delete": ("working group talks/monitoring", "the row is gone"),
            "insert": ("working group talks/forged", "without an event"),
        },
    ),
    "working_group_members": (
        _link_tampers(
            "working_group_members",
            "group_id",
            _group,
            "member_id",
            lambda s: _member(s, "s-expert"),
            lambda s: _member(s, "chief"),
        ),
        {
            kind: ("working group talks/monitoring", "members")
            for kind in ("edit", "delete", "insert")
        },
    ),
    "working_group_points": (
        _link_tampers(
            "working_group_points",
            "group_id",
            _group,
            "point_id",
            lambda s: _point(s, "3"),
            lambda s: _point(s, "1"),
        ),
        {
            kind: ("working group talks/monitoring", "point_uids")
            for kind in ("edit", "delete", "insert")
        },
    ),
    "merge_conflicts": (
        {
            "edit": lambda s: s.execute(
                update(T["merge_conflicts"]).values(ours_text="a wording nobody tabled")
            ),
            "delete": lambda s: _drop(
                s, "merge_conflicts", id=_id(s, "merge_conflicts", version_id=_merged(s))
            ),
            "insert": _forge_conflict,
        },
        {
            "edit": ("merge conflicts talks/", "conflict_rows"),
            "delete": ("merge conflicts talks/",),
            "insert": ("merge conflicts talks/framework@1", "without an event"),
        },
    ),
    "copy_issues": (
        {
            "edit": lambda s: s.execute(update(T["copy_issues"]).values(data='{"recipients": []}')),
            "delete": lambda s: s.execute(delete(T["copy_issues"])),
            "insert": _forge_copies,
        },
        {
            "edit": ("copy issue talks/", "data"),
            "delete": ("copy issue talks/", "the row is gone"),
            "insert": ("copy issue talks/forged-issue", "without an event"),
        },
    ),
    "engine_runs": (
        {
            "edit": lambda s: s.execute(
                update(T["engine_runs"]).values(request={"objective": "welfare"})
            ),
            "delete": lambda s: s.execute(delete(T["engine_runs"])),
            "insert": _forge_run,
        },
        {
            "edit": ("engine run talks/", "request"),
            "delete": ("engine run talks/", "the row is gone"),
            "insert": ("engine run talks/run_forged", "without an event"),
        },
    ),
    "users": (
        {
            "edit": lambda s: s.execute(
                update(T["users"])
                .where(T["users"].c.username == "spare-user")
                .values(is_admin=True, password_hash="$argon2id$forged")
            ),
            "delete": lambda s: _drop(s, "users", username="spare-user"),
            "insert": _forge_user,
        },
        {
            "edit": ("user spare-user", "admin, password"),
            "delete": ("user spare-user", "the row is gone"),
            "insert": ("user forged", "without an event"),
        },
    ),
    "memberships": (
        {
            "edit": lambda s: s.execute(
                update(T["memberships"]).values(member_id=_member(s, "n-expert"))
            ),
            "delete": lambda s: s.execute(delete(T["memberships"])),
            "insert": lambda s: s.execute(
                insert(T["memberships"]).values(
                    user_id=_id(s, "users", username="spare-user"),
                    negotiation_id=_negotiation(s),
                    member_id=_member(s, "s-expert"),
                )
            ),
        },
        {
            "edit": ("membership talks/chief-user:n-expert", "without an event"),
            "delete": ("membership talks/chief-user:chief", "the row is gone"),
            "insert": ("membership talks/spare-user:s-expert", "without an event"),
        },
    ),
    "documents": (
        {
            "edit": lambda s: s.execute(
                update(T["documents"])
                .where(T["documents"].c.slug == "north-paper")
                .values(visibility="joint")
            ),
            "delete": _delete_paper,
            "insert": _forge_document,
        },
        {
            "edit": ("document talks/north-paper", "visibility"),
            "delete": ("document talks/north-paper", "the row is gone"),
            "insert": ("document talks/forged-paper", "without an event"),
        },
    ),
    "version_parents": (
        _link_tampers(
            "version_parents",
            "version_id",
            lambda s: _version(s, "counter", 1),
            "parent_id",
            lambda s: _version(s, "framework", 1),
            lambda s: _version(s, "framework", 2),
        ),
        {kind: ("version talks/counter@1", "parents") for kind in ("edit", "delete", "insert")},
    ),
    "negotiations": (
        {
            "edit": lambda s: s.execute(
                update(T["negotiations"]).values(focus_version_id=_version(s, "framework", 1))
            ),
            "delete": lambda s: None,  # a negotiation cannot go without its rows: covered before
            "insert": lambda s: s.execute(
                insert(T["negotiations"]).values(slug="forged", title="F", created_at=NOW)
            ),
        },
        {
            "edit": ("negotiation talks", "focus"),
            "delete": (),
            "insert": ("negotiation forged", "without an event"),
        },
    ),
}


@pytest.mark.parametrize("table", sorted(TAMPERS))
def test_each_table_edited_deleted_or_forged_is_reported(
    table: str, full_record: tuple[str, Database]
) -> None:
    _url, database = full_record
    tampers, expected = TAMPERS[table]
    for kind in ("edit", "delete", "insert"):
        with database.session() as session:
            assert _findings(session) == []
            tampers[kind](session)
            session.flush()
            said = " | ".join(_findings(session))
            session.rollback()
        if expected[kind]:
            for words in expected[kind]:
                assert words in said, f"{table} {kind}: {said}"
        assert "a wording nobody tabled" not in said and "$argon2id" not in said


def test_round_attendee_forged_fails_the_cli_verify(full_record: tuple[str, Database]) -> None:
    url, database = full_record
    with database.session() as session:
        forge = TAMPERS["round_attendees"][0]["insert"]
        forge(session)
        session.commit()
    try:
        result = run_cli("audit", "verify", "--db", url)
        assert result.code == 6
        assert "attendees" in result.out + result.err
        assert "Traceback" not in result.err
    finally:
        with database.session() as session:
            _drop(
                session,
                "round_attendees",
                round_id=_round(session),
                member_id=_member(session, "chief"),
            )
            session.commit()
    assert run_cli("audit", "verify", "--db", url).code == 0


def test_event_of_an_earlier_form_after_a_later_one_is_tampering(tmp_path: Path) -> None:
    """Form 2 events are still read (a log written before form 3 verifies), but one
    after a form 3 event could only be a full event passed off as one holding less."""
    from test_record_tamper import _rechain

    from onetext.errors import AuditChainBroken
    from onetext.store.audit import verify_chain

    url = f"sqlite:///{tmp_path / 'f.db'}"
    database = open_database(url)
    try:
        run_cli("negotiation", "create", "talks", "--title", "Talks", "--db", url)
        run_cli("party", "add", "north", "--name", "North", "--db", url)
        with database.session() as session:
            events = T["audit_events"]
            first = session.execute(
                select(events.c.seq, events.c.details).order_by(events.c.seq)
            ).all()
            session.execute(
                update(events)
                .where(events.c.seq == first[0][0])
                .values(details=first[0][1].replace('"record_form": 3', '"record_form": 2'))
            )
            session.commit()
            _rechain(session)
            assert verify_chain(session).events == 2  # form 2 then 3: an upgraded log
            session.execute(
                update(events)
                .where(events.c.seq == first[1][0])
                .values(details=first[1][1].replace('"record_form": 3', '"record_form": 2'))
            )
            session.execute(
                update(events).where(events.c.seq == first[0][0]).values(details=first[0][1])
            )
            session.commit()
            _rechain(session)
            with pytest.raises(
                AuditChainBroken, match="written in form 2 after event 1 began form 3"
            ):
                verify_chain(session)
    finally:
        database.dispose()


FORM_3_ADDITIONS = {  # what each event gained in record_form 3
    "RoundRecorded": ("starts_at", "ends_at", "outcome", "attendees", "agenda"),
    "WorkingGroupCreated": ("point_uids",),
    "DraftTabled": ("document",),
    "LinesMerged": ("conflict_count", "conflict_rows"),
    "ConflictResolved": ("conflict_count", "conflict_rows"),
    "CopiesIssued": ("issued_by", "version", "data"),
    "EngineRunRequested": ("member", "user", "forgotten"),
    "UserCreated": ("display_name", "password"),
}


def test_a_log_written_in_form_2_still_verifies_and_says_what_it_compares_in_part(
    db_url: str, database: Database
) -> None:
    """The log as the previous version wrote it (every event in form 2, without what
    form 3 added): nothing is reported, and the rows compared in part are counted."""
    import json

    from test_record_tamper import _rechain

    build_full_record(db_url, database)
    events = T["audit_events"]
    with database.session() as session:
        for seq, action, details in session.execute(
            select(events.c.seq, events.c.action, events.c.details)
        ).all():
            old = json.loads(details)
            for name in FORM_3_ADDITIONS.get(action, ()):
                old.pop(name, None)
            old["record_form"] = 2
            session.execute(
                update(events).where(events.c.seq == seq).values(details=json.dumps(old))
            )
        session.commit()
        _rechain(session)
        report = check_tables(session, SPECS)
    assert report.findings == ()
    assert set(report.partial) == {
        "round",
        "working group",
        "document",
        "copy issue",
        "engine run",
        "user",
        "merge conflicts",  # a form 2 merge held their labels only, a resolution nothing
    }
    result = run_cli("audit", "verify", "--db", db_url)
    assert result.code == 0, result.err
    assert "compared in part" in result.out and "round rows" in result.out
