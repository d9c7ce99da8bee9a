"""A hand-written three-version text in the shape of a ministerial declaration under
negotiation, with the counts worked out by hand (not by the code under test).

Labels ``A.P`` are paragraph P of Article A, as stored texts with Articles are
labelled. The counts of each version are written next to it: spans (matched ``[ ]``
pairs, notes excluded), options (alternatives of choices offering two or more),
bracketed units (units with any choice left), units.
"""

from __future__ import annotations

from dataclasses import dataclass

from onetext.text.brackets import extract_options
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint


@dataclass(frozen=True)
class Reading:
    preamble: str
    units: tuple[tuple[str, str], ...]
    spans: int
    options: int
    bracketed: int
    # article -> (spans, options, bracketed units, units)
    articles: dict[str, tuple[int, int, int, int]]

    def draft(self) -> ParsedDraft:
        return ParsedDraft(
            title="Ministerial declaration on food loss",
            preamble=self.preamble,
            points=tuple(
                ParsedPoint(label, text, None, extract_options(label, text))
                for label, text in self.units
            ),
            numbering=Numbering.PLAIN,
        )


FIRST = Reading(
    # preamble: 2 adjacent spans = 2 options, one choice
    preamble="Recalling [the Declaration of Sorvik][its earlier decisions],",
    units=(
        # two choices of two: 4 spans, 4 options
        ("1.1", "Ministers [commit to][will endeavour to] halve food waste by [2030][2035]."),
        # a lone phrase: 1 span, no alternative offered besides leaving it out
        ("1.2", "This commitment applies to [retail and] households."),
        # a lone phrase nested in a lone phrase: 2 spans, 0 options
        (
            "2.1",
            "Finance shall be provided [by developed countries [and other Parties in a "
            "position to do so]].",
        ),
        # an Option block of two (2 options) with a lone phrase in the second: 1 span
        (
            "2.2",
            "Option 1: A new fund is established.\n"
            "Option 2: The existing facility is mandated [to act as the fund].",
        ),
        # a footnote marker and an editorial note: no bracket, no choice
        ("2.3", "Reports are due every two years.[^3] [Note: placement to be discussed]"),
        # slash-joined alternatives (2 spans, 2 options) and a lone year (1 span)
        ("3.1", "Ministers will meet again in [Oslo]/[Nairobi] in [2027]."),
    ),
    spans=2 + 4 + 1 + 2 + 1 + 0 + 3,
    options=2 + 4 + 0 + 0 + 2 + 0 + 2,
    bracketed=5,
    articles={"1": (5, 4, 2, 2), "2": (3, 2, 2, 3), "3": (3, 2, 1, 1)},
)

SECOND = Reading(
    preamble="Recalling the Declaration of Sorvik,",
    units=(
        ("1.1", "Ministers commit to halve food waste by [2030][2035]."),
        ("1.2", "This commitment applies to retail and households."),
        (
            "2.1",
            "Finance shall be provided by developed countries [and other Parties in a "
            "position to do so].",
        ),
        (
            "2.2",
            "Option 1: A new fund is established.\n"
            "Option 2: The existing facility is mandated to act as the fund.",
        ),
        ("2.3", "Reports are due every two years.[^3] [Note: placement to be discussed]"),
        ("3.1", "Ministers will meet again in Nairobi in [2027]."),
    ),
    spans=2 + 1 + 1,
    options=2 + 2,
    bracketed=4,
    articles={"1": (2, 2, 1, 2), "2": (1, 2, 2, 3), "3": (1, 0, 1, 1)},
)

THIRD = Reading(
    preamble="Recalling the Declaration of Sorvik,",
    units=(
        ("1.1", "Ministers commit to halve food waste by 2030."),
        ("1.2", "This commitment applies to retail and households."),
        ("2.1", "Finance shall be provided by developed countries."),
        ("2.2", "The existing facility is mandated to act as the fund."),
        ("2.3", "Reports are due every two years.[^3]"),
        ("3.1", "Ministers will meet again in Nairobi in 2027."),
        ("3.2", "Ministers thank the host [Government]."),
    ),
    spans=1,
    options=0,
    bracketed=1,
    articles={"1": (0, 0, 0, 2), "2": (0, 0, 0, 3), "3": (1, 0, 1, 2)},
)

READINGS = (FIRST, SECOND, THIRD)
