"""Property tests on AKN-shaped XML that the exporter did not write: random trees of
AKN (and unknown) elements, valid or not against the schema. Import never fails with
anything but a one-line ``DocumentParseError``, and no word of the file is lost."""

from __future__ import annotations

from collections import Counter

from akn_support import AKN, source_words, tree_words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from onetext.errors import DocumentParseError
from onetext.formats.akn import akn_to_tree

_HIER = [
    "part", "chapter", "section", "article", "paragraph", "subsection", "point", "list",
    "hcontainer", "alinea", "subparagraph", "level", "tblock", "division", "rule",
]  # fmt: skip
_BLOCKS = ["content", "intro", "wrapUp", "p", "blockList", "table", "crossHeading", "foo"]
_INLINE = ["b", "i", "remark", "authorialNote", "eol", "term", "ref", "bar", "docTitle"]
_NUMS = ["1.", "(a)", "Article 4", "IV", "Chapter 2", "2bis", "", "Part III", "Section 1."]
_WORDS = st.lists(
    st.sampled_from(
        ["Parties", "shall", "[should]", "[Note: x]", "water", "12", "basin", "[^3]", "é", " "]
    ),
    max_size=4,
).map(lambda words: f" {' '.join(words)} ")  # words of adjacent elements stay apart, as on a page


@st.composite
def _element(draw: st.DrawFn, depth: int) -> etree._Element:
    pools = [_HIER, _BLOCKS, _INLINE] if depth < 4 else [_INLINE]
    name = draw(st.sampled_from(draw(st.sampled_from(pools))))
    element = etree.Element(f"{{{AKN}}}{name}")
    if name == "hcontainer":
        element.set("name", draw(st.sampled_from(["crossheading", "regulation", "schedule", "x"])))
    element.text = draw(st.one_of(st.none(), _WORDS))
    if name in _HIER and draw(st.booleans()):
        num = etree.SubElement(element, f"{{{AKN}}}num")
        num.text = draw(st.sampled_from(_NUMS))
    if name in _HIER and draw(st.booleans()):
        etree.SubElement(element, f"{{{AKN}}}heading").text = draw(_WORDS)
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 1))):
        child = draw(_element(depth + 1))
        child.tail = draw(st.one_of(st.none(), _WORDS))
        element.append(child)
    return element


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["act", "bill", "doc"]))
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap={None: AKN})
    document = etree.SubElement(root, f"{{{AKN}}}{kind}", name=kind)
    meta = etree.SubElement(document, f"{{{AKN}}}meta")
    etree.SubElement(meta, f"{{{AKN}}}identification").text = "metadata words are not read"
    for part in draw(st.lists(st.sampled_from(["preface", "preamble", "foo"]), max_size=2)):
        holder = etree.SubElement(document, f"{{{AKN}}}{part}")
        for _ in range(draw(st.integers(0, 2))):
            holder.append(draw(_element(3)))
    body = etree.SubElement(document, f"{{{AKN}}}{'mainBody' if kind == 'doc' else 'body'}")
    body.text = draw(st.one_of(st.none(), _WORDS))
    for _ in range(draw(st.integers(1, 4))):
        child = draw(_element(0))
        child.tail = draw(st.one_of(st.none(), _WORDS))
        body.append(child)
    if draw(st.booleans()):
        etree.SubElement(document, f"{{{AKN}}}conclusions").append(draw(_element(3)))
    if draw(st.booleans()):
        attachment = etree.SubElement(
            etree.SubElement(document, f"{{{AKN}}}attachments"), f"{{{AKN}}}attachment"
        )
        etree.SubElement(attachment, f"{{{AKN}}}heading").text = draw(_WORDS)
        annex = etree.SubElement(attachment, f"{{{AKN}}}doc", name="annex")
        etree.SubElement(annex, f"{{{AKN}}}meta")
        etree.SubElement(annex, f"{{{AKN}}}mainBody").append(draw(_element(1)))
    return bytes(etree.tostring(root))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_akn_shaped_file_imports_without_losing_a_word(data: bytes) -> None:
    try:
        tree = akn_to_tree(data)
    except DocumentParseError as error:  # pragma: no cover - these shapes all import
        assert "\n" not in str(error)
        raise
    missing = Counter(source_words(data)) - Counter(tree_words(tree))
    assert not missing, f"words lost: {dict(missing)}"
    refs = [node.ref for node in tree.walk()]
    assert len(refs) == len(set(refs))
