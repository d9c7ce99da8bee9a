"""Use cases: the mediator edits the single text in the browser.

A member who may edit a document (``access.may_edit_text``) opens it in the editor:
its latest version, unit by unit, or the draft they left. Every change is saved as
their private draft (read by them alone, not recorded in the log: a working copy);
structured edits (insert, delete, move, add or remove an alternative) are applied
to it here. Tabling checks every unit (a valid, unique label; balanced brackets; words
that the reader of drafts reads back as that one unit with the same alternatives),
tables the draft as the document's next version (``drafts.table_draft``: units keep
their identity, new ones get one) with an ``EditTabled`` event naming what changed,
and deletes the draft, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from onetext.access import Actor, draft_readable, ensure_may_edit_text, may_edit_text
from onetext.errors import Conflict, InvalidInput, NotFound
from onetext.model.document import Division, validate_label
from onetext.service.drafts import table_draft
from onetext.store import drafts as draft_store
from onetext.store import versions
from onetext.store.draft_tables import EditDraftRow
from onetext.store.repository import document_row, member_row, negotiation_row, version_row
from onetext.store.tables import DocumentRow, MemberRow, NegotiationRow, PointStateRow, VersionRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.brackets import extract_notes, extract_options
from onetext.text.editing import (
    MAX_UNIT_TEXT,
    DraftUnit,
    EditOperation,
    apply_operation,
    read_back,
    read_back_problem,
)
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint
from onetext.views.drafts import VersionSummary
from onetext.views.editing import DraftSaved, EditorUnit, EditorView

__all__ = [
    "MAX_UNITS",
    "discard_draft",
    "edit_draft",
    "may_edit",
    "open_editor",
    "save_draft",
    "table_edit",
]

MAX_UNITS = 5_000
MAX_MESSAGE = 2_000
_CONTAINERS = {"part", "chapter", "section", "article"}


@dataclass(frozen=True, slots=True)
class _Context:
    negotiation: NegotiationRow
    document: DocumentRow
    member: MemberRow
    latest: VersionRow


def _context(uow: UnitOfWork, actor: Actor, negotiation: str | None, document: str) -> _Context:
    session = uow.session
    neg = negotiation_row(session, negotiation)
    doc = document_row(session, neg, document, actor)  # "not found" to a non-reader
    ensure_may_edit_text(actor, doc.owner.slug, doc.visibility)
    member = member_row(session, neg, actor.handle)
    return _Context(neg, doc, member, versions.latest_version(session, doc))


def may_edit(uow: UnitOfWork, actor: Actor, negotiation: str | None, ref: str) -> bool:
    """Whether the version page offers "Edit this text" for the document of ``ref``."""
    row = version_row(uow.session, negotiation_row(uow.session, negotiation), ref, actor)
    return may_edit_text(actor, row.document.owner.slug, row.document.visibility)


def _own_draft(uow: UnitOfWork, actor: Actor, ctx: _Context) -> EditDraftRow | None:
    draft = draft_store.draft_of(uow.session, ctx.member.id, ctx.document.id)
    if draft is not None and not draft_readable(actor, ctx.member.handle):
        return None
    return draft


def _base_units(uow: UnitOfWork, version: VersionRow) -> list[tuple[PointStateRow, str]]:
    return versions.point_states(uow.session, version)


def _draft_units(uow: UnitOfWork, draft: EditDraftRow, known: set[str]) -> list[DraftUnit]:
    """A stored draft's units; a unit naming a point the base does not hold is new."""
    return [
        DraftUnit(
            point=row.point_uid if row.point_uid in known else None,
            label=row.label,
            text=row.text,
            heading=row.heading,
        )
        for row in draft_store.draft_units(uow.session, draft)
    ]


def _view(
    ctx: _Context,
    base: VersionRow,
    units: Sequence[DraftUnit],
    *,
    message: str,
    saved_at: str | None,
    base_texts: dict[str, tuple[str, str | None]],
    check: bool = False,
) -> EditorView:
    shown = []
    labels = [u.label for u in units]
    for unit in units:
        problem = read_back_problem(unit) if check else None
        if problem is None and check and labels.count(unit.label) > 1:
            problem = f"label {unit.label} is used by more than one unit"
        try:
            options = [
                {"key": o.key, "text": o.text, "group": o.group, "parent": o.parent}
                for o in extract_options(unit.label, unit.text)
            ]
        except InvalidInput:
            options = []
        shown.append(
            EditorUnit(
                point=unit.point,
                label=unit.label,
                heading=unit.heading,
                text=unit.text,
                options=options,
                changed=unit.point is None
                or base_texts.get(unit.point) != (unit.text, unit.heading),
                problem=problem,
            )
        )
    return EditorView(
        negotiation=ctx.negotiation.slug,
        document=ctx.document.slug,
        title=ctx.document.title,
        base=base.ref,
        latest=ctx.latest.ref,
        message=message,
        saved_at=saved_at,
        units=shown,
    )


def open_editor(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, document: str
) -> EditorView:
    """The document in the editor: the actor's draft if they left one, else its latest
    version (nothing is saved until they change something)."""
    ctx = _context(uow, actor, negotiation, document)
    draft = _own_draft(uow, actor, ctx)
    base = ctx.latest
    if draft is not None:
        found = uow.session.get(VersionRow, draft.base_version_id)
        base = found if found is not None else ctx.latest
    states = _base_units(uow, base)
    base_texts = {uid: (s.text, s.heading) for s, uid in states}
    if draft is None:
        units = [DraftUnit(uid, s.label, s.text, s.heading) for s, uid in states]
        return _view(ctx, base, units, message="", saved_at=None, base_texts=base_texts)
    units = _draft_units(uow, draft, set(base_texts))
    return _view(
        ctx,
        base,
        units,
        message=draft.message,
        saved_at=draft.saved_at.isoformat(),
        base_texts=base_texts,
        check=True,
    )


def _checked_units(units: Sequence[DraftUnit], known: set[str]) -> list[DraftUnit]:
    """What any save refuses outright (nothing is kept): too many units, a unit the base
    does not hold or named twice, text too long for the store."""
    if len(units) > MAX_UNITS:
        raise InvalidInput(f"a draft has at most {MAX_UNITS} units")
    seen: set[str] = set()
    checked = []
    for number, unit in enumerate(units, start=1):
        if unit.point is not None:
            if unit.point not in known:
                raise InvalidInput(f"unit {number} continues a unit the text does not hold")
            if unit.point in seen:
                raise InvalidInput(f"unit {number} repeats a unit already in the draft")
            seen.add(unit.point)
        label = unit.label.strip()
        if len(label) > 40:
            raise InvalidInput(f"unit {number}: a label has at most 40 characters")
        if len(unit.text) > MAX_UNIT_TEXT:
            raise InvalidInput(
                f"unit {number}: a unit's wording has at most {MAX_UNIT_TEXT} characters"
            )
        heading = (unit.heading or "").strip() or None
        if heading is not None and len(heading) > 300:
            raise InvalidInput(f"unit {number}: a heading has at most 300 characters")
        for value in (label, unit.text, heading or ""):
            if "\x00" in value:
                raise InvalidInput(f"unit {number}: text may not contain NUL characters")
        checked.append(DraftUnit(unit.point, label, unit.text.replace("\r\n", "\n"), heading))
    return checked


def _base_for_save(
    uow: UnitOfWork, ctx: _Context, draft: EditDraftRow | None, base: str
) -> VersionRow:
    expected = uow.session.get(VersionRow, draft.base_version_id) if draft else ctx.latest
    if expected is None or base.strip() != expected.ref:
        began = expected.ref if expected else ctx.latest.ref
        raise Conflict(
            f"this draft began from {began}, not {base.strip() or 'nothing'}: reload the editor"
        )
    return expected


def save_draft(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    document: str,
    *,
    base: str,
    units: Sequence[DraftUnit],
    message: str = "",
) -> DraftSaved:
    """Keep the actor's draft as it stands (autosave). Unbalanced brackets and the like
    are kept as typed and reported per unit: a draft may be unfinished."""
    ctx = _context(uow, actor, negotiation, document)
    draft = _own_draft(uow, actor, ctx)
    base_row = _base_for_save(uow, ctx, draft, base)
    known = {uid for _s, uid in _base_units(uow, base_row)}
    checked = _checked_units(units, known)
    if len(message) > MAX_MESSAGE or "\x00" in message:
        raise InvalidInput(f"the message has at most {MAX_MESSAGE} characters and no NUL")
    now = uow.now()
    if draft is None:
        draft = EditDraftRow(
            member_id=ctx.member.id,
            document_id=ctx.document.id,
            base_version_id=base_row.id,
            message=message,
            saved_at=now,
        )
        uow.session.add(draft)
        uow.session.flush()
    draft.message = message
    draft.saved_at = now
    draft_store.replace_units(
        uow.session, draft, [(u.point, u.label, u.heading, u.text) for u in checked]
    )
    uow.session.flush()
    uow.commit()
    problems = {
        str(index): problem
        for index, unit in enumerate(checked)
        if (problem := read_back_problem(unit)) is not None
    }
    return DraftSaved(
        document=ctx.document.slug,
        base=base_row.ref,
        saved_at=now.isoformat(),
        units=len(checked),
        problems=problems,
    )


def edit_draft(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    document: str,
    *,
    base: str,
    units: Sequence[DraftUnit],
    message: str,
    operation: EditOperation | None,
    keep_typed: bool = False,
) -> EditorView:
    """Apply one structured edit to the draft as typed and save it. When the edit cannot
    be done, nothing is saved, unless ``keep_typed`` (the page's form, which has no
    other autosave without script): then the draft is saved as typed, so no keystroke
    is lost, and the error raised."""
    refused: InvalidInput | None = None
    changed = list(units)
    if operation is not None:
        try:
            changed = list(apply_operation(units, operation))
        except InvalidInput as error:
            if not keep_typed:
                raise
            refused = error
    save_draft(uow, actor, negotiation, document, base=base, units=changed, message=message)
    if refused is not None:
        raise refused
    return open_editor(uow, actor, negotiation, document)


def discard_draft(uow: UnitOfWork, actor: Actor, negotiation: str | None, document: str) -> bool:
    """Throw the actor's draft away; True if there was one."""
    ctx = _context(uow, actor, negotiation, document)
    draft = _own_draft(uow, actor, ctx)
    if draft is None:
        return False
    draft_store.drop_draft(uow.session, draft)
    uow.commit()
    return True


def _structure(
    units: Sequence[DraftUnit], states: dict[str, PointStateRow]
) -> list[tuple[str, str, tuple[Division, ...], tuple[str, ...]]]:
    """(level, number, path, notes) of each unit: a unit it continues keeps its place in
    the tree; a new one takes its place after the unit before it."""
    placed: list[tuple[str, str, tuple[Division, ...], tuple[str, ...]]] = []
    for index, unit in enumerate(units):
        state = states.get(unit.point) if unit.point else None
        if state is not None:
            view = versions.point_view(state, unit.point or "")
            notes = tuple(view.notes)
            if unit.text != state.text:
                definitions = [
                    n for n in notes if n.startswith("[^") and n.split("]")[0] + "]" in unit.text
                ]
                notes = tuple(dict.fromkeys([*extract_notes(unit.text), *definitions]))
            placed.append((view.level, view.number, view.divisions, notes))
            continue
        level: str = "paragraph"
        path: tuple[Division, ...] = ()
        if index > 0:
            before_level, before_number, before_path, _notes = placed[index - 1]
            before = units[index - 1]
            if before_level in _CONTAINERS:
                path = (
                    *before_path,
                    Division(before_level, before_number, before.label, before.heading),
                )
            else:
                level, path = before_level, before_path
        elif len(units) > 1 and units[1].point in states:
            following = versions.point_view(states[units[1].point or ""], units[1].point or "")
            path = following.divisions if following.level not in _CONTAINERS else ()
        prefix = f"{path[-1].ref}." if path else ""
        number = (
            unit.label[len(prefix) :] if prefix and unit.label.startswith(prefix) else unit.label
        )
        placed.append((level, number, path, extract_notes(unit.text)))
    return placed


def table_edit(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    document: str,
    *,
    message: str | None = None,
) -> VersionSummary:
    """Table the actor's saved draft as the document's next version."""
    ctx = _context(uow, actor, negotiation, document)
    draft = _own_draft(uow, actor, ctx)
    if draft is None:
        raise NotFound(f"no draft of {ctx.document.slug} to table: edit the text first")
    base = uow.session.get(VersionRow, draft.base_version_id)
    if base is None or base.id != ctx.latest.id:
        raise Conflict(
            f"{ctx.latest.ref} was tabled after your draft began from "
            f"{base.ref if base else 'an earlier version'}: discard the draft and edit the latest"
        )
    text_message = (message if message is not None else draft.message).strip()
    if not text_message:
        raise InvalidInput("say in a few words what this version changes (the message)")
    if len(text_message) > MAX_MESSAGE:
        raise InvalidInput(f"the message has at most {MAX_MESSAGE} characters")
    states_list = _base_units(uow, base)
    states = {uid: s for s, uid in states_list}
    units = _draft_units(uow, draft, set(states))
    if not units:
        raise InvalidInput("a text needs at least one unit")
    labels: set[str] = set()
    read: list[DraftUnit] = []
    for unit in units:
        try:
            validate_label(unit.label)
            text = read_back(unit)
        except InvalidInput as error:
            raise InvalidInput(f"unit {unit.label or '(no label)'}: {error.message}") from None
        if unit.label in labels:
            raise InvalidInput(f"unit {unit.label}: the label is used by more than one unit")
        labels.add(unit.label)
        read.append(DraftUnit(unit.point, unit.label, text, unit.heading))
    placed = _structure(read, states)
    points = tuple(
        ParsedPoint(
            label=unit.label,
            text=unit.text,
            heading=unit.heading,
            options=extract_options(unit.label, unit.text),
            level=level,
            number=number,
            path=path,
            notes=notes,
        )
        for unit, (level, number, path, notes) in zip(read, placed, strict=True)
    )
    parsed = ParsedDraft(base.title, base.preamble, points, Numbering(base.numbering))
    summary = table_draft(
        uow,
        actor,
        ctx.negotiation.slug,
        parsed,
        document=ctx.document.slug,
        party=actor.party or "",
        message=text_message,
        identities=[u.point for u in read],
        commit=False,
    )
    uow.record(
        actor,
        "EditTabled",
        "version",
        summary.ref,
        negotiation=ctx.negotiation.slug,
        details={"base": base.ref, **_changes(read, states_list)},
    )
    draft_store.drop_draft(uow.session, draft)
    uow.commit()
    return summary


def _changes(
    units: Sequence[DraftUnit], states: Sequence[tuple[PointStateRow, str]]
) -> dict[str, int]:
    """How many units were reworded, inserted, deleted and moved (counts, no words)."""
    before = {uid: s for s, uid in states}
    kept = [u.point for u in units if u.point is not None]
    order_before = [uid for _s, uid in states if uid in set(kept)]
    return {
        "units": len(units),
        "reworded": sum(
            1
            for u in units
            if u.point is not None
            and (before[u.point].text, before[u.point].heading) != (u.text, u.heading)
        ),
        "inserted": sum(1 for u in units if u.point is None),
        "deleted": len(before) - len(kept),
        "moved": sum(1 for a, b in zip(order_before, kept, strict=True) if a != b),
    }
