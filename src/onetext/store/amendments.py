"""Queries of amendments: every read is cut to what the reader may read, in SQL, by
the rule of marks (``access.visible_visibilities``: private inside the tabling party,
caucus with the mediator too, joint to everyone). A missing amendment and one the
reader may not read get the same answer, in the same words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from onetext.access import Actor, visible_visibilities
from onetext.errors import NotFound
from onetext.model.document import version_ref
from onetext.store.amendment_tables import AmendmentMarkRow, AmendmentRow
from onetext.store.tables import (
    DocumentRow,
    NegotiationRow,
    PartyRow,
    PointRow,
    PointStateRow,
    VersionRow,
)

__all__ = [
    "AmendmentFacts",
    "amendment_details",
    "amendment_mark_details",
    "amendment_named",
    "amendments_of_version",
    "consolidated_into",
    "decision_details",
    "marks_on",
    "result_details",
    "waiting_for_consolidation",
]

_MAX_UID = 40


def _readable(
    reader: Actor,
    parties: Sequence[PartyRow],
    party_id: Any,
    visibility: Any,
) -> ColumnElement[bool]:
    """SQL condition: rows (of amendments or of stances on them) ``reader`` may read."""
    groups: dict[frozenset[str], list[int]] = {}
    for party in parties:
        visible = frozenset(v.value for v in visible_visibilities(reader, party.slug))
        groups.setdefault(visible, []).append(party.id)
    clauses = [
        and_(party_id.in_(ids), visibility.in_(sorted(visible))) for visible, ids in groups.items()
    ]
    return or_(*clauses) if clauses else party_id < 0


class AmendmentFacts:
    """An amendment row with the names it is shown by (its party, its version, its unit
    as that version cites and words it, where its decision went)."""

    __slots__ = ("label", "party", "result_label", "result_version", "row", "unit_text", "version")

    def __init__(
        self,
        row: AmendmentRow,
        party: str,
        version: str,
        label: str,
        unit_text: str,
        result_version: str | None,
        result_label: str | None,
    ) -> None:
        self.row = row
        self.party = party
        self.version = version
        self.label = label
        self.unit_text = unit_text
        self.result_version = result_version
        self.result_label = result_label


def _facts_query(reader: Actor, parties: Sequence[PartyRow]) -> Any:
    document = aliased(DocumentRow)
    result_version = aliased(VersionRow)
    result_document = aliased(DocumentRow)
    result_state = aliased(PointStateRow)
    return (
        select(
            AmendmentRow,
            PartyRow.slug,
            document.slug,
            VersionRow.number,
            PointStateRow.label,
            PointStateRow.text,
            result_document.slug,
            result_version.number,
            result_state.label,
        )
        .join(PartyRow, PartyRow.id == AmendmentRow.party_id)
        .join(VersionRow, VersionRow.id == AmendmentRow.version_id)
        .join(document, document.id == VersionRow.document_id)
        .join(
            PointStateRow,
            (PointStateRow.version_id == AmendmentRow.version_id)
            & (PointStateRow.point_id == AmendmentRow.point_id),
        )
        .outerjoin(result_version, result_version.id == AmendmentRow.result_version_id)
        .outerjoin(result_document, result_document.id == result_version.document_id)
        .outerjoin(
            result_state,
            (result_state.version_id == AmendmentRow.result_version_id)
            & (result_state.point_id == AmendmentRow.result_point_id),
        )
        .where(_readable(reader, parties, AmendmentRow.party_id, AmendmentRow.visibility))
        .order_by(AmendmentRow.tabled_at, AmendmentRow.id)
    )


def _facts(rows: Any) -> list[AmendmentFacts]:
    found = []
    for row, party, doc, number, label, text, result_doc, result_number, result_label in rows:
        found.append(
            AmendmentFacts(
                row,
                party,
                version_ref(doc, number),
                label,
                text,
                version_ref(result_doc, result_number) if result_doc is not None else None,
                result_label,
            )
        )
    return found


def amendments_of_version(
    session: Session, version: VersionRow, reader: Actor, parties: Sequence[PartyRow]
) -> list[AmendmentFacts]:
    """The amendments to ``version`` that ``reader`` may read, oldest first."""
    return _facts(
        session.execute(
            _facts_query(reader, parties).where(AmendmentRow.version_id == version.id)
        ).all()
    )


def amendment_named(
    session: Session,
    negotiation: NegotiationRow,
    uid: str,
    reader: Actor,
    parties: Sequence[PartyRow],
) -> AmendmentFacts:
    """The amendment ``uid`` if ``reader`` may read it; else "no amendment" whether it
    exists or not."""
    found = (
        _facts(
            session.execute(
                _facts_query(reader, parties).where(
                    AmendmentRow.negotiation_id == negotiation.id, AmendmentRow.uid == uid
                )
            ).all()
        )
        if len(uid) <= _MAX_UID
        else []
    )
    if not found:
        raise NotFound(f"no amendment {uid!r} in {negotiation.slug}")
    return found[0]


def marks_on(
    session: Session,
    amendment_ids: Sequence[int],
    reader: Actor,
    parties: Sequence[PartyRow],
) -> list[tuple[AmendmentMarkRow, str]]:
    """Stances on the amendments that ``reader`` may read, with their party, oldest first."""
    if not amendment_ids:
        return []
    return [
        (mark, party)
        for mark, party in session.execute(
            select(AmendmentMarkRow, PartyRow.slug)
            .join(PartyRow, PartyRow.id == AmendmentMarkRow.party_id)
            .where(
                AmendmentMarkRow.amendment_id.in_(list(amendment_ids)),
                _readable(reader, parties, AmendmentMarkRow.party_id, AmendmentMarkRow.visibility),
            )
            .order_by(AmendmentMarkRow.marked_at, AmendmentMarkRow.id)
        ).all()
    ]


def waiting_for_consolidation(
    session: Session, version: VersionRow, reader: Actor, parties: Sequence[PartyRow]
) -> list[AmendmentFacts]:
    """Amendments to ``version`` the reader may read that were accepted or merged and
    not yet written into a version."""
    return _facts(
        session.execute(
            _facts_query(reader, parties).where(
                AmendmentRow.version_id == version.id,
                AmendmentRow.decision.in_(["accepted", "merged"]),
                AmendmentRow.result_version_id.is_(None),
            )
        ).all()
    )


def consolidated_into(
    session: Session, version: VersionRow, reader: Actor, parties: Sequence[PartyRow]
) -> dict[str, list[str]]:
    """Point uid -> the amendments (readable by ``reader``) written into ``version``
    that changed or made that point."""
    target = aliased(PointRow)
    made = aliased(PointRow)
    rows = session.execute(
        select(AmendmentRow.uid, target.uid, made.uid)
        .join(target, target.id == AmendmentRow.point_id)
        .outerjoin(made, made.id == AmendmentRow.result_point_id)
        .where(
            AmendmentRow.result_version_id == version.id,
            _readable(reader, parties, AmendmentRow.party_id, AmendmentRow.visibility),
        )
        .order_by(AmendmentRow.id)
    ).all()
    found: dict[str, list[str]] = {}
    for uid, target_uid, made_uid in rows:
        for point in {target_uid, made_uid} - {None}:
            found.setdefault(str(point), []).append(uid)
    return found


def amendment_details(
    *,
    party: str,
    version: str,
    point: str,
    kind: str,
    visibility: str,
    author: str,
    tabled_at: datetime,
    wording_commitment: str,
    justification_commitment: str,
) -> dict[str, Any]:
    """What an ``AmendmentTabled`` event holds: the whole amendment, its words as
    salted commitments (the log holds no private draft's words)."""
    return {
        "party": party,
        "version": version,
        "point": point,
        "kind": kind,
        "visibility": visibility,
        "author": author,
        "tabled_at": tabled_at.isoformat(),
        "wording": wording_commitment,
        "justification": justification_commitment,
    }


def decision_details(
    *,
    amendment: str,
    decision: str,
    decided_by: str,
    decided_at: datetime,
    wording_commitment: str | None,
    note_commitment: str,
) -> dict[str, Any]:
    """What an ``AmendmentDecided`` event holds."""
    return {
        "amendment": amendment,
        "decision": decision,
        "decided_by": decided_by,
        "decided_at": decided_at.isoformat(),
        "decided_wording": wording_commitment,
        "decision_note": note_commitment,
    }


def result_details(*, amendment: str, version: str, point: str | None) -> dict[str, Any]:
    """What an ``AmendmentConsolidated`` event holds: where the decision was written."""
    return {"amendment": amendment, "result_version": version, "result_point": point}


def amendment_mark_details(
    *,
    amendment: str,
    party: str,
    stance: str,
    visibility: str,
    author: str,
    marked_at: datetime,
    note_commitment: str,
) -> dict[str, Any]:
    """What an ``AmendmentMarked`` event holds: the whole stance, its note committed."""
    return {
        "amendment": amendment,
        "party": party,
        "stance": stance,
        "visibility": visibility,
        "author": author,
        "marked_at": marked_at.isoformat(),
        "note": note_commitment,
    }
