"""Property tests: any document tree, built node by node, exports to a file the AKN 3.0
schema accepts and imports back to the same tree; without onetext's citations in
the file, they are rebuilt from the numbers and a second round trip changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from akn_support import schema_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from onetext.formats.akn import akn_to_tree, tree_to_akn
from onetext.formats.akn_refs import LEVEL_ATTRIBUTE, REF_ATTRIBUTE
from onetext.text.brackets import extract_notes, extract_options
from onetext.text.tree import DocumentTree, Level, Node

_TOKENS = [
    "Parties", "shall", "should", "[shall]", "[should]", "[", "]", "[take [ambitious] action]",
    "[Note: text to be streamlined]", "[^4]", "*[editorial]*", "Option 1:", "Option 2:",
    "/", "—", "émissions", "“quoted”", "&", "<", ">", "'", '"', "2030", "(a)", "[link](#x)",
    "  ", "\u00a0", "Article", "1.", "%", "\\[", "]]", "[[",
]  # fmt: skip
_SAFE = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
_LABELS = {
    Level.PART: ["I", "II", "IV", "1", "A", "3bis", "", "PART II", "Annex I", "Schedule 2"],
    Level.CHAPTER: ["I", "2", "X", "B", "", "Chapter 3", "CHAPTER IV"],
    Level.SECTION: ["1", "2", "III", "C", "", "Section 4", "§ 5"],
    Level.ARTICLE: ["1", "2", "3", "4bis", "17", "", "Article 4", "ARTICLE 2", "Art. 9"],
    Level.PARAGRAPH: ["1", "2", "2bis", "3.3alt", "(1)", "(2)", "10", "", "Paragraph 3", "Point 7"],
    Level.ITEM: ["(a)", "(b)", "(i)", "(ii)", "a)", "1.2", "–", ""],
}
_ORDER = list(Level)


def _stable(line: str) -> bool:
    """A line as a ``<p>`` gives it back: no breaks or tabs, nothing to trim."""
    return line == line.strip() and not any(c in line for c in "\t\r\n")


_line = st.one_of(
    st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=8).map(" ".join),
    st.text(_SAFE, min_size=1, max_size=30),
).filter(lambda line: _stable(line) and line != "")
_text = st.one_of(
    st.just(""),
    st.lists(st.one_of(_line, st.just("")), min_size=1, max_size=4)
    .map(lambda lines: "\n".join(lines).strip("\n"))
    .filter(lambda text: all(_stable(line) for line in text.split("\n"))),
)
_heading = st.one_of(st.none(), _line)
_extra_note = st.one_of(st.sampled_from(["[^4]: A footnote.", "Translator's note"]), _line)


def _below(level: Level) -> list[Level]:
    if level in (Level.PARAGRAPH, Level.ITEM):
        return [Level.ITEM]
    if level is Level.ARTICLE:
        return [Level.PARAGRAPH, Level.ITEM]
    return _ORDER[_ORDER.index(level) + 1 :]


@st.composite
def _node(draw: st.DrawFn, level: Level, depth: int) -> Node:
    children: list[Node] = []
    if depth < 3:
        levels = _below(level)
        wanted = draw(st.lists(st.sampled_from(levels), max_size=3))
        if level is Level.SECTION and Level.ARTICLE not in wanted:
            wanted.insert(0, Level.ARTICLE)  # a section without articles is an article
        children = [draw(_node(child, depth + 1)) for child in wanted]
    elif level is Level.SECTION:
        level = Level.ARTICLE
    label = draw(st.sampled_from(_LABELS[level]))
    text = draw(_text)
    notes = (*extract_notes(text), *draw(st.lists(_extra_note, max_size=2)))
    return Node(
        ref="",
        label=label,
        level=level,
        heading=draw(_heading),
        text=text,
        options=extract_options(label, text),
        notes=notes,
        children=tuple(children),
    )


def _number(nodes: tuple[Node, ...], counter: itertools.count[int]) -> tuple[Node, ...]:
    """Refs of the generator's own: any unique string (import rebuilds them)."""
    return tuple(
        dataclasses.replace(n, ref=f"r{next(counter)}", children=_number(n.children, counter))
        for n in nodes
    )


@st.composite
def trees(draw: st.DrawFn) -> DocumentTree:
    top = draw(st.lists(st.sampled_from(list(Level)), min_size=0, max_size=4))
    points = tuple(draw(_node(level, 0)) for level in top)
    title = draw(st.one_of(st.none(), _line))
    return DocumentTree(
        title=title, preamble=draw(_text), points=_number(points, itertools.count())
    )


def _shape(node: Node) -> tuple[object, ...]:
    return (
        node.label,
        node.level,
        node.heading,
        node.text,
        node.options,
        node.notes,
        tuple(_shape(child) for child in node.children),
    )


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(trees(), st.sampled_from(["doc", "act", "bill"]))
def test_export_is_schema_valid_and_import_gives_the_tree_back(
    tree: DocumentTree, kind: str
) -> None:
    exported = tree_to_akn(tree, name="generated", kind=kind, date=dt.date(2026, 3, 1))  # type: ignore[arg-type]
    assert schema_errors(exported) == []
    # the citations travel in onetext:ref: the tree comes back exactly
    assert akn_to_tree(exported) == tree
    # without them (a file from elsewhere), citations are rebuilt from the numbers
    back = akn_to_tree(_without_refs(exported))
    assert (back.title, back.preamble) == (tree.title, tree.preamble)
    assert [_shape(p) for p in back.points] == [_shape(p) for p in tree.points]
    refs = [node.ref for node in back.walk()]
    assert len(refs) == len(set(refs))
    assert all(refs)
    assert akn_to_tree(tree_to_akn(back, name="again", kind="doc")) == back


def _without_refs(data: bytes) -> bytes:
    """The file as another tool would write it: no onetext attributes."""
    root = etree.fromstring(data)
    for element in root.iter():
        element.attrib.pop(REF_ATTRIBUTE, None)
        element.attrib.pop(LEVEL_ATTRIBUTE, None)
    return bytes(etree.tostring(root))
