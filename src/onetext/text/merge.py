"""Three-way merge of two lines of drafts against their common base, by point uid.

Points are matched by identity (``uid``), not by number, so a point renumbered on
one side is still the same point. For each uid:

=====================  =====================  ===========================================
ours                   theirs                 result
=====================  =====================  ===========================================
unchanged              unchanged              kept
changed                unchanged              ours (clean)
unchanged              changed                theirs (clean)
changed                changed, the same      kept once (clean)
changed                changed, differently   **conflict** ``both_changed``: both texts
removed                unchanged              removed (recorded in ``removed``)
removed                changed                **conflict** ``changed_and_removed``
removed                removed                removed
added                  (absent)               added
added                  added, differently     **conflict** ``added_differently``
=====================  =====================  ===========================================

Nothing is lost silently: every uid of base, ours and theirs ends up either in
``points`` (conflicting points included, with ours' text if ours has one) or in
``removed``, and a point leaves only if no side changed it. "Changed" compares
the text up to whitespace, the heading and the options (not the label).

A conflicted point is written into the merged text the UN way, as bracketed
alternatives with the parties named (:func:`bracket_conflict`): only the words
the two sides disagree on when that is clear, else the whole texts; a point one
side removed shows "delete" as that side's alternative. The secretariat then
picks one (``onetext conflicts resolve``).

Order: the side that reordered the common points (if only one did) gives the
backbone, else ours; points missing from the backbone go right after their
nearest predecessor on their own side. Labels are the chosen points' own;
renumbering the merged draft is the caller's business.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from onetext.errors import InvalidInput
from onetext.text.align import squash_whitespace

__all__ = [
    "ConflictKind",
    "MergeConflict",
    "MergeResult",
    "MergedPoint",
    "Removal",
    "Side",
    "bracket_conflict",
    "describe_conflict",
    "merge_versions",
    "point_content",
]


class MergeablePoint(Protocol):
    @property
    def uid(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...


Q = TypeVar("Q", bound=MergeablePoint)


class Side(enum.StrEnum):
    """Where a merged point's content comes from."""

    BASE = "base"
    OURS = "ours"
    THEIRS = "theirs"
    BOTH = "both"


class ConflictKind(enum.StrEnum):
    BOTH_CHANGED = "both_changed"
    CHANGED_AND_REMOVED = "changed_and_removed"
    ADDED_DIFFERENTLY = "added_differently"


@dataclass(frozen=True, slots=True)
class MergedPoint(Generic[Q]):
    uid: str
    point: Q
    source: Side
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class MergeConflict(Generic[Q]):
    """A point for the secretariat to settle, with every text it had."""

    uid: str
    kind: ConflictKind
    base: Q | None
    ours: Q | None
    theirs: Q | None


@dataclass(frozen=True, slots=True)
class Removal(Generic[Q]):
    """A point that left the merged draft, who removed it, and its last text."""

    uid: str
    by: Side
    point: Q


@dataclass(frozen=True)
class MergeResult(Generic[Q]):
    points: tuple[MergedPoint[Q], ...]
    conflicts: tuple[MergeConflict[Q], ...]
    removed: tuple[Removal[Q], ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def point_content(point: MergeablePoint) -> Hashable:
    """What counts as a change: text up to whitespace, heading and options."""
    return (
        squash_whitespace(point.text),
        getattr(point, "heading", None),
        tuple(getattr(point, "options", ())),
    )


def _index(points: Sequence[Q], side: str) -> dict[str, Q]:
    found: dict[str, Q] = {}
    for point in points:
        if point.uid in found:
            raise InvalidInput(f"{side} has point {point.uid} twice")
        found[point.uid] = point
    return found


def merge_versions(
    base: Sequence[Q],
    ours: Sequence[Q],
    theirs: Sequence[Q],
    *,
    content: Callable[[Q], Hashable] = point_content,
) -> MergeResult[Q]:
    """Merge ``ours`` and ``theirs``, both descended from ``base`` (see module doc)."""
    b, o, t = _index(base, "the base"), _index(ours, "ours"), _index(theirs, "theirs")
    merged: dict[str, MergedPoint[Q]] = {}
    conflicts: list[MergeConflict[Q]] = []
    removed: list[Removal[Q]] = []

    def conflict(uid: str, kind: ConflictKind, point: Q) -> None:
        merged[uid] = MergedPoint(uid, point, Side.BOTH, conflict=True)
        conflicts.append(MergeConflict(uid, kind, b.get(uid), o.get(uid), t.get(uid)))

    all_uids = list(dict.fromkeys([*b, *o, *t]))
    for uid in all_uids:
        mine, yours, was = o.get(uid), t.get(uid), b.get(uid)
        if was is None:
            if mine is not None and yours is not None:
                if content(mine) == content(yours):
                    merged[uid] = MergedPoint(uid, mine, Side.BOTH)
                else:
                    conflict(uid, ConflictKind.ADDED_DIFFERENTLY, mine)
            elif mine is not None:
                merged[uid] = MergedPoint(uid, mine, Side.OURS)
            elif yours is not None:
                merged[uid] = MergedPoint(uid, yours, Side.THEIRS)
            continue
        original = content(was)
        if mine is None:
            if yours is None:
                removed.append(Removal(uid, Side.BOTH, was))
            elif content(yours) != original:
                conflict(uid, ConflictKind.CHANGED_AND_REMOVED, yours)
            else:
                removed.append(Removal(uid, Side.OURS, was))
        elif yours is None:
            if content(mine) != original:
                conflict(uid, ConflictKind.CHANGED_AND_REMOVED, mine)
            else:
                removed.append(Removal(uid, Side.THEIRS, was))
        else:
            mine_changed = content(mine) != original
            yours_changed = content(yours) != original
            if mine_changed and yours_changed and content(mine) != content(yours):
                conflict(uid, ConflictKind.BOTH_CHANGED, mine)
            elif mine_changed and yours_changed:
                merged[uid] = MergedPoint(uid, mine, Side.BOTH)
            elif yours_changed:
                merged[uid] = MergedPoint(uid, yours, Side.THEIRS)
            else:
                merged[uid] = MergedPoint(uid, mine, Side.OURS if mine_changed else Side.BASE)

    order = _merged_order([p.uid for p in base], [p.uid for p in ours], [p.uid for p in theirs])
    points = tuple(merged[uid] for uid in order if uid in merged)
    return MergeResult(points, tuple(conflicts), tuple(removed))


def _relative_order(order: list[str], common: set[str]) -> list[str]:
    return [uid for uid in order if uid in common]


def _merged_order(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Every uid once: a backbone side's order, the others after their predecessor."""
    common = set(base) & set(ours) & set(theirs)
    base_rel = _relative_order(base, common)
    ours_moved = _relative_order(ours, common) != base_rel
    theirs_moved = _relative_order(theirs, common) != base_rel
    sides = [theirs, ours, base] if theirs_moved and not ours_moved else [ours, theirs, base]
    result: list[str] = list(sides[0])
    placed = set(result)
    for side in sides[1:]:
        for position, uid in enumerate(side):
            if uid in placed:
                continue
            before = next((side[k] for k in range(position - 1, -1, -1) if side[k] in placed), None)
            at = result.index(before) + 1 if before is not None else 0
            result.insert(at, uid)
            placed.add(uid)
    return result


def describe_conflict(conflict: MergeConflict[Any]) -> str:
    """One line for the secretariat's list."""
    label = next(p.label for p in (conflict.ours, conflict.theirs, conflict.base) if p is not None)
    what = {
        ConflictKind.BOTH_CHANGED: "changed differently on both sides",
        ConflictKind.CHANGED_AND_REMOVED: "changed on one side, removed on the other",
        ConflictKind.ADDED_DIFFERENTLY: "added on both sides with different texts",
    }[conflict.kind]
    return f"point {label}: {what}"


def _alternative(text: str, party: str) -> str:
    return f"[{text.strip()} ({party})]"


def bracket_conflict(ours: str | None, theirs: str | None, parties: tuple[str, str]) -> str:
    """The text of a conflicted point with both sides' wording as bracketed
    alternatives, each naming its party: ``within [forty (north)][twenty (south)] km``.

    The bracketed span runs from the first to the last word that differs; where
    that is most of the text, or one side only adds or cuts words, the whole
    texts are the alternatives. Texts that carry brackets already are given
    as ``Option 1 (party): ...`` lines instead, as real texts do, so that no
    bracket is nested. ``None`` is a side that removed the point.
    """
    from onetext.text.redline import Op, redline

    ours_party, theirs_party = parties
    if ours is None or theirs is None:
        kept, keeper = (theirs, theirs_party) if ours is None else (ours, ours_party)
        remover = ours_party if ours is None else theirs_party
        assert kept is not None
        if "[" in kept or "]" in kept:
            return f"Option 1 ({keeper}): {kept}\nOption 2 ({remover}): delete the point"
        return _alternative(kept, keeper) + _alternative("delete the point", remover)
    if any(mark in text for text in (ours, theirs) for mark in "[]"):
        return f"Option 1 ({ours_party}): {ours}\nOption 2 ({theirs_party}): {theirs}"
    segments = redline(squash_whitespace(ours), squash_whitespace(theirs))
    changes = [k for k, seg in enumerate(segments) if seg.op is not Op.EQUAL]
    if not changes:
        return _alternative(ours, ours_party) + _alternative(theirs, theirs_party)
    first, last = changes[0], changes[-1]
    span = segments[first : last + 1]
    deleted = "".join(seg.text for seg in span if seg.op is not Op.INSERT).strip()
    inserted = "".join(seg.text for seg in span if seg.op is not Op.DELETE).strip()
    # One place of disagreement (neighbouring changes joined) that is not most of the text.
    narrow = max(len(deleted.split()), len(inserted.split())) <= 0.6 * max(
        len(ours.split()), len(theirs.split())
    )
    if not (deleted and inserted and narrow):
        return _alternative(ours, ours_party) + _alternative(theirs, theirs_party)
    before = "".join(seg.text for seg in segments[:first])
    after = "".join(seg.text for seg in segments[last + 1 :])
    trailing = span[-1].text[len(span[-1].text.rstrip()) :]
    return (
        before
        + _alternative(deleted, ours_party)
        + _alternative(inserted, theirs_party)
        + trailing
        + after
    )
