"""Use cases across versions: compare two versions, merge two lines of drafts,
trace where a version's language came from."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import Conflict, InvalidInput, OnetextError
from onetext.model import DocumentKind, Point
from onetext.model.document import version_ref
from onetext.service.drafts import load_version, table_draft
from onetext.store.record_check import conflict_record
from onetext.store.repository import negotiation_row, readable, readable_documents, version_row
from onetext.store.tables import (
    DocumentRow,
    MergeConflictRow,
    PartyRow,
    PointRow,
    VersionParentRow,
    VersionRow,
)
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.align import Alignment, align
from onetext.text.merge import MergeResult, bracket_conflict, describe_conflict, merge_versions
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint, extract_options
from onetext.text.provenance import ProvenanceReport, SourceDocument, trace_provenance
from onetext.views.drafts import PointView, VersionView

__all__ = [
    "ConflictView",
    "MergeOutcome",
    "compare_versions",
    "list_conflicts",
    "merge_lines",
    "version_sources",
]


@dataclass(frozen=True, slots=True)
class ConflictView:
    version: str
    label: str
    kind: str
    base: str | None
    ours: str | None
    theirs: str | None
    ours_ref: str
    theirs_ref: str
    summary: str = ""


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    version: str
    base: str
    points: int
    clean: int
    conflicts: list[ConflictView]
    removed: list[dict[str, str]]


def compare_versions(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, old: str, new: str
) -> tuple[VersionView, VersionView, Alignment[PointView]]:
    """Align two versions point by point (any two, of any documents)."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    before = load_version(uow, actor, negotiation, old)
    after = load_version(uow, actor, negotiation, new)
    return before, after, align(before.points, after.points)


def _ancestors(uow: UnitOfWork, start: VersionRow) -> dict[int, int]:
    """Version id -> distance from ``start`` over parent links."""
    seen = {start.id: 0}
    queue = deque([start.id])
    while queue:
        current = queue.popleft()
        for parent in uow.session.execute(
            select(VersionParentRow.parent_id).where(VersionParentRow.version_id == current)
        ).scalars():
            if parent not in seen:
                seen[parent] = seen[current] + 1
                queue.append(parent)
    return seen


def _named_base(base: VersionRow) -> str:
    """The base as a merged version's message names it to all its readers: by name only
    when everyone may read it."""
    return base.ref if base.document.visibility == "joint" else "a restricted document"


def conflict_base_readable(base_ref: str | None, readable_slugs: set[str]) -> bool:
    """A conflict's base text is shown only to who may read the base's document (a merge
    recorded before bases were kept shows it to no one). Refs are kept as
    ``owner:doc@n`` and ``readable_slugs`` holds ``owner:doc`` (``readable_names``)."""
    return base_ref is not None and base_ref.partition("@")[0] in readable_slugs


def readable_names(documents: list[DocumentRow]) -> set[str]:
    """``owner:doc`` of each document: names are per owner, so a conflict's lines and
    base are matched to what a viewer reads by owner and name, never by name alone."""
    return {f"{d.owner.slug}:{d.slug}" for d in documents}


def shown_ref(ref: str) -> str:
    """``doc@n`` as people read it, from a stored ``owner:doc@n``."""
    name, at, number = ref.partition("@")
    return f"{name.rpartition(':')[2]}{at}{number}"


def _relabel(points: list[Point]) -> list[Point]:
    """Keep labels unless two merged points share one; then number 1..n in order."""
    labels = [p.label for p in points]
    if len(set(labels)) == len(labels):
        return points
    return [replace(p, label=str(n), number="") for n, p in enumerate(points, start=1)]


def _with_brackets(result: MergeResult[Point], names: tuple[str, str]) -> list[Point]:
    """The merged points, each conflicted one holding both sides' wording as bracketed
    alternatives naming the two lines' parties (``text.merge.bracket_conflict``)."""
    conflicts = {c.uid: c for c in result.conflicts}
    points = []
    for merged in result.points:
        point, conflict = merged.point, conflicts.get(merged.uid)
        if conflict is not None:
            text = bracket_conflict(
                conflict.ours.text if conflict.ours is not None else None,
                conflict.theirs.text if conflict.theirs is not None else None,
                names,
            )
            try:
                options = extract_options(point.label, text)
            except OnetextError:
                options = ()
            point = replace(point, text=text, options=options)
        points.append(point)
    return points


def merge_lines(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    ours: str,
    theirs: str,
    *,
    document: str | None = None,
    party: str | None = None,
    message: str = "",
) -> MergeOutcome:
    """Merge two lines of drafts against their nearest common base, point by point.

    A point changed on one side merges cleanly; one changed on both sides differently
    is written as bracketed alternatives naming both lines' parties and listed as a
    conflict with all texts; nothing is dropped unless no side changed it and one
    side removed it.
    """
    session = uow.session
    neg = negotiation_row(session, negotiation)
    ours_row, theirs_row = (
        version_row(session, neg, ours, actor),
        version_row(session, neg, theirs, actor),
    )
    if ours_row.id == theirs_row.id:
        raise InvalidInput("cannot merge a version with itself")
    ours_up, theirs_up = _ancestors(uow, ours_row), _ancestors(uow, theirs_row)
    # only a base the actor may read: an unreadable one is never named nor its text used,
    # and the answer reads the same as when there is none
    common = {
        v
        for v in set(ours_up) & set(theirs_up)
        if readable(actor, session.get_one(VersionRow, v).document)
    }
    if not common:
        raise Conflict(
            f"{ours} and {theirs} share no common base version: nothing to merge "
            "against (fork counter-drafts with --from)"
        )
    base_id = min(common, key=lambda v: (ours_up[v] + theirs_up[v], -v))
    base_row = session.get_one(VersionRow, base_id)
    ours_ref = ours_row.ref
    theirs_ref = theirs_row.ref
    base_ref = base_row.ref
    # kept and resolved as owner:doc@n: a viewer may read several documents of one name
    keys = [row.owned_ref for row in (base_row, ours_row, theirs_row)]
    views = [load_version(uow, actor, negotiation, ref) for ref in keys]
    base_points, our_points, their_points = ([p.as_point() for p in v.points] for v in views)
    result = merge_versions(base_points, our_points, their_points)
    names = (ours_row.author.slug, theirs_row.author.slug)
    if names[0] == names[1]:
        names = (ours_ref, theirs_ref)
    merged = _relabel(_with_brackets(result, names))
    target = document or ours_row.document.slug
    author = party or ours_row.author.slug
    ensure_allowed(actor, Action.TABLE_DRAFT, author)
    draft = ParsedDraft(
        title=views[1].title,
        preamble=views[1].preamble,
        points=tuple(ParsedPoint.of(p) for p in merged),
        numbering=Numbering(views[1].numbering),
    )
    kind = DocumentKind(ours_row.document.kind)
    summary = table_draft(
        uow,
        actor,
        negotiation,
        draft,
        document=target,
        party=author,
        message=message or f"merge of {ours_ref} and {theirs_ref} (base {_named_base(base_row)})",
        kind=kind,
        based_on=keys[1:],
        identities=[p.uid for p in merged],
        commit=False,
    )
    new_row = version_row(session, neg, summary.ref, actor)
    point_ids = dict(
        session.execute(
            select(PointRow.uid, PointRow.id).where(PointRow.negotiation_id == neg.id)
        ).all()
    )
    label_of = {p.uid: p.label for p in merged}
    conflicts = []
    for conflict in result.conflicts:
        texts = [
            c.text if c is not None else None
            for c in (conflict.base, conflict.ours, conflict.theirs)
        ]
        session.add(
            MergeConflictRow(
                version_id=new_row.id,
                point_id=point_ids[conflict.uid],
                kind=conflict.kind.value,
                base_text=texts[0],
                ours_text=texts[1],
                theirs_text=texts[2],
                ours_ref=keys[1],
                theirs_ref=keys[2],
                base_ref=keys[0],
            )
        )
        conflicts.append(
            ConflictView(
                version=summary.ref,
                label=label_of.get(conflict.uid, "?"),
                kind=conflict.kind.value,
                base=texts[0],
                ours=texts[1],
                theirs=texts[2],
                ours_ref=ours_ref,
                theirs_ref=theirs_ref,
                summary=describe_conflict(conflict),
            )
        )
    removed = [
        {"label": r.point.label, "by": r.by.value, "text": r.point.text} for r in result.removed
    ]
    held, salts = conflict_record(session, new_row.id)
    uow.record(
        actor,
        "LinesMerged",
        "version",
        summary.ref,
        negotiation=neg.slug,
        details={
            "ours": ours_ref,
            "theirs": theirs_ref,
            "base": base_ref,
            "conflicts": [c.label for c in conflicts],
            "removed": [r["label"] for r in removed],
        }
        | held,
        salts=salts,
    )
    uow.commit()
    return MergeOutcome(
        version=summary.ref,
        base=base_ref,
        points=len(merged),
        clean=len(merged) - len(conflicts),
        conflicts=conflicts,
        removed=removed,
    )


def list_conflicts(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, ref: str | None = None
) -> list[ConflictView]:
    """Merge conflicts listed for the secretariat (of one merged version, or all),
    those still open: of the latest version of their document.

    A conflict shows both lines' texts: it is listed only to a viewer who may read the
    merged document and both documents the lines came from."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    session = uow.session
    neg = negotiation_row(session, negotiation)
    readable_slugs = readable_names(readable_documents(session, neg, actor))
    query = (
        select(MergeConflictRow, DocumentRow.slug, VersionRow.number, PartyRow.slug)
        .join(VersionRow, VersionRow.id == MergeConflictRow.version_id)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(PartyRow, PartyRow.id == DocumentRow.owner_party_id)
        .where(DocumentRow.negotiation_id == neg.id)
        .order_by(MergeConflictRow.id)
    )
    if ref is not None:
        query = query.where(VersionRow.id == version_row(session, neg, ref, actor).id)
    out = []
    latest = dict(
        session.execute(
            select(VersionRow.document_id, func.max(VersionRow.number)).group_by(
                VersionRow.document_id
            )
        ).all()
    )
    for row, doc, number, owner in session.execute(query):
        if number != latest.get(session.get_one(VersionRow, row.version_id).document_id):
            continue  # settled or carried to a later version (service.conflicts)
        sources = {ref.partition("@")[0] for ref in (row.ours_ref, row.theirs_ref)}
        if not {f"{owner}:{doc}", *sources} <= readable_slugs:
            continue
        view = load_version(uow, actor, negotiation, f"{owner}:{version_ref(doc, number)}")
        uid = session.get_one(PointRow, row.point_id).uid
        label = next((p.label for p in view.points if p.uid == uid), "?")
        out.append(
            ConflictView(
                version=version_ref(doc, number),
                label=label,
                kind=row.kind,
                base=(
                    row.base_text if conflict_base_readable(row.base_ref, readable_slugs) else None
                ),
                ours=row.ours_text,
                theirs=row.theirs_text,
                ours_ref=shown_ref(row.ours_ref),
                theirs_ref=shown_ref(row.theirs_ref),
            )
        )
    return out


def version_sources(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, ref: str, *, top: int = 3
) -> tuple[VersionView, ProvenanceReport]:
    """Where each point's language came from: every version of another document tabled
    before this one, and this document's earlier versions, with their party and kind."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    session = uow.session
    neg = negotiation_row(session, negotiation)
    target = version_row(session, neg, ref, actor)
    view = load_version(uow, actor, negotiation, ref)
    candidates = session.execute(
        select(VersionRow, DocumentRow, PartyRow.slug)
        .join(DocumentRow, DocumentRow.id == VersionRow.document_id)
        .join(PartyRow, PartyRow.id == VersionRow.author_party_id)
        .where(
            DocumentRow.negotiation_id == neg.id,
            VersionRow.id != target.id,
            VersionRow.created_at <= target.created_at,
        )
        .order_by(VersionRow.created_at)
    ).all()
    sources: list[SourceDocument] = []
    for version, doc, party in candidates:
        if doc.id == target.document_id and version.number > target.number:
            continue
        if not readable(actor, doc):  # a paper given in confidence is no source for others
            continue
        ref = version_ref(doc.slug, version.number)
        points: Any = load_version(uow, actor, negotiation, ref).points
        sources.append(SourceDocument(document=ref, party=party, kind=doc.kind, points=points))
    return view, trace_provenance(view.points, sources, top=top)
