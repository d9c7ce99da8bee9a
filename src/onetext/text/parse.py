"""Parse drafts from plain text and Markdown into the units a version stores.

The reader (:mod:`onetext.text.outline`) gives the document tree; a version
stores its *units*: every node with words of its own (an Article's text, a
numbered paragraph, a headed section's prose), items folded into their
paragraph one line each, as ``(a) text``. Each unit keeps its citation as its
label (``4.2``), how the text numbers it, and the divisions it sits in, so the
tree can be drawn again and the file written back.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from onetext.errors import DocumentParseError
from onetext.model.document import Division, Option, Point, validate_label
from onetext.text.brackets import extract_options
from onetext.text.outline import parse_document_lines
from onetext.text.tree import DocumentTree, Level, Node

__all__ = [
    "Numbering",
    "ParsedDraft",
    "ParsedPoint",
    "draft_from_tree",
    "extract_options",
    "is_plain_heading",
    "normalize_label",
    "parse_draft",
    "parse_lines",
]


class Numbering(enum.StrEnum):
    """How a draft prints its labels; kept so an export looks like the import."""

    PLAIN = "plain"  # 12. text
    POINT = "point"  # Point 12: text
    ARTICLE = "article"  # Article 12 (text on the next lines)


@dataclass(frozen=True, slots=True)
class ParsedPoint:
    """A unit of a parsed draft: ``label`` is its citation (see the module docstring)."""

    label: str
    text: str
    heading: str | None = None
    options: tuple[Option, ...] = ()
    line: int = field(default=0, compare=False)
    level: str = "paragraph"
    number: str = ""
    path: tuple[Division, ...] = ()
    notes: tuple[str, ...] = ()

    @staticmethod
    def of(point: Point) -> ParsedPoint:
        """A stored point as a unit to table again (its place in the tree kept)."""
        return ParsedPoint(
            label=point.label,
            text=point.text,
            heading=point.heading,
            options=point.options,
            level=point.level,
            number=point.number,
            path=point.path,
            notes=point.notes,
        )


@dataclass(frozen=True, slots=True)
class ParsedDraft:
    title: str | None
    preamble: str
    points: tuple[ParsedPoint, ...]
    numbering: Numbering = Numbering.PLAIN
    warnings: tuple[str, ...] = ()  # what a lenient reading let through


_SECTION = re.compile(
    r"^(?:Part|PART|Section|SECTION|Chapter|CHAPTER|Annex|ANNEX|Title|TITLE)\s+"
    r"(?:[IVXLC]+|\d+|[A-Z])\b.*$"
)


def normalize_label(raw: str) -> str:
    """``12 bis`` → ``12bis``; the label a point is known by."""
    return validate_label(re.sub(r"\s+", "", raw))


def is_plain_heading(line: str) -> bool:
    """A heading plain text can show without ``#``: ALL CAPS, or ``Part II``-style."""
    letters = [c for c in line if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters) and len(line) <= 120
    return caps or bool(_SECTION.match(line))


def _item_lines(node: Node) -> list[str]:
    lines: list[str] = []
    for child in node.children:
        if child.level is not Level.ITEM:
            continue
        first, *more = child.text.split("\n")
        lines.append(f"{child.label} {first}".strip() if child.label else first)
        lines += more  # an item's later paragraphs, as the text has them
        lines += _item_lines(child)
    return lines


def _has_items(node: Node) -> bool:
    return any(c.level is Level.ITEM for c in node.children)


def draft_from_tree(tree: DocumentTree) -> ParsedDraft:
    """The units of a tree, in reading order, with their divisions."""
    points: list[ParsedPoint] = []
    styles: list[Numbering] = []

    def visit(node: Node, path: tuple[Division, ...]) -> None:
        if node.level is Level.ITEM:
            return
        is_unit = bool(node.text) or _has_items(node)
        empty = not is_unit and not node.children and not node.level.is_container
        if empty and not node.label.startswith("Option"):
            raise DocumentParseError(f"point {node.ref} has no text", line=node.line)
        if is_unit:
            text = "\n".join([*([node.text] if node.text else []), *_item_lines(node)])
            validate_label(node.ref)
            points.append(
                ParsedPoint(
                    label=node.ref,
                    text=text,
                    heading=node.heading,
                    options=extract_options(node.ref, text),
                    line=node.line,
                    level=node.level.value,
                    number=node.label,
                    path=path,
                    notes=tuple(dict.fromkeys(node.notes + _item_notes(node))),
                )
            )
            if node.level is Level.ARTICLE:
                styles.append(Numbering.ARTICLE)
            elif node.label.lower().startswith("point"):
                styles.append(Numbering.POINT)
            else:
                styles.append(Numbering.PLAIN)
        here = (*path, Division(node.level.value, node.label, node.ref, node.heading))
        for child in node.children:
            visit(child, here)

    for node in tree.points:
        visit(node, ())
    if not points:
        raise DocumentParseError(
            "expected a numbered draft: points starting with '1.', '12)', '12bis.', "
            "'Point 7:' or 'Article 3'; found headings but no text under them"
        )
    numbering = max(set(styles), key=styles.count)
    return ParsedDraft(tree.title, tree.preamble, tuple(points), numbering, tree.warnings)


def _item_notes(node: Node) -> tuple[str, ...]:
    notes: list[str] = []
    for child in node.children:
        if child.level is Level.ITEM:
            notes += [*child.notes, *_item_notes(child)]
    return tuple(notes)


def parse_lines(
    lines: Sequence[str], *, markdown: bool = False, lenient: bool = False
) -> ParsedDraft:
    """Parse already-split lines; ``markdown`` enables ``#`` headings and emphasis."""
    return draft_from_tree(parse_document_lines(lines, markdown=markdown, lenient=lenient))


def parse_draft(source: str, *, markdown: bool = False, lenient: bool = False) -> ParsedDraft:
    """Parse a whole draft given as text."""
    if "\x00" in source:
        raise DocumentParseError("expected a text document, found binary data")
    return parse_lines(source.splitlines(), markdown=markdown, lenient=lenient)
