"""How amendments, the stances on them and comments on units are checked against the log.

Kept apart from ``store.record_specs`` (which adds these to ``SPECS``) so each module
stays a readable size. An amendment is one row changed by three events:
``AmendmentTabled`` (the whole amendment, its words committed), ``AmendmentDecided``
(the latest decision, object ``<uid>:decision``) and ``AmendmentConsolidated`` (the
version the decision was written into, object ``<uid>:result``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from onetext.model.document import version_ref
from onetext.store.amendment_tables import AmendmentMarkRow, AmendmentRow
from onetext.store.comment_tables import CommentRow
from onetext.store.record_check import (
    Event,
    Expected,
    Key,
    RecordSpec,
    committed,
    copied,
    instant,
    on_object,
)
from onetext.store.tables import (
    DocumentRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    VersionRow,
)

__all__ = ["AMENDMENT_SPECS"]

Rows = Iterable[tuple[Key, dict[str, Any]]]

AMENDMENT_FIELDS = (
    "party",
    "version",
    "point",
    "kind",
    "visibility",
    "author",
    "tabled_at",
    "wording",
    "justification",
    "decision",
    "decided_by",
    "decided_at",
    "decided_wording",
    "decision_note",
    "result_version",
    "result_point",
)


def _amendments(session: Session) -> Rows:
    document = aliased(DocumentRow)
    result_version = aliased(VersionRow)
    result_document = aliased(DocumentRow)
    result_point = aliased(PointRow)
    rows = session.execute(
        select(
            NegotiationRow.slug,
            AmendmentRow,
            PartyRow.slug,
            document.slug,
            VersionRow.number,
            PointStateRow.label,
            result_document.slug,
            result_version.number,
            result_point.uid,
        )
        .join(NegotiationRow, NegotiationRow.id == AmendmentRow.negotiation_id)
        .join(PartyRow, PartyRow.id == AmendmentRow.party_id)
        .join(VersionRow, VersionRow.id == AmendmentRow.version_id)
        .join(document, document.id == VersionRow.document_id)
        .outerjoin(
            PointStateRow,
            (PointStateRow.version_id == AmendmentRow.version_id)
            & (PointStateRow.point_id == AmendmentRow.point_id),
        )
        .outerjoin(result_version, result_version.id == AmendmentRow.result_version_id)
        .outerjoin(result_document, result_document.id == result_version.document_id)
        .outerjoin(result_point, result_point.id == AmendmentRow.result_point_id)
        .order_by(AmendmentRow.id)
    )
    for negotiation, row, party, doc, number, label, result_doc, result_number, made in rows:
        yield (
            (negotiation, row.uid),
            {
                "party": party,
                "version": version_ref(doc, number),
                "point": label,
                "kind": row.kind,
                "visibility": row.visibility,
                "author": row.author,
                "tabled_at": instant(row.tabled_at),
                "wording": row.wording,
                "justification": row.justification,
                "decision": row.decision,
                "decided_by": row.decided_by,
                "decided_at": instant(row.decided_at) if row.decided_at else None,
                "decided_wording": row.decided_wording,
                "decision_note": row.decision_note,
                "result_version": (
                    version_ref(result_doc, result_number) if result_doc is not None else None
                ),
                "result_point": made,
            },
        )


def _tabled(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["party", "version", "point", "kind", "visibility", "author"])
    copied(state, event, ["tabled_at"], shape=instant)
    committed(state, event, "wording")
    committed(state, event, "justification")
    return state | {
        "decision": None,
        "decided_by": None,
        "decided_at": None,
        "decided_wording": None,
        "decision_note": "",
        "result_version": None,
        "result_point": None,
    }


def _decided(expected: Expected | None, event: Event) -> Expected:
    state = dict(expected) if expected is not None else {}
    copied(state, event, ["decision", "decided_by"])
    copied(state, event, ["decided_at"], shape=instant)
    if event.details.get("decided_wording") is None:
        state["decided_wording"] = None  # accepted or rejected: no wording of its own
    else:
        committed(state, event, "decided_wording")
    committed(state, event, "decision_note")
    return state


def _consolidated(expected: Expected | None, event: Event) -> Expected:
    state = dict(expected) if expected is not None else {}
    copied(state, event, ["result_version", "result_point"])
    return state


def _amendment_of(event: Event) -> Key:
    """``<uid>:decision`` and ``<uid>:result`` change the amendment ``<uid>``."""
    return (event.negotiation, event.object_id.rsplit(":", 1)[0])


STANCE_FIELDS = ("amendment", "party", "stance", "visibility", "author", "marked_at", "note")


def _stances(session: Session) -> Rows:
    rows = session.execute(
        select(NegotiationRow.slug, AmendmentMarkRow, AmendmentRow.uid, PartyRow.slug)
        .join(AmendmentRow, AmendmentRow.id == AmendmentMarkRow.amendment_id)
        .join(NegotiationRow, NegotiationRow.id == AmendmentRow.negotiation_id)
        .join(PartyRow, PartyRow.id == AmendmentMarkRow.party_id)
        .order_by(AmendmentMarkRow.id)
    )
    for negotiation, mark, amendment, party in rows:
        yield (
            (negotiation, mark.uid),
            {
                "amendment": amendment,
                "party": party,
                "stance": mark.stance,
                "visibility": mark.visibility,
                "author": mark.author,
                "marked_at": instant(mark.marked_at),
                "note": mark.note,
            },
        )


def _stance_marked(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["amendment", "party", "stance", "visibility", "author"])
    copied(state, event, ["marked_at"], shape=instant)
    committed(state, event, "note")
    return state


COMMENT_FIELDS = (
    "party",
    "version",
    "point",
    "visibility",
    "author",
    "created_at",
    "text",
    "status",
    "by",
)


def _comments(session: Session) -> Rows:
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
        yield (
            (negotiation, comment.uid),
            {
                "party": party,
                "version": version_ref(doc, number),
                "point": point,
                "visibility": comment.visibility,
                "author": comment.author,
                "created_at": instant(comment.created_at),
                "text": comment.text,
                "status": comment.status,
                "by": comment.status_by,
            },
        )


def _comment_added(expected: Expected | None, event: Event) -> Expected:
    state: Expected = {}
    copied(state, event, ["party", "version", "point", "visibility", "author"])
    copied(state, event, ["created_at"], shape=instant)
    committed(state, event, "text")
    return state | {"status": "open", "by": None}


def _comment_settled(expected: Expected | None, event: Event) -> Expected:
    state = dict(expected) if expected is not None else {}
    copied(state, event, ["status", "by"])
    return state


AMENDMENT_SPECS: tuple[RecordSpec, ...] = (
    RecordSpec(
        "amendment",
        ("amendments",),
        AMENDMENT_FIELDS,
        _amendments,
        {
            "AmendmentTabled": on_object(_tabled),
            "AmendmentDecided": on_object(_decided, key=_amendment_of),
            "AmendmentConsolidated": on_object(_consolidated, key=_amendment_of),
        },
    ),
    RecordSpec(
        "amendment stance",
        ("amendment_marks",),
        STANCE_FIELDS,
        _stances,
        {"AmendmentMarked": on_object(_stance_marked)},
    ),
    RecordSpec(
        "comment",
        ("comments",),
        COMMENT_FIELDS,
        _comments,
        {
            "CommentAdded": on_object(_comment_added),
            "CommentResolved": on_object(_comment_settled),
            "CommentReopened": on_object(_comment_settled),
        },
    ),
)
"""Amendments, the stances on them and comments, as ``audit verify`` compares them."""
