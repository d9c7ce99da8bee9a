"""A negotiating text as a tree: parts, chapters, sections, articles, paragraphs, items.

Real texts number paragraphs afresh in every Article, nest items ``(a)`` and
``(i)`` under paragraphs, and group Articles in Chapters or Parts. Each node has
a ``ref``, unique in the document, that cites it the way negotiators do:
``4`` (Article 4), ``4.2`` (its paragraph 2), ``4.2(b)`` (item (b) of that
paragraph). Containers above Articles enter a citation only when the numbering
restarts under them (``II.3``). The JSON form of a tree, ``onetext-document/1``,
is a public contract (docs/document-json.md).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from onetext.model.document import Option
from onetext.text.brackets import BracketCount, count_brackets

__all__ = ["FORMAT", "DocumentTree", "Level", "Node", "Stats"]

FORMAT = "onetext-document/1"


class Level(enum.StrEnum):
    """What a node is; the order is the usual nesting, from the top."""

    PART = "part"
    CHAPTER = "chapter"
    SECTION = "section"
    ARTICLE = "article"
    PARAGRAPH = "paragraph"
    ITEM = "item"

    @property
    def is_container(self) -> bool:
        return self in _CONTAINERS


_CONTAINERS = frozenset({Level.PART, Level.CHAPTER, Level.SECTION, Level.ARTICLE})


@dataclass(frozen=True, slots=True)
class Node:
    """One unit of a text. ``text`` is the node's own words (its items are
    ``children``); ``options`` its bracketed choices; ``notes`` its footnote
    markers, footnotes and editorial notes, as written."""

    ref: str
    label: str
    level: Level
    heading: str | None
    text: str
    options: tuple[Option, ...] = ()
    notes: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    line: int = field(default=0, compare=False)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "label": self.label,
            "level": self.level.value,
            "heading": self.heading,
            "text": self.text,
            "options": [
                {"key": o.key, "text": o.text, "group": o.group, "parent": o.parent}
                for o in self.options
            ],
            "notes": list(self.notes),
            "children": [c.to_json() for c in self.children],
        }


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts of a tree: units (nodes), bracketed spans, alternatives offered."""

    units: int
    brackets: int
    options: int

    def to_json(self) -> dict[str, int]:
        return {"units": self.units, "brackets": self.brackets, "options": self.options}


@dataclass(frozen=True, slots=True)
class DocumentTree:
    """A parsed text: title, preamble (the words before the first unit) and nodes."""

    title: str | None
    preamble: str
    points: tuple[Node, ...]
    warnings: tuple[str, ...] = ()  # what a lenient reading let through

    def walk(self) -> Iterator[Node]:
        for point in self.points:
            yield from point.walk()

    def brackets(self) -> BracketCount:
        total = count_brackets(self.preamble)
        for node in self.walk():
            total = total + count_brackets(node.text)
        return total

    def stats(self) -> Stats:
        counted = self.brackets()
        return Stats(
            units=sum(1 for _ in self.walk()),
            brackets=counted.spans,
            options=counted.options,
        )

    def count(self, level: Level) -> int:
        return sum(1 for node in self.walk() if node.level is level)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "title": self.title,
            "preamble": self.preamble,
            "points": [p.to_json() for p in self.points],
            "stats": self.stats().to_json(),
            "warnings": list(self.warnings),
        }
