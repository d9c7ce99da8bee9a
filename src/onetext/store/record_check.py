"""The tables against the log: every row that holds negotiation data must be what its
events say, and no such row may exist without one.

The log is the record; the tables are a fast copy of it. ``check_tables`` replays the
log once, oldest event first: each table's ``RecordSpec`` (``store.record_specs``)
says which events change its rows and how (``Replay``), and how to read its rows as
the log names them. The replay gives, per row, what the row must hold; the rows are
then compared with it. A row that differs, a row no event created, and an event whose
row is gone are all findings; findings name fields, never values.

A value the log holds as a commitment (a mark's note, a version's text) is compared
through it (``Committed``). An event written before the fields it should carry
existed (a *legacy* event, or one of an earlier ``record_form``) gives only what it
holds: its rows are compared in part and counted apart (``TableCheck.partial``), so
an upgraded database says plainly how much of its history the log fully covers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from onetext.store.audit import commitment, new_salt
from onetext.store.tables import (
    AuditEventRow,
    MergeConflictRow,
    PointRow,
    PointStateRow,
    VersionRow,
)

__all__ = [
    "MAY_BE_GONE",
    "UNREADABLE",
    "Committed",
    "Event",
    "Expected",
    "Finding",
    "Key",
    "RecordSpec",
    "TableCheck",
    "check_tables",
    "committed",
    "conflict_record",
    "copied",
    "event_form",
    "instant",
    "mark_details",
    "on_object",
    "version_content",
]

Key = tuple[str | None, str]
"""A row as the log names it: ``(negotiation slug, object id)``."""

Expected = dict[str, Any]
"""What a row must hold, field by field, after the events replayed so far."""

MAY_BE_GONE = "~may-be-gone"
"""Set in an ``Expected`` when an old event may have removed the row without saying so
(an engine run forgotten before events named what they forgot)."""

UNREADABLE = "~unreadable"
"""Set in an ``Expected`` when an event's details are not JSON: the row is reported."""

PRESENT_FORM = 2  # the first ``record_form`` whose events carry the whole change


@dataclass(frozen=True, slots=True)
class Event:
    """One event as the replay reads it."""

    seq: int
    action: str
    negotiation: str | None
    object_id: str
    details: Mapping[str, Any]
    salts: Mapping[str, str]
    form: int  # 0: legacy (no ``record_form``)

    @property
    def key(self) -> Key:
        return (self.negotiation, self.object_id)


Replay = Callable[[dict[Key, Expected | None], Event], None]
"""How one event changes the expected rows (``None``: the row must be gone)."""


@dataclass(frozen=True, slots=True)
class RecordSpec:
    """How one kind of row is checked against the log (see ``store.record_specs``).

    ``tables`` are the SQL tables it covers (a child table, such as round attendees,
    is compared as a sorted list field of its parent row); ``fields`` what a full
    event gives of a row; ``rows`` reads every row as ``(key, {field: value})``;
    ``events`` maps each action that changes such rows to its ``Replay``."""

    name: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    rows: Callable[[Session], Iterable[tuple[Key, dict[str, Any]]]]
    events: Mapping[str, Replay]


@dataclass(frozen=True, slots=True)
class Committed:
    """A value the log holds as a salted commitment (``store.audit.commitment``)."""

    salt: str
    digest: Any

    def matches(self, value: Any) -> bool:
        if not _is_hex(self.salt) or not isinstance(value, str):
            return False
        return bool(commitment(self.salt, value) == self.digest)


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
    partial: Mapping[str, int] = field(default_factory=dict)
    """Rows per spec compared on fewer fields than a full event gives (old events)."""
    rows_by_spec: Mapping[str, int] = field(default_factory=dict)

    @property
    def legacy_marks(self) -> int:
        """Marks whose event predates full events: compared in part."""
        return self.partial.get("mark", 0)


# --- replay helpers: the building blocks of a spec's ``events`` --------------------------


def event_form(details: Mapping[str, Any]) -> int:
    form = details.get("record_form", 0)
    return form if isinstance(form, int) and not isinstance(form, bool) else 0


def instant(value: Any) -> Any:
    """A time as the rows give it (ISO, UTC), whatever offset the event wrote."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).astimezone(UTC).isoformat()
        except ValueError:
            return value
    return value


def copied(
    state: Expected,
    event: Event,
    names: Iterable[str],
    *,
    since: int = PRESENT_FORM,
    shape: Callable[[Any], Any] = lambda v: v,
) -> None:
    """Copy ``names`` from the event into ``state``; an event of form ``since`` or later
    that lacks one (stripped of a field) expects ``None`` there, which a row never
    matches unless it too is empty."""
    for name in names:
        if name in event.details:
            state[name] = shape(event.details[name])
        elif event.form >= since:
            state[name] = None


def committed(state: Expected, event: Event, name: str, *, since: int = PRESENT_FORM) -> None:
    """``name`` is held as a commitment whose salt is ``event.salts[name]``."""
    if name in event.details:
        state[name] = Committed(str(event.salts.get(name, "")), event.details[name])
    elif event.form >= since:
        state[name] = None


def on_object(
    change: Callable[[Expected | None, Event], Expected | None],
    key: Callable[[Event], Key] = lambda e: e.key,
) -> Replay:
    """A ``Replay`` that changes one row: ``change(expected so far, event)``."""

    def replay(expected: dict[Key, Expected | None], event: Event) -> None:
        target = key(event)
        expected[target] = change(expected.get(target), event)

    return replay


# --- the check ------------------------------------------------------------------------


def _read_events(session: Session, actions: Sequence[str]) -> list[Event]:
    rows = session.execute(
        select(
            AuditEventRow.seq,
            AuditEventRow.action,
            AuditEventRow.negotiation,
            AuditEventRow.object_id,
            AuditEventRow.details,
            AuditEventRow.salts,
        )
        .where(AuditEventRow.action.in_(list(actions)))
        .order_by(AuditEventRow.seq)
    )
    events = []
    for seq, action, negotiation, object_id, details, salts in rows:
        try:
            parsed = json.loads(details)
            salt_map = json.loads(salts) if salts is not None else {}
        except ValueError:
            parsed, salt_map = None, {}
        if not isinstance(salt_map, dict):
            salt_map = {}
        readable = isinstance(parsed, dict)
        details_map: dict[str, Any] = parsed if isinstance(parsed, dict) else {UNREADABLE: True}
        form = event_form(details_map) if readable else 0
        events.append(Event(seq, action, negotiation, object_id, details_map, salt_map, form))
    return events


def _shown(key: Key) -> str:
    negotiation, object_id = key
    return object_id if negotiation in (None, object_id) else f"{negotiation}/{object_id}"


def _matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Committed):
        return expected.matches(actual)
    return bool(expected == actual)


class _Replayed(dict[Key, Expected | None]):
    """The expected rows, remembering which event last set each."""

    def __init__(self) -> None:
        super().__init__()
        self.seq = 0
        self.last_seq: dict[Key, int] = {}

    def __setitem__(self, key: Key, value: Expected | None) -> None:
        super().__setitem__(key, value)
        self.last_seq[key] = self.seq


def _check_one(
    session: Session, spec: RecordSpec, events: list[Event], findings: list[Finding]
) -> tuple[int, int]:
    """Replay ``spec``'s events and compare its rows; (rows checked, rows in part)."""
    expected = _Replayed()
    for event in events:
        replay = spec.events.get(event.action)
        if replay is None:
            continue
        expected.seq = event.seq
        if UNREADABLE in event.details:
            expected[event.key] = {UNREADABLE: True}
        else:
            replay(expected, event)
    last_seq = expected.last_seq
    rows = partial = 0
    seen: set[Key] = set()
    for key, row in spec.rows(session):
        rows += 1
        seen.add(key)
        state = expected.get(key)
        if state is None:
            problem = (
                f"exists though event {last_seq[key]} removed it"
                if key in expected
                else "exists without an event in the log"
            )
            findings.append(Finding(spec.name, _shown(key), problem))
            continue
        differing = sorted(
            name
            for name, value in row.items()
            if name in state and not _matches(state[name], value)
        )
        if UNREADABLE in state:
            differing = ["details"]
        if differing:
            findings.append(
                Finding(
                    spec.name,
                    _shown(key),
                    f"differs from event {last_seq[key]} in {', '.join(differing)}",
                )
            )
        if any(name not in state for name in spec.fields):
            partial += 1
    for key, state in expected.items():
        if state is not None and key not in seen and MAY_BE_GONE not in state:
            findings.append(
                Finding(
                    spec.name,
                    _shown(key),
                    f"recorded by event {last_seq[key]} but the row is gone",
                )
            )
    return rows, partial


def check_tables(
    session: Session,
    specs: Sequence[RecordSpec],
    progress: Callable[[str], None] | None = None,
) -> TableCheck:
    """Every spec's rows against the log (one read of the events they replay);
    ``progress(name)`` after each spec, for a progress bar."""
    actions = sorted({action for spec in specs for action in spec.events})
    events = _read_events(session, actions)
    findings: list[Finding] = []
    rows = 0
    partial: dict[str, int] = {}
    rows_by_spec: dict[str, int] = {}
    for spec in specs:
        checked, in_part = _check_one(session, spec, events, findings)
        rows += checked
        rows_by_spec[spec.name] = checked
        if in_part:
            partial[spec.name] = partial.get(spec.name, 0) + in_part
        if progress is not None:
            progress(spec.name)
    return TableCheck(rows, tuple(findings), partial, rows_by_spec)


# --- what events commit to: one canonical text per kind of content ----------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def content_text(title: str | None, preamble: str, numbering: str, points: list[list[Any]]) -> str:
    return _canonical(
        {"title": title, "preamble": preamble, "numbering": numbering, "points": points}
    )


def point_states(session: Session, version_ids: list[int] | None) -> dict[int, list[Any]]:
    """Each version's points in order: identity, label, heading, text, options."""
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
    points = point_states(session, [version.id]).get(version.id, [])
    return content_text(version.title, version.preamble, version.numbering, points)


def conflict_rows(session: Session, version_ids: list[int] | None) -> dict[int, list[Any]]:
    """Each version's merge conflicts, sorted: point identity, kind, the three texts
    and the three lines' names."""
    query = select(
        MergeConflictRow.version_id,
        PointRow.uid,
        MergeConflictRow.kind,
        MergeConflictRow.base_text,
        MergeConflictRow.ours_text,
        MergeConflictRow.theirs_text,
        MergeConflictRow.ours_ref,
        MergeConflictRow.theirs_ref,
        MergeConflictRow.base_ref,
    ).join(PointRow, PointRow.id == MergeConflictRow.point_id)
    if version_ids is not None:
        query = query.where(MergeConflictRow.version_id.in_(version_ids))
    found: dict[int, list[Any]] = {}
    for version_id, *rest in session.execute(query):
        found.setdefault(version_id, []).append(list(rest))
    for rows in found.values():
        rows.sort(key=_canonical)
    return found


def conflicts_text(rows: list[Any]) -> str:
    return _canonical(rows)


def conflict_record(session: Session, version_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The details (and salts) a merge or a resolution adds to its event: how many
    conflicts its version holds and a commitment to them (their texts are drafts'
    words: the log holds none)."""
    session.flush()
    rows = conflict_rows(session, [version_id]).get(version_id, [])
    salt = new_salt()
    details = {"conflict_count": len(rows), "conflict_rows": commitment(salt, conflicts_text(rows))}
    return details, {"conflict_rows": salt}


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


def _is_hex(value: str) -> bool:
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return bool(value)
