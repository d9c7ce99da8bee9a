"""A recipient's fingerprinted copy as PDF (recipients ask for PDF).

The copy is the same text the Markdown and plain-text copies carry, variants
written in, laid out one paragraph after another in DejaVu Sans (found as the
brief finds it), so the PDF carries every visible site and nothing else: a PDF
has no invisible layer that survives copying text out of it anyway. fpdf2 is
imported inside the function (the CLI must start without it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from onetext.text.parse import Numbering
from onetext.text.render import RenderablePoint, render_draft

__all__ = ["write_copy_pdf"]

_FAMILY = "copy"


def write_copy_pdf(
    path: Path,
    points: Sequence[RenderablePoint],
    *,
    title: str | None,
    preamble: str,
    numbering: Numbering,
) -> Path:
    """Write ``points`` (a recipient's copy) to ``path`` as a PDF."""
    from fpdf import FPDF

    from onetext.formats.brief_pdf import find_brief_font

    font = find_brief_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 18, 20)
    pdf.add_font(_FAMILY, "", str(font.regular))
    pdf.add_font(_FAMILY, "B", str(font.bold))
    pdf.add_page()
    text = render_draft(points, title=None, preamble=preamble, numbering=numbering)
    if title:
        pdf.set_font(_FAMILY, "B", 14)
        pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.set_font(_FAMILY, "", 10.5)
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(2.5)
            continue
        indent = 8 if line.startswith("    ") else 0
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5.5, line.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
