"""Write a recipient's fingerprinted copy as Markdown, plain text, DOCX or PDF.

A copy is the issued text with the recipient's variants written in; everything
else (labels, headings, options, layout) is what the draft export writes, so every
copy parses back with :func:`onetext.formats.drafts.load_draft` to the same points.
"""

from __future__ import annotations

import re
from pathlib import Path

from onetext.errors import InvalidInput
from onetext.text.parse import Numbering
from onetext.text.render import render_draft
from onetext.trace.registry import CopyIssue

__all__ = ["COPY_FORMATS", "copy_filename", "write_copy"]

COPY_FORMATS = ("md", "txt", "docx", "pdf")


def copy_filename(recipient: str, fmt: str, stem: str = "copy") -> str:
    """``copy-ministry-of-interior.md``: a safe file name for a recipient's copy."""
    slug = re.sub(r"[^a-z0-9]+", "-", recipient.lower()).strip("-") or "recipient"
    return f"{stem}-{slug}.{fmt}"


def write_copy(path: Path, issue: CopyIssue, recipient: str, fmt: str) -> Path:
    """Write ``recipient``'s copy of ``issue`` to ``path`` in format ``fmt``."""
    if fmt not in COPY_FORMATS:
        raise InvalidInput(
            f"unknown copy format {fmt!r}: expected one of {', '.join(COPY_FORMATS)}"
        )
    points = issue.copy_points(recipient)
    try:
        numbering = Numbering(issue.numbering)
    except ValueError:
        numbering = Numbering.PLAIN
    if fmt == "pdf":
        from onetext.formats.copies_pdf import write_copy_pdf

        write_copy_pdf(
            path, points, title=issue.title, preamble=issue.preamble, numbering=numbering
        )
    elif fmt == "docx":
        from onetext.formats.docx_io import write_docx

        write_docx(path, points, title=issue.title, preamble=issue.preamble, numbering=numbering)
    else:
        text = render_draft(
            points,
            title=issue.title,
            preamble=issue.preamble,
            numbering=numbering,
            markdown=fmt == "md",
        )
        path.write_text(text, encoding="utf-8")
    return path
