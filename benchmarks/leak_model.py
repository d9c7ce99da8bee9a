"""An independent leak model: quotes as a newspaper prints them.

"Retyped" (issue 14): Unicode NFKC, invisible and format characters dropped,
quotes and dashes normalised, Markdown emphasis and headings gone, white space
collapsed, point numbers removed, consecutive points quoted in full and joined
into one paragraph. Word choice, word order, spelling, hyphenation, numbers as
written and the punctuation inside sentences survive.

This module does not use onetext's own normaliser (``onetext.trace.normalize``):
it is written from the definition, so the tracer is tested against a leak it did
not shape.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["cut_mid_sentence", "mixed_quote", "newspaper_retype", "quote"]

_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'}
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^#{1,6}\s+.*$", re.MULTILINE)
_POINT_NUMBER = re.compile(r"^\s*(?:\(?\d{1,3}[a-z]?[.)]|Article \d+\.?)\s+", re.IGNORECASE)


def newspaper_retype(paragraphs: Sequence[str]) -> str:
    """Retype consecutive quoted points into one printed paragraph."""
    cleaned = []
    for paragraph in paragraphs:
        text = unicodedata.normalize("NFKC", paragraph)
        text = _FORMAT.sub("", text)
        text = text.translate(_QUOTES)
        text = _DASHES.sub("-", text)
        text = _HEADING.sub("", text)
        text = _EMPHASIS.sub(r"\2", text)
        text = _POINT_NUMBER.sub("", text)
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            cleaned.append(text)
    return " ".join(cleaned)


def quote(copy_points: Sequence[str], first: int, count: int) -> str:
    """``count`` consecutive points of one copy, from point ``first``, as printed."""
    return newspaper_retype(copy_points[first : first + count])


def mixed_quote(
    copies: Sequence[Sequence[str]], first: int, count: int, rng: random.Random
) -> tuple[str, list[int]]:
    """Consecutive points, each taken from one of ``copies`` (every copy supplies at
    least one point when there are enough); returns the quote and the sources."""
    sources = [i % len(copies) for i in range(count)]
    rng.shuffle(sources)
    return newspaper_retype([copies[s][first + j] for j, s in enumerate(sources)]), sources


def cut_mid_sentence(text: str, rng: random.Random) -> str:
    """Drop the end of the quote from a random word of its last sentence on: a
    sentence cut mid-way, as a story that quotes "...shall withdraw its forces"."""
    words = text.split(" ")
    if len(words) < 12:
        return text
    sentences = [m.end() for m in re.finditer(r"[.;] ", text)]
    start = sentences[-1] if sentences else 0
    tail = text[start:].split(" ")
    if len(tail) < 4:
        return text
    keep = rng.randrange(2, len(tail) - 1)
    return text[:start] + " ".join(tail[:keep])
