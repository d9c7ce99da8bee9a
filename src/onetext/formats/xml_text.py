"""Text as an XML file (a DOCX) can hold it."""

from __future__ import annotations

import re

__all__ = ["xml_safe"]

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` as a DOCX can hold it: a character XML 1.0 forbids (a control
    character pasted into a note) becomes U+FFFD, visibly, never dropped and never a
    failure for everyone who asks for the file."""
    return _NOT_IN_XML.sub("\ufffd", text)
