"""Import of Akoma Ntoso acts, bills and treaties (``doc``) written for these tests in
the shapes real AKN files have: levels, citations, every word kept, options and notes
from the bracket grammar, and import → export → import giving the same tree."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from akn_support import FIXTURES, schema_errors, source_words, tree_words

from onetext.formats.akn import akn_to_tree, is_akn, tree_to_akn
from onetext.text.tree import FORMAT, Level

FIXTURE_NAMES = ["act_sections.xml", "bill_chapters.xml", "treaty_doc.xml"]


def _load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _refs(name: str) -> dict[str, object]:
    tree = akn_to_tree(_load(name))
    return {node.ref: node for node in tree.walk()}


def test_an_act_of_sections_reads_sections_as_articles_and_subsections_as_paragraphs() -> None:
    tree = akn_to_tree(_load("act_sections.xml"))
    assert tree.title == (
        "To provide for the joint stewardship of shared rivers and for matters connected therewith."
    )
    assert tree.preamble.splitlines() == [
        "Assented to on 14 March 2025.",
        "BE IT ENACTED by the Assembly of the Basin, as follows:",
    ]
    assert [tree.count(level) for level in Level] == [0, 2, 0, 4, 7, 6]
    refs = [node.ref for node in tree.walk()]
    assert refs == [
        "Chapter I", "1", "1(a)", "1(b)", "2", "2(1)", "2(1)(a)", "2(1)(b)", "2(1)(b)(i)",
        "2(1)(b)(ii)", "2.¶2", "Chapter II", "3", "3(1)", "3(2)", "3(2)(a)", "3(2)(b)", "4",
        "¶3",
    ]  # fmt: skip
    nodes = {node.ref: node for node in tree.walk()}
    definitions = nodes["1"]
    assert (definitions.label, definitions.heading) == ("1", "Definitions")
    assert definitions.text == "In this Act, unless the context indicates otherwise—"
    # a footnote is a note, not text; the words around it join up
    riparian = nodes["1(b)"]
    assert riparian.text == '"riparian state" means a state through which a shared river flows.'
    assert riparian.notes == ("Including its tributaries and wetlands.",)
    # a crossheading with no number of its own is kept as the chapter's words
    assert nodes["Chapter II"].text == "Establishment and composition"
    # a list without a number is transparent: its intro is the subsection's text
    assert nodes["3(2)"].text == "The Commission must meet—"
    assert [c.ref for c in nodes["3(2)"].children] == ["3(2)(a)", "3(2)(b)"]
    # a block list inside content stays text, one line per item with its number
    assert nodes["4"].text.splitlines()[-2:] == [
        "(a) consensus; or",
        "(b) failing consensus, two thirds of those present.",
    ]
    assert nodes["¶3"].text == "Passed by the Assembly of the Basin on 1 March 2025."
    assert nodes["2(1)(b)(i)"].line > nodes["2(1)(b)"].line > 0


def test_a_bill_whose_articles_restart_per_chapter_cites_them_under_the_chapter() -> None:
    tree = akn_to_tree(_load("bill_chapters.xml"))
    assert tree.title is None
    assert tree.preamble == ""
    articles = [node.ref for node in tree.walk() if node.level is Level.ARTICLE]
    assert articles == ["1.1", "1.2", "2.1", "2.2"]
    nodes = {node.ref: node for node in tree.walk()}
    assert [o.text for o in nodes["2.1.1"].options] == ["annually", "every two years"]
    assert nodes["1.2.¶1"].text == "For the purposes of this Regulation:"
    assert [c.label for c in nodes["1.2.¶1"].children] == ["(1)", "(2)"]


def test_a_treaty_doc_keeps_brackets_options_notes_conclusions_and_annexes() -> None:
    tree = akn_to_tree(_load("treaty_doc.xml"))
    assert tree.title == "Draft agreement on coastal [resilience][adaptation]"
    assert tree.preamble.splitlines()[0] == "CWG/2025/L.4"
    assert "Recalling earlier commitments [Note: list to be completed by the secretariat]," in (
        tree.preamble
    )
    assert [tree.count(level) for level in Level] == [3, 0, 0, 3, 9, 4]
    nodes = {node.ref: node for node in tree.walk()}
    purpose = nodes["1.1"]
    assert purpose.text == (
        "This Agreement aims to [protect][safeguard] coastal communities [and ecosystems]."
    )
    assert [(o.key, o.text) for o in purpose.options] == [
        ("1a", "protect"),
        ("1b", "safeguard"),
        ("2a", "and ecosystems"),
        ("2none", ""),
    ]
    nested = nodes["1.1bis"]
    assert [(o.key, o.parent) for o in nested.options] == [
        ("1a", None),
        ("1none", None),
        ("2a", "1a"),
        ("2b", "1a"),
    ]
    option_block = nodes["2.1"]
    assert option_block.text.splitlines()[1].startswith("Option 2: Each Party [in a position")
    assert {o.group for o in option_block.options} == {1, 2}
    assert nodes["2.2(a)"].notes == ("[^3]",)
    assert nodes["2.2(a)"].options == ()
    assert nodes["3.¶2"].notes == ("[The secretariat will propose rules of procedure.]",)
    assert nodes["3.¶2"].options == ()
    assert nodes["¶3"].text == "Done at Suva on [date], in a single original."
    annex = nodes["Annex 1"]
    assert (annex.level, annex.heading) == (Level.PART, "Annex: Indicative list of coastal hazards")
    assert [c.ref for c in annex.children] == ["Annex 1.1", "Annex 1.2"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_no_word_of_the_file_is_lost(name: str) -> None:
    data = _load(name)
    missing = Counter(source_words(data)) - Counter(tree_words(akn_to_tree(data)))
    assert not missing, f"words lost: {dict(missing)}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_import_export_import_gives_the_same_tree_and_a_valid_file(name: str) -> None:
    tree = akn_to_tree(_load(name))
    for kind in ("doc", "act", "bill"):
        exported = tree_to_akn(tree, name="again", kind=kind, date=dt.date(2026, 1, 5))
        assert schema_errors(exported) == []
        assert akn_to_tree(exported) == tree
        assert akn_to_tree(exported).to_json() == tree.to_json()


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_the_tree_speaks_the_public_json_contract(name: str) -> None:
    document = akn_to_tree(_load(name)).to_json()
    assert document["format"] == FORMAT
    refs = []

    def walk(nodes: list[dict[str, object]]) -> None:
        for node in nodes:
            assert set(node) == {
                "ref", "label", "level", "heading", "text", "options", "notes", "children",
            }  # fmt: skip
            refs.append(node["ref"])
            walk(node["children"])  # type: ignore[arg-type]

    walk(document["points"])
    assert len(refs) == len(set(refs)) == document["stats"]["units"]


def test_a_section_holding_articles_is_a_section_and_unknown_elements_keep_their_words() -> None:
    data = b"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>
      <body>
        <section><num>Section A</num><heading>Water</heading>
          <article><num>Art. 7</num><content><p>Flows are shared.</p>
            <note><p>An editor's aside survives.</p></note></content></article>
          <article><num>Art. 8</num><alinea><content><p>First alinea.</p></content></alinea>
            <alinea><content><p>Second alinea.</p></content></alinea></article>
        </section>
        <tblock><p>Loose words after the units</p></tblock>
      </body></act></akomaNtoso>"""
    tree = akn_to_tree(data)
    nodes = {node.ref: node for node in tree.walk()}
    assert list(nodes) == ["Section A", "7", "8", "8.¶1", "8.¶2", "¶2"]
    assert nodes["Section A"].level is Level.SECTION
    assert nodes["7"].text == "Flows are shared.\nAn editor's aside survives."
    assert nodes["8.¶2"].level is Level.PARAGRAPH
    assert nodes["¶2"].text == "Loose words after the units"


def test_words_before_the_first_unit_go_to_the_preamble_and_other_namespaces_are_read() -> None:
    data = b"""<?xml version="1.0"?>
    <an:akomaNtoso xmlns:an="http://docs.oasis-open.org/legaldocml/ns/akn/3.0-lenient">
      <an:doc name="resolution"><an:mainBody>
        <an:p>The General Assembly,</an:p>
        <an:paragraph><an:num>1.</an:num><an:content><an:p>Decides [to act].</an:p></an:content>
        </an:paragraph>
      </an:mainBody></an:doc></an:akomaNtoso>"""
    tree = akn_to_tree(data)
    assert tree.preamble == "The General Assembly,"
    assert [(n.ref, n.text) for n in tree.walk()] == [("1", "Decides [to act].")]


def test_is_akn_sniffs_the_root_element() -> None:
    assert is_akn(_load("treaty_doc.xml"))
    assert is_akn(b"\xef\xbb\xbf<?xml version='1.0'?>\n<akomaNtoso xmlns='x'/>")
    assert is_akn(b"<akn:akomaNtoso xmlns:akn='x'>")
    assert not is_akn(b"<html><body>akomaNtoso</body></html>"[:0] + b"<html/>")
    assert not is_akn(b"Article 1\n1. The Parties <akomaNtoso> shall")
    assert not is_akn(b"")
    assert not is_akn(b"PK\x03\x04 binary")


def test_line_breaks_keep_words_apart_and_numbered_hcontainers_take_their_name() -> None:
    data = b"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>
      <body>
        <hcontainer name="regulation"><num>4.</num><heading>Working time</heading>
          <content><p>No worker<eol/>shall work<br/>more than<eop/>the limit.</p></content>
          <paragraph><num>(1)</num><content><p>Averaged over weeks.</p></content></paragraph>
        </hcontainer>
        <hcontainer name="schedule"><num>Schedule 1</num>
          <hcontainer name="item"><num>(a)</num><content><p>Rest breaks.</p></content></hcontainer>
        </hcontainer>
        <hcontainer name="unknownThing"><num>9</num><content><p>Generic.</p></content></hcontainer>
      </body></act></akomaNtoso>"""
    tree = akn_to_tree(data)
    levels = [(n.ref, n.level) for n in tree.walk()]
    assert levels == [
        ("4", Level.ARTICLE),
        ("4(1)", Level.PARAGRAPH),
        ("Schedule 1", Level.PART),
        ("(a)", Level.ITEM),
        ("9", Level.PARAGRAPH),
    ]
    assert tree.points[0].text == "No worker shall work more than the limit."
