"""Words a fingerprint never touches: they carry the legal meaning of a text.

A variant site is a place where two surface forms mean exactly the same thing. The
words below decide who must do what, when and under which condition; a copy that
wrote ``will`` for ``shall`` or ``can`` for ``may`` would not be legally identical
to the version. No site may overlap one of them and no variant may contain one, so
every copy has exactly the same sequence of these words as the version.
"""

from __future__ import annotations

import re

__all__ = ["FORBIDDEN_WORDS", "forbidden_sequence", "touches_forbidden", "word_tokens"]

FORBIDDEN_WORDS: frozenset[str] = frozenset(
    {
        # modal verbs: obligation, permission, possibility
        "shall",
        "shan't",
        "will",
        "won't",
        "may",
        "can",
        "cannot",
        "can't",
        "must",
        "mustn't",
        "should",
        "shouldn't",
        "might",
        "could",
        "would",
        "ought",
        "need",
        # negation
        "not",
        "no",
        "nor",
        "never",
        "neither",
        "none",
        "nothing",
        "without",
        # quantifiers and scope
        "all",
        "any",
        "each",
        "every",
        "some",
        "only",
        "either",
        "both",
        "other",
        "more",
        "less",
        "fewer",
        "least",
        "most",
        "than",
        "maximum",
        "minimum",
        "solely",
        "sole",
        "exclusively",
        "exclusive",
        "jointly",
        "severally",
        # connectives and conditions
        "and",
        "or",
        "if",
        "unless",
        "except",
        "provided",
        "subject",
        "notwithstanding",
        "including",
        "excluding",
        "whether",
        "where",
        "when",
        "whereas",
        # time and deadlines
        "before",
        "after",
        "until",
        "till",
        "within",
        "by",
        "from",
        "since",
        "during",
        "immediately",
        "promptly",
        "forthwith",
        "later",
        "earlier",
        "prior",
        # strength of commitment
        "agree",
        "agrees",
        "agreed",
        "undertake",
        "undertakes",
        "undertaken",
        "guarantee",
        "guarantees",
        "guaranteed",
        "ensure",
        "ensures",
        "endeavour",
        "endeavours",
        "endeavor",
        "endeavors",
        "reasonable",
        "best",
        "efforts",
        "binding",
        "irrevocable",
        "irrevocably",
        "unconditional",
        "unconditionally",
        "permanent",
        "permanently",
        "temporary",
        "temporarily",
        "full",
        "fully",
        "partial",
        "partially",
        "mutual",
        "mutually",
        "entitled",
        "obliged",
        "obligation",
        "obligations",
        "right",
        "rights",
        "waive",
        "waives",
    }
)
"""The explicit list; lower case; matched as whole words, case-insensitively."""

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def word_tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters and an inner apostrophe)."""
    return [m.group(0).lower() for m in _WORD.finditer(text.replace("\u2019", "'"))]


def forbidden_sequence(text: str) -> list[str]:
    """The forbidden words of ``text`` in order: equal for a version and every copy."""
    return [w for w in word_tokens(text) if w in FORBIDDEN_WORDS]


def touches_forbidden(text: str, start: int, end: int) -> bool:
    """Whether replacing ``text[start:end]`` would alter a forbidden word.

    The span is widened to whole words first: changing part of ``shall`` touches it.
    """
    for match in _WORD.finditer(text.replace("\u2019", "'")):
        if match.end() < start or match.start() > end:
            continue
        overlaps = match.start() < end and match.end() > start
        adjacent = start == end and match.start() <= start <= match.end()
        if (overlaps or adjacent) and match.group(0).lower() in FORBIDDEN_WORDS:
            return True
    return False
