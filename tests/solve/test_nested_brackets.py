"""The engine weighs every way to settle a point's brackets, nested ones exactly:
a choice inside a phrase that is left out does not count."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.model import Point
from onetext.model.document import option_readings, reading_count
from onetext.solve.marks import MAX_READINGS, PointChoice
from onetext.text.brackets import extract_options


def point(text: str) -> Point:
    return Point(uid="p1", label="4.2", text=text, options=extract_options("4.2", text))


def test_a_choice_inside_a_dropped_phrase_does_not_count() -> None:
    choice = PointChoice.from_point(point("Parties [shall][should] [take [ambitious] action]."))
    assert set(choice.options) == {
        "1a+2a+3a",
        "1a+2a+3none",
        "1a+2none",
        "1b+2a+3a",
        "1b+2a+3none",
        "1b+2none",
    }


def test_a_point_with_too_many_ways_is_refused_without_listing_them() -> None:
    text = " ".join(f"[w{i}][v{i}]" for i in range(40))  # 2**40 ways: listing them never ends
    with pytest.raises(InvalidInput, match=r"1,099,511,627,776 ways.*at most"):
        PointChoice.from_point(point(text))


WORDS = st.sampled_from(["shall", "may", "all", "each", "Party"])


@st.composite
def bracket_texts(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["word", "lone", "pair"] + (["nest"] if depth < 3 else [])))
        if kind == "word":
            parts.append(draw(WORDS))
        elif kind == "lone":
            parts.append(f"[{draw(WORDS)}]")
        elif kind == "pair":
            parts.append(f"[{draw(WORDS)}][{draw(WORDS)}]")
        else:
            parts.append(f"[{draw(WORDS)} {draw(bracket_texts(depth + 1))}]")
    return " ".join(parts)


@settings(max_examples=200, deadline=None)
@given(bracket_texts())
def test_every_reading_settles_each_live_choice_once(text: str) -> None:
    options = extract_options("1", text)
    readings = option_readings(options)
    assert len(readings) == reading_count(options) == len(set(readings))
    by_key = {o.key: o for o in options}
    groups = {o.group for o in options}
    for reading in readings:
        chosen = set(reading)
        for group in groups:
            members = [o for o in options if o.group == group]
            live = members[0].parent is None or members[0].parent in chosen
            picked = [o for o in members if o.key in chosen]
            assert len(picked) == (1 if live else 0)
        assert all(by_key[k].parent is None or by_key[k].parent in chosen for k in reading)
    if reading_count(options) <= MAX_READINGS:
        assert len(PointChoice.from_point(point(text)).options) == len(readings)


def test_a_choice_reads_in_the_texts_own_words() -> None:
    from onetext.model.document import describe_choice

    options = extract_options("1", "Parties [shall][should] [take [ambitious] action].")
    assert (
        describe_choice(options, "1b+2a+3none")
        == "“should”; “take [ambitious] action”; without “ambitious”"
    )
    assert describe_choice(options, "1a+2none") == "“shall”; without “take [ambitious] action”"
    assert describe_choice((), "keep") == "as written"
    assert describe_choice((), "drop") == "left out"
