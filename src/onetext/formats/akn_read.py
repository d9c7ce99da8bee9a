"""Akoma Ntoso 3.0 read into a document tree (the import half of ``formats.akn``).

Any hierarchical element becomes a unit at a level (``docs/akoma-ntoso.md`` has the
table); elements with no number that only group (``list``, ``hcontainer``) are
read through; every word of anything else is kept as text of the enclosing unit,
or of the preamble before the first unit. Labels come from ``<num>``, citations
from ``formats.akn_refs``, options and notes from the bracket grammar. Hostile XML
is refused: no DTD, no entities, no network, no huge trees, a size limit. lxml is
imported inside the functions that use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onetext.errors import DocumentParseError
from onetext.formats.akn_refs import LEVEL_ATTRIBUTE, REF_ATTRIBUTE, DraftUnit, build_nodes
from onetext.text.tree import DocumentTree, Level

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["MAX_AKN_BYTES", "akn_to_tree", "is_akn"]


MAX_AKN_BYTES = 16 * 1024 * 1024
"""The largest AKN file read (16 MiB): a long treaty with its annexes is a few MiB."""


_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?akomaNtoso[\s>/]")
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCUMENT_TYPES = ("act", "bill", "doc", "statement")
_BODIES = ("body", "mainBody")
_HIERARCHICAL = frozenset(
    {
        "alinea", "article", "book", "chapter", "clause", "division", "hcontainer", "indent",
        "level", "list", "paragraph", "part", "point", "proviso", "rule", "section",
        "subchapter", "subclause", "subdivision", "sublist", "subparagraph", "subpart",
        "subrule", "subsection", "subtitle", "title", "tome", "transitional", "tblock",
    }
)  # fmt: skip
_NATURAL_LEVEL = {
    "book": Level.PART,
    "tome": Level.PART,
    "title": Level.PART,
    "subtitle": Level.PART,
    "part": Level.PART,
    "subpart": Level.PART,
    "chapter": Level.CHAPTER,
    "subchapter": Level.CHAPTER,
    "division": Level.CHAPTER,
    "subdivision": Level.CHAPTER,
    "section": Level.SECTION,
    "article": Level.ARTICLE,
    "rule": Level.ARTICLE,
    "paragraph": Level.PARAGRAPH,
    "subsection": Level.PARAGRAPH,
    "alinea": Level.PARAGRAPH,
    "clause": Level.PARAGRAPH,
}
_HCONTAINER_LEVEL = {
    "regulation": Level.ARTICLE,
    "schedule": Level.PART,
    "annex": Level.PART,
    "appendix": Level.PART,
    "point": Level.ITEM,
    "item": Level.ITEM,
}
#: elements with no number of their own that only group their children
_TRANSPARENT = frozenset({"list", "sublist", "hcontainer", "tblock"})
_ORDER = list(Level)
_LEVEL_VALUES = frozenset(level.value for level in Level)
_BREAKS = re.compile(r"\s*[\n\r\t]\s*")
_ERROR_WHERE = re.compile(r"[,(]?\s*line \d+,? column \d+\)?\s*$")


def is_akn(data: bytes) -> bool:
    """True if ``data`` looks like an Akoma Ntoso document (its root is ``akomaNtoso``);
    a cheap sniff of the first bytes, no parsing."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return _ROOT.search(head) is not None


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1]


def _clean(text: str) -> str:
    """Words as a line: breaks and indentation of pretty-printed XML become one space."""
    return _BREAKS.sub(" ", text).strip()


def _inline_text(element: etree._Element, notes: list[str]) -> str:
    """The words of an inline element (a ``<p>``); each ``<authorialNote>`` is read
    apart into ``notes``."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = _local(child)
        if name == "authorialNote":
            note = " ".join(line for line in _block_lines(child, notes) if line)
            if note:
                notes.append(note)
        elif name in _BREAK_MARKERS or name in _BLOCKISH:  # words either side stay apart
            inside = _inline_text(child, notes)
            parts.append(f" {inside} " if inside.strip() else " ")
        elif name:
            parts.append(_inline_text(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


_BREAK_MARKERS = frozenset({"eol", "eop", "br"})
#: blocks found inside a line (invalid AKN, or a block list in a paragraph): kept apart
_BLOCKISH = _HIERARCHICAL | {
    "num", "heading", "subheading", "p", "content", "intro", "wrapUp", "blockList", "item",
    "listIntroduction", "listWrapUp", "table", "tr", "td", "th", "crossHeading", "block",
    "container", "blockContainer", "formula", "recital", "recitals", "ul", "ol", "li",
}  # fmt: skip
_LINE_ELEMENTS = frozenset(
    {"p", "heading", "subheading", "num", "docTitle", "crossHeading", "listIntroduction",
     "listWrapUp", "signature", "td", "th", "li"}
)  # fmt: skip


def _has_own_words(element: etree._Element) -> bool:
    if (element.text or "").strip():
        return True
    return any((child.tail or "").strip() for child in element)


def _block_lines(element: etree._Element, notes: list[str]) -> list[str]:
    """The lines of a block (content, intro, preamble, a table...): one per ``<p>`` or
    other element that holds words directly, in reading order."""
    name = _local(element)
    if not name:
        return []
    if name in _LINE_ELEMENTS or _has_own_words(element):
        return [_clean(_inline_text(element, notes))]
    if name == "item":  # an item of a block list: its number and words on one line
        return [" ".join(line for child in element for line in _block_lines(child, notes) if line)]
    lines: list[str] = []
    for child in element:
        lines.extend(_block_lines(child, notes))
    return lines


def _join(lines: Iterable[str]) -> str:
    return "\n".join(lines).strip("\n")


def _label(num: str) -> str:
    """A unit's label: its ``<num>`` as printed, without a closing dot or colon
    (``Article 4``, ``1.`` → ``1``, ``(b)``); citations drop the level word."""
    return num.strip().rstrip(".:").strip() or num.strip()


def _natural_level(element: etree._Element) -> Level:
    """The level an element's name says; a numbered ``hcontainer`` says it in its
    ``name`` attribute (``regulation``, ``annex``), else it is a paragraph."""
    name = _local(element)
    if name == "hcontainer":
        kind = (element.get("name") or "").lower()
        return _NATURAL_LEVEL.get(kind, _HCONTAINER_LEVEL.get(kind, Level.PARAGRAPH))
    return _NATURAL_LEVEL.get(name, Level.ITEM)


def _level(element: etree._Element, parent: Level | None) -> Level:
    given = element.get(LEVEL_ATTRIBUTE)
    if given in _LEVEL_VALUES:
        return Level(given)  # a file onetext wrote says the level outright
    name = _local(element)
    natural = _natural_level(element)
    has_articles = name == "section" and _contains_articles(element)
    if name == "section" and not has_articles:
        natural = Level.ARTICLE  # a section of an act is its article
    if parent is None:
        return natural
    if parent in (Level.PARAGRAPH, Level.ITEM):
        return Level.ITEM
    if parent is Level.ARTICLE:
        return Level.PARAGRAPH if natural.is_container else natural
    if _ORDER.index(natural) < _ORDER.index(parent):
        return parent
    return natural


def _contains_articles(element: etree._Element) -> bool:
    return any(_local(e) in ("article", "rule") for e in element.iterdescendants())


@dataclass
class _Reader:
    """Reads hierarchical elements into draft units; ``loose`` collects words found
    outside any unit."""

    depth_limit: int = 200

    def unit(self, element: etree._Element, parent: Level | None, depth: int) -> DraftUnit:
        if depth > self.depth_limit:
            raise DocumentParseError(
                f"Akoma Ntoso units nested more than {self.depth_limit} deep",
                line=element.sourceline,
            )
        level = _level(element, parent)
        unit = DraftUnit(
            level=level, line=element.sourceline or 0, ref=element.get(REF_ATTRIBUTE) or ""
        )
        unit.written_by_onetext = element.get(LEVEL_ATTRIBUTE) in _LEVEL_VALUES
        self._fill(unit, element, depth, loose=False)
        return unit

    def _fill(self, unit: DraftUnit, element: etree._Element, depth: int, *, loose: bool) -> None:
        """Read ``element``'s children into ``unit``; ``loose`` (a grouping with no
        number of its own) turns its heading into a line of the unit's text."""
        unit.lines.extend(_stray(element.text))
        for child in element:
            self._read_child(unit, child, depth, loose=loose)
            unit.lines.extend(_stray(child.tail))

    def _read_child(
        self, unit: DraftUnit, child: etree._Element, depth: int, *, loose: bool
    ) -> None:
        name = _local(child)
        if not name:
            return
        if name == "num" and not loose and not unit.label and not unit.children:
            printed = _clean(_inline_text(child, unit.notes))
            # a file onetext wrote holds the label exactly; others' numbers lose the dot
            unit.label = printed if unit.written_by_onetext else _label(printed)
        elif name == "heading" and not loose and unit.heading is None and not unit.children:
            unit.heading = _clean(_inline_text(child, unit.notes))
        elif name in _HIERARCHICAL and self._is_transparent(child):
            self._fill(unit, child, depth + 1, loose=True)
        elif name in _HIERARCHICAL:
            unit.children.append(self.unit(child, unit.level, depth + 1))
        else:
            unit.lines.extend(_block_lines(child, unit.notes))

    @staticmethod
    def _is_transparent(element: etree._Element) -> bool:
        if _local(element) not in _TRANSPARENT:
            return False
        return not any(_local(child) == "num" for child in element)

    def top(self, container: etree._Element) -> tuple[list[str], list[DraftUnit]]:
        """The units of a body; words outside any unit before the first one are
        returned as lines for the preamble, later ones become unnumbered paragraphs."""
        before: list[str] = []
        units: list[DraftUnit] = []

        def loose(lines: list[str], notes: list[str], where: etree._Element) -> None:
            if not units and not notes:
                before.extend(lines)
            elif lines or notes:
                unit = DraftUnit(level=Level.PARAGRAPH, line=where.sourceline or 0)
                unit.lines, unit.notes = lines, notes
                units.append(unit)

        loose(_stray(container.text), [], container)
        for child in container:
            name = _local(child)
            if name in _HIERARCHICAL and self._is_transparent(child):
                inner_before, inner_units = self.top(child)
                loose([line for line in inner_before if line], [], child)
                units.extend(inner_units)
            elif name in _HIERARCHICAL:
                units.append(self.unit(child, None, 1))
            elif name:
                notes: list[str] = []
                loose([line for line in _block_lines(child, notes) if line], notes, child)
            loose(_stray(child.tail), [], container)
        return before, units


def _stray(text: str | None) -> list[str]:
    """Words written straight into an element that should only hold elements."""
    cleaned = _clean(text or "")
    return [cleaned] if cleaned else []


def _loose_unit(lines: list[str], notes: list[str], element: etree._Element) -> list[DraftUnit]:
    if not any(lines) and not notes:
        return []
    unit = DraftUnit(level=Level.PARAGRAPH, line=element.sourceline or 0)
    unit.lines, unit.notes = lines, notes
    return [unit]


def _parse(data: bytes) -> etree._Element:
    from lxml import etree

    if len(data) > MAX_AKN_BYTES:
        raise DocumentParseError(
            f"Akoma Ntoso file too large: {len(data):,} bytes, "
            f"the limit is {MAX_AKN_BYTES:,} bytes ({MAX_AKN_BYTES // (1024 * 1024)} MiB)"
        )
    if _DECLARATIONS.search(data):
        raise DocumentParseError(
            "Akoma Ntoso file refused: it declares a DOCTYPE or entities, "
            "which an AKN document never needs"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        document = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        message = _ERROR_WHERE.sub("", _clean(str(error.msg or error)))
        raise DocumentParseError(
            f"not well-formed XML: {message}", line=line or None, column=column or None
        ) from None
    tree = document.getroottree()
    if tree.docinfo.doctype or any(
        isinstance(e, etree._Entity) for e in document.iter(etree.Entity)
    ):
        raise DocumentParseError("Akoma Ntoso file refused: it uses a DOCTYPE or entities")
    return document


def _children_named(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) in names)


def _detach(element: etree._Element) -> None:
    """Take ``element`` out of its parent, keeping the words that follow it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _title(document: etree._Element, notes: list[str]) -> str | None:
    """The document's title: its ``docTitle`` (else long or short title) taken out of
    the preface, else the title alias of its metadata."""
    for name in ("docTitle", "longTitle", "shortTitle"):
        for preface in _children_named(document, "coverPage", "preface"):
            for found in preface.iter(f"{{*}}{name}"):
                text = _clean(" ".join(_block_lines(found, notes)))
                if text:
                    _detach(found)
                    return text
    for alias in document.iterfind("{*}meta/{*}identification/{*}FRBRWork/{*}FRBRalias"):
        if alias.get("name") == "title" and (alias.get("value") or "").strip():
            return _clean(alias.get("value") or "")
    return None


_FRONT = ("coverPage", "preface", "preamble")
_BACK = ("attachments", "components")  # read by _annexes


def _document_units(
    reader: _Reader, document: etree._Element, notes: list[str]
) -> tuple[list[str], list[DraftUnit]]:
    """Preamble lines and units of one AKN document (act, bill, doc...), in reading
    order; footnotes of its preface and preamble go to ``notes``. Conclusions and
    anything after the body become unnumbered paragraphs at the end."""
    preamble: list[str] = _stray(document.text)
    units: list[DraftUnit] = []
    seen_body = False
    for child in document:
        name = _local(child)
        if name in _FRONT and not seen_body:
            lines = _block_lines(child, notes)
            # an empty line of the preamble is kept; the preface's are leftovers of its title
            preamble.extend(lines if name == "preamble" else [line for line in lines if line])
        elif name in _BODIES:
            before, found = reader.top(child)
            if seen_body:
                units.extend(_loose_unit(before, [], child))
            else:
                preamble.extend(before)
            units.extend(found)
            seen_body = True
        elif name and name not in ("meta", *_BACK):
            own_notes: list[str] = []
            lines = [line for line in _block_lines(child, own_notes) if line]
            if seen_body:
                units.extend(_loose_unit(lines, own_notes, child))
            else:
                preamble.extend(lines)
                notes.extend(own_notes)
        tail = _stray(child.tail)
        if seen_body:
            units.extend(_loose_unit(tail, [], child))
        else:
            preamble.extend(tail)
    return preamble, units


def _annexes(reader: _Reader, document: etree._Element) -> list[DraftUnit]:
    """Attachments (annexes, schedules) as Parts holding their own units; the words of
    an attachment outside its document are the Part's words."""
    annexes: list[DraftUnit] = []
    for holder in _children_named(document, *_BACK):
        outside = _stray(holder.text)
        for attachment in holder:
            annex = DraftUnit(
                level=Level.PART,
                line=attachment.sourceline or 0,
                annex=True,
                ref=attachment.get(REF_ATTRIBUTE) or "",
            )
            annex.lines = [*outside, *_stray(attachment.text)]
            outside = []
            inner: etree._Element | None = None
            for child in attachment:
                if inner is None and _local(child) in _DOCUMENT_TYPES:
                    inner = child
                else:
                    annex.lines.extend(line for line in _block_lines(child, annex.notes) if line)
                annex.lines.extend(_stray(child.tail))
            if inner is not None:
                annex.heading = _title(inner, annex.notes)
                preamble, units = _document_units(reader, inner, annex.notes)
                annex.lines.extend(preamble)
                annex.children = [*units, *_annexes(reader, inner)]
            if annex.lines or annex.notes or annex.children or annex.heading:
                annexes.append(annex)
            outside.extend(_stray(attachment.tail))
        if outside and annexes:
            annexes[-1].lines.extend(outside)
        elif outside:
            annexes.append(DraftUnit(level=Level.PART, lines=outside, annex=True))
    return annexes


def akn_to_tree(data: bytes) -> DocumentTree:
    """An Akoma Ntoso act, bill or ``doc`` as a document tree; ``DocumentParseError``
    with a one-line message for anything else."""
    root = _parse(data)
    if _local(root) != "akomaNtoso":
        raise DocumentParseError(
            f"not an Akoma Ntoso document: the root element is <{_local(root)}>, "
            "expected <akomaNtoso>"
        )
    documents = [child for child in root if _local(child)]
    if not documents:
        raise DocumentParseError("empty Akoma Ntoso document: no act, bill or doc inside")
    document = documents[0]
    kind = _local(document)
    if kind not in _DOCUMENT_TYPES:
        raise DocumentParseError(
            f"unsupported Akoma Ntoso document type <{kind}>: expected act, bill or doc"
        )
    if not any(True for _ in _children_named(document, *_BODIES)):
        raise DocumentParseError(
            f"Akoma Ntoso <{kind}> has no body (expected <body> or <mainBody>)"
        )
    title_notes: list[str] = []
    title = _title(document, title_notes)
    reader = _Reader()
    preamble, units = _document_units(reader, document, title_notes)
    preamble = [*_stray(root.text), *preamble]
    for child in root:  # words outside the document, other documents: kept at the end
        if child is not document and _local(child) not in _BACK:
            notes: list[str] = []
            lines = [line for line in _block_lines(child, notes) if line]
            units.extend(_loose_unit(lines, notes, child))
        units.extend(_loose_unit(_stray(child.tail), [], child))
    units.extend(_annexes(reader, document))
    units.extend(_annexes(reader, root))
    preamble = [*preamble, *title_notes]  # the preamble has no notes of its own: kept as words
    return DocumentTree(title=title, preamble=_join(preamble), points=build_nodes(units))
