"""Normalise a leaked text the way a retyping would, so variants can be compared.

A leak arrives retyped, pasted from a web page or run through a word processor:
typographic quotes and dashes, non-breaking or zero-width spaces, lookalike
letters from other scripts, compatibility forms (``ﬁ``). Normalising reduces all
of that to one plain form: NFKC, confusables to Latin, quotes to ``'``/``"``,
dashes to ``-``, invisible characters dropped, white space collapsed, lower case.
The same function normalises the version's own text, so both sides compare alike.
"""

from __future__ import annotations

import re
import unicodedata

from onetext.text.typography import DASHES, INVISIBLE_CHARACTERS, QUOTES, SPECIAL_SPACES

__all__ = [
    "CONFUSABLES",
    "INVISIBLE_CHARACTERS",
    "SPECIAL_SPACES",
    "normalize_text",
    "retype",
]


CONFUSABLES: dict[str, str] = {
    # Cyrillic lookalikes
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "һ": "h",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    # Greek lookalikes
    "α": "a",
    "ο": "o",
    "ρ": "p",
    "ν": "v",
    "ι": "i",
    "κ": "k",
    "τ": "t",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Latin lookalikes outside ASCII
    "ı": "i",
    "ɑ": "a",
    "ɡ": "g",
    "ℓ": "l",
}
"""A curated subset of Unicode's confusables that retyped or doctored text shows."""

_TABLE = str.maketrans(
    {
        **{c: None for c in INVISIBLE_CHARACTERS},
        **{c: " " for c in SPECIAL_SPACES},
        **QUOTES,
        **DASHES,
        **CONFUSABLES,
        "\u2026": "...",
    }
)
_SPACE_RUN = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[,;:.)])")


def normalize_text(text: str) -> str:
    """The comparison form of ``text``: one line, plain characters, lower case."""
    folded = unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE)
    collapsed = _SPACE_RUN.sub(" ", folded).strip()
    return _SPACE_BEFORE_PUNCT.sub("", collapsed).lower()


def retype(text: str) -> str:
    """What a person retyping ``text`` produces: invisible marks gone, plain quotes
    and dashes, ordinary spaces; letters, words and line breaks kept."""
    lines = []
    for line in text.split("\n"):
        plain = unicodedata.normalize("NFKC", line.translate(_TABLE))
        lines.append(re.sub(r"[ \t]+", " ", plain).strip())
    return "\n".join(lines)
