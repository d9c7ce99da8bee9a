"""Use cases: issue fingerprinted copies and trace a leak, with the registry of who
got which codeword kept in the database and readable by the mediator only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from onetext.access import Action, Actor, ensure_allowed
from onetext.service.drafts import load_version
from onetext.store.audit import commitment, new_salt
from onetext.store.repository import negotiation_row, version_row
from onetext.store.tables import CopyIssueRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import ParsedDraft
from onetext.trace.attribute import Attribution
from onetext.trace.authored import AuthoredPhrase
from onetext.trace.registry import REGISTRY_FORMAT, CopyIssue, CopyRegistry, issue_copies

__all__ = ["IssuedCopies", "issue_draft_copies", "load_registry", "trace_leak"]


@dataclass(frozen=True, slots=True)
class IssuedCopies:
    issue: CopyIssue
    draft: ParsedDraft
    source: str


def issue_draft_copies(
    uow: UnitOfWork,
    actor: Actor,
    *,
    recipients: Sequence[str],
    seed: int,
    draft: ParsedDraft | None = None,
    source: str = "",
    negotiation: str | None = None,
    version: str | None = None,
    coalition: int = 2,
    error: float = 1e-3,
    digital: bool = False,
    reorderable: Sequence[str] = (),
    veto: Sequence[str] = (),
    marking: str = "standard",
    authored: Sequence[AuthoredPhrase] = (),
) -> IssuedCopies:
    """Issue copies of a stored version (``version``) or of a draft file (``draft``)
    and register them in this unit of work; the caller commits once the files are
    written, so nothing is registered if anything fails."""
    ensure_allowed(actor, Action.ISSUE_COPIES)
    negotiation_id = version_id = None
    slug = version_name = None
    if version is not None:
        neg = negotiation_row(uow.session, negotiation)
        row = version_row(uow.session, neg, version, actor)
        draft = load_version(uow, actor, negotiation, version).as_parsed()
        source = f"{neg.slug}:{row.ref}"
        negotiation_id, version_id, slug, version_name = neg.id, row.id, neg.slug, row.ref
    if draft is None:
        raise ValueError("issue_draft_copies needs a draft or a version")
    issue = issue_copies(
        draft.points,
        recipients,
        seed=seed,
        title=draft.title,
        preamble=draft.preamble,
        numbering=draft.numbering.value,
        headings=[p.heading for p in draft.points],
        coalition=coalition,
        error=error,
        digital=digital,
        reorderable=reorderable,
        veto=veto,
        marking=marking,
        authored=authored,
    )
    existing = uow.session.execute(
        select(CopyIssueRow).where(CopyIssueRow.issue == issue.id)
    ).scalar()
    if existing is not None:
        uow.session.delete(existing)
        uow.session.flush()
    uow.session.add(
        CopyIssueRow(
            issue=issue.id,
            negotiation_id=negotiation_id,
            version_id=version_id,
            source=source[:300],
            issued_by=actor.label,
            issued_at=uow.now(),
            recipients=len(issue.recipients),
            data=(data := json.dumps(issue.to_dict(), ensure_ascii=False)),
        )
    )
    salt = new_salt()  # who got which codeword: the log holds a commitment, not the names
    uow.session.flush()
    uow.record(
        actor,
        "CopiesIssued",
        "copy_issue",
        issue.id,
        negotiation=slug,
        details={
            "source": source,
            "recipients": len(issue.recipients),
            "issued_by": actor.label,
            "version": version_name,
            "data": commitment(salt, data),
        },
        salts={"data": salt},
    )
    return IssuedCopies(issue=issue, draft=draft, source=source)


def load_registry(uow: UnitOfWork, actor: Actor) -> CopyRegistry:
    """Every issue of copies (mediator only)."""
    ensure_allowed(actor, Action.TRACE_LEAK)
    rows = uow.session.execute(select(CopyIssueRow).order_by(CopyIssueRow.id)).scalars()
    return CopyRegistry.from_dict(
        {"format": REGISTRY_FORMAT, "issues": [json.loads(row.data) for row in rows]}
    )


def trace_leak(
    uow: UnitOfWork, actor: Actor, text: str, threshold: float
) -> tuple[CopyIssue, Attribution]:
    """Attribute a leaked text within the registered issues."""
    return load_registry(uow, actor).trace(text, threshold)
