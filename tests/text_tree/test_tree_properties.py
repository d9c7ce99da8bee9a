"""Properties of the tree reader: parse → render → parse gives the same tree, and
no word of the source is lost, for generated UN-style texts and for any text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from onetext.errors import DocumentParseError
from onetext.text.outline import parse_document
from onetext.text.parse import draft_from_tree
from onetext.text.render import render_draft
from onetext.text.tree import DocumentTree
from text_tree.tree_support import lost_words

WORD = st.sampled_from(
    [
        "Parties",
        "shall",
        "should",
        "support",
        "finance",
        "review",
        "the",
        "global",
        "goal",
        "adaptation",
        "loss",
        "damage",
        "each",
        "Party",
        "developed",
        "country",
        "capacity",
    ]
)
PHRASE = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def bracketed(draw: st.DrawFn, depth: int = 0) -> str:
    """A phrase, a lone bracket, adjacent alternatives, or a nested bracket."""
    kind = draw(
        st.sampled_from(["plain", "lone", "alternatives", "nested"][: 4 if depth < 2 else 1])
    )
    if kind == "plain":
        return draw(PHRASE)
    if kind == "lone":
        return f"[{draw(PHRASE)}]"
    if kind == "alternatives":
        return "".join(f"[{p}]" for p in draw(st.lists(PHRASE, min_size=2, max_size=3)))
    return f"[{draw(PHRASE)} {draw(bracketed(depth + 1))}]"


@st.composite
def sentence(draw: st.DrawFn) -> str:
    parts = draw(st.lists(bracketed(), min_size=1, max_size=4))
    note = draw(st.sampled_from(["", "", " [Note: to be revisited]", "[^1]"]))
    return "The " + " ".join(parts) + note + "."


@st.composite
def paragraph(draw: st.DrawFn, number: str) -> list[str]:
    lines = [f"{number}. {draw(sentence())}"]
    items = draw(st.integers(0, 3))
    if items:
        lines[0] = lines[0][:-1] + ":"
    for i in range(items):
        lines.append(f"({chr(97 + i)}) {draw(sentence())[:-1]};")
        for j in range(draw(st.integers(0, 2))):
            lines.append(f"({['i', 'ii'][j]}) {draw(sentence())[:-1]};")
    return lines


@st.composite
def texts(draw: st.DrawFn) -> str:
    lines = ["DRAFT AGREEMENT ON THE GLOBAL GOAL", "", "The Parties to this Agreement,", ""]
    if draw(st.booleans()):
        for article in range(1, draw(st.integers(1, 4)) + 1):
            heading = draw(st.sampled_from(["", " — Finance", "\n[Adaptation]"]))
            lines += [f"Article {article}{heading}", ""]
            numbers = [str(n) for n in range(1, draw(st.integers(1, 3)) + 1)]
            if draw(st.booleans()):
                numbers.insert(1, "1bis")
            for number in numbers:
                lines += [*draw(paragraph(number)), ""]
    else:
        for number in range(1, draw(st.integers(1, 5)) + 1):
            lines += [*draw(paragraph(str(number))), ""]
    if "[^1]" in "\n".join(lines):
        lines.append("[^1]: A footnote of the secretariat.")
    return "\n".join(lines)


def round_trip(tree: DocumentTree, *, markdown: bool) -> DocumentTree:
    draft = draft_from_tree(tree)
    text = render_draft(
        draft.points,
        title=draft.title,
        preamble=draft.preamble,
        numbering=draft.numbering,
        markdown=markdown,
    )
    return parse_document(text, markdown=markdown)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.booleans())
def test_parse_render_parse_gives_the_same_tree(source: str, markdown: bool) -> None:
    tree = parse_document(source)
    again = round_trip(tree, markdown=markdown)
    assert again.points == tree.points
    assert (again.title, again.preamble) == (tree.title, tree.preamble)
    assert draft_from_tree(again).points == draft_from_tree(tree).points


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_every_word_of_a_generated_text_survives(source: str) -> None:
    assert lost_words(source, parse_document(source)) == {}


LINE = st.lists(
    st.sampled_from(
        [
            *"abcXYZ 0123.,;:()[]{}*_#-–•→^\t",
            "Article ",
            "Option 1:",
            "Part II",
            "(a) ",
            "1. ",
            "\n",
            "\n\n",
            "[Note: ",
            "Section 2",
            "(i) ",
            "## ",
            "===",
            "[^1]: ",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("1. A [b\n2. c] d.\n", False)
@example("Article 1\n\n1. x\n\nOption 1:\n", True)
@given(LINE, st.booleans())
def test_any_text_parses_without_losing_a_word_or_is_refused_cleanly(
    source: str, markdown: bool
) -> None:
    try:
        tree = parse_document(source, markdown=markdown)
    except DocumentParseError:
        return
    assert lost_words(source, tree) == {}
    tree.to_json()
