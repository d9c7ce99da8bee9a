"""A DOCX comparison of two versions, as a legal team expects it from Word.

A change table (kind, old and new numbers, similarity), then the redline of every
point that is not unchanged: insertions underlined in blue, deletions struck
through in red.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.shared import Pt, RGBColor

from onetext.formats.compare_html import labels_text
from onetext.text.align import Alignment, ChangeKind
from onetext.text.redline import Op, redline_change

__all__ = ["DELETE_COLOUR", "INSERT_COLOUR", "build_comparison_docx", "write_comparison_docx"]

INSERT_COLOUR = RGBColor(0x1D, 0x4E, 0xD8)
DELETE_COLOUR = RGBColor(0xB9, 0x1C, 0x1C)


def build_comparison_docx(
    alignment: Alignment[Any], *, old_name: str = "old", new_name: str = "new"
) -> Any:
    """The comparison as a ``docx.Document`` (not yet saved)."""
    document = docx.Document()
    document.add_heading(f"Comparison of {old_name} and {new_name}", level=1)
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
        cells[1].text, cells[2].text = labels_text(alignment, change)
        shown = change.kind not in (ChangeKind.ADDED, ChangeKind.REMOVED)
        cells[3].text = f"{change.similarity:.0%}" if shown else ""

    document.add_heading("Redline", level=2)
    for change in alignment.changes:
        if change.kind is ChangeKind.UNCHANGED:
            continue
        old, new = labels_text(alignment, change)
        caption = document.add_paragraph()
        caption.add_run(f"{change.kind.value.capitalize()}: {old} → {new}").bold = True
        body = document.add_paragraph()
        for segment in redline_change(alignment, change):
            run = body.add_run(segment.text)
            run.font.size = Pt(11)
            if segment.op is Op.INSERT:
                run.font.underline = True
                run.font.color.rgb = INSERT_COLOUR
            elif segment.op is Op.DELETE:
                run.font.strike = True
                run.font.color.rgb = DELETE_COLOUR
    return document


def write_comparison_docx(
    path: Path, alignment: Alignment[Any], *, old_name: str = "old", new_name: str = "new"
) -> None:
    """Save the comparison as a DOCX file at ``path``."""
    build_comparison_docx(alignment, old_name=old_name, new_name=new_name).save(str(path))
