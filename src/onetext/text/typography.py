"""Typography that carries no meaning: curly and straight quotes, the many dashes,
spaces that look like a space, characters that do not show. One table for every
module that must see through it: the aligner judging "unchanged", the tracer
reading a retyped leak.
"""

from __future__ import annotations

__all__ = ["DASHES", "INVISIBLE_CHARACTERS", "QUOTES", "SPECIAL_SPACES"]

INVISIBLE_CHARACTERS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
"""Zero-width and soft characters a retyping loses."""

SPECIAL_SPACES = frozenset(
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
"""Spaces that look like a space; NFKC folds most of them, this makes it explicit."""

QUOTES: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
}
"""Typographic quotes and primes, as the plain quote a keyboard types."""

DASHES: dict[str, str] = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe58": "-",
    "\ufe63": "-",
    "\uff0d": "-",
}
"""Hyphens, dashes and minus signs, as ``-``."""
