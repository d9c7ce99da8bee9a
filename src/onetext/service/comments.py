"""Use cases: comments on a unit, a thread per unit, open or resolved.

A comment is made on a unit of a version the commenter reads, for their party, with
a visibility as marks have (``access.comment_readable``): private inside the party,
caucus to the mediator as well, joint to everyone. A unit's thread gathers the
comments made on it in any version of its document (the unit keeps its identity
across versions). Each comment is open until resolved; resolving and reopening are
recorded. Every change is an event in the log; a comment's words are in it only as a
salted commitment, like a mark's note.
"""

from __future__ import annotations

from onetext.access import (
    Actor,
    comment_readable,
    ensure_may_comment,
    ensure_may_settle_comment,
    may_comment,
    may_settle_comment,
)
from onetext.errors import Conflict, InvalidInput, NotFound
from onetext.model.position import Visibility
from onetext.store import versions
from onetext.store.audit import commitment, new_salt
from onetext.store.comment_tables import CommentRow
from onetext.store.comments import StoredComment, comment_by_uid, comments_on_document
from onetext.store.repository import negotiation_row, party_row, readable, version_row
from onetext.store.tables import VersionRow
from onetext.store.unit_of_work import UnitOfWork, new_uid
from onetext.views.comments import CommentView, ThreadView

__all__ = [
    "MAX_COMMENT",
    "STATUSES",
    "add_comment",
    "can_comment",
    "comment_details",
    "list_comments",
    "set_comment_status",
    "version_threads",
]

MAX_COMMENT = 4_000
STATUSES = ("open", "resolved")


def comment_details(
    *,
    party: str,
    version: str,
    point: str,
    visibility: str,
    author: str,
    created_at: str,
    text_commitment: str,
) -> dict[str, str]:
    """What a ``CommentAdded`` event holds: the whole comment, its words as a commitment."""
    return {
        "party": party,
        "version": version,
        "point": point,
        "visibility": visibility,
        "author": author,
        "created_at": created_at,
        "text": text_commitment,
    }


def can_comment(actor: Actor) -> bool:
    """Whether the pages offer the actor a comment form (for their own party)."""
    return actor.party is not None and may_comment(actor, actor.party)


def _view(stored: StoredComment, actor: Actor) -> CommentView:
    row = stored.row
    return CommentView(
        uid=row.uid,
        point=stored.point_uid,
        label=stored.label,
        version=stored.version_ref,
        party=stored.party,
        visibility=row.visibility,
        author=row.author,
        text=row.text,
        created_at=row.created_at.isoformat(),
        status=row.status,
        status_by=row.status_by,
        status_at=row.status_at.isoformat() if row.status_at else None,
        can_settle=may_settle_comment(actor, stored.party, row.visibility),
    )


def _visible(actor: Actor, stored: StoredComment) -> bool:
    try:
        return comment_readable(actor, stored.party, stored.row.visibility)
    except ValueError:  # a visibility the rules do not know reaches no one
        return False


def add_comment(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str,
    label: str,
    text: str,
    visibility: Visibility = Visibility.CAUCUS,
    party: str | None = None,
) -> CommentView:
    """Comment on unit ``label`` of ``version`` for ``party`` (default: the actor's)."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    row = version_row(session, neg, version, actor)  # "not found" to a non-reader
    owner = party or actor.party
    if owner is None:
        raise InvalidInput("say for which party the comment is made (--party)")
    party_ = party_row(session, neg, owner)
    ensure_may_comment(actor, owner)
    words = text.strip()
    if not words:
        raise InvalidInput("a comment needs some text")
    if len(words) > MAX_COMMENT or "\x00" in words:
        raise InvalidInput(f"a comment has at most {MAX_COMMENT} characters and no NUL")
    state = next(
        ((s, uid) for s, uid in versions.point_states(session, row) if s.label == label.strip()),
        None,
    )
    if state is None:
        raise NotFound(f"no unit {label.strip()!r} in {row.ref}")
    now = uow.now()
    comment = CommentRow(
        uid=new_uid("cm"),
        negotiation_id=neg.id,
        version_id=row.id,
        point_id=state[0].point_id,
        party_id=party_.id,
        visibility=visibility.value,
        author=actor.label,
        text=words,
        created_at=now,
        status="open",
    )
    session.add(comment)
    session.flush()
    salt = new_salt()
    uow.record(
        actor,
        "CommentAdded",
        "comment",
        comment.uid,
        negotiation=neg.slug,
        details=comment_details(
            party=owner,
            version=row.ref,
            point=state[1],
            visibility=visibility.value,
            author=actor.label,
            created_at=now.isoformat(),
            text_commitment=commitment(salt, words),
        ),
        salts={"text": salt},
    )
    uow.commit()
    return CommentView(
        uid=comment.uid,
        point=state[1],
        label=state[0].label,
        version=row.ref,
        party=owner,
        visibility=visibility.value,
        author=actor.label,
        text=words,
        created_at=now.isoformat(),
        status="open",
        can_settle=may_settle_comment(actor, owner, visibility.value),
    )


def version_threads(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, version: str
) -> list[ThreadView]:
    """The thread of every unit of ``version`` as the actor may read it (units without a
    comment the actor may read included, empty), in the version's order."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    row = version_row(session, neg, version, actor)
    states = versions.point_states(session, row)
    stored = comments_on_document(session, neg, row.document_id, [s.point_id for s, _ in states])
    by_point: dict[str, list[CommentView]] = {}
    for item in stored:
        if _visible(actor, item):
            by_point.setdefault(item.point_uid, []).append(_view(item, actor))
    return [ThreadView(uid, s.label, by_point.get(uid, [])) for s, uid in states]


def list_comments(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    version: str,
    *,
    label: str | None = None,
    status: str | None = None,
) -> list[ThreadView]:
    """The threads of ``version`` that hold a comment the actor may read (of one unit
    with ``label``; only comments with ``status`` when given)."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r}: expected open or resolved")
    threads = version_threads(uow, actor, negotiation, version)
    if label is not None:
        threads = [t for t in threads if t.label == label.strip()]
        if not threads:
            raise NotFound(f"no unit {label.strip()!r} in {version}")
        chosen = threads
    else:
        chosen = [t for t in threads if t.comments]
    if status is not None:
        chosen = [
            ThreadView(t.point, t.label, [c for c in t.comments if c.status == status])
            for t in chosen
        ]
        if label is None:
            chosen = [t for t in chosen if t.comments]
    return chosen


def set_comment_status(
    uow: UnitOfWork, actor: Actor, negotiation: str | None, uid: str, *, resolved: bool
) -> CommentView:
    """Resolve (or reopen) a comment: its party's members, or the mediator who reads it."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    stored = comment_by_uid(session, neg, uid.strip())
    missing = NotFound(f"no comment {uid.strip()!r} in {neg.slug}")
    if stored is None or not _visible(actor, stored):
        raise missing
    version = session.get(VersionRow, stored.row.version_id)
    if version is None or not readable(actor, version.document):
        raise missing
    ensure_may_settle_comment(actor, stored.party, stored.row.visibility)
    status = "resolved" if resolved else "open"
    if stored.row.status == status:
        raise Conflict(f"comment {stored.row.uid} is already {status}")
    now = uow.now()
    stored.row.status = status
    stored.row.status_by = actor.label
    stored.row.status_at = now
    uow.record(
        actor,
        "CommentResolved" if resolved else "CommentReopened",
        "comment",
        stored.row.uid,
        negotiation=neg.slug,
        details={"status": status, "by": actor.label, "at": now.isoformat()},
    )
    session.flush()
    uow.commit()
    return _view(stored, actor)
