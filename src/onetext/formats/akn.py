"""Akoma Ntoso 3.0 in and out: a document tree as AKN XML, and AKN acts, bills and
``doc`` (treaties) read into a document tree.

Export writes one hierarchical element per node (``part``, ``chapter``,
``section``, ``article``, ``paragraph``, and ``point`` for items), each with an
``eId`` and a ``wId`` built from the numbers on the way down (``art_4__para_2``),
a ``<num>`` (the label as printed: ``Article 4``, ``2bis``, ``(a)``), a
``<heading>``, and the node's words in ``<content>`` (or ``<intro>`` when it has
children), one ``<p>`` per line. Bracketed text stays verbatim; a note found in
the text is wrapped in place in ``<remark>``, a note that is not in the text (a
footnote) becomes an ``<authorialNote>``. Each unit's citation and level are kept
in ``onetext:ref`` and ``onetext:level`` (AKN allows other namespaces'
attributes): a file onetext wrote reads back as the same tree.

Import (``akn_to_tree``, ``is_akn``) lives in ``formats.akn_read`` and is
re-exported here: this module is the one API. docs/akoma-ntoso.md has the mapping
both ways. lxml is imported inside the functions that use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from onetext.errors import InvalidInput
from onetext.formats.akn_read import MAX_AKN_BYTES, akn_to_tree, is_akn
from onetext.formats.akn_refs import (
    LEVEL_ATTRIBUTE,
    ONETEXT_NAMESPACE,
    REF_ATTRIBUTE,
    DraftUnit,
    build_nodes,
    citation_core,
)
from onetext.formats.xml_text import xml_safe
from onetext.text.brackets import extract_notes, extract_options
from onetext.text.tree import DocumentTree, Level, Node

if TYPE_CHECKING:
    from lxml import etree

    from onetext.text.parse import ParsedDraft

__all__ = [
    "AKN_NAMESPACE",
    "MAX_AKN_BYTES",
    "ONETEXT_NAMESPACE",
    "AknKind",
    "akn_to_tree",
    "draft_tree",
    "is_akn",
    "stored_tree",
    "tree_to_akn",
]

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

AknKind = Literal["act", "bill", "doc"]

_NS = f"{{{AKN_NAMESPACE}}}"
_SOURCE = "onetext"

_ELEMENT = {
    Level.PART: "part",
    Level.CHAPTER: "chapter",
    Level.SECTION: "section",
    Level.ARTICLE: "article",
    Level.PARAGRAPH: "paragraph",
    Level.ITEM: "point",
}
_EID_PREFIX = {
    Level.PART: "part",
    Level.CHAPTER: "chp",
    Level.SECTION: "sec",
    Level.ARTICLE: "art",
    Level.PARAGRAPH: "para",
    Level.ITEM: "point",
}
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9]+")
_NOT_IN_URI = re.compile(r"[^A-Za-z0-9._-]+")


def _id_part(label: str) -> str:
    """The number of an ``eId`` component: ``Article 4`` → ``4``, ``(b)`` → ``b``,
    ``3.3alt`` → ``3-3alt``."""
    return _NOT_IN_ID.sub("-", citation_core(label)).strip("-")


def _uri_token(value: str, what: str) -> str:
    token = _NOT_IN_URI.sub("-", value).strip("-.")
    if not token:
        raise InvalidInput(f"AKN export: {what} {value!r} has no letter or digit")
    return token


@dataclass
class _Ids:
    """Every ``eId`` given so far: a repeated number gets ``_2``, ``_3``..."""

    used: set[str] = field(default_factory=set)

    def claim(self, wanted: str) -> str:
        candidate, count = wanted, 1
        while candidate in self.used:
            count += 1
            candidate = f"{wanted}_{count}"
        self.used.add(candidate)
        return candidate


def _lines(text: str) -> list[str]:
    return xml_safe(text).split("\n")


def _fill_paragraph(p: etree._Element, line: str, notes: list[str]) -> None:
    """``line`` as the content of ``p``, each note found in it wrapped in ``<remark>``;
    ``notes`` is consumed from the front as they are found."""
    from lxml import etree

    cursor = 0
    last: etree._Element | None = None
    while notes:
        at = line.find(notes[0], cursor)
        if at < 0:
            break
        before = line[cursor:at]
        if last is None:
            p.text = (p.text or "") + before
        else:
            last.tail = (last.tail or "") + before
        last = etree.SubElement(p, f"{_NS}remark")
        last.text = notes[0]
        cursor = at + len(notes[0])
        notes.pop(0)
    rest = line[cursor:]
    if last is None:
        p.text = (p.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest


def _extra_notes(node: Node) -> list[str]:
    """The notes of a node that are not in its text (footnotes held apart)."""
    in_text = list(extract_notes(node.text))
    extra: list[str] = []
    for note in node.notes:
        if note in in_text:
            in_text.remove(note)
        else:
            extra.append(note)
    return extra


def _write_words(parent: etree._Element, tag: str, node: Node, eid: str, ids: _Ids) -> None:
    from lxml import etree

    sub = etree.SubElement
    block = sub(parent, f"{_NS}{tag}")
    in_text = list(extract_notes(node.text))
    last: etree._Element | None = None
    for line in _lines(node.text):
        last = sub(block, f"{_NS}p")
        _fill_paragraph(last, line, in_text)
    if last is None:
        last = sub(block, f"{_NS}p")
    for number, note in enumerate(_extra_notes(node), start=1):
        holder = sub(
            last,
            f"{_NS}authorialNote",
            marker=str(number),
            placement="bottom",
            eId=ids.claim(f"{eid}__authorialNote_{number}"),
        )
        sub(holder, f"{_NS}p").text = xml_safe(note)


def _write_node(parent: etree._Element, node: Node, parent_eid: str, ids: _Ids) -> None:
    from lxml import etree

    sub = etree.SubElement
    number = _id_part(node.label) or "nn"
    wanted = f"{_EID_PREFIX[node.level]}_{number}"
    eid = ids.claim(f"{parent_eid}__{wanted}" if parent_eid else wanted)
    element = sub(parent, f"{_NS}{_ELEMENT[node.level]}", eId=eid, wId=eid)
    element.set(REF_ATTRIBUTE, xml_safe(node.ref))
    element.set(LEVEL_ATTRIBUTE, node.level.value)
    if node.label:
        sub(element, f"{_NS}num").text = xml_safe(node.label)
    if node.heading:
        sub(element, f"{_NS}heading").text = xml_safe(node.heading)
    if node.children:
        if node.text or node.notes:
            _write_words(element, "intro", node, eid, ids)
        for child in node.children:
            _write_node(element, child, eid, ids)
    else:
        _write_words(element, "content", node, eid, ids)


@dataclass(frozen=True)
class _Work:
    """The FRBR identity of the exported work: its URI and what it is built from."""

    uri: str
    number: str
    country: str
    language: str
    date: str
    alias: str | None


def _meta(parent: etree._Element, work: _Work, *, title: str | None, component: str) -> None:
    """The FRBR identification; the main document also names onetext as its source."""
    from lxml import etree

    sub = etree.SubElement
    meta = sub(parent, f"{_NS}meta")
    ident = sub(meta, f"{_NS}identification", source=f"#{_SOURCE}")
    frbr_work = sub(ident, f"{_NS}FRBRWork")
    sub(frbr_work, f"{_NS}FRBRthis", value=f"{work.uri}/!{component}")
    sub(frbr_work, f"{_NS}FRBRuri", value=work.uri)
    if title:
        sub(frbr_work, f"{_NS}FRBRalias", value=xml_safe(title), name="title")
    if work.alias:
        sub(frbr_work, f"{_NS}FRBRalias", value=xml_safe(work.alias), name="onetext")
    sub(frbr_work, f"{_NS}FRBRdate", date=work.date, name="Generation")
    sub(frbr_work, f"{_NS}FRBRauthor", href=f"#{_SOURCE}")
    sub(frbr_work, f"{_NS}FRBRcountry", value=work.country)
    sub(frbr_work, f"{_NS}FRBRnumber", value=work.number)
    expression = f"{work.uri}/{work.language}@{work.date}"
    frbr_expression = sub(ident, f"{_NS}FRBRExpression")
    sub(frbr_expression, f"{_NS}FRBRthis", value=f"{expression}/!{component}")
    sub(frbr_expression, f"{_NS}FRBRuri", value=expression)
    sub(frbr_expression, f"{_NS}FRBRdate", date=work.date, name="Generation")
    sub(frbr_expression, f"{_NS}FRBRauthor", href=f"#{_SOURCE}")
    sub(frbr_expression, f"{_NS}FRBRlanguage", language=work.language)
    frbr_manifestation = sub(ident, f"{_NS}FRBRManifestation")
    sub(frbr_manifestation, f"{_NS}FRBRthis", value=f"{expression}/!{component}.xml")
    sub(frbr_manifestation, f"{_NS}FRBRuri", value=expression)
    sub(frbr_manifestation, f"{_NS}FRBRdate", date=work.date, name="Generation")
    sub(frbr_manifestation, f"{_NS}FRBRauthor", href=f"#{_SOURCE}")
    if component != "main":
        return  # an annex's source is named once, in the main document
    references = sub(meta, f"{_NS}references", source=f"#{_SOURCE}")
    sub(
        references,
        f"{_NS}TLCOrganization",
        eId=_SOURCE,
        href=f"/ontology/organization/{_SOURCE}",
        showAs=_SOURCE,
    )


def _is_annex(node: Node) -> bool:
    """A node read from an AKN attachment (``Annex 1``): written back as one."""
    return node.level is Level.PART and node.label == "" and node.ref.startswith("Annex ")


def _split_annexes(points: tuple[Node, ...]) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """The body's units and the trailing annexes (an annex amid units stays a Part)."""
    cut = len(points)
    while cut > 0 and _is_annex(points[cut - 1]):
        cut -= 1
    return points[:cut], points[cut:]


def _write_document(
    parent: etree._Element,
    work: _Work,
    *,
    kind: str,
    doc_name: str,
    component: str,
    title: str | None,
    preamble: Node | None,
    points: tuple[Node, ...],
    ids: _Ids,
    prefix: str = "",
) -> None:
    """One AKN document (the main one or an annex): meta, preface, preamble, body,
    attachments. ``preamble`` is a node whose text (and notes) are the preamble; an
    annex's ``eId``s start with ``prefix`` (``att_1__``): they are unique in the file."""
    from lxml import etree

    sub = etree.SubElement
    document = sub(parent, f"{_NS}{kind}", name=doc_name)
    _meta(document, work, title=title, component=component)
    if title:
        eid = ids.claim(f"{prefix}preface")
        preface = sub(document, f"{_NS}preface", eId=eid, wId=eid)
        title_line = sub(preface, f"{_NS}p", attrib={"class": "title"})
        sub(title_line, f"{_NS}docTitle").text = xml_safe(title)
    if preamble is not None and (preamble.text or preamble.notes):
        eid = ids.claim(f"{prefix}preamble")
        _write_words(document, "preamble", preamble, eid, ids)
        document[-1].set("eId", eid)
        document[-1].set("wId", eid)
    body_points, annexes = _split_annexes(points)
    body = sub(document, f"{_NS}{'mainBody' if kind == 'doc' else 'body'}")
    for point in body_points:
        _write_node(body, point, prefix.removesuffix("__"), ids)
    if not body_points:
        # an AKN body holds at least one unit: an empty, unnumbered container
        eid = ids.claim(f"{prefix}hcontainer_1")
        empty = sub(body, f"{_NS}hcontainer", eId=eid, wId=eid, name="empty")
        sub(sub(empty, f"{_NS}content"), f"{_NS}p")
    if annexes:
        attachments = sub(document, f"{_NS}attachments")
        for number, annex in enumerate(annexes, start=1):
            eid = ids.claim(f"{prefix}att_{number}")
            holder = sub(attachments, f"{_NS}attachment", eId=eid, wId=eid)
            holder.set(REF_ATTRIBUTE, xml_safe(annex.ref))
            _write_document(
                holder,
                work,
                kind="doc",
                doc_name="annex",
                component=f"annex_{number}",
                title=annex.heading,
                preamble=annex,
                points=annex.children,
                ids=ids,
                prefix=f"{eid}__",
            )


def tree_to_akn(
    tree: DocumentTree,
    *,
    name: str,
    kind: AknKind = "doc",
    subtype: str = "treaty",
    country: str = "un",
    language: str = "eng",
    date: dt.date | None = None,
    alias: str | None = None,
) -> bytes:
    """The tree as an Akoma Ntoso 3.0 document (UTF-8 XML bytes).

    ``name`` is the work's number in its FRBR URI (``/akn/un/doc/treaty/<date>/<name>``);
    ``kind`` the AKN document type (``doc`` for a treaty or a negotiating text, whose
    ``name`` attribute is ``subtype``); ``alias`` a name people use for this version
    (``framework@2``), kept as an ``FRBRalias``. ``date`` defaults to today. Trailing
    annexes read from AKN attachments are written back as attachments.
    """
    from lxml import etree

    if kind not in ("act", "bill", "doc"):
        raise InvalidInput(f"AKN export: unknown document type {kind!r}: expected act, bill or doc")
    number = _uri_token(name, "name")
    country_code = _uri_token(country, "country").lower()
    subtype_token = _uri_token(subtype, "subtype") if kind == "doc" else kind
    when = (date or dt.datetime.now(dt.UTC).date()).isoformat()
    kind_path = f"doc/{subtype_token}" if kind == "doc" else kind
    work = _Work(
        uri=f"/akn/{country_code}/{kind_path}/{when}/{number}",
        number=number,
        country=country_code,
        language=_uri_token(language, "language").lower(),
        date=when,
        alias=alias,
    )
    root = etree.Element(
        f"{_NS}akomaNtoso", nsmap={None: AKN_NAMESPACE, "onetext": ONETEXT_NAMESPACE}
    )
    preamble = Node(ref="", label="", level=Level.PARAGRAPH, heading=None, text=tree.preamble)
    _write_document(
        root,
        work,
        kind=kind,
        doc_name=subtype_token,
        component="main",
        title=tree.title,
        preamble=preamble,
        points=tree.points,
        ids=_Ids({_SOURCE}),
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


class StoredDivision(Protocol):
    """A division a stored point sits in (``model.Division`` once units carry it)."""

    @property
    def level(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def ref(self) -> str: ...
    @property
    def heading(self) -> str | None: ...


class StoredUnit(Protocol):
    """A stored point with its place in the tree: ``label`` its citation, ``number``
    its label as printed, ``path`` the divisions it sits in, outermost first."""

    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def heading(self) -> str | None: ...
    @property
    def level(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def path(self) -> Sequence[StoredDivision]: ...
    @property
    def notes(self) -> Sequence[str]: ...


def _level_named(name: str) -> Level:
    return Level(name) if name in {level.value for level in Level} else Level.PARAGRAPH


@dataclass
class _Growing:
    """A node of a tree being rebuilt from stored units."""

    ref: str
    label: str
    level: Level
    heading: str | None
    text: str = ""
    notes: tuple[str, ...] = ()
    children: list[_Growing] = field(default_factory=list)

    def freeze(self) -> Node:
        return Node(
            ref=self.ref,
            label=self.label,
            level=self.level,
            heading=self.heading,
            text=self.text,
            options=extract_options(self.label, self.text),
            notes=self.notes,
            children=tuple(child.freeze() for child in self.children),
        )


def stored_tree(title: str | None, preamble: str, units: Sequence[StoredUnit]) -> DocumentTree:
    """The tree of a stored version whose units keep their level, printed number and
    divisions: the divisions become the containers again (a division that is also a
    unit gets its words), each unit keeps its citation."""
    roots: list[_Growing] = []
    by_ref: dict[str, _Growing] = {}

    def place(node: _Growing, parent: _Growing | None) -> _Growing:
        found = by_ref.get(node.ref)
        if found is not None:
            return found
        by_ref[node.ref] = node
        (parent.children if parent is not None else roots).append(node)
        return node

    for unit in units:
        parent: _Growing | None = None
        for division in unit.path:
            level = _level_named(division.level)
            parent = place(_Growing(division.ref, division.label, level, division.heading), parent)
        own = by_ref.get(unit.label)
        if own is None:
            level = _level_named(unit.level)
            own = place(
                _Growing(unit.label, unit.number or unit.label, level, unit.heading), parent
            )
        own.text, own.notes = unit.text, tuple(unit.notes)
        own.heading = unit.heading if unit.heading is not None else own.heading
    return DocumentTree(title=title, preamble=preamble, points=tuple(n.freeze() for n in roots))


def draft_tree(draft: ParsedDraft) -> DocumentTree:
    """A flat draft (a stored version's points) as a tree: each point one unit, an
    Article when the draft numbers Articles, else a paragraph. Richer structure is the
    tree parser's to find."""
    article = draft.numbering == "article"
    units = [
        DraftUnit(
            level=Level.ARTICLE if article else Level.PARAGRAPH,
            label=f"Article {point.label}" if article else point.label,
            heading=point.heading,
            lines=point.text.split("\n") if point.text else [],
        )
        for point in draft.points
    ]
    return DocumentTree(title=draft.title, preamble=draft.preamble, points=build_nodes(units))
