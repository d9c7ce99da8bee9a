"""Writing the engine's package into the text, and each party's range, as properties:
every way to settle a unit (``option_readings``) written in leaves no bracket of a
settled choice and keeps exactly the chosen words; the worst and best utilities agree
with brute-force enumeration of the acceptable packages."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.bruteforce import enumerate_packages
from generators.instances import random_problem
from onetext.model.document import option_readings, reading_count
from onetext.solve.ranges import utility_ranges
from onetext.text.brackets import extract_options
from onetext.text.settle import settle_text

WORD = st.sampled_from(["shall", "may", "the", "parties", "fund", "weekly", "daily", "data"])


@st.composite
def phrase(draw: st.DrawFn, depth: int = 0) -> str:
    """Words, alternatives side by side or joined by '/', lone phrases, nested ones."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["word", "word", "alternatives", "lone"]))
        if kind == "word" or depth >= 2:
            parts.append(draw(WORD))
        elif kind == "alternatives":
            joiner = draw(st.sampled_from(["", " / "]))
            count = draw(st.integers(2, 3))
            parts.append(joiner.join(f"[{draw(phrase(depth + 1))}]" for _ in range(count)))
        else:
            parts.append(f"[{draw(phrase(depth + 1))}]")
    return " ".join(parts)


@settings(max_examples=150, deadline=None)
@given(phrase())
@example("The parties [shall take [ambitious] action][may act] by [2030][2035].")
@example("Funding:\nOption 1: from the budget\nOption 2: from a [new] fund")
def test_every_settlement_written_in_leaves_no_bracket(text: str) -> None:
    options = extract_options("1", text)
    if reading_count(options) > 200:
        return
    by_key = {o.key: o for o in options}
    for reading in option_readings(options):
        settled = settle_text(text, reading)
        assert "[" not in settled and "]" not in settled, (text, reading, settled)
        words = re.findall(r"\w+", settled)
        # the chosen words are there, innermost options whole
        for key in reading:
            option = by_key[key]
            if option.text and "[" not in option.text:
                assert re.findall(r"\w+", option.text)[0] in words, (text, reading, settled)
        # nothing is invented: every word comes from the text
        assert set(words) <= set(re.findall(r"\w+", text)), (text, reading, settled)


def test_a_choice_not_settled_stays_as_written_and_notes_stay() -> None:
    text = "Data within [30][90] days [in writing].[^1] [Note: see Annex II]"
    assert settle_text(text, ["1b"]) == "Data within 90 days [in writing].[^1] [Note: see Annex II]"
    assert settle_text(text, []) == text
    assert settle_text(text, ["1a", "2none"]) == "Data within 30 days.[^1] [Note: see Annex II]"


def test_a_phrase_left_out_takes_its_nested_choice_with_it() -> None:
    text = "The parties [shall take [ambitious][bold] action] by 2030."
    assert settle_text(text, ["1none"]) == "The parties by 2030."
    assert settle_text(text, ["1a", "2b"]) == "The parties shall take bold action by 2030."


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_ranges_agree_with_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    problem = random_problem(
        rng,
        int(rng.integers(1, 5)),
        int(rng.integers(1, 4)),
        int(rng.integers(1, 4)),
        opposed=float(rng.choice([0.0, 0.9])),
        red_line_rate=float(rng.choice([0.0, 0.2])),
        n_links=int(rng.integers(0, 2)),
        reservation=float(rng.choice([0.0, 40.0])),
        integer_scores=True,
    )
    enum = enumerate_packages(problem.compiled)
    acceptable = enum.utilities[:, enum.acceptable]
    ranges = utility_ranges(problem)
    if acceptable.shape[1] == 0:
        assert ranges == {}
        return
    for index, party in enumerate(problem.parties):
        span = ranges[party.id]
        assert span.worst == pytest.approx(acceptable[index].min(), abs=1e-6)
        assert span.best == pytest.approx(acceptable[index].max(), abs=1e-6)
        assert 0.0 <= span.share(float(acceptable[index].mean())) <= 1.0
    only = problem.parties[0].id
    assert set(utility_ranges(problem, [only])) == {only}


def test_the_chosen_wording_reads_nested_choices_settled() -> None:
    from onetext.service.engine_package import chosen_wording

    text = "The parties [shall take [ambitious][bold] action][may act] by [2030][2035]."
    options = extract_options("1", text)
    assert chosen_wording(options, "1a+2b+3b") == "“shall take bold action”; “2035”"
    assert chosen_wording(options, "1b+3a") == "“may act”; “2030”"
    funding = "Funding:\nOption 1: from the budget\nOption 2: from a [voluntary] trust fund"
    assert chosen_wording(extract_options("5", funding), "1b+2none") == "“from a trust fund”"
    assert chosen_wording(options, "drop") == "left out"
