"""Hostile and broken XML is refused with one clear line, before anything is read:
entity expansion, external entities and DTDs, oversized files, deep nesting, files
that are not AKN at all."""

from __future__ import annotations

import re

import pytest

from onetext.errors import DocumentParseError, InvalidInput
from onetext.formats import akn, akn_read
from onetext.formats.akn import MAX_AKN_BYTES, akn_to_tree

_AKN_OPEN = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x"><mainBody>
<paragraph><num>1.</num><content><p>&lol9;</p></content></paragraph>
</mainBody></doc></akomaNtoso>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x"><mainBody>
<paragraph><num>1.</num><content><p>&secret;</p></content></paragraph>
</mainBody></doc></akomaNtoso>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso SYSTEM "http://127.0.0.1:9/evil.dtd">
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x"><mainBody>
<paragraph><num>1.</num><content><p>words</p></content></paragraph>
</mainBody></doc></akomaNtoso>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>"""


def _refused(data: bytes) -> str:
    with pytest.raises(DocumentParseError) as caught:
        akn_to_tree(data)
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD, PARAMETER_ENTITY],
    ids=["billion-laughs", "external-entity", "external-dtd", "parameter-entity"],
)
def test_dtds_and_entities_are_refused_before_parsing(data: bytes) -> None:
    assert "DOCTYPE or entities" in _refused(data)


def test_a_doctype_hidden_by_another_encoding_is_still_refused() -> None:
    """UTF-16 hides ``<!DOCTYPE`` from a byte scan; the parsed tree is checked too."""
    data = EXTERNAL_ENTITY.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")
    message = _refused(data)
    assert "DOCTYPE or entities" in message
    assert "root:" not in message


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_past_the_byte_scan_the_parsed_tree_is_still_checked(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second guard alone: with the byte scan switched off, no entity is expanded
    or fetched and the DOCTYPE is still refused."""
    monkeypatch.setattr(akn_read, "_DECLARATIONS", re.compile(rb"(?!)"))
    message = _refused(data)
    # libxml2 itself stops the expansion of the laughs; the rest reach the tree check
    assert "DOCTYPE or entities" in message or "amplification" in message
    assert "root:" not in message
    assert message.count("(line") <= 1


def test_an_oversized_file_is_refused_with_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    big = _AKN_OPEN + b"<doc name='x'><mainBody>" + b" " * MAX_AKN_BYTES + b"</mainBody></doc>"
    message = _refused(big + b"</akomaNtoso>")
    assert "too large" in message
    assert f"{MAX_AKN_BYTES:,}" in message
    monkeypatch.setattr(akn_read, "MAX_AKN_BYTES", 1000)
    assert "too large" in _refused(b" " * 1001)


def test_nesting_deeper_than_the_parser_allows_is_refused() -> None:
    depth = 3000
    data = (
        _AKN_OPEN
        + b"<doc name='x'><mainBody>"
        + b"<paragraph><num>1</num>" * depth
        + b"<content><p>deep</p></content>"
        + b"</paragraph>" * depth
        + b"</mainBody></doc></akomaNtoso>"
    )
    message = _refused(data)
    assert "deep" in message or "not well-formed" in message


def test_units_nested_past_the_readers_limit_are_refused() -> None:
    depth = 220
    data = (
        _AKN_OPEN
        + b"<doc name='x'><mainBody>"
        + b"<point>" * depth
        + b"<content><p>deep</p></content>"
        + b"</point>" * depth
        + b"</mainBody></doc></akomaNtoso>"
    )
    assert "nested more than" in _refused(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "not well-formed XML"),
        (b"Article 1\n1. The Parties shall act.", "not well-formed XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not well-formed XML"),
        (_AKN_OPEN + b"<doc name='x'><mainBody><p>unclosed</mainBody>", "not well-formed XML"),
        (b"<html><body><p>hello</p></body></html>", "root element is <html>"),
        (_AKN_OPEN + b"</akomaNtoso>", "no act, bill or doc"),
        (_AKN_OPEN + b"<judgment name='j'/></akomaNtoso>", "unsupported Akoma Ntoso document"),
        (_AKN_OPEN + b"<act name='a'><meta/></act></akomaNtoso>", "has no body"),
    ],
    ids=["empty", "plain-text", "binary", "unclosed", "html", "no-document", "judgment", "no-body"],
)
def test_what_is_not_an_akn_act_bill_or_doc_gets_one_clear_line(data: bytes, expected: str) -> None:
    assert expected in _refused(data)


def test_a_syntax_error_names_its_line() -> None:
    data = _AKN_OPEN + b"\n<doc name='x'>\n<mainBody>\n<p>a & b</p></mainBody></doc></akomaNtoso>"
    message = _refused(data)
    assert "(line 4, column" in message


def test_export_refuses_names_it_cannot_put_in_a_uri() -> None:
    from onetext.text.tree import DocumentTree

    empty = DocumentTree(title=None, preamble="", points=())
    with pytest.raises(InvalidInput, match="has no letter or digit"):
        akn.tree_to_akn(empty, name="///")
    with pytest.raises(InvalidInput, match="unknown document type"):
        akn.tree_to_akn(empty, name="x", kind="judgment")  # type: ignore[arg-type]
