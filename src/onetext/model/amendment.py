"""Amendments to one unit of a version, and how the mediator writes the accepted ones
into the next version of the single text.

A delegation tables an amendment to a unit: replace its wording, insert a new unit
after it, delete it, or add an alternative in brackets. The mediator decides each
one (accept, reject, or merge: accept with the mediator's own wording, which may
stand for several amendments to the same unit) and consolidates the decided ones
into a new version. ``consolidate`` is that step, pure: units in, units out, each
with the amendments it came from.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from onetext.errors import Conflict, InvalidInput

__all__ = [
    "MAX_JUSTIFICATION",
    "MAX_WORDING",
    "AmendmentKind",
    "ConsolidatedUnit",
    "Decision",
    "UnitChange",
    "consolidate",
    "inserted_label",
]

MAX_WORDING = 20_000
MAX_JUSTIFICATION = 4_000


class AmendmentKind(enum.StrEnum):
    """What an amendment does to its unit."""

    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"
    ALTERNATIVE = "alternative"

    @classmethod
    def parse(cls, value: str) -> AmendmentKind:
        aliases = {
            "replace": cls.REPLACE,
            "reword": cls.REPLACE,
            "replace_wording": cls.REPLACE,
            "insert": cls.INSERT,
            "insert_after": cls.INSERT,
            "add": cls.INSERT,
            "delete": cls.DELETE,
            "remove": cls.DELETE,
            "alternative": cls.ALTERNATIVE,
            "bracket": cls.ALTERNATIVE,
            "add_alternative": cls.ALTERNATIVE,
        }
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in aliases:
            raise InvalidInput(
                f"invalid amendment kind {value!r}: expected replace, insert, delete or alternative"
            )
        return aliases[key]

    @property
    def needs_wording(self) -> bool:
        return self is not AmendmentKind.DELETE


class Decision(enum.StrEnum):
    """The mediator's decision on an amendment."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MERGED = "merged"

    @classmethod
    def parse(cls, value: str) -> Decision:
        aliases = {
            "accept": cls.ACCEPTED,
            "accepted": cls.ACCEPTED,
            "reject": cls.REJECTED,
            "rejected": cls.REJECTED,
            "merge": cls.MERGED,
            "merged": cls.MERGED,
        }
        key = value.strip().lower()
        if key not in aliases:
            raise InvalidInput(f"invalid decision {value!r}: expected accept, reject or merge")
        return aliases[key]


@dataclass(frozen=True, slots=True)
class UnitChange:
    """An amendment the mediator took in, as it changes its unit: ``wording`` is the
    amendment's own, or the mediator's for a merged one (empty for a deletion)."""

    amendment: str
    target: str  # the unit's uid
    kind: AmendmentKind
    wording: str


@dataclass(frozen=True, slots=True)
class ConsolidatedUnit:
    """A unit of the consolidated text: ``uid`` None for a new unit, ``base`` the
    uid of the unit it was inserted after (a new unit's place in the tree)."""

    uid: str | None
    label: str
    text: str
    sources: tuple[str, ...] = ()
    base: str | None = None


_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies")


def inserted_label(after: str, taken: set[str]) -> str:
    """The citation of a unit inserted after ``after``, as treaty drafters number it:
    ``4bis``, ``4ter``...; inside a final parenthesis: ``3(a)`` gives ``3(abis)``
    (a parenthesis holds at most seven characters: then ``3(a2)``, ``3(a3)``...)."""
    if after.endswith(")") and "(" in after:
        head, _, inner = after[:-1].rpartition("(")
        inside = [f"{inner}{s}" for s in _SUFFIXES] + [f"{inner}{n}" for n in range(2, 100)]
        candidates = [f"{head}({part})" for part in inside if len(part) <= 7]
    else:
        candidates = [f"{after}{s}" for s in _SUFFIXES] + [f"{after}-{n}" for n in range(2, 100)]
    for label in candidates:
        if label not in taken and len(label) <= 40:
            return label
    raise Conflict(f"no citation is left for a unit inserted after {after}")


def _bracketed(text: str, alternatives: Sequence[str]) -> str:
    """The unit's wording and each alternative as adjacent bracketed spans."""
    return "".join(f"[{part}]" for part in (text, *alternatives))


def consolidate(
    units: Sequence[tuple[str, str, str]], changes: Sequence[UnitChange]
) -> list[ConsolidatedUnit]:
    """The units ``(uid, label, text)`` with ``changes`` written in, in order.

    Per unit: at most one new wording (several merged amendments giving the mediator's
    same wording count as one), a deletion with nothing else, alternatives appended as
    bracketed spans after the (new) wording, inserted units after it in the order
    given. Anything else is a conflict the mediator must settle by merging.
    """
    known = {uid for uid, _label, _text in units}
    by_target: dict[str, list[UnitChange]] = {}
    for change in changes:
        if change.target not in known:
            raise InvalidInput(f"amendment {change.amendment} is to a unit not in this version")
        by_target.setdefault(change.target, []).append(change)
    taken = {label for _uid, label, _text in units}
    result: list[ConsolidatedUnit] = []
    for uid, label, text in units:
        mine = by_target.get(uid, [])
        rewordings: dict[str, list[str]] = {}
        deletions = [c.amendment for c in mine if c.kind is AmendmentKind.DELETE]
        alternatives: dict[str, list[str]] = {}
        inserts: dict[str, list[str]] = {}
        for change in mine:
            if change.kind is AmendmentKind.REPLACE:
                rewordings.setdefault(change.wording, []).append(change.amendment)
            elif change.kind is AmendmentKind.ALTERNATIVE:
                alternatives.setdefault(change.wording, []).append(change.amendment)
            elif change.kind is AmendmentKind.INSERT:
                inserts.setdefault(change.wording, []).append(change.amendment)
        if len(rewordings) > 1:
            names = ", ".join(a for group in rewordings.values() for a in group)
            raise Conflict(
                f"amendments {names} give unit {label} different wordings: merge them into "
                "one wording (decide merge with --wording) or reject all but one"
            )
        if deletions and (rewordings or alternatives):
            others = (*rewordings.values(), *alternatives.values())
            names = ", ".join([*deletions, *(a for group in others for a in group)])
            raise Conflict(
                f"amendments {names} both delete and reword unit {label}: reject one of them"
            )
        sources: list[str] = []
        new_text = text
        for wording, authors in rewordings.items():
            new_text = wording
            sources.extend(authors)
        if alternatives:
            new_text = _bracketed(new_text, list(alternatives))
            sources.extend(a for group in alternatives.values() for a in group)
        if not deletions:
            result.append(ConsolidatedUnit(uid, label, new_text, tuple(sources)))
        for wording, authors in inserts.items():
            new_label = inserted_label(label, taken)
            taken.add(new_label)
            result.append(ConsolidatedUnit(None, new_label, wording, tuple(authors), base=uid))
    if not result:
        raise Conflict("the consolidated text would have no units left")
    return result
