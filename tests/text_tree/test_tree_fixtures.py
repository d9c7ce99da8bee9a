"""Texts in the shapes negotiators table, written for these tests: a UN-style
bracketed draft, a charter, a coalition agreement, a resolution, odd markers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from onetext.errors import DocumentParseError
from onetext.text.outline import parse_document
from onetext.text.parse import parse_draft
from onetext.text.tree import DocumentTree, Level, Node
from text_tree.tree_support import lost_words

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> DocumentTree:
    return parse_document((FIXTURES / name).read_text(), markdown=name.endswith(".md"))


def by_ref(tree: DocumentTree) -> dict[str, Node]:
    return {node.ref: node for node in tree.walk()}


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_no_word_of_a_fixture_is_lost(name: str) -> None:
    source = (FIXTURES / name).read_text()
    assert lost_words(source, read(name)) == Counter()


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("adp-style.txt", {"article": 5, "paragraph": 13, "item": 7}),
        ("charter-style.txt", {"chapter": 2, "article": 4, "paragraph": 7, "item": 0}),
        ("coalition-style.md", {"chapter": 2, "section": 4, "paragraph": 0, "item": 3}),
        ("resolution-style.txt", {"article": 0, "paragraph": 6, "item": 2}),
        ("misc-markers.txt", {"part": 1, "article": 4, "paragraph": 4, "item": 6}),
        # hard-wrapped as text copied out of a PDF, with a page header between Articles
        ("treaty-wrapped.txt", {"section": 0, "article": 6, "paragraph": 12, "item": 10}),
    ],
)
def test_the_tree_has_the_units_the_text_has(name: str, counts: dict[str, int]) -> None:
    tree = read(name)
    assert {level: tree.count(Level(level)) for level in counts} == counts


def test_paragraph_numbers_restart_in_every_article() -> None:
    nodes = by_ref(read("charter-style.txt"))
    assert [nodes[r].label for r in ("1.1", "1.2", "2.1", "4.2")] == ["1", "2", "1", "2"]
    assert nodes["Chapter II"].heading == "MEMBERSHIP"
    assert nodes["1"].text == "The Purposes of the Commission are:"


def test_brackets_nest_and_notes_are_never_options() -> None:
    nodes = by_ref(read("adp-style.txt"))
    purpose = nodes["2.1"]
    keys = {o.key: (o.text, o.parent) for o in purpose.options}
    # [hazards][risks [and losses [and damage]]]: a choice inside a choice inside a choice
    risks = next(k for k, (t, _) in keys.items() if t.startswith("risks"))
    losses = next(k for k, (t, p) in keys.items() if t.startswith("and losses"))
    damage = next(k for k, (t, p) in keys.items() if t == "and damage")
    assert keys[losses][1] == risks and keys[damage][1] == losses
    article_one = nodes["1"]
    assert article_one.options == ()
    assert "[^1]" in article_one.notes
    assert any("definitions may be revisited" in n for n in article_one.notes)
    merged = nodes["4.2"]
    assert merged.notes == ("[Note: the Co-facilitators propose to merge paragraphs 2 and 3.]",)
    assert all("Co-facilitators" not in o.text for o in merged.options)
    assert nodes["2.2"].notes == (
        "[Placement of paragraph 2 to be considered in light of Article 5]",
    )


def test_option_blocks_and_alt_paragraphs() -> None:
    nodes = by_ref(read("adp-style.txt"))
    assert nodes["3"].heading == "{Adaptation}"
    assert [c.ref for c in nodes["3"].children] == ["3.opt1", "3.opt2"]
    assert [c.ref for c in nodes["3.opt1"].children] == ["3.opt1.1", "3.opt1.2"]
    assert nodes["2.1bis"].label == "1bis"
    assert nodes["4.3.3alt"].label == "3.3alt"
    inline = nodes["2.2"]  # "2. Option 1: ... / Option 2: ..." inside one paragraph
    top = [o for o in inline.options if o.parent is None and o.group == 1]
    assert len(top) == 2 and top[1].text.startswith("[Developed country Parties shall lead]")


def test_items_nest_by_their_marker_style() -> None:
    nodes = by_ref(read("adp-style.txt"))
    assert [c.ref for c in nodes["5.2(b)"].children] == ["5.2(b)(i)", "5.2(b)(ii)"]
    misc = by_ref(read("misc-markers.txt"))
    assert [c.label for c in misc["5"].children] == ["", ""]  # marked only by indentation
    assert misc["4.2"].text == "The ceasefire line is monitored."  # Article 4, paragraph 2
    assert misc["1"].label == "Point 1" and misc["2"].label == "Paragraph 2"
    assert "Section 22 of the principal Act is amended" in misc["2"].text
    assert misc["Part II"].heading == "ALLOCATION"
    assert "[the map](https://example.org/map)" in misc["7"].text and not misc["7"].options


def test_numbered_sections_with_prose_and_setext_headings() -> None:
    tree = read("coalition-style.md")
    nodes = by_ref(tree)
    assert tree.title == "Coalition Agreement of the Three Parties"
    assert nodes["I.1"].heading == "Cooperation in government"
    assert nodes["I.1"].text.endswith("A coalition committee meets every month.")
    assert "**" not in nodes["I.1"].text  # Markdown emphasis understood
    assert [c.label for c in nodes["II.2"].children] == ["-", "-", "–"]


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("Article 1\n1. The [Parties shall act.\n2. Fine.\n", "line 2, column 8"),
        ("Article 1\n1. Fine.\n2. The Parties] act.\n", "line 3, column 15"),
    ],
)
def test_unbalanced_brackets_name_line_and_column(source: str, where: str) -> None:
    with pytest.raises(DocumentParseError, match=where):
        parse_document(source)


def test_a_stored_version_keeps_the_place_of_each_unit() -> None:
    draft = parse_draft((FIXTURES / "charter-style.txt").read_text())
    units = {p.label: p for p in draft.points}
    assert [d.ref for d in units["2.1"].path] == ["Chapter I", "2"]
    assert units["2"].level == "article" and units["2.1"].number == "1"


def test_a_wrapped_first_line_is_not_a_heading_and_page_furniture_is_not_structure() -> None:
    nodes = by_ref(read("treaty-wrapped.txt"))
    assert nodes["1"].heading is None
    assert nodes["1"].text.startswith("For the purpose of this Agreement")
    assert [n.ref for n in read("treaty-wrapped.txt").points] == ["1", "2", "3", "4", "5", "6"]
    assert "FCCC/NS/2019/L.9" in nodes["2.2"].text  # kept, as words, where it fell


def test_un_preambular_and_operative_paragraph_labels() -> None:
    tree = parse_document(
        "Draft resolution\n\nThe General Assembly,\n\nPP1 Recalling its resolution 70/1,\n\n"
        "PP2bis [Deeply concerned][Concerned] by storms,\n\n"
        "OP1 Calls upon States to act;\n\nOP2 Requests a report:\n(a) on capacities;\n"
    )
    assert [n.ref for n in tree.walk()] == ["PP1", "PP2bis", "OP1", "OP2", "OP2(a)"]
    assert tree.preamble == "The General Assembly,"
