"""Texts as they arrive from a PDF or a web page: YAML front matter, kramdown
attributes, a "Preamble" of unnumbered paragraphs, Markdown nested lists for
``(a)``/``(b)``, ``Article 2 *(purpose)*`` and ``[Article 2bis]`` headings, one
number repeated in two Option blocks, and brackets lost in conversion. The
fixture is written for these tests in the shape of a converted ADP compilation."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.errors import DocumentParseError
from onetext.text.outline import parse_document
from onetext.text.parse import parse_draft
from onetext.text.tree import DocumentTree, Level, Node
from text_tree.tree_support import lost_words

CONVERTED = Path(__file__).parent / "converted" / "adp-converted.md"


def lenient() -> DocumentTree:
    return parse_document(CONVERTED.read_text(encoding="utf-8"), markdown=True, lenient=True)


def by_ref(tree: DocumentTree) -> dict[str, Node]:
    return {node.ref: node for node in tree.walk()}


def test_strict_reading_names_every_stray_bracket_at_once() -> None:
    with pytest.raises(DocumentParseError) as raised:
        parse_document(CONVERTED.read_text(encoding="utf-8"), markdown=True)
    message = str(raised.value)
    assert "2 unbalanced brackets" in message
    assert "']' closes a bracket that was never opened (line 64, column 80)" in message
    assert "'[' is never closed (line 66, column 53)" in message
    assert "--lenient" in message
    assert (raised.value.line, raised.value.column) == (64, 80)


def test_lenient_reading_warns_and_reads_strays_at_the_unit_edge() -> None:
    tree = lenient()
    strays = [w for w in tree.warnings if "unbalanced" in w]
    assert len(strays) == 2
    nodes = by_ref(tree)
    # the lost '[' opened the unit: the whole sentence is the bracketed phrase,
    # and not a letter of it is dropped
    reaffirms = nodes["3.2"]
    assert [o.text for o in reaffirms.options if o.text] == [
        "Reaffirms that releases are notified in advance, regardless of the season,"
    ]
    assert [o.text for o in nodes["3.3"].options if o.text] == ["and by diplomatic note."]


def test_front_matter_is_metadata_and_attributes_are_not_text() -> None:
    tree = lenient()
    assert tree.title == "Draft Basin Accord, compilation of 4 March"
    assert "layout" not in tree.preamble and "{:toc}" not in tree.preamble
    assert "converted from the co-facilitators' PDF" in tree.preamble
    lost = lost_words(CONVERTED.read_text(encoding="utf-8"), tree)
    assert set(lost) <= {"title", "layout", "page", "toc"}, lost


def test_preamble_paragraphs_are_units_and_options_stay_together() -> None:
    nodes = by_ref(lenient())
    preamble = [n for n in nodes.values() if n.ref.startswith("PP")]
    assert [n.ref for n in preamble] == ["PP1", "PP2", "PP3", "PP4", "PP5"]
    assert nodes["PP3"].options[0].text == "1987"
    # Option 1 and Option 2 of one preambular paragraph are one unit, one choice
    keys = [o.key for o in nodes["PP4"].options]
    assert keys[:2] == ["1a", "1b"] and "needs of downstream" in nodes["PP4"].text
    # a hard-wrapped paragraph is one unit
    assert nodes["PP5"].text.endswith("before works that may cause harm,")
    assert nodes["1"].level is Level.ARTICLE  # Article 1 is not inside the preamble


def test_headings_in_parentheses_and_in_brackets() -> None:
    nodes = by_ref(lenient())
    assert (nodes["1"].heading, nodes["2"].heading, nodes["3"].heading) == (
        "definitions",
        "purpose",
        "flow",
    )
    assert nodes["2bis"].label == "[Article 2bis]" and nodes["2bis"].heading == "general"


def test_a_nested_numbered_list_is_the_items_of_its_paragraph() -> None:
    nodes = by_ref(lenient())
    items = [c for c in nodes["2.1"].children if c.level is Level.ITEM]
    assert [i.ref for i in items] == ["2.1(1)", "2.1(2)", "2.1(3)"]
    assert nodes["2.2"].text == "The Parties shall implement this Accord in good faith."


def test_one_number_in_two_option_blocks_is_cited_apart() -> None:
    nodes = by_ref(lenient())
    assert nodes["2bis.opt1.1"].text.startswith("Each Party shall")
    assert nodes["2bis.opt2.1"].text == "Each Party may designate a focal point."


def test_a_number_printed_twice_is_refused_strictly_and_told_apart_leniently() -> None:
    source = "1. First.\n\n2. Second.\n\n2. Second again.\n\n3. Third.\n"
    with pytest.raises(DocumentParseError, match="appears twice"):
        parse_document(source)
    tree = parse_document(source, lenient=True)
    assert [n.ref for n in tree.walk()] == ["1", "2", "2~2", "3"]
    assert tree.warnings == ("2 is numbered twice (lines 3 and 5): the later is cited as 2~2",)
    draft = parse_draft(source, lenient=True)
    assert [p.label for p in draft.points] == ["1", "2", "2~2", "3"]
    assert draft.warnings == tree.warnings


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6),
    st.sampled_from([1, 2, 3, 4]),
)
def test_nested_lists_under_chapeaux_keep_paragraphs_and_items(
    shape: list[int], indent: int
) -> None:
    lines: list[str] = []
    for number, items in enumerate(shape, start=1):
        chapeau = "including by:" if items else "and so on."
        lines += [f"{number}. Paragraph {number} text {chapeau}", ""]
        lines += [f"{' ' * indent}{k}. item {number} {k};" for k in range(1, items + 1)]
        lines.append("")
    tree = parse_document("\n".join(lines))
    paragraphs = [n for n in tree.walk() if n.level is Level.PARAGRAPH]
    assert [p.ref for p in paragraphs] == [str(n) for n in range(1, len(shape) + 1)]
    assert [sum(1 for c in p.children if c.level is Level.ITEM) for p in paragraphs] == shape
    assert lost_words("\n".join(lines), tree) == Counter()


def test_cli_parse_and_import_read_a_converted_text_only_when_told(tmp_path: Path) -> None:
    import json

    from tests_support import build_small_record, must, run_cli

    refused = run_cli("parse", str(CONVERTED))
    assert refused.code == 2 and "2 unbalanced brackets" in refused.err
    assert "Traceback" not in refused.err
    read = run_cli("parse", "--lenient", str(CONVERTED))
    assert read.code == 0 and read.err.count("warning: unbalanced bracket") == 2
    as_json = json.loads(must("parse", "--lenient", "--json", str(CONVERTED)))
    assert len(as_json["warnings"]) == 2 and as_json["title"].startswith("Draft Basin")

    db = str(tmp_path / "converted.db")
    build_small_record(db)
    before = json.loads(must("versions", "--json", "--db", db))
    result = run_cli("import", str(CONVERTED), "-d", "basin", "--party", "envoy", "--db", db)
    assert result.code == 2 and "--lenient" in result.err
    assert json.loads(must("versions", "--json", "--db", db)) == before  # nothing changed
    result = run_cli(
        "import", str(CONVERTED), "-d", "basin", "--party", "envoy", "--lenient", "--db", db
    )
    assert result.code == 0, result.err
    assert result.err.count("warning: unbalanced bracket") == 2
    shown = must("show", "basin", "--json", "--db", db)
    assert "PP4" in shown and "2bis.opt2.1" in shown


def test_suffixed_items_and_options_indented_under_a_headed_paragraph() -> None:
    source = (
        "## Article 11\n\n1. The review shall:\n\n(a) Count the flows;\n\n"
        "(a)bis.Count the wells;\n\n(b) quinquies. Hear the basin users;\n\n"
        "(c) Report.\n\n3. **(Nature)**\n\n    **Option 1:** A standing body.\n\n"
        "    **Option 2:** A body convened when asked.\n"
    )
    nodes = by_ref(parse_document(source, markdown=True))
    items = [c.ref for c in nodes["11.1"].children]
    assert items == ["11.1(a)", "11.1(a)bis", "11.1(b)quinquies", "11.1(c)"]
    assert nodes["11.3"].heading == "(Nature)"
    assert [o.text for o in nodes["11.3"].options] == [
        "A standing body.",
        "A body convened when asked.",
    ]


def test_a_resolution_without_numbers_reads_as_pp_then_op_units() -> None:
    source = (
        "Draft decision on shared aquifers\n\n*The Conference of the Parties*,\n\n"
        "*Recalling* its decision 4/2 on [groundwater][shared aquifers],\n\n"
        "*Deeply concerned* by falling water tables,\n\n"
        "*Decides* to establish an expert group;\n\n"
        "*Requests* the secretariat to support the group,\n"
        "within available resources;\n\n"
        "*Invites* Parties to share data.\n"
    )
    tree = parse_document(source, markdown=True)
    assert [n.ref for n in tree.walk()] == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    assert "The Conference of the Parties," in tree.preamble
    nodes = by_ref(tree)
    assert [o.text for o in nodes["PP1"].options] == ["groundwater", "shared aquifers"]
    assert nodes["OP2"].text.endswith("within available resources;")
    assert lost_words(source, tree) == Counter()
    # a treaty's "The Parties to this Accord," keeps its preamble as words
    treaty = parse_document(
        "The Parties to this Accord,\n\nRecognizing the basin,\n\nHave agreed as follows:\n\n"
        "Article 1\n\n1. The Parties shall cooperate.\n"
    )
    assert [n.ref for n in treaty.walk()] == ["1", "1.1"]
    assert "Have agreed as follows:" in treaty.preamble


@pytest.mark.parametrize("markdown", [False, True])
def test_converted_shapes_write_back_and_read_the_same(markdown: bool) -> None:
    from onetext.text.parse import draft_from_tree
    from onetext.text.render import render_draft

    resolution = parse_document(
        "The General Assembly,\n\nRecalling its [earlier] decision,\n\n"
        "Decides to act;\n\nRequests a report.\n"
    )
    for tree in (lenient(), resolution):
        draft = draft_from_tree(tree)
        text = render_draft(
            draft.points,
            title=draft.title,
            preamble=draft.preamble,
            numbering=draft.numbering,
            markdown=markdown,
        )
        again = parse_document(text, markdown=markdown, lenient=True)
        assert [(n.ref, n.text) for n in again.walk()] == [(n.ref, n.text) for n in tree.walk()]


@pytest.mark.parametrize("markdown", [False, True])
def test_an_option_header_with_a_range_opens_a_block_of_paragraphs(markdown: bool) -> None:
    from onetext.text.parse import draft_from_tree
    from onetext.text.render import render_draft

    source = (
        "## Article 5\n\n1. *Recognizes* the first.\n\n**Option I** (paras 2-3):\n\n"
        "2. *Notes* one.\n\n3. *Decides* two.\n\n**Option 2** (paras 2-3):\n\n"
        "2. *Notes* three.\n\n## Article 6\n\n1. *Requests* four.\n"
    )
    tree = parse_document(source, markdown=True)
    nodes = by_ref(tree)
    assert [n.ref for n in tree.walk()] == [
        "5", "5.1", "5.optI", "5.optI.2", "5.optI.3", "5.opt2", "5.opt2.2", "6", "6.1",
    ]  # fmt: skip
    assert nodes["5.optI"].heading == "paras 2-3"
    assert nodes["5.1"].options == ()  # the header is not a choice inside paragraph 1
    draft = draft_from_tree(tree)
    text = render_draft(draft.points, numbering=draft.numbering, markdown=markdown)
    again = parse_document(text, markdown=markdown)
    assert [(n.ref, n.heading, n.text) for n in again.walk()] == [
        (n.ref, n.heading, n.text) for n in tree.walk()
    ]
