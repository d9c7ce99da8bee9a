"""The tables against the log: every row that holds negotiation data must be what its
event says, and no such row may exist without one.

The log is the record; the tables are a fast copy of it. ``check_tables`` replays the
events that create rows (a negotiation, a party, a member, a version, a round, a mark,
a comment and its status)
and compares each row with the event that created it: a row that differs from its
event, a row no event created, and an event whose row is gone are all findings. A
mark is compared field by field (party, version, point, option, visibility, stance,
priority, author, time, and its note through the event's salted commitment).

Marks recorded before events carried the whole change (*legacy* events: no stance
in the event) are compared on what their event holds and counted apart, so an
upgraded database says plainly how much of its history the log fully covers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from onetext.model.document import version_ref
from onetext.store.audit import RECORD_FORM, commitment
from onetext.store.comment_tables import CommentRow
from onetext.store.release_tables import (
    PublicStatementRow,
    StatementConsentRow,
    StatementRow,
)
from onetext.store.tables import (
    AuditEventRow,
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    PositionRow,
    RoundRow,
    VersionRow,
)

__all__ = ["Finding", "TableCheck", "check_tables", "mark_details", "version_content"]


def _content_text(
    title: str | None, preamble: str, numbering: str, points: list[tuple[Any, ...]]
) -> str:
    return json.dumps(
        {"title": title, "preamble": preamble, "numbering": numbering, "points": points},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def _point_states(session: Session, version_ids: list[int] | None) -> dict[int, list[Any]]:
    query = (
        select(
            PointStateRow.version_id,
            PointRow.uid,
            PointStateRow.label,
            PointStateRow.heading,
            PointStateRow.text,
            PointStateRow.options,
        )
        .join(PointRow, PointRow.id == PointStateRow.point_id)
        .order_by(PointStateRow.version_id, PointStateRow.ordinal)
    )
    if version_ids is not None:
        query = query.where(PointStateRow.version_id.in_(version_ids))
    states: dict[int, list[Any]] = {}
    for version_id, uid, label, heading, text, options in session.execute(query):
        states.setdefault(version_id, []).append([uid, label, heading, text, options])
    return states


def version_content(session: Session, version: VersionRow) -> str:
    """A version's whole text as one canonical string (title, preamble, numbering, and
    each point's identity, label, heading, text and options in order): what the
    ``DraftTabled`` event commits to."""
    points = _point_states(session, [version.id]).get(version.id, [])
    return _content_text(version.title, version.preamble, version.numbering, points)


def mark_details(
    *,
    party: str,
    version: str,
    point: str,
    option: str | None,
    visibility: str,
    stance: str,
    priority: int,
    author: str,
    marked_at: datetime,
    note_commitment: str,
) -> dict[str, Any]:
    """What a ``StanceMarked`` event holds: the whole mark, its note as a commitment."""
    return {
        "party": party,
        "version": version,
        "point": point,
        "option": option,
        "visibility": visibility,
        "stance": stance,
        "priority": priority,
        "author": author,
        "marked_at": marked_at.isoformat(),
        "note": note_commitment,
    }


@dataclass(frozen=True, slots=True)
class Finding:
    """One disagreement between a table and the log (field names, never values)."""

    table: str
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.table} {self.key}: {self.problem}"


@dataclass(frozen=True, slots=True)
class TableCheck:
    rows: int
    findings: tuple[Finding, ...]
    legacy_marks: int  # marks whose event predates full events: compared in part


@dataclass(slots=True)
class _Event:
    seq: int
    details: dict[str, Any]
    salts: dict[str, str]
    legacy: bool


def _events(session: Session, actions: Iterable[str]) -> dict[tuple[str | None, str], _Event]:
    """The latest event of each ``(negotiation, object)`` among ``actions``."""
    found: dict[tuple[str | None, str], _Event] = {}
    rows = session.execute(
        select(
            AuditEventRow.seq,
            AuditEventRow.negotiation,
            AuditEventRow.object_id,
            AuditEventRow.details,
            AuditEventRow.salts,
        )
        .where(AuditEventRow.action.in_(list(actions)))
        .order_by(AuditEventRow.seq)
    )
    for seq, negotiation, object_id, details, salts in rows:
        try:
            parsed = json.loads(details)
            salt_map = json.loads(salts) if salts is not None else {}
        except ValueError:
            parsed, salt_map = {"__unreadable__": True}, {}
        if not isinstance(parsed, dict):
            parsed = {"__unreadable__": True}
        if not isinstance(salt_map, dict):
            salt_map = {}
        found[(negotiation, object_id)] = _Event(
            seq, parsed, salt_map, parsed.get("record_form") != RECORD_FORM
        )
    return found


class _Checker:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.rows = 0

    def compare(
        self,
        table: str,
        key: str,
        event: _Event | None,
        row: dict[str, Any],
    ) -> None:
        self.rows += 1
        if event is None:
            self.findings.append(Finding(table, key, "exists without an event in the log"))
            return
        differing = sorted(
            name
            for name, value in row.items()
            if name in event.details and event.details[name] != value
        )
        if "__unreadable__" in event.details:
            differing = ["details"]
        if differing:
            self.findings.append(
                Finding(table, key, f"differs from event {event.seq} in {', '.join(differing)}")
            )

    def orphans(
        self, table: str, events: dict[tuple[str | None, str], _Event], seen: set[Any]
    ) -> None:
        for key, event in events.items():
            if key not in seen:
                self.findings.append(
                    Finding(
                        table, f"{key[1]}", f"recorded by event {event.seq} but the row is gone"
                    )
                )


def check_tables(session: Session) -> TableCheck:
    checker = _Checker()
    _negotiations(session, checker)
    _parties(session, checker)
    _members(session, checker)
    _versions(session, checker)
    _rounds(session, checker)
    _statements(session, checker)
    _public_statements(session, checker)
    _comments(session, checker)
    legacy = _marks(session, checker)
    return TableCheck(checker.rows, tuple(checker.findings), legacy)


def _negotiations(session: Session, checker: _Checker) -> None:
    events = _events(session, ["NegotiationCreated"])
    seen: set[Any] = set()
    for slug, title in session.execute(select(NegotiationRow.slug, NegotiationRow.title)):
        seen.add((slug, slug))
        checker.compare("negotiation", slug, events.get((slug, slug)), {"title": title})
    checker.orphans("negotiation", events, seen)


def _parties(session: Session, checker: _Checker) -> None:
    events = _events(session, ["PartyAdded"])
    seen: set[Any] = set()
    rows = session.execute(
        select(NegotiationRow.slug, PartyRow.slug, PartyRow.name, PartyRow.kind).join(
            NegotiationRow, NegotiationRow.id == PartyRow.negotiation_id
        )
    )
    for negotiation, slug, name, kind in rows:
        seen.add((negotiation, slug))
        checker.compare(
            "party",
            f"{negotiation}/{slug}",
            events.get((negotiation, slug)),
            {"name": name, "kind": kind},
        )
    checker.orphans("party", events, seen)


def _members(session: Session, checker: _Checker) -> None:
    events = _events(session, ["MemberAdded"])
    seen: set[Any] = set()
    rows = session.execute(
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
    )
    for negotiation, handle, name, party, role, level in rows:
        seen.add((negotiation, handle))
        checker.compare(
            "member",
            f"{negotiation}/{handle}",
            events.get((negotiation, handle)),
            {"name": name, "party": party, "role": role, "level": level},
        )
    checker.orphans("member", events, seen)


def _versions(session: Session, checker: _Checker) -> None:
    events = _events(session, ["DraftTabled"])  # every version is tabled so
    seen: set[Any] = set()
    rows = session.execute(
        select(
            NegotiationRow.slug,
            DocumentRow.slug,
            VersionRow.number,
            VersionRow.id,
            VersionRow.title,
            VersionRow.preamble,
            VersionRow.numbering,
        )
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(NegotiationRow, NegotiationRow.id == DocumentRow.negotiation_id)
    ).all()
    states = _point_states(session, None)
    for negotiation, document, number, version_id, title, preamble, numbering in rows:
        ref = version_ref(document, number)
        seen.add((negotiation, ref))
        event = events.get((negotiation, ref))
        row: dict[str, Any] = {}
        if event is not None and not event.legacy:
            salt = event.salts.get("content", "")
            content = _content_text(title, preamble, numbering, states.get(version_id, []))
            row["content"] = commitment(salt, content) if _is_hex(salt) else "?"
            event.details.setdefault("content", None)
        checker.compare("version", f"{negotiation}/{ref}", event, row)
    checker.orphans("version", events, seen)


def _rounds(session: Session, checker: _Checker) -> None:
    events = _events(session, ["RoundRecorded"])
    seen: set[Any] = set()
    rows = session.execute(
        select(NegotiationRow.slug, RoundRow.uid, RoundRow.level, RoundRow.place).join(
            NegotiationRow, NegotiationRow.id == RoundRow.negotiation_id
        )
    )
    for negotiation, uid, level, place in rows:
        seen.add((negotiation, uid))
        checker.compare(
            "round",
            f"{negotiation}/{uid}",
            events.get((negotiation, uid)),
            {"level": level, "place": place},
        )
    checker.orphans("round", events, seen)


def _statements(session: Session, checker: _Checker) -> None:
    drafted = _events(session, ["StatementDrafted"])
    consented = _events(session, ["StatementConsented"])
    released = _events(session, ["StatementReleased"])
    seen: set[Any] = set()
    seen_consents: set[Any] = set()
    seen_releases: set[Any] = set()
    rows = session.execute(
        select(
            NegotiationRow.slug,
            StatementRow.id,
            StatementRow.uid,
            StatementRow.kind,
            StatementRow.title,
            StatementRow.text,
            StatementRow.released_at,
        ).join(NegotiationRow, NegotiationRow.id == StatementRow.negotiation_id)
    ).all()
    consents: dict[int, list[str]] = {}
    for statement_id, party in session.execute(
        select(StatementConsentRow.statement_id, PartyRow.slug).join(
            PartyRow, PartyRow.id == StatementConsentRow.party_id
        )
    ):
        consents.setdefault(statement_id, []).append(party)
    for negotiation, statement_id, uid, kind, title, text, released_at in rows:
        seen.add((negotiation, uid))
        event = drafted.get((negotiation, uid))
        row: dict[str, Any] = {"kind": kind, "title": title}
        if event is not None:
            salt = event.salts.get("text", "")
            row["text"] = commitment(salt, text) if _is_hex(salt) else "?"
        checker.compare("statement", f"{negotiation}/{uid}", event, row)
        for party in consents.get(statement_id, []):
            key = f"{uid}:{party}"
            seen_consents.add((negotiation, key))
            consent = consented.get((negotiation, key))
            consent_row: dict[str, Any] = {"statement": uid, "party": party}
            if consent is not None:
                salt = consent.salts.get("text", "")
                consent_row["text"] = commitment(salt, text) if _is_hex(salt) else "?"
            checker.compare("consent", f"{negotiation}/{key}", consent, consent_row)
        if released_at is not None:
            key = f"{uid}:released"
            seen_releases.add((negotiation, key))
            checker.compare("release", f"{negotiation}/{key}", released.get((negotiation, key)), {})
    checker.orphans("statement", drafted, seen)
    checker.orphans("consent", consented, seen_consents)
    checker.orphans("release", released, seen_releases)


def _public_statements(session: Session, checker: _Checker) -> None:
    events = _events(session, ["PublicStatementRecorded"])
    seen: set[Any] = set()
    rows = session.execute(
        select(NegotiationRow.slug, PublicStatementRow).join(
            NegotiationRow, NegotiationRow.id == PublicStatementRow.negotiation_id
        )
    ).all()
    for negotiation, row in rows:
        seen.add((negotiation, row.uid))
        checker.compare(
            "public statement",
            f"{negotiation}/{row.uid}",
            events.get((negotiation, row.uid)),
            {
                "speaker": row.speaker,
                "venue": row.venue,
                "said_at": row.said_at.isoformat(),
                "quote": row.quote,
                "party": row.party,
                "point": row.point,
                "version": row.version,
                "claimed_stance": row.claimed_stance,
            },
        )
    checker.orphans("public statement", events, seen)


def _comments(session: Session, checker: _Checker) -> None:
    """Each comment against the event that added it (its words through the salted
    commitment) and its status against the last event that resolved or reopened it."""
    added = _events(session, ["CommentAdded"])
    settled = _events(session, ["CommentResolved", "CommentReopened"])
    seen: set[Any] = set()
    seen_settled: set[Any] = set()
    document = aliased(DocumentRow)
    rows = session.execute(
        select(
            NegotiationRow.slug,
            CommentRow,
            PartyRow.slug,
            document.slug,
            VersionRow.number,
            PointRow.uid,
        )
        .join(NegotiationRow, NegotiationRow.id == CommentRow.negotiation_id)
        .join(PartyRow, PartyRow.id == CommentRow.party_id)
        .join(VersionRow, VersionRow.id == CommentRow.version_id)
        .join(document, document.id == VersionRow.document_id)
        .join(PointRow, PointRow.id == CommentRow.point_id)
        .order_by(CommentRow.id)
    )
    for negotiation, comment, party, doc, number, point in rows:
        seen.add((negotiation, comment.uid))
        event = added.get((negotiation, comment.uid))
        row: dict[str, Any] = {
            "party": party,
            "version": version_ref(doc, number),
            "point": point,
            "visibility": comment.visibility,
            "author": comment.author,
            "created_at": comment.created_at.isoformat(),
        }
        if event is not None:
            salt = event.salts.get("text", "")
            row["text"] = commitment(salt, comment.text) if _is_hex(salt) else "?"
            for name in row:
                event.details.setdefault(name, None)  # an event stripped of a field
        checker.compare("comment", f"{negotiation}/{comment.uid}", event, row)
        status_event = settled.get((negotiation, comment.uid))
        if status_event is not None:
            seen_settled.add((negotiation, comment.uid))
            status_event.details.setdefault("status", None)
            checker.compare(
                "comment status",
                f"{negotiation}/{comment.uid}",
                status_event,
                {"status": comment.status, "by": comment.status_by},
            )
        elif comment.status != "open":
            checker.findings.append(
                Finding(
                    "comment status",
                    f"{negotiation}/{comment.uid}",
                    f"is {comment.status} without an event in the log",
                )
            )
    checker.orphans("comment", added, seen)
    checker.orphans("comment status", settled, seen_settled)


def _marks(session: Session, checker: _Checker) -> int:
    events = _events(session, ["StanceMarked"])
    seen: set[Any] = set()
    legacy = 0
    document = aliased(DocumentRow)
    rows = session.execute(
        select(
            NegotiationRow.slug,
            PositionRow.uid,
            PartyRow.slug,
            document.slug,
            VersionRow.number,
            PointStateRow.label,
            PositionRow.option_key,
            PositionRow.visibility,
            PositionRow.stance,
            PositionRow.priority,
            PositionRow.author,
            PositionRow.marked_at,
            PositionRow.note,
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
    for (
        negotiation,
        uid,
        party,
        doc,
        number,
        label,
        option,
        visibility,
        stance,
        priority,
        author,
        marked_at,
        note,
    ) in rows:
        seen.add((negotiation, uid))
        event = events.get((negotiation, uid))
        row: dict[str, Any] = {
            "party": party,
            "version": version_ref(doc, number),
            "point": label,
            "option": option,
            "visibility": visibility,
        }
        if event is not None and not event.legacy:
            row |= {
                "stance": stance,
                "priority": priority,
                "author": author,
                "marked_at": marked_at.isoformat(),
                "note": commitment(event.salts.get("note", ""), note)
                if _is_hex(event.salts.get("note", ""))
                else "?",
            }
            for name in ("stance", "priority", "author", "marked_at", "note"):
                if name not in event.details:  # a present-form event stripped of a field
                    event.details[name] = None
        elif event is not None:
            legacy += 1
        checker.compare("mark", f"{negotiation}/{uid}", event, row)
    checker.orphans("mark", events, seen)
    return legacy


def _is_hex(value: str) -> bool:
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return bool(value)
