"""Word-level redline of a reworded point: what stayed, what was struck, what came in.

Words and punctuation marks are compared (case and spacing count as written);
runs of the same operation are joined, and each deletion comes before the
insertion that replaces it, as a reader expects. Joining the ``equal`` and
``delete`` segments gives the old text, ``equal`` and ``insert`` the new text,
both up to whitespace (equal segments carry the new text's spacing).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from onetext.text.align import Alignment, Change

__all__ = ["Op", "Segment", "new_text", "old_text", "redline", "redline_change"]

# A number with its separators ("600,000", "1.5") is one token, so a changed figure
# reads as one replacement.
_TOKEN = re.compile(r"\d+(?:[,.]\d+)+\s*|\w+\s*|[^\w\s]+\s*|\s+")


class Op(enum.StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Segment:
    op: Op
    text: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level redline from ``old`` to ``new``."""
    before, after = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(
        None, [t.strip() for t in before], [t.strip() for t in after], autojunk=False
    )
    segments: list[Segment] = []

    def push(op: Op, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op is op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push(Op.EQUAL, "".join(after[j1:j2]))
            continue
        if tag in ("delete", "replace"):
            push(Op.DELETE, "".join(before[i1:i2]))
        if tag in ("insert", "replace"):
            push(Op.INSERT, "".join(after[j1:j2]))
    return tuple(segments)


def old_text(segments: tuple[Segment, ...]) -> str:
    """The old text back from a redline (up to whitespace)."""
    return "".join(s.text for s in segments if s.op is not Op.INSERT)


def new_text(segments: tuple[Segment, ...]) -> str:
    """The new text back from a redline."""
    return "".join(s.text for s in segments if s.op is not Op.DELETE)


def redline_change(alignment: Alignment[Any], change: Change) -> tuple[Segment, ...]:
    """The redline of one change: the old point(s) against the new point(s).

    Parts of a split or merge are joined with a line break; an added point is one
    insertion, a removed point one deletion.
    """
    before = "\n".join(alignment.old[i].text for i in change.old)
    after = "\n".join(alignment.new[j].text for j in change.new)
    return redline(before, after)
