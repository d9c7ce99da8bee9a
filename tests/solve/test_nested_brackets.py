"""The engine weighs every way to settle a point's brackets, nested ones exactly:
a choice inside a phrase that is left out does not count."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.model import Option, Point
from onetext.model.document import (
    describe_choice,
    option_readings,
    reading_count,
    weighed_options,
)
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


def test_only_the_choices_someone_marked_are_weighed() -> None:
    # a converted ADP paragraph: 2**40 ways as drafted, one choice marked
    text = " ".join(f"[w{i}][v{i}]" for i in range(40))
    choice = PointChoice.from_point(point(text), marked={"7a"})
    assert set(choice.options) == {"7a", "7b"}
    # nothing marked: the unit is weighed as written, its brackets left open
    assert PointChoice.from_point(point(text), marked=set()).options == ("keep",)
    # a marked choice nested in a phrase brings the choice it sits in
    nested = PointChoice.from_point(
        point("Parties [shall][should] [take [ambitious] action]."), marked={"3a"}
    )
    assert set(nested.options) == {"2a+3a", "2a+3none", "2none"}
    assert describe_choice(point("[a][b] and [c][d]").options, "1a") == (
        "“a”; its other brackets left open"
    )


def test_marked_choices_beyond_the_limit_are_refused_with_their_count() -> None:
    text = " ".join(f"[w{i}][v{i}]" for i in range(12))
    marked = {f"{i}a" for i in range(1, 11)}  # 2**10 = 1,024 ways among marked choices
    with pytest.raises(InvalidInput, match=r"choices parties marked can be settled in 1,024"):
        PointChoice.from_point(point(text), marked=marked)


@settings(max_examples=200, deadline=None)
@given(bracket_texts(), st.data())
def test_weighed_options_keep_exactly_the_marked_choices_and_their_parents(
    text: str, data: st.DataObject
) -> None:
    options = point(text).options
    marked = (
        set(data.draw(st.sets(st.sampled_from([o.key for o in options])))) if options else set()
    )
    kept = weighed_options(options, marked)
    by_key = {o.key: o for o in options}
    kept_groups = {o.group for o in kept}
    for key in marked:  # a marked option, and every choice it sits in, is weighed
        option: Option | None = by_key[key]
        while option is not None:
            assert option.group in kept_groups
            option = by_key.get(option.parent) if option.parent else None
    for group in kept_groups:  # nothing else is
        members = [o for o in options if o.group == group]
        below = {o.key for o in options if o.parent in {m.key for m in members}}
        assert any(m.key in marked for m in members) or _reaches(options, below, marked)
    assert reading_count(kept) <= reading_count(options)


def _reaches(options: tuple[Option, ...], keys: set[str], marked: set[str]) -> bool:
    if keys & marked:
        return True
    deeper = {o.key for o in options if o.parent in keys}
    return bool(deeper) and _reaches(options, deeper, marked)
