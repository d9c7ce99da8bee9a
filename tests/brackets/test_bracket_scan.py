"""The bracket scan matches every ``[`` in one pass, and names each unbalanced bracket by
the line and column a reader counts. A text of thousands of unclosed brackets (a broken
conversion, a fuzzed input) used to take minutes: each ``[`` was matched by reading on
to the text's end; the oracles below are those per-bracket readings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.errors import DocumentParseError
from onetext.text.brackets import (
    _matching_closes,
    check_balance,
    extract_notes,
    extract_options,
    stray_brackets,
)


def close_read_from(text: str, start: int) -> int | None:
    """Offset past the ``]`` matching the ``[`` at ``start``, reading on from it."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def opening_brackets(text: str) -> list[int]:
    """Offsets of the ``[`` a reader sees (not escaped by a backslash)."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            found.append(i)
        i += 1
    return found


PIECES = ["[", "]", "\\", "\\[", "\\]", "[^3]", "[Note: ", "*[", "]*", "_", "(#a)", "(https://x.y)",
          " ", "a", "shall", "\n", "Option 1: ", "/"]  # fmt: skip
bracket_soup = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(bracket_soup)
def test_each_bracket_closes_where_reading_on_from_it_closes(text: str) -> None:
    closes = _matching_closes(text)
    for start in opening_brackets(text):
        assert closes.get(start) == close_read_from(text, start), (text, start)
    assert set(closes) <= set(opening_brackets(text))


@settings(max_examples=150, deadline=None)
@given(bracket_soup, st.integers(min_value=1, max_value=40))
def test_a_stray_is_named_by_the_line_and_column_a_reader_counts(text: str, first: int) -> None:
    for described in stray_brackets(text, first_line=first):
        where = described.rsplit(" (line ", 1)[1].rstrip(")")
        line, column = (int(part) for part in where.split(", column "))
        row = text.split("\n")[line - first]
        assert row[column - 1] in "[]", (text, described)
    extract_notes(text)  # the notes of any soup are read without error
    extract_options("1", text)


def test_thousands_of_unclosed_brackets_are_all_counted_and_the_first_is_placed() -> None:
    text = "1. The parties [agree\n" + "[\n" * 30_000 + "[Note: kept] (see [^4]).\n"
    strays = stray_brackets(text, first_line=5)
    assert len(strays) == 30_001
    assert strays[0] == "'[' is never closed (line 5, column 16)"
    assert strays[-1] == "'[' is never closed (line 30005, column 1)"
    with pytest.raises(DocumentParseError, match=r"30001 unbalanced brackets.*and 29995 more") as e:
        check_balance(text, first_line=5)
    assert (e.value.line, e.value.column) == (5, 16)
    assert extract_notes("[Note: kept]" + "[" * 30_000) == ("[Note: kept]",)


def test_a_stray_close_after_thousands_of_balanced_spans_is_placed() -> None:
    text = "[a][b] / [c]\n" * 10_000 + "x ] [link](#here)\n"
    assert stray_brackets(text) == (
        "']' closes a bracket that was never opened (line 10001, column 3)",
    )
