"""Use cases: table a draft (or a new version, or a counter-draft), read versions, export.

A point keeps its identity across versions: when a version has parents, each new
point takes the identity of the parent point it continues (see ``carry_identities``).
"""

from __future__ import annotations

from collections.abc import Sequence

from onetext.access import Action, Actor, allowed, ensure_allowed
from onetext.errors import Conflict, InvalidInput
from onetext.model import (
    Document,
    DocumentKind,
    Point,
    Version,
    Visibility,
    validate_slug,
)
from onetext.model.document import version_ref
from onetext.store import versions
from onetext.store.audit import commitment, new_salt
from onetext.store.record_check import version_content
from onetext.store.record_specs import document_details
from onetext.store.repository import (
    document_row,
    negotiation_row,
    party_row,
    readable,
    readable_documents,
    version_row,
)
from onetext.store.tables import (
    DocumentRow,
    PointRow,
    PointStateRow,
    VersionParentRow,
    VersionRow,
)
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.text.align import align
from onetext.text.parse import ParsedDraft, ParsedPoint
from onetext.views.drafts import VersionSummary, VersionView

RESTRICTED = "(a restricted document)"
"""How a version the viewer may not read is named where it must be mentioned."""

__all__ = [
    "RESTRICTED",
    "carry_identities",
    "export_version",
    "list_versions",
    "load_version",
    "set_focus",
    "table_draft",
    "version_refs",
]


def carry_identities(
    parents: Sequence[Sequence[tuple[str, str, str]]], new: Sequence[ParsedPoint]
) -> list[str | None]:
    """For each new point, the uid of the parent point it continues, or None (a new point).

    Each parent is a list of (uid, label, text). The new version is aligned with the
    first parent (``text.align``: anchors, optimal assignment, splits and merges);
    points still without identity are then aligned with the next parent, and so on.
    """
    result: list[str | None] = [None] * len(new)
    claimed: set[str] = set()
    for parent in parents:
        open_new = [i for i, uid in enumerate(result) if uid is None]
        olds = [(uid, label, text) for uid, label, text in parent if uid not in claimed]
        if not open_new or not olds:
            continue
        alignment = align(
            [ParsedPoint(label=label, text=text) for _uid, label, text in olds],
            [new[i] for i in open_new],
        )
        for entry in alignment.lineage([uid for uid, _label, _text in olds]):
            if entry.uid is not None:
                result[open_new[entry.new_index]] = entry.uid
                claimed.add(entry.uid)
    return result


def table_draft(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    draft: ParsedDraft,
    *,
    document: str,
    party: str,
    message: str,
    kind: DocumentKind = DocumentKind.DRAFT,
    title: str | None = None,
    main: str | None = None,
    based_on: str | Sequence[str] | None = None,
    identities: Sequence[str | None] | None = None,
    commit: bool = True,
    visibility: Visibility = Visibility.JOINT,
) -> VersionSummary:
    """Table ``draft`` as the next version of ``document`` (created if new).

    ``based_on`` (a version reference) makes the new version a child of that
    version, e.g. a counter-draft forked from the mediator's framework.
    ``visibility`` (new documents only) says who may read it: the tabling party only
    (private), it and the mediator (caucus, e.g. a position paper given in confidence),
    or everyone (joint).
    """
    validate_slug(document, "document name")
    session = uow.session
    neg = negotiation_row(session, negotiation)
    owner = party_row(session, neg, party)
    ensure_allowed(actor, Action.TABLE_DRAFT, party)
    doc = versions.document_in_namespace(session, neg, document, party)
    parents: list[VersionRow] = []
    if doc is not None and not (
        readable(actor, doc) and allowed(actor, Action.REVISE_DRAFT, doc.owner.slug)
    ):
        # only the tabling party's own document or a joint one holds the name (another
        # party's private or caucus paper never does: issue 13, namespaces)
        raise Conflict(
            f"the document name {document!r} is taken by a document you may not revise: "
            "choose another (or fork one you read with --from)"
        )
    if doc is None:
        main_row = document_row(session, neg, main, actor) if main else None
        if kind is DocumentKind.ANNEX and main_row is None:
            raise InvalidInput("an annex needs --main naming the main document of its package")
        Document(
            uid="check",
            negotiation_uid=neg.slug,
            kind=kind,
            title=title or draft.title or document,
            owner_party=party,
            main_uid=main_row.uid if main_row else None,
        )
        doc = DocumentRow(
            uid=new_uid("doc"),
            negotiation_id=neg.id,
            slug=document,
            kind=kind.value,
            title=title or draft.title or document,
            owner_party_id=owner.id,
            main_document_id=main_row.id if main_row else None,
            created_at=uow.now(),
            visibility=visibility.value,
        )
        session.add(doc)
        session.flush()
        number = 1
    else:
        latest = versions.latest_version(session, doc)
        parents.append(latest)
        number = latest.number + 1
    bases = [based_on] if isinstance(based_on, str) else list(based_on or [])
    if bases:
        ensure_allowed(actor, Action.FORK_DRAFT, party)
    for ref in bases:
        base = version_row(session, neg, ref, actor)
        if all(p.id != base.id for p in parents):
            parents.append(base)
    parent_points = [versions.point_texts(session, parent) for parent in parents]
    if identities is None:
        identities = carry_identities(parent_points, draft.points)
    elif len(identities) != len(draft.points):
        raise InvalidInput("one identity per point is needed")
    now = uow.now()
    version = Version(
        uid=new_uid("ver"),
        document_uid=doc.uid,
        number=number,
        author_party=party,
        message=message,
        created_at=now,
        points=tuple(
            Point(
                uid=uid or new_uid("pt"),
                label=p.label,
                text=p.text,
                heading=p.heading,
                options=p.options,
                level=p.level,
                number=p.number,
                path=p.path,
                notes=p.notes,
            )
            for uid, p in zip(identities, draft.points, strict=True)
        ),
        parents=tuple(p.uid for p in parents),
        title=draft.title,
        preamble=draft.preamble,
    )
    version_row_ = VersionRow(
        uid=version.uid,
        document_id=doc.id,
        number=number,
        author_party_id=owner.id,
        message=message,
        created_at=now,
        title=draft.title,
        preamble=draft.preamble,
        numbering=draft.numbering.value,
    )
    session.add(version_row_)
    session.flush()
    for parent in parents:
        session.add(VersionParentRow(version_id=version_row_.id, parent_id=parent.id))
    existing = versions.point_ids_by_uid(session, [p.uid for p in version.points])
    new_rows = [
        PointRow(uid=p.uid, negotiation_id=neg.id) for p in version.points if p.uid not in existing
    ]
    session.add_all(new_rows)
    session.flush()
    existing.update({row.uid: row.id for row in new_rows})
    session.add_all(
        PointStateRow(
            version_id=version_row_.id,
            point_id=existing[p.uid],
            ordinal=index,
            label=p.label,
            heading=p.heading,
            text=p.text,
            options=versions.structure_json(
                p.options, level=p.level, number=p.number, path=p.path, notes=p.notes
            ),
        )
        for index, p in enumerate(version.points)
    )
    session.flush()
    ref = version_ref(document, number)
    salt = new_salt()
    held_document, title_salt = document_details(session, doc)
    uow.record(
        actor,
        "DraftTabled",
        "version",
        ref,
        negotiation=neg.slug,
        details={
            "points": len(version.points),
            "party": party,
            "kind": doc.kind,
            "parents": [p.ref for p in parents],
            "message": message,
            # the whole text, as a commitment: the log holds no private draft's words
            "content": commitment(salt, version_content(session, version_row_)),
            "document": held_document,
        },
        salts={"content": salt, "document_title": title_salt},
    )
    session.flush()
    if commit:
        uow.commit()
    return _summary(uow, version_row_, actor)


def _summary(uow: UnitOfWork, row: VersionRow, actor: Actor) -> VersionSummary:
    """A version in a list; a parent the viewer may not read is not named (a joint
    text forked from a party's private draft must not give the draft away)."""
    session = uow.session
    count = versions.point_count(session, row)
    parents = versions.parent_versions(session, row)
    main = (
        session.get(DocumentRow, row.document.main_document_id)
        if (row.document.main_document_id)
        else None
    )
    return VersionSummary(
        ref=row.ref,
        document=row.document.slug,
        kind=row.document.kind,
        title=row.document.title,
        number=row.number,
        author=row.author.slug,
        message=row.message,
        created_at=row.created_at.isoformat(),
        points=count,
        parents=[p.ref if readable(actor, p.document) else RESTRICTED for p in parents],
        main=main.slug if main else None,
    )


def list_versions(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, document: str | None = None
) -> list[VersionSummary]:
    """Versions of the documents the actor may read."""
    neg = negotiation_row(uow.session, negotiation)
    ids = [d.id for d in readable_documents(uow.session, neg, actor)]
    if document is not None:
        ids = [document_row(uow.session, neg, document, actor).id]
    return [_summary(uow, row, actor) for row in versions.versions_of(uow.session, ids)]


def version_refs(uow: UnitOfWork, actor: Actor, negotiation: str | None) -> list[str]:
    """``DOC@N`` of every version the actor may read, oldest first: what a version
    picker needs, in one query (``list_versions`` builds whole summaries)."""
    neg = negotiation_row(uow.session, negotiation)
    ids = [d.id for d in readable_documents(uow.session, neg, actor)]
    return [version_ref(slug, n) for slug, n in versions.version_numbers(uow.session, ids)]


def export_version(uow: UnitOfWork, actor: Actor, negotiation: str | None, ref: str) -> VersionView:
    """A version to be written out of the system (a file, a copy), if the actor may."""
    ensure_allowed(actor, Action.EXPORT)
    return load_version(uow, actor, negotiation, ref)


def load_version(uow: UnitOfWork, actor: Actor, negotiation: str | None, ref: str) -> VersionView:
    """A version's points, if the actor may read its document."""
    neg = negotiation_row(uow.session, negotiation)
    row = version_row(uow.session, neg, ref, actor)
    states = versions.point_states(uow.session, row)
    return VersionView(
        ref=row.ref,
        document=row.document.slug,
        kind=row.document.kind,
        title=row.title,
        preamble=row.preamble,
        numbering=row.numbering,
        author=row.author.slug,
        created_at=row.created_at.isoformat(),
        points=[versions.point_view(s, uid) for s, uid in states],
    )


def set_focus(uow: UnitOfWork, actor: Actor, negotiation: str | None, ref: str) -> str:
    """Put a version in focus: the text the matrix and marks use by default."""
    ensure_allowed(actor, Action.MANAGE_PARTIES)
    neg = negotiation_row(uow.session, negotiation)
    row = version_row(uow.session, neg, ref, actor)
    neg.focus_version_id = row.id
    name = row.ref
    uow.record(actor, "FocusSet", "version", name, negotiation=neg.slug)
    uow.commit()
    return name
