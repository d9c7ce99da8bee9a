"""Use cases: table an amendment to a unit, mark a stance on one, the mediator's
decisions, and consolidation into the next version of the single text.

Who reads an amendment follows the rule of marks (``access.amendment_readable``,
in SQL through ``store.amendments``); who may table, mark and decide is asked of
``access`` before anything is read or changed. Every write is one audit event that
carries the whole change, the words as salted commitments.
"""

from __future__ import annotations

from collections.abc import Sequence

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import Conflict, InvalidInput, OnetextError
from onetext.model import Division, Option, PartyKind, Stance, Visibility
from onetext.model.amendment import (
    MAX_JUSTIFICATION,
    MAX_WORDING,
    AmendmentKind,
    ConsolidatedUnit,
    Decision,
    UnitChange,
    consolidate,
)
from onetext.service.drafts import load_version, table_draft
from onetext.store import amendments as store
from onetext.store import versions
from onetext.store.amendment_tables import AmendmentMarkRow, AmendmentRow
from onetext.store.audit import commitment, new_salt
from onetext.store.repository import (
    all_parties,
    chosen_version,
    negotiation_row,
    party_row,
    point_state,
    version_point,
    version_row,
)
from onetext.store.tables import PartyRow
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.text.brackets import check_balance, extract_options
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint
from onetext.views.amendments import (
    AmendmentList,
    AmendmentMarkView,
    AmendmentView,
    ConsolidationView,
)
from onetext.views.drafts import PointView, VersionView

__all__ = [
    "amendment",
    "amendments_to_decide",
    "change_sources",
    "consolidate_amendments",
    "decide_amendment",
    "list_amendments",
    "mark_amendment",
    "sources_of_change",
    "table_amendment",
]

_WIDEST = {"private": 0, "caucus": 1, "joint": 2}


def _author(actor: Actor) -> str:
    return actor.label if actor.operator else actor.handle


def _checked_wording(label: str, kind: AmendmentKind, wording: str) -> str:
    text = wording.strip()
    if not kind.needs_wording:
        return ""
    if not text:
        raise InvalidInput(
            f"wording: an amendment that does {kind.value} on unit {label} needs its wording"
        )
    if len(text) > MAX_WORDING:
        raise InvalidInput(f"wording: at most {MAX_WORDING} characters")
    try:
        check_balance(text)
        extract_options(label, text)
    except OnetextError as error:
        raise InvalidInput(f"wording: {error.message}") from None
    return text


def table_amendment(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    label: str,
    kind: AmendmentKind,
    wording: str = "",
    justification: str = "",
    visibility: Visibility = Visibility.CAUCUS,
    version: str | None = None,
    party: str | None = None,
) -> AmendmentView:
    """Table an amendment to unit ``label`` of ``version`` for ``party`` (default: the
    actor's). Its visibility may not be wider than its document's: a joint amendment
    to a caucus paper would show the paper to everyone."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    party = party or actor.party
    if party is None:
        raise InvalidInput("name the party the amendment is tabled for (--party)")
    party_ = party_row(session, neg, party)
    if party_.kind == PartyKind.OBSERVER.value:
        raise InvalidInput(f"{party} observes: observers table no amendments")
    ensure_allowed(actor, Action.TABLE_AMENDMENT, party)
    if version:
        ver, state = version_point(session, neg, version, label, actor)
    else:
        ver = chosen_version(session, neg, None, actor)
        state = point_state(session, ver, label)
    text = _checked_wording(label, kind, wording)
    reason = justification.strip()
    if len(reason) > MAX_JUSTIFICATION:
        raise InvalidInput(f"justification: at most {MAX_JUSTIFICATION} characters")
    document = ver.document.visibility
    if _WIDEST[visibility.value] > _WIDEST.get(document, 0):
        raise InvalidInput(
            f"visibility: {ver.ref} is a {document} document, so an amendment to it can be "
            f"at most {document}"
        )
    now = uow.now()
    row = AmendmentRow(
        uid=new_uid("amd"),
        negotiation_id=neg.id,
        version_id=ver.id,
        point_id=state.point_id,
        party_id=party_.id,
        author=_author(actor),
        kind=kind.value,
        wording=text,
        justification=reason,
        visibility=visibility.value,
        tabled_at=now,
        decision_note="",
    )
    session.add(row)
    session.flush()
    salts = {"wording": new_salt(), "justification": new_salt()}
    uow.record(
        actor,
        "AmendmentTabled",
        "amendment",
        row.uid,
        negotiation=neg.slug,
        details=store.amendment_details(
            party=party,
            version=ver.ref,
            point=label,
            kind=kind.value,
            visibility=visibility.value,
            author=row.author,
            tabled_at=now,
            wording_commitment=commitment(salts["wording"], text),
            justification_commitment=commitment(salts["justification"], reason),
        ),
        salts=salts,
    )
    uow.commit()
    return _view(store.AmendmentFacts(row, party, ver.ref, label, state.text, None, None), [])


def _view(facts: store.AmendmentFacts, marks: Sequence[AmendmentMarkView]) -> AmendmentView:
    row = facts.row
    return AmendmentView(
        uid=row.uid,
        version=facts.version,
        label=facts.label,
        kind=row.kind,
        wording=row.wording,
        justification=row.justification,
        party=facts.party,
        author=row.author,
        visibility=row.visibility,
        tabled_at=row.tabled_at.isoformat(),
        unit_text=facts.unit_text,
        status=row.decision or "open",
        decided_by=row.decided_by,
        decided_at=row.decided_at.isoformat() if row.decided_at else None,
        decided_wording=row.decided_wording,
        decision_note=row.decision_note,
        result_version=facts.result_version,
        result_label=facts.result_label,
        marks=list(marks),
    )


def _with_marks(
    uow: UnitOfWork, actor: Actor, found: Sequence[store.AmendmentFacts], parties: list[PartyRow]
) -> list[AmendmentView]:
    marks: dict[int, list[AmendmentMarkView]] = {}
    by_id = {f.row.id: f.row.uid for f in found}
    for mark, party in store.marks_on(uow.session, list(by_id), actor, parties):
        marks.setdefault(mark.amendment_id, []).append(
            AmendmentMarkView(
                amendment=by_id[mark.amendment_id],
                party=party,
                stance=mark.stance,
                visibility=mark.visibility,
                note=mark.note,
                author=mark.author,
                marked_at=mark.marked_at.isoformat(),
            )
        )
    return [_view(f, marks.get(f.row.id, [])) for f in found]


def list_amendments(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, *, version: str | None = None
) -> AmendmentList:
    """The amendments to a version (default: the version in focus) that the actor may
    read, each with the stances on it the actor may read."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_MARKS)
    ver = chosen_version(session, neg, version, actor)
    parties = all_parties(session, neg)
    found = store.amendments_of_version(session, ver, actor, parties)
    units = [
        {"label": label, "opening": _opening(text)}
        for _uid, label, text in versions.point_texts(session, ver)
    ]
    return AmendmentList(
        negotiation=neg.slug,
        version=ver.ref,
        viewer=actor.label,
        amendments=_with_marks(uow, actor, found, parties),
        units=units,
    )


def _opening(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def amendment(uow: UnitOfWork, actor: Actor, negotiation: str | None, uid: str) -> AmendmentView:
    """One amendment, if the actor may read it."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ensure_allowed(actor, Action.VIEW_MARKS)
    parties = all_parties(session, neg)
    found = store.amendment_named(session, neg, uid.strip(), actor, parties)
    return _with_marks(uow, actor, [found], parties)[0]


def mark_amendment(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    uid: str,
    *,
    stance: Stance,
    party: str | None = None,
    visibility: Visibility = Visibility.CAUCUS,
    note: str = "",
) -> AmendmentMarkView:
    """A party's stance on another party's joint amendment, as on a point: appended,
    never overwritten."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    party = party or actor.party
    if party is None:
        raise InvalidInput("name the party the stance is for (--party)")
    party_ = party_row(session, neg, party)
    if party_.kind != PartyKind.PARTY.value:
        raise InvalidInput(f"{party} is the {party_.kind}: only parties mark stances")
    ensure_allowed(actor, Action.MARK_STANCE, party)
    parties = all_parties(session, neg)
    found = store.amendment_named(session, neg, uid.strip(), actor, parties)
    if found.row.visibility != Visibility.JOINT.value:
        raise InvalidInput(
            f"amendment {found.row.uid} is {found.row.visibility}: the other parties mark "
            "joint amendments only"
        )
    if found.party == party:
        raise InvalidInput(f"{party} tabled amendment {found.row.uid}: the other parties mark it")
    if found.row.decision is not None:
        raise Conflict(f"amendment {found.row.uid} is already {found.row.decision}")
    if len(note) > MAX_JUSTIFICATION:
        raise InvalidInput(f"note: at most {MAX_JUSTIFICATION} characters")
    now = uow.now()
    mark = AmendmentMarkRow(
        uid=new_uid("amk"),
        amendment_id=found.row.id,
        party_id=party_.id,
        stance=stance.value,
        visibility=visibility.value,
        note=note,
        author=_author(actor),
        marked_at=now,
    )
    session.add(mark)
    session.flush()
    salt = new_salt()
    uow.record(
        actor,
        "AmendmentMarked",
        "amendment_mark",
        mark.uid,
        negotiation=neg.slug,
        details=store.amendment_mark_details(
            amendment=found.row.uid,
            party=party,
            stance=stance.value,
            visibility=visibility.value,
            author=mark.author,
            marked_at=now,
            note_commitment=commitment(salt, note),
        ),
        salts={"note": salt},
    )
    uow.commit()
    return AmendmentMarkView(
        amendment=found.row.uid,
        party=party,
        stance=stance.value,
        visibility=visibility.value,
        note=note,
        author=mark.author,
        marked_at=now.isoformat(),
    )


def decide_amendment(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    uid: str,
    decision: Decision,
    *,
    wording: str | None = None,
    note: str = "",
) -> AmendmentView:
    """The mediator accepts, rejects or merges an amendment (a merge with the
    mediator's own wording for the unit). A decision may change until it is written
    into a version; each one is recorded."""
    ensure_allowed(actor, Action.DECIDE_AMENDMENT)
    session = uow.session
    neg = negotiation_row(session, negotiation)
    parties = all_parties(session, neg)
    found = store.amendment_named(session, neg, uid.strip(), actor, parties)
    row = found.row
    if row.result_version_id is not None:
        raise Conflict(
            f"amendment {row.uid} is already written into {found.result_version}: "
            "its decision stands"
        )
    kind = AmendmentKind(row.kind)
    merged_wording: str | None = None
    if decision is Decision.MERGED:
        if kind is AmendmentKind.DELETE:
            raise InvalidInput("a deletion is accepted or rejected, not merged")
        merged_wording = _checked_wording(found.label, kind, wording or "")
    elif wording:
        raise InvalidInput("wording: only a merge takes the mediator's wording")
    if len(note) > MAX_JUSTIFICATION:
        raise InvalidInput(f"note: at most {MAX_JUSTIFICATION} characters")
    now = uow.now()
    row.decision = decision.value
    row.decided_by = actor.label
    row.decided_at = now
    row.decided_wording = merged_wording
    row.decision_note = note
    session.flush()
    salts = {"decided_wording": new_salt(), "decision_note": new_salt()}
    uow.record(
        actor,
        "AmendmentDecided",
        "amendment",
        f"{row.uid}:decision",
        negotiation=neg.slug,
        details=store.decision_details(
            amendment=row.uid,
            decision=decision.value,
            decided_by=actor.label,
            decided_at=now,
            wording_commitment=None
            if merged_wording is None
            else commitment(salts["decided_wording"], merged_wording),
            note_commitment=commitment(salts["decision_note"], note),
        ),
        salts=salts,
    )
    uow.commit()
    return amendment(uow, actor, negotiation, row.uid)


def _parsed(point: PointView, unit: ConsolidatedUnit, base: PointView | None) -> ParsedPoint:
    """A unit of the consolidated text, in its place in the document tree."""
    shape = base or point
    path = tuple(
        Division(
            level=str(d.get("level", "")),
            label=str(d.get("label", "")),
            ref=str(d.get("ref", "")),
            heading=None if d.get("heading") is None else str(d.get("heading")),
        )
        for d in shape.path
    )
    if unit.uid is not None and unit.text == point.text:
        options = tuple(
            Option(
                key=str(o["key"]),
                text=str(o.get("text", "")),
                group=int(o.get("group", 1)),
                parent=o.get("parent"),
            )
            for o in point.options
        )
    else:
        options = extract_options(unit.label, unit.text)
    if base is not None:  # a new unit
        return ParsedPoint(
            label=unit.label,
            text=unit.text,
            options=options,
            level="paragraph"
            if shape.level in {"part", "chapter", "section", "article"}
            else shape.level,
            path=path,
        )
    return ParsedPoint(
        label=point.label,
        text=unit.text,
        heading=point.heading,
        options=options,
        level=point.level,
        number=point.number,
        path=path,
        notes=tuple(point.notes),
    )


def consolidate_amendments(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    version: str,
    *,
    message: str = "",
) -> ConsolidationView:
    """Write every accepted or merged amendment to ``version`` into the next version
    of its document (the single text), tabled at once; each amendment records where
    it went, so the comparison of the two versions names the amendment behind each
    change."""
    ensure_allowed(actor, Action.DECIDE_AMENDMENT)
    session = uow.session
    neg = negotiation_row(session, negotiation)
    base = version_row(session, neg, version, actor)
    latest = versions.latest_version(session, base.document)
    if latest.id != base.id:
        raise Conflict(
            f"{base.ref} is no longer the latest version ({latest.ref} is): amendments are "
            "written into the version after the one they amend"
        )
    parties = all_parties(session, neg)
    waiting = store.waiting_for_consolidation(session, base, actor, parties)
    if not waiting:
        raise InvalidInput(f"no accepted or merged amendment to {base.ref} awaits consolidation")
    text: VersionView = load_version(uow, actor, negotiation, base.ref)
    point_of = {p.uid: p for p in text.points}
    uid_by_label = {p.label: p.uid for p in text.points}
    changes = [
        UnitChange(
            amendment=f.row.uid,
            target=uid_by_label[f.label],
            kind=AmendmentKind(f.row.kind),
            wording=(f.row.decided_wording or "") if f.row.decision == "merged" else f.row.wording,
        )
        for f in waiting
    ]
    units = consolidate([(p.uid, p.label, p.text) for p in text.points], changes)
    try:
        points = tuple(
            _parsed(
                point_of[unit.uid] if unit.uid else point_of[unit.base or ""],
                unit,
                None if unit.uid else point_of[unit.base or ""],
            )
            for unit in units
        )
    except OnetextError as error:
        raise InvalidInput(f"the consolidated text does not read: {error.message}") from None
    draft = ParsedDraft(
        title=text.title,
        preamble=text.preamble,
        points=points,
        numbering=Numbering(text.numbering),
    )
    summary = table_draft(
        uow,
        actor,
        negotiation,
        draft,
        document=base.document.slug,
        party=actor.party or base.document.owner.slug,
        message=message or f"{len(waiting)} amendments to {base.ref} consolidated",
        identities=[unit.uid for unit in units],
        commit=False,
    )
    new = version_row(session, neg, summary.ref, actor)
    label_of = {a: unit.label for unit in units for a in unit.sources}
    applied: list[dict[str, str]] = []
    for found in waiting:
        row = found.row
        made = label_of.get(row.uid)
        row.result_version_id = new.id
        state = point_state(session, new, made) if made else None
        row.result_point_id = state.point_id if state is not None else None
        session.flush()
        point_uid = state.point.uid if state is not None else None
        uow.record(
            actor,
            "AmendmentConsolidated",
            "amendment",
            f"{row.uid}:result",
            negotiation=neg.slug,
            details=store.result_details(amendment=row.uid, version=new.ref, point=point_uid),
        )
        applied.append(
            {
                "amendment": row.uid,
                "decision": row.decision or "",
                "kind": row.kind,
                "label": found.label,
                "result_label": made or "",
            }
        )
    uow.commit()
    return ConsolidationView(base=base.ref, version=new.ref, points=len(units), applied=applied)


def change_sources(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, new: str
) -> dict[str, list[str]]:
    """Point uid -> the amendments written into version ``new`` that changed or made
    the point, as far as the actor may read them."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ver = version_row(session, neg, new, actor)
    return store.consolidated_into(session, ver, actor, all_parties(session, neg))


def sources_of_change(
    before: VersionView,
    after: VersionView,
    old_labels: Sequence[str],
    new_labels: Sequence[str],
    by_point: dict[str, list[str]],
) -> list[str]:
    """The amendments behind one change of a comparison (by the points it links)."""
    uids = [p.uid for p in before.points if p.label in old_labels]
    uids += [p.uid for p in after.points if p.label in new_labels]
    found: list[str] = []
    for uid in uids:
        for name in by_point.get(uid, []):
            if name not in found:
                found.append(name)
    return found


def amendments_to_decide(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, *, version: str | None = None
) -> AmendmentList:
    """The mediator's consolidation desk: the amendments to a version it may read
    (never a party's private ones), for whoever may decide them."""
    ensure_allowed(actor, Action.DECIDE_AMENDMENT)
    return list_amendments(uow, actor, negotiation, version=version)
