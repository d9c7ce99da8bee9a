"""Which events make which rows: one ``RecordSpec`` per kind of negotiation data.

``SPECS`` is what ``audit verify`` compares with the log; ``EXEMPT`` names the tables
that are not the record, with the reason. Every table of the schema must be in one
of them (``tests/record/test_record_coverage.py``). To cover a new table:

1. make the event that writes its rows carry the whole change (every field, a text
   as ``store.audit.commitment`` with its salt in the event's ``salts``);
2. add a row reader: ``def _things(session) -> Iterable[tuple[Key, dict]]`` yielding
   ``((negotiation slug, the event's object_id), {field: value})``;
3. add ``RecordSpec("thing", ("things",), FIELDS, _things, {"ThingAdded":
   on_object(_thing_added)})`` to ``SPECS``, where ``_thing_added(expected, event)``
   returns the row the event leaves (``copied``/``committed`` help; ``None``: gone).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from onetext.model.document import version_ref
from onetext.store.accounts_tables import MembershipRow, UserRow
from onetext.store.audit import commitment, new_salt
from onetext.store.engine_tables import EngineRunRow
from onetext.store.escalation_tables import (
    WorkingGroupMemberRow,
    WorkingGroupPointRow,
    WorkingGroupRow,
)
from onetext.store.record_check import (
    MAY_BE_GONE,
    Committed,
    Event,
    Expected,
    Key,
    RecordSpec,
    committed,
    conflict_rows,
    conflicts_text,
    content_text,
    copied,
    instant,
    on_object,
    point_states,
)
from onetext.store.record_specs_amendments import AMENDMENT_SPECS
from onetext.store.release_tables import (
    PublicStatementRow,
    StatementConsentRow,
    StatementRow,
)
from onetext.store.tables import (
    CopyIssueRow,
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    PositionRow,
    RoundAgendaRow,
    RoundAttendeeRow,
    RoundRow,
    RoundVersionRow,
    VersionParentRow,
    VersionRow,
)

__all__ = ["EXEMPT", "SPECS", "document_details"]

FULL = 3  # the record_form from which events carry the fields marked ``since=FULL``

Rows = Iterable[tuple[Key, dict[str, Any]]]


def _same(value: Any) -> Any:
    return value


def _start(expected: Expected | None) -> Expected:
    return dict(expected) if expected is not None else {}


def _sorted(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def _version_refs(session: Session) -> dict[int, str]:
    return {
        version_id: version_ref(slug, number)
        for version_id, slug, number in session.execute(
            select(VersionRow.id, DocumentRow.slug, VersionRow.number).join(
                DocumentRow, DocumentRow.id == VersionRow.document_id
            )
        )
    }


def _lists(session: Session, query: Any) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for owner, value in session.execute(query):
        found.setdefault(owner, []).append(value)
    return {owner: sorted(values) for owner, values in found.items()}


# --- negotiations, parties, members, documents, versions --------------------------------


def _negotiations(session: Session) -> Rows:
    refs = _version_refs(session)
    for slug, title, focus in session.execute(
        select(NegotiationRow.slug, NegotiationRow.title, NegotiationRow.focus_version_id)
    ):
        yield (slug, slug), {"title": title, "focus": refs.get(focus) if focus else None}


def _negotiation_created(expected: Expected | None, event: Event) -> Expected:
    state = _start(expected)
    copied(state, event, ["title"])
    state["focus"] = None  # a negotiation starts with no version in focus
    return state


def _focus_set(expected: Expected | None, event: Event) -> Expected:
    return _start(expected) | {"focus": event.object_id}


def _parties(session: Session) -> Rows:
    for negotiation, slug, name, kind in session.execute(
        select(NegotiationRow.slug, PartyRow.slug, PartyRow.name, PartyRow.kind).join(
            NegotiationRow, NegotiationRow.id == PartyRow.negotiation_id
        )
    ):
        yield (negotiation, slug), {"name": name, "kind": kind}


def _members(session: Session) -> Rows:
    for negotiation, handle, name, party, role, level in session.execute(
        select(
            NegotiationRow.slug,
            MemberRow.handle,
            MemberRow.name,
            PartyRow.slug,
            MemberRow.role,
            MemberRow.level,
        )
        .join(NegotiationRow, NegotiationRow.id == MemberRow.negotiation_id)
        .join(PartyRow, PartyRow.id == MemberRow.party_id)
    ):
        yield (negotiation, handle), {"name": name, "party": party, "role": role, "level": level}


def _copy_of(*names: str, since: int = 2) -> Any:
    def change(expected: Expected | None, event: Event) -> Expected:
        state = _start(expected)
        copied(state, event, names, since=since)
        return state

    return on_object(change)


def document_details(session: Session, document: DocumentRow) -> tuple[dict[str, Any], str]:
    """What a ``DraftTabled`` event holds of its document (``document``), and the salt
    of its title's commitment (``salts["document_title"]``): a private paper's title
    is a draft's words, which the log never holds."""
    main = (
        session.get(DocumentRow, document.main_document_id) if document.main_document_id else None
    )
    salt = new_salt()
    return {
        "kind": document.kind,
        "title": commitment(salt, document.title),
        "owner": document.owner.slug,
        "main": main.slug if main else None,
        "visibility": document.visibility,
    }, salt


DOCUMENT_FIELDS = ("kind", "title", "owner", "main", "visibility")


def _documents(session: Session) -> Rows:
    main = aliased(DocumentRow)
    for negotiation, slug, kind, title, owner, main_slug, visibility in session.execute(
        select(
            NegotiationRow.slug,
            DocumentRow.slug,
            DocumentRow.kind,
            DocumentRow.title,
            PartyRow.slug,
            main.slug,
            DocumentRow.visibility,
        )
        .select_from(DocumentRow)
        .join(NegotiationRow, NegotiationRow.id == DocumentRow.negotiation_id)
        .join(PartyRow, PartyRow.id == DocumentRow.owner_party_id)
        .outerjoin(main, main.id == DocumentRow.main_document_id)
    ):
        yield (
            (negotiation, slug),
            {
                "kind": kind,
                "title": title,
                "owner": owner,
                "main": main_slug,
                "visibility": visibility,
            },
        )


def _document_tabled(expected: Expected | None, event: Event) -> Expected:
    state = _start(expected)
    document = event.details.get("document") if event.form >= FULL else None
    if isinstance(document, dict):
        for name in DOCUMENT_FIELDS:
            state[name] = document.get(name)
        state["title"] = Committed(str(event.salts.get("document_title", "")), state["title"])
    elif event.form >= FULL:
        state |= dict.fromkeys(DOCUMENT_FIELDS)  # a full event stripped of its document
    elif expected is None:  # an older event: the first version names kind and owner
        copied(state, event, ["kind"])
        if "party" in event.details:
            state["owner"] = event.details["party"]
    return state


def _document_key(event: Event) -> Key:
    return (event.negotiation, event.object_id.rpartition("@")[0] or event.object_id)


def _versions(session: Session) -> Rows:
    rows = session.execute(
        select(
            NegotiationRow.slug,
            DocumentRow.slug,
            VersionRow.number,
            VersionRow.id,
            VersionRow.title,
            VersionRow.preamble,
            VersionRow.numbering,
            VersionRow.message,
            PartyRow.slug,
        )
        .select_from(VersionRow)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(NegotiationRow, NegotiationRow.id == DocumentRow.negotiation_id)
        .join(PartyRow, PartyRow.id == VersionRow.author_party_id)
    ).all()
    refs = _version_refs(session)
    parents = _lists(session, select(VersionParentRow.version_id, VersionParentRow.parent_id))
    states = point_states(session, None)
    for (
        negotiation,
        document,
        number,
        version_id,
        title,
        preamble,
        numbering,
        message,
        party,
    ) in rows:
        yield (
            (negotiation, version_ref(document, number)),
            {
                "content": content_text(title, preamble, numbering, states.get(version_id, [])),
                "party": party,
                "message": message,
                "parents": sorted(refs[p] for p in parents.get(version_id, [])),
            },
        )


def _draft_tabled(expected: Expected | None, event: Event) -> Expected:
    state = _start(expected)
    if event.form >= 2:  # older events held no text and named parents their own way
        committed(state, event, "content")
        copied(state, event, ["party", "message"])
        copied(state, event, ["parents"], shape=_sorted)
    return state


# --- rounds and working groups ----------------------------------------------------------


ROUND_FIELDS = (
    "level",
    "place",
    "starts_at",
    "ends_at",
    "outcome",
    "visibility",
    "attendees",
    "agenda",
    "produced",
)


def _rounds(session: Session) -> Rows:
    refs = _version_refs(session)
    attendees = _lists(
        session,
        select(RoundAttendeeRow.round_id, MemberRow.handle).join(
            MemberRow, MemberRow.id == RoundAttendeeRow.member_id
        ),
    )
    agenda = _lists(
        session,
        select(RoundAgendaRow.round_id, PointRow.uid).join(
            PointRow, PointRow.id == RoundAgendaRow.point_id
        ),
    )
    produced = _lists(session, select(RoundVersionRow.round_id, RoundVersionRow.version_id))
    for negotiation, row in session.execute(
        select(NegotiationRow.slug, RoundRow).join(
            NegotiationRow, NegotiationRow.id == RoundRow.negotiation_id
        )
    ):
        yield (
            (negotiation, row.uid),
            {
                "level": row.level,
                "place": row.place,
                "starts_at": instant(row.starts_at),
                "ends_at": instant(row.ends_at),
                "outcome": row.outcome,
                "visibility": row.visibility,
                "attendees": attendees.get(row.id, []),
                "agenda": agenda.get(row.id, []),
                "produced": sorted(refs[v] for v in produced.get(row.id, [])),
            },
        )


def _round_recorded(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["level", "place"])
    copied(state, event, ["produced"], shape=_sorted)
    if "published" in event.details:
        state["visibility"] = "joint" if event.details["published"] else "attendees"
    copied(state, event, ["outcome"], since=FULL)
    copied(state, event, ["starts_at", "ends_at"], since=FULL, shape=instant)
    copied(state, event, ["attendees", "agenda"], since=FULL, shape=_sorted)
    return state


def _round_updated(expected: Expected | None, event: Event) -> Expected:
    state = _start(expected)
    for name, shape in (("outcome", _same), ("ends_at", instant)):
        change = event.details.get(name)
        if isinstance(change, dict) and "to" in change:
            state[name] = shape(change["to"])
    if isinstance(state.get("produced"), list):
        linked = event.details.get("linked") or []
        unlinked = event.details.get("unlinked") or []
        state["produced"] = sorted((set(state["produced"]) | set(linked)) - set(unlinked))
    return state


def _round_published(expected: Expected | None, event: Event) -> Expected:
    return _start(expected) | {"visibility": "joint"}


def _working_groups(session: Session) -> Rows:
    members = _lists(
        session,
        select(WorkingGroupMemberRow.group_id, MemberRow.handle).join(
            MemberRow, MemberRow.id == WorkingGroupMemberRow.member_id
        ),
    )
    points = _lists(
        session,
        select(WorkingGroupPointRow.group_id, PointRow.uid).join(
            PointRow, PointRow.id == WorkingGroupPointRow.point_id
        ),
    )
    for negotiation, row in session.execute(
        select(NegotiationRow.slug, WorkingGroupRow).join(
            NegotiationRow, NegotiationRow.id == WorkingGroupRow.negotiation_id
        )
    ):
        yield (
            (negotiation, row.slug),
            {
                "name": row.name,
                "level": row.level,
                "members": members.get(row.id, []),
                "point_uids": points.get(row.id, []),
            },
        )


def _group_created(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["name", "level"])
    copied(state, event, ["members"], shape=_sorted)
    copied(state, event, ["point_uids"], since=FULL, shape=_sorted)
    return state


# --- merges, copies, engine runs, accounts --------------------------------------------


def _merge_conflicts(session: Session) -> Rows:
    negotiation_of = dict(
        session.execute(
            select(VersionRow.id, NegotiationRow.slug)
            .select_from(VersionRow)
            .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
            .join(NegotiationRow, NegotiationRow.id == DocumentRow.negotiation_id)
        ).all()
    )
    refs = _version_refs(session)
    for version_id, rows in conflict_rows(session, None).items():
        yield (
            (negotiation_of[version_id], refs[version_id]),
            {
                "conflict_count": len(rows),
                "conflict_rows": conflicts_text(rows),
            },
        )


def _conflicts_left(expected: Expected | None, event: Event) -> Expected | None:
    """A merge or a resolution leaves its version's conflicts."""
    state: Expected = {}
    if "conflict_count" in event.details or event.form >= FULL:
        copied(state, event, ["conflict_count"], since=FULL)
        committed(state, event, "conflict_rows", since=FULL)
    elif event.action == "LinesMerged" and isinstance(event.details.get("conflicts"), list):
        state["conflict_count"] = len(event.details["conflicts"])  # older merges: labels
    else:
        return {MAY_BE_GONE: True}  # an older resolution did not say what it carried over
    return None if state.get("conflict_count") == 0 else state


def _copy_issues(session: Session) -> Rows:
    refs = _version_refs(session)
    for negotiation, row in session.execute(
        select(NegotiationRow.slug, CopyIssueRow).outerjoin(
            NegotiationRow, NegotiationRow.id == CopyIssueRow.negotiation_id
        )
    ):
        yield (
            (negotiation, row.issue),
            {
                "source": row.source,
                "recipients": row.recipients,
                "issued_by": row.issued_by,
                "version": refs.get(row.version_id) if row.version_id else None,
                "data": row.data,
            },
        )


def _copies_issued(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["source"], shape=lambda v: v[:300] if isinstance(v, str) else v)
    copied(state, event, ["recipients"])
    copied(state, event, ["issued_by", "version"], since=FULL)
    committed(state, event, "data", since=FULL)
    return state


ENGINE_RUN_EXTRAS = ("member", "user", "forgotten", "record_form")


def _engine_runs(session: Session) -> Rows:
    for negotiation, uid, member, request, user in session.execute(
        select(
            NegotiationRow.slug,
            EngineRunRow.uid,
            EngineRunRow.member,
            EngineRunRow.request,
            UserRow.username,
        )
        .select_from(EngineRunRow)
        .join(NegotiationRow, NegotiationRow.id == EngineRunRow.negotiation_id)
        .join(UserRow, UserRow.id == EngineRunRow.user_id)
    ):
        yield (negotiation, uid), {"request": request, "member": member, "user": user}


def _engine_run_requested(expected: dict[Key, Expected | None], event: Event) -> None:
    """A request holds the run's request (its details, as ever), who asked, and the
    person's older runs it forgot (``service.engine_runs.KEPT_RUNS``)."""
    state: Expected = {
        "request": {k: v for k, v in event.details.items() if k not in ENGINE_RUN_EXTRAS}
    }
    copied(state, event, ["member", "user"], since=FULL)
    if event.form < FULL:
        state[MAY_BE_GONE] = True  # older requests forgot runs without naming them
    forgotten = event.details.get("forgotten")
    for pair in forgotten if isinstance(forgotten, list) else []:
        if isinstance(pair, list) and len(pair) == 2:  # [negotiation, run]: any of theirs
            expected[(pair[0], str(pair[1]))] = None
    expected[event.key] = state


def _users(session: Session) -> Rows:
    for username, display_name, admin, password in session.execute(
        select(UserRow.username, UserRow.display_name, UserRow.is_admin, UserRow.password_hash)
    ):
        yield (None, username), {"admin": admin, "display_name": display_name, "password": password}


def _user_created(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["admin"])
    copied(state, event, ["display_name"], since=FULL)
    committed(state, event, "password", since=FULL)
    return state


def _user_logged_in(expected: Expected | None, event: Event) -> Expected | None:
    if expected is None or "password" not in event.details:
        return expected
    state = dict(expected)
    committed(state, event, "password")  # the hash was renewed at login
    return state


def _memberships(session: Session) -> Rows:
    for negotiation, username, handle in session.execute(
        select(NegotiationRow.slug, UserRow.username, MemberRow.handle)
        .select_from(MembershipRow)
        .join(NegotiationRow, NegotiationRow.id == MembershipRow.negotiation_id)
        .join(UserRow, UserRow.id == MembershipRow.user_id)
        .join(MemberRow, MemberRow.id == MembershipRow.member_id)
    ):
        yield (negotiation, f"{username}:{handle}"), {"user": username, "member": handle}


# --- releases and marks ---------------------------------------------------------------


def _statements(session: Session) -> Rows:
    for negotiation, row in session.execute(
        select(NegotiationRow.slug, StatementRow).join(
            NegotiationRow, NegotiationRow.id == StatementRow.negotiation_id
        )
    ):
        yield (negotiation, row.uid), {"kind": row.kind, "title": row.title, "text": row.text}


def _statement_drafted(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["kind", "title"])
    committed(state, event, "text")
    return state


def _consents(session: Session) -> Rows:
    for negotiation, uid, text, party in session.execute(
        select(NegotiationRow.slug, StatementRow.uid, StatementRow.text, PartyRow.slug)
        .select_from(StatementConsentRow)
        .join(StatementRow, StatementRow.id == StatementConsentRow.statement_id)
        .join(NegotiationRow, NegotiationRow.id == StatementRow.negotiation_id)
        .join(PartyRow, PartyRow.id == StatementConsentRow.party_id)
    ):
        yield (negotiation, f"{uid}:{party}"), {"statement": uid, "party": party, "text": text}


def _consented(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["statement", "party"])
    committed(state, event, "text")
    return state


def _releases(session: Session) -> Rows:
    for negotiation, uid in session.execute(
        select(NegotiationRow.slug, StatementRow.uid)
        .join(NegotiationRow, NegotiationRow.id == StatementRow.negotiation_id)
        .where(StatementRow.released_at.is_not(None))
    ):
        yield (negotiation, f"{uid}:released"), {}


PUBLIC_FIELDS = (
    "speaker",
    "venue",
    "said_at",
    "quote",
    "party",
    "point",
    "version",
    "claimed_stance",
)


def _public_statements(session: Session) -> Rows:
    for negotiation, row in session.execute(
        select(NegotiationRow.slug, PublicStatementRow).join(
            NegotiationRow, NegotiationRow.id == PublicStatementRow.negotiation_id
        )
    ):
        values = {name: getattr(row, name) for name in PUBLIC_FIELDS}
        yield (negotiation, row.uid), values | {"said_at": row.said_at.isoformat()}


MARK_FIELDS = (
    "party",
    "version",
    "point",
    "option",
    "visibility",
    "stance",
    "priority",
    "author",
    "marked_at",
    "note",
)


def _marks(session: Session) -> Rows:
    document = aliased(DocumentRow)
    rows = session.execute(
        select(
            NegotiationRow.slug,
            PositionRow,
            PartyRow.slug,
            document.slug,
            VersionRow.number,
            PointStateRow.label,
        )
        .join(NegotiationRow, NegotiationRow.id == PositionRow.negotiation_id)
        .join(PartyRow, PartyRow.id == PositionRow.party_id)
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .join(document, document.id == VersionRow.document_id)
        .outerjoin(
            PointStateRow,
            (PointStateRow.version_id == PositionRow.version_id)
            & (PointStateRow.point_id == PositionRow.point_id),
        )
        .order_by(PositionRow.id)
    )
    for negotiation, mark, party, doc, number, label in rows:
        yield (
            (negotiation, mark.uid),
            {
                "party": party,
                "version": version_ref(doc, number),
                "point": label,
                "option": mark.option_key,
                "visibility": mark.visibility,
                "stance": mark.stance,
                "priority": mark.priority,
                "author": mark.author,
                "marked_at": mark.marked_at.isoformat(),
                "note": mark.note,
            },
        )


def _stance_marked(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["party", "version", "point", "option", "visibility"])
    copied(state, event, ["stance", "priority", "author", "marked_at"])
    committed(state, event, "note")
    return state


SPECS: tuple[RecordSpec, ...] = (
    RecordSpec(
        "negotiation",
        ("negotiations",),
        ("title", "focus"),
        _negotiations,
        {
            "NegotiationCreated": on_object(_negotiation_created),
            "FocusSet": on_object(_focus_set, key=lambda e: (e.negotiation, e.negotiation or "")),
        },
    ),
    RecordSpec(
        "party", ("parties",), ("name", "kind"), _parties, {"PartyAdded": _copy_of("name", "kind")}
    ),
    RecordSpec(
        "member",
        ("members",),
        ("name", "party", "role", "level"),
        _members,
        {"MemberAdded": _copy_of("name", "party", "role", "level")},
    ),
    RecordSpec(
        "document",
        ("documents",),
        DOCUMENT_FIELDS,
        _documents,
        {"DraftTabled": on_object(_document_tabled, key=_document_key)},
    ),
    RecordSpec(
        "version",
        ("versions", "version_parents", "point_states"),
        ("content", "party", "message", "parents"),
        _versions,
        {"DraftTabled": on_object(_draft_tabled)},
    ),
    RecordSpec(
        "round",
        ("rounds", "round_attendees", "round_agenda", "round_versions"),
        ROUND_FIELDS,
        _rounds,
        {
            "RoundRecorded": on_object(_round_recorded),
            "RoundUpdated": on_object(_round_updated),
            "RoundPublished": on_object(_round_published),
        },
    ),
    RecordSpec(
        "working group",
        ("working_groups", "working_group_members", "working_group_points"),
        ("name", "level", "members", "point_uids"),
        _working_groups,
        {"WorkingGroupCreated": on_object(_group_created)},
    ),
    RecordSpec(
        "merge conflicts",
        ("merge_conflicts",),
        ("conflict_count", "conflict_rows"),
        _merge_conflicts,
        {
            "LinesMerged": on_object(_conflicts_left),
            "ConflictResolved": on_object(_conflicts_left),
        },
    ),
    RecordSpec(
        "copy issue",
        ("copy_issues",),
        ("source", "recipients", "issued_by", "version", "data"),
        _copy_issues,
        {"CopiesIssued": on_object(_copies_issued)},
    ),
    RecordSpec(
        "engine run",
        ("engine_runs",),
        ("request", "member", "user"),
        _engine_runs,
        {"EngineRunRequested": _engine_run_requested},
    ),
    RecordSpec(
        "user",
        ("users",),
        ("admin", "display_name", "password"),
        _users,
        {
            "UserCreated": on_object(_user_created),
            "UserLoggedIn": on_object(_user_logged_in),
        },
    ),
    RecordSpec(
        "membership",
        ("memberships",),
        ("user", "member"),
        _memberships,
        {"UserInvited": _copy_of("user", "member")},
    ),
    RecordSpec(
        "statement",
        ("statements",),
        ("kind", "title", "text"),
        _statements,
        {"StatementDrafted": on_object(_statement_drafted)},
    ),
    RecordSpec(
        "consent",
        ("statement_consents",),
        ("statement", "party", "text"),
        _consents,
        {"StatementConsented": on_object(_consented)},
    ),
    RecordSpec(
        "release",
        ("statements",),
        (),
        _releases,
        {"StatementReleased": on_object(lambda expected, event: {})},
    ),
    RecordSpec(
        "public statement",
        ("public_statements",),
        PUBLIC_FIELDS,
        _public_statements,
        {"PublicStatementRecorded": _copy_of(*PUBLIC_FIELDS)},
    ),
    RecordSpec(
        "mark", ("positions",), MARK_FIELDS, _marks, {"StanceMarked": on_object(_stance_marked)}
    ),
)
SPECS += AMENDMENT_SPECS
"""Every kind of negotiation data ``audit verify`` compares with the log."""


EXEMPT: dict[str, str] = {
    "audit_events": "the log itself: checked by the chain, the Merkle tree and checkpoints",
    "audit_head": "the log's last link and frontier: checked against the events",
    "points": "a point's identity only, no wording: its wording and place in every version "
    "are point_states, compared through the version's DraftTabled commitment",
    "user_sessions": "who is logged in now: operational, expires, not the record",
    "login_failures": "throttling of password guesses: operational counters",
    "login_attempts": "throttling of password guesses: operational counters",
    "edit_drafts": "an editor's autosaved draft, read by its author alone until tabled: "
    "not the record; the version it becomes is (DraftTabled, EditTabled)",
    "edit_draft_units": "the units of an autosaved draft (see edit_drafts)",
}
"""Tables that are not negotiation data, and why."""
