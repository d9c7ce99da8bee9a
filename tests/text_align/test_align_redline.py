"""Word-level redlines of reworded points."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.text.redline import Op, Segment, new_text, old_text, redline

WORDS = st.lists(
    st.sampled_from(
        [
            "The",
            "Parties",
            "shall",
            "withdraw",
            "all",
            "forces",
            "within",
            "thirty",
            "sixty",
            "days",
            ",",
            ".",
            "(a)",
            "Veldoria's",
        ]
    ),
    max_size=25,
)


def _squash(text: str) -> str:
    return "".join(text.split())


def test_align_redline_of_a_drafting_change() -> None:
    segments = redline(
        "The Parties shall withdraw all heavy weapons within thirty days.",
        "The Parties will withdraw heavy weapons in good faith within sixty days.",
    )
    assert segments == (
        Segment(Op.EQUAL, "The Parties "),
        Segment(Op.DELETE, "shall "),
        Segment(Op.INSERT, "will "),
        Segment(Op.EQUAL, "withdraw "),
        Segment(Op.DELETE, "all "),
        Segment(Op.EQUAL, "heavy weapons "),
        Segment(Op.INSERT, "in good faith "),
        Segment(Op.EQUAL, "within "),
        Segment(Op.DELETE, "thirty "),
        Segment(Op.INSERT, "sixty "),
        Segment(Op.EQUAL, "days."),
    )


def test_align_redline_of_identical_and_empty_texts() -> None:
    assert redline("Same text.", "Same text.") == (Segment(Op.EQUAL, "Same text."),)
    assert redline("", "New point.") == (Segment(Op.INSERT, "New point."),)
    assert redline("Old point.", "") == (Segment(Op.DELETE, "Old point."),)
    assert redline("", "") == ()


@settings(max_examples=80, deadline=None)
@given(WORDS, WORDS)
def test_align_redline_gives_back_both_texts(before: list[str], after: list[str]) -> None:
    old, new = " ".join(before), " ".join(after)
    segments = redline(old, new)
    assert new_text(segments) == new
    assert _squash(old_text(segments)) == _squash(old)
    # Neighbours never repeat an operation, and no segment is empty.
    assert all(a.op is not b.op for a, b in itertools.pairwise(segments))
    assert all(s.text for s in segments)
