"""A control character pasted into a note or a point (a bell, a vertical tab from a
word processor) cannot stand in XML: every DOCX output writes it as a visible U+FFFD
instead of failing for everyone who asks for the file."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import given, settings
from hypothesis import strategies as st
from test_brief_formats import brief_with

from onetext.formats.brief import render_brief_docx
from onetext.formats.compare_docx import write_comparison_docx
from onetext.formats.docx_io import read_docx, write_docx
from onetext.formats.xml_text import xml_safe
from onetext.model.escalation import PointStatus
from onetext.text.align import align
from onetext.text.parse import ParsedPoint

CONTROL = "\x07\x0b\x0c\x1b"


def _docx_text(path_or_bytes: Path) -> str:
    document = docx.Document(str(path_or_bytes))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@settings(max_examples=30, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from([*CONTROL, "a", "b", " ", "é", "\u2019"]), min_size=1, max_size=30
    )
)
def test_xml_safe_keeps_every_character_it_can_and_marks_the_rest(text: str) -> None:
    safe = xml_safe(text)
    assert len(safe) == len(text)
    for before, after in zip(text, safe, strict=True):
        assert after == ("\ufffd" if before in CONTROL else before)


def test_the_brief_with_a_control_character_in_a_note(tmp_path: Path) -> None:
    data = render_brief_docx(brief_with("meet at 9\x07 sharp", PointStatus.BLOCKED))
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    assert "meet at 9\ufffd sharp" in _docx_text(path)


def test_an_export_and_a_comparison_with_control_characters(tmp_path: Path) -> None:
    old = [ParsedPoint(label="1", text="The Parties shall\x0b withdraw.", heading=None)]
    new = [ParsedPoint(label="1", text="The Parties shall\x0b withdraw at once.", heading=None)]
    exported = tmp_path / "draft.docx"
    write_docx(exported, new, title="Plan\x07")
    back = read_docx(exported)
    assert [p.text for p in back.points] == ["The Parties shall\ufffd withdraw at once."]
    compared = tmp_path / "compare.docx"
    write_comparison_docx(compared, align(old, new), old_name="a\x1b", new_name="b")
    assert "\ufffd" in _docx_text(compared)
