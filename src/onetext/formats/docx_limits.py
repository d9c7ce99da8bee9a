"""What a DOCX draft may cost before python-docx is let near it.

A DOCX is a ZIP package: 128 KB of it can unpack to a document part of hundreds of
megabytes, or hold a hundred thousand empty paragraphs that python-docx turns into
objects one by one (issue 13, finding 11: minutes and 800 MB). The package is
measured first, streaming, with the standard library only; a draft over a limit is
refused in one line and nothing is imported.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from onetext.errors import DocumentParseError

__all__ = ["MAX_DOCX_BYTES", "MAX_DOCX_PARAGRAPHS", "MAX_DOCX_XML_BYTES", "check_docx_limits"]

#: the file as stored
MAX_DOCX_BYTES = 20 * 1024 * 1024
#: the unpacked parts python-docx reads (the document and its numbering, styles...)
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024
#: paragraphs in the document part: a 300-page treaty holds a few thousand
MAX_DOCX_PARAGRAPHS = 20_000

_PARAGRAPH = re.compile(rb"<w:p[ >/]")
_CHUNK = 1 << 20


def check_docx_limits(path: Path) -> None:
    """Refuse a package over a limit, with the limit in words; read at most the limits."""
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise DocumentParseError(
            f"{path.name} is {size / 1e6:.1f} MB: a DOCX draft may be at most "
            f"{MAX_DOCX_BYTES // (1024 * 1024)} MB"
        )
    with zipfile.ZipFile(path) as package:
        unpacked = 0
        for info in package.infolist():
            if not info.filename.endswith(".xml") and not info.filename.endswith(".rels"):
                continue
            paragraphs = 0
            tail = b""
            with package.open(info) as part:
                while chunk := part.read(_CHUNK):
                    unpacked += len(chunk)  # counted as read: a header's size may lie
                    if unpacked > MAX_DOCX_XML_BYTES:
                        raise DocumentParseError(
                            f"{path.name} unpacks to more than "
                            f"{MAX_DOCX_XML_BYTES // (1024 * 1024)} MB of XML: "
                            "not a draft onetext reads"
                        )
                    if info.filename == "word/document.xml":
                        window = tail + chunk
                        paragraphs += len(_PARAGRAPH.findall(window)) - len(
                            _PARAGRAPH.findall(tail)
                        )
                        tail = chunk[-8:]
                        if paragraphs > MAX_DOCX_PARAGRAPHS:
                            raise DocumentParseError(
                                f"{path.name} holds more than {MAX_DOCX_PARAGRAPHS:,} "
                                "paragraphs: split the draft (annexes may be tabled "
                                "with --annex)"
                            )
