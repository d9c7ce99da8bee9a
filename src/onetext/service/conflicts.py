"""Use case: settle a merge conflict by picking one side's wording.

A merge writes a conflicted point as bracketed alternatives (``text.merge``). To
resolve it, the secretariat picks ours, theirs or the base text; the choice is
tabled as the next version of the merged document (a child of it), the other
conflicts of that version carry over to the new one, and the choice is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import Conflict, InvalidInput, OnetextError
from onetext.model import DocumentKind
from onetext.service.drafts import load_version, table_draft
from onetext.service.versions import conflict_base_readable, readable_names
from onetext.store import versions
from onetext.store.record_check import conflict_record
from onetext.store.repository import negotiation_row, readable_documents, version_row
from onetext.store.tables import MergeConflictRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint, extract_options

__all__ = ["SIDES", "Resolution", "resolve_conflict"]

SIDES = ("ours", "theirs", "base")


@dataclass(frozen=True, slots=True)
class Resolution:
    version: str
    """The new version holding the choice."""
    resolved: str
    label: str
    take: str
    text: str | None
    """The chosen wording; ``None`` when the chosen side had removed the point."""
    remaining: int
    """Conflicts of the version still open (carried to the new version)."""


def resolve_conflict(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    ref: str,
    label: str,
    take: str,
    *,
    message: str = "",
) -> Resolution:
    """Settle the conflict on point ``label`` of merged version ``ref`` with ``take``."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    if take not in SIDES:
        raise InvalidInput(f"cannot take {take!r}: choose one of {', '.join(SIDES)}")
    session = uow.session
    neg = negotiation_row(session, negotiation)
    row = version_row(session, neg, ref, actor)
    document = row.document
    version_ref = row.ref
    latest = versions.latest_version(session, document).number
    if latest != row.number:
        raise Conflict(
            f"{version_ref} is not the latest version of {document.slug} "
            f"(@{latest} is): its conflicts were settled or carried there"
        )
    view = load_version(uow, actor, negotiation, row.owned_ref)
    point = next((p for p in view.points if p.label == label), None)
    if point is None:
        raise InvalidInput(f"{version_ref} has no point {label}")
    open_conflicts = versions.merge_conflicts(session, row)
    rows = [conflict for conflict, _uid in open_conflicts]
    chosen = next((c for c, uid in open_conflicts if uid == point.uid), None)
    # Same rule as the list: a conflict shows both lines, so both must be readable.
    readable_slugs = readable_names(readable_documents(session, neg, actor))
    if chosen is not None:
        lines = {r.partition("@")[0] for r in (chosen.ours_ref, chosen.theirs_ref)}
        if not lines <= readable_slugs:
            chosen = None
    if chosen is None:
        raise InvalidInput(f"point {label} of {version_ref} has no open merge conflict")
    if take == "base" and not conflict_base_readable(chosen.base_ref, readable_slugs):
        raise InvalidInput(
            f"the base of this conflict is not shown to {actor.label}: take ours or theirs"
        )
    text = {"ours": chosen.ours_text, "theirs": chosen.theirs_text, "base": chosen.base_text}[take]
    author = row.author.slug
    ensure_allowed(actor, Action.TABLE_DRAFT, author)
    kept = [p for p in view.points if p.uid != point.uid or text is not None]
    parsed = []
    for p in kept:
        if p.uid != point.uid:
            parsed.append(p.as_point())
            continue
        assert text is not None
        try:
            options = extract_options(p.label, text)
        except OnetextError:
            options = ()
        parsed.append(replace(p.as_point(), text=text, options=options))
    draft = ParsedDraft(
        title=view.title,
        preamble=view.preamble,
        points=tuple(ParsedPoint.of(p) for p in parsed),
        numbering=Numbering(view.numbering),
    )
    summary = table_draft(
        uow,
        actor,
        negotiation,
        draft,
        document=document.slug,
        party=author,
        message=message or f"conflict on point {label} of {version_ref} settled: {take}",
        kind=DocumentKind(document.kind),
        based_on=row.owned_ref,
        identities=[p.uid for p in parsed],
        commit=False,
    )
    new_row = version_row(session, neg, f"{document.owner.slug}:{summary.ref}", actor)
    remaining = [r for r in rows if r.id != chosen.id]
    for other in remaining:
        session.add(
            MergeConflictRow(
                version_id=new_row.id,
                point_id=other.point_id,
                kind=other.kind,
                base_text=other.base_text,
                ours_text=other.ours_text,
                theirs_text=other.theirs_text,
                ours_ref=other.ours_ref,
                theirs_ref=other.theirs_ref,
                base_ref=other.base_ref,
            )
        )
    held, salts = conflict_record(session, new_row.id)  # the conflicts carried over
    uow.record(
        actor,
        "ConflictResolved",
        "version",
        summary.ref,
        negotiation=neg.slug,
        details={"resolved": version_ref, "point": label, "take": take} | held,
        salts=salts,
    )
    uow.commit()
    return Resolution(summary.ref, version_ref, label, take, text, len(remaining))
