"""A DOCX comparison of two versions, as a legal team expects it from Word.

A change table (kind, old and new numbers, similarity), then the redline of every
point that is not unchanged as real Word tracked changes: each insertion a
``w:ins`` and each deletion a ``w:del`` (with ``w:delText``), both carrying an
author and a date, so a delegation can accept or reject them one by one in Word
or LibreOffice. Accepting all gives the new text; rejecting all, the old one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from onetext.formats.compare_html import labels_text
from onetext.formats.xml_text import xml_safe
from onetext.text.align import Alignment, ChangeKind
from onetext.text.redline import Op, redline_change

__all__ = ["TRACK_AUTHOR", "build_comparison_docx", "write_comparison_docx"]

TRACK_AUTHOR = "onetext"


def _text_run(text: str, *, deleted: bool) -> Any:
    """A ``w:r`` holding ``text`` (line breaks as ``w:br``), as deleted text or not."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    for k, line in enumerate(text.split("\n")):
        if k:
            run.append(OxmlElement("w:br"))
        if line:
            node = OxmlElement("w:delText" if deleted else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = xml_safe(line)
            run.append(node)
    return run


def _tracked_paragraph(
    document: Any, segments: Any, *, author: str, date: str, counter: list[int]
) -> None:
    """A paragraph of equal text with insertions and deletions as tracked changes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph()._p
    for segment in segments:
        if segment.op is Op.EQUAL:
            paragraph.append(_text_run(segment.text, deleted=False))
            continue
        mark = OxmlElement("w:ins" if segment.op is Op.INSERT else "w:del")
        counter[0] += 1
        mark.set(qn("w:id"), str(counter[0]))
        mark.set(qn("w:author"), author)
        mark.set(qn("w:date"), date)
        mark.append(_text_run(segment.text, deleted=segment.op is Op.DELETE))
        paragraph.append(mark)


def build_comparison_docx(
    alignment: Alignment[Any],
    *,
    old_name: str = "old",
    new_name: str = "new",
    author: str = TRACK_AUTHOR,
    when: datetime | None = None,
) -> Any:
    """The comparison as a ``docx.Document`` (not yet saved); tracked changes are
    signed by ``author`` at ``when`` (default: now, UTC)."""
    import docx

    date = (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    counter = [0]
    document = docx.Document()
    document.add_heading(xml_safe(f"Comparison of {old_name} and {new_name}"), level=1)
    counts = ", ".join(f"{n} {kind.value}" for kind, n in alignment.counts().items() if n)
    document.add_paragraph(
        f"{len(alignment.old)} points before, {len(alignment.new)} after: {counts or 'no points'}."
    )

    document.add_heading("Changes", level=2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ("Change", "Old", "New", "Similarity"), strict=True
    ):
        cell.paragraphs[0].add_run(title).bold = True
    for change in alignment.changes:
        cells = table.add_row().cells
        cells[0].text = change.kind.value
        cells[1].text, cells[2].text = (xml_safe(s) for s in labels_text(alignment, change))
        shown = change.kind not in (ChangeKind.ADDED, ChangeKind.REMOVED)
        cells[3].text = f"{change.similarity:.0%}" if shown else ""

    document.add_heading("Redline", level=2)
    for change in alignment.changes:
        if change.kind is ChangeKind.UNCHANGED:
            continue
        old, new = labels_text(alignment, change)
        caption = document.add_paragraph()
        caption.add_run(xml_safe(f"{change.kind.value.capitalize()}: {old} → {new}")).bold = True
        _tracked_paragraph(
            document, redline_change(alignment, change), author=author, date=date, counter=counter
        )
    return document


def write_comparison_docx(
    path: Path,
    alignment: Alignment[Any],
    *,
    old_name: str = "old",
    new_name: str = "new",
    author: str = TRACK_AUTHOR,
    when: datetime | None = None,
) -> None:
    """Save the comparison as a DOCX file at ``path``."""
    document = build_comparison_docx(
        alignment, old_name=old_name, new_name=new_name, author=author, when=when
    )
    document.save(str(path))
