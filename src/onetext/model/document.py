"""Documents, immutable versions and points with a stable identity for life.

A point's ``uid`` never changes, whatever its label becomes in later versions;
its ``label`` is what the draft prints (``12``, ``12bis``, ``3(a)``).
"""

from __future__ import annotations

import enum
import itertools
import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime

from onetext.errors import Conflict, InvalidInput

__all__ = [
    "DROP_OPTION",
    "Division",
    "Document",
    "DocumentKind",
    "Option",
    "Point",
    "Version",
    "choices_under",
    "describe_choice",
    "leaves_open",
    "open_depth",
    "option_readings",
    "reading_count",
    "validate_label",
    "version_ref",
    "weighed_options",
]

DROP_OPTION = "drop"
"""The option key the engine adds for "drop the point"."""

_LABEL = re.compile(r"^(?:[0-9A-Z]|sec[0-9])[A-Za-z0-9.\-~ ]{0,38}(?:\([a-z0-9A-Z]{1,7}\))*$")


def version_ref(document: str, number: int) -> str:
    """How people name a version: ``framework@2`` (document ``framework``, version 2)."""
    return f"{document}@{number}"


def validate_label(label: str) -> str:
    """Return ``label`` if it is a point label a draft can print, else raise."""
    if len(label) > 40 or not _LABEL.match(label):
        raise InvalidInput(
            f"invalid point label {label!r}: expected a citation such as '12', '12bis', "
            "'4.2' or '3(a)' of at most 40 characters"
        )
    return label


class DocumentKind(enum.StrEnum):
    """What a document is in the negotiation."""

    DRAFT = "draft"
    COUNTER_DRAFT = "counter_draft"
    POSITION_PAPER = "position_paper"
    ANNEX = "annex"


@dataclass(frozen=True, slots=True)
class Option:
    """One bracketed alternative of a point: ``[shall][should]`` gives two options.

    ``group`` numbers the bracket groups of a point from 1; a point with one group
    has keys ``a``, ``b``...; with several, ``1a``, ``1b``, ``2a``... A choice
    nested in a bracketed phrase names the option it sits in as ``parent``: it
    only matters when that option is chosen. The alternative "leave the phrase
    out" of a lone ``[phrase]`` has empty ``text``.
    """

    key: str
    text: str
    group: int = 1
    parent: str | None = None

    @property
    def omits(self) -> bool:
        """True for the "leave the bracketed phrase out" alternative."""
        return self.text == ""


def choices_under(options: Sequence[Option]) -> dict[str | None, list[list[Option]]]:
    """Choices under each option (``None``: the top level), in order."""
    by_group: dict[int, list[Option]] = {}
    for option in options:
        by_group.setdefault(option.group, []).append(option)
    under: dict[str | None, list[list[Option]]] = {}
    for _number, group in sorted(by_group.items()):
        under.setdefault(group[0].parent, []).append(group)
    return under


def reading_count(options: Sequence[Option]) -> int:
    """How many ways the choices of a unit can be settled, counted without listing them."""
    under = choices_under(options)

    def count(parent: str | None) -> int:
        return math.prod(sum(count(o.key) for o in group) for group in under.get(parent, []))

    return count(None) if options else 1


def option_readings(options: Sequence[Option]) -> list[tuple[str, ...]]:
    """Every settlement of a unit's choices: the option keys in force, choices in
    dropped spans left out (exact for nested brackets). Call ``reading_count`` first:
    the list grows as the product of the choices."""
    under = choices_under(options)

    def expand(parent: str | None) -> list[tuple[str, ...]]:
        per_group: list[list[tuple[str, ...]]] = []
        for group in under.get(parent, []):
            alternatives: list[tuple[str, ...]] = []
            for option in group:
                alternatives += [(option.key, *rest) for rest in expand(option.key)]
            per_group.append(alternatives)
        return [tuple(itertools.chain.from_iterable(c)) for c in itertools.product(*per_group)]

    return expand(None) if options else [()]


def weighed_options(options: Sequence[Option], marked: AbstractSet[str]) -> tuple[Option, ...]:
    """The choices someone marked an alternative of, with the choices they sit in:
    the ones worth weighing. The others stay open as tabled (a 2015 ADP paragraph
    can be settled in thousands of ways; a party marks two of its choices)."""
    under = choices_under(options)

    def relevant(group: Sequence[Option]) -> bool:
        return any(
            o.key in marked or any(relevant(inner) for inner in under.get(o.key, [])) for o in group
        )

    kept: set[str] = set()

    def visit(parent: str | None) -> None:
        for group in under.get(parent, []):
            if relevant(group):
                kept.update(o.key for o in group)
                for option in group:
                    visit(option.key)

    visit(None)
    return tuple(o for o in options if o.key in kept)


def open_depth(open_refs: Sequence[str], path_refs: Sequence[str]) -> int:
    """How many outer divisions of a unit's path (its divisions' refs, outermost
    first) are already open: whoever draws the tree opens only the ones after them."""
    depth = 0
    while depth < min(len(open_refs), len(path_refs)) and open_refs[depth] == path_refs[depth]:
        depth += 1
    return depth


@dataclass(frozen=True, slots=True)
class Division:
    """A part, chapter, section, article or option block a point sits in."""

    level: str
    label: str
    ref: str
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class Point:
    """A unit of one version; ``uid`` is its identity across versions.

    ``label`` is its citation (``12``, ``4.2``, ``II.3``): unique in the version.
    ``level`` says what it is (``paragraph``, ``article``...), ``number`` how the
    text prints its marker (``Point 7``, ``1bis``), ``path`` the divisions it
    sits in, outermost first, and ``notes`` its footnotes and editorial notes.
    """

    uid: str
    label: str
    text: str
    heading: str | None = None
    options: tuple[Option, ...] = ()
    level: str = "paragraph"
    number: str = ""
    path: tuple[Division, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        validate_label(self.label)
        if not self.text.strip():
            raise InvalidInput(f"point {self.label} has no text")
        keys = [o.key for o in self.options]
        if len(set(keys)) != len(keys):
            raise InvalidInput(f"point {self.label} has duplicate option keys")

    @property
    def option_groups(self) -> dict[int, tuple[Option, ...]]:
        groups: dict[int, list[Option]] = {}
        for option in self.options:
            groups.setdefault(option.group, []).append(option)
        return {g: tuple(opts) for g, opts in sorted(groups.items())}


@dataclass(frozen=True, slots=True)
class Version:
    """An immutable state of a document: its points in order, who made it and why."""

    uid: str
    document_uid: str
    number: int
    author_party: str
    message: str
    created_at: datetime
    points: tuple[Point, ...]
    parents: tuple[str, ...] = ()
    title: str | None = None
    preamble: str = ""

    def __post_init__(self) -> None:
        if self.number < 1:
            raise InvalidInput("version numbers start at 1")
        labels = [p.label for p in self.points]
        seen: set[str] = set()
        for label in labels:
            if label in seen:
                raise Conflict(f"version {self.number} has two points labelled {label}")
            seen.add(label)
        uids = [p.uid for p in self.points]
        if len(set(uids)) != len(uids):
            raise Conflict(f"version {self.number} has the same point twice")

    def point_by_label(self, label: str) -> Point:
        for point in self.points:
            if point.label == label:
                return point
        raise KeyError(label)


@dataclass(frozen=True, slots=True)
class Document:
    """A draft, counter-draft, position paper or annex; ``main_uid`` ties an annex
    to the main text of its package."""

    uid: str
    negotiation_uid: str
    kind: DocumentKind
    title: str
    owner_party: str
    main_uid: str | None = None
    versions: Sequence[Version] = field(default=())

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidInput("a document needs a title")
        if self.kind is DocumentKind.ANNEX and self.main_uid is None:
            raise InvalidInput("an annex belongs to a main document")


def leaves_open(options: Sequence[Option], choice: str) -> bool:
    """Whether ``choice`` leaves a top-level choice of the unit unsettled (nobody
    marked it, so the engine did not weigh it)."""
    keys = set(choice.split("+"))
    chosen = {o.group for o in options if o.key in keys}
    return any(o.parent is None and o.group not in chosen for o in options)


def describe_choice(options: Sequence[Option], choice: str, *, whole: bool = True) -> str:
    """An engine choice for a unit in the text's own words: ``1a+2none`` is the
    wording of ``1a`` and the phrase of group 2 left out; ``keep`` the unit as
    written, ``drop`` the unit left out. Choices nobody marked are not weighed
    (``solve.marks.PointChoice.from_point``) and are said to stay open, unless
    ``whole`` is false (a part of a choice, described on its own)."""
    if choice == "keep":
        return "as written, its brackets left open" if options else "as written"
    if choice == DROP_OPTION:
        return "left out"
    by_key = {o.key: o for o in options}
    parts: list[str] = []
    for key in choice.split("+"):
        option = by_key.get(key)
        if option is None:
            parts.append(f"option {key}")
        elif option.text:
            parts.append(f"“{option.text}”")
        else:
            kept = next(
                (o.text for o in options if o.group == option.group and o.text), "the phrase"
            )
            parts.append(f"without “{kept}”")
    if whole and leaves_open(options, choice):  # choices nobody marked stay as tabled
        parts.append("its other brackets left open")
    return "; ".join(parts)
