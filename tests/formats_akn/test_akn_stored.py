"""A stored version whose units keep their level, printed number and divisions
rebuilt as a tree (``stored_tree``), then exported: units written here by hand in
the shape the store keeps them (citation, level, number, path of divisions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from akn_support import schema_errors

from onetext.formats.akn import akn_to_tree, stored_tree, tree_to_akn
from onetext.text.tree import Level


@dataclass(frozen=True)
class Division:
    level: str
    label: str
    ref: str
    heading: str | None = None


@dataclass(frozen=True)
class Unit:
    label: str
    text: str
    level: str
    number: str
    path: tuple[Division, ...] = ()
    heading: str | None = None
    notes: tuple[str, ...] = ()


CHAPTER = Division("chapter", "CHAPTER I", "Chapter I", "GENERAL")
ARTICLE_2 = Division("article", "Article 2", "2", "Scope")
OPTION = Division("paragraph", "Option 1", "3.opt1")

UNITS = (
    Unit("1", "This Agreement [shall][should] apply.[^1]", "article", "Article 1", (CHAPTER,),
         heading="Purpose", notes=("[^1]", "[^1]: A footnote.")),
    Unit("2", "Words of Article 2 before its paragraphs.", "article", "Article 2", (CHAPTER,),
         heading="Scope"),
    Unit("2.1", "First paragraph.", "paragraph", "1", (CHAPTER, ARTICLE_2)),
    Unit("2.1bis", "(a) an item folded into the text;\n(b) another.", "paragraph", "1bis",
         (CHAPTER, ARTICLE_2)),
    Unit("3.opt1.1", "Option text.", "paragraph", "1",
         (Division("article", "Article 3", "3"), OPTION)),
    Unit("4", "An Article outside the Chapter.", "article", "Article 4"),
)  # fmt: skip


def test_divisions_become_containers_again_and_units_keep_their_citations() -> None:
    tree = stored_tree("Draft", "Preamble.", UNITS)
    assert [(n.ref, n.level, n.label) for n in tree.walk()] == [
        ("Chapter I", Level.CHAPTER, "CHAPTER I"),
        ("1", Level.ARTICLE, "Article 1"),
        ("2", Level.ARTICLE, "Article 2"),
        ("2.1", Level.PARAGRAPH, "1"),
        ("2.1bis", Level.PARAGRAPH, "1bis"),
        ("3", Level.ARTICLE, "Article 3"),
        ("3.opt1", Level.PARAGRAPH, "Option 1"),
        ("3.opt1.1", Level.PARAGRAPH, "1"),
        ("4", Level.ARTICLE, "Article 4"),
    ]
    nodes = {n.ref: n for n in tree.walk()}
    # Article 2 is a division of its paragraphs and a unit with words: one node
    assert nodes["2"].text == "Words of Article 2 before its paragraphs."
    assert nodes["2"].heading == "Scope"
    assert nodes["Chapter I"].heading == "GENERAL"
    assert nodes["1"].notes == ("[^1]", "[^1]: A footnote.")
    assert [o.text for o in nodes["1"].options] == ["shall", "should"]
    assert nodes["3"].text == ""


def test_the_rebuilt_tree_exports_valid_akn_and_reads_back() -> None:
    tree = stored_tree("Draft", "Preamble.", UNITS)
    data = tree_to_akn(tree, name="draft", alias="draft@2", date=dt.date(2026, 5, 1))
    assert schema_errors(data) == []
    assert akn_to_tree(data) == tree
    assert b'<article eId="chp_I__art_2" wId="chp_I__art_2"' in data
