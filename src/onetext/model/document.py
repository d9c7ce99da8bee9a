"""Documents, immutable versions and points with a stable identity for life.

A point's ``uid`` never changes, whatever its label becomes in later versions;
its ``label`` is what the draft prints (``12``, ``12bis``, ``3(a)``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from onetext.errors import Conflict, InvalidInput

__all__ = [
    "DROP_OPTION",
    "Document",
    "DocumentKind",
    "Option",
    "Point",
    "Version",
    "validate_label",
    "version_ref",
]

DROP_OPTION = "drop"
"""The option key the engine adds for "drop the point"."""

_LABEL = re.compile(r"^\d{1,4}(?:\s?(?:bis|ter|quater|quinquies))?(?:\([a-z]{1,3}\)|\.\d{1,3})*$")


def version_ref(document: str, number: int) -> str:
    """How people name a version: ``framework@2`` (document ``framework``, version 2)."""
    return f"{document}@{number}"


def validate_label(label: str) -> str:
    """Return ``label`` if it is a point label a draft can print, else raise."""
    if not _LABEL.match(label):
        raise InvalidInput(
            f"invalid point label {label!r}: expected a number such as '12', '12bis' or '3(a)'"
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


@dataclass(frozen=True, slots=True)
class Point:
    """A numbered point of one version; ``uid`` is its identity across versions."""

    uid: str
    label: str
    text: str
    heading: str | None = None
    options: tuple[Option, ...] = ()

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
