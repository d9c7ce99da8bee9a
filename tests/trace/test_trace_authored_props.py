"""Properties of authored variants: whatever subset of the mediator's forms is used
and whatever symbols a codeword picks, every copy keeps the version's legal words,
numbers and capitalised terms, and parses back to the same points; a file the
checks accept never lets a change of those through."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.formats.drafts import load_draft
from onetext.formats.variants_file import load_variants_file
from onetext.model.document import Option
from onetext.text.parse import Numbering, ParsedDraft, parse_draft
from onetext.text.render import render_draft
from onetext.trace.authored import (
    AuthoredPhrase,
    authored_sites,
    capitalised_terms,
    number_values,
    with_authored,
)
from onetext.trace.forbidden import forbidden_sequence
from onetext.trace.sites import Site, apply_codeword, find_sites

HERE = Path(__file__).resolve().parent / "authored"
# two hand-written texts in other styles: a flat protocol numbered 1-8, and articles
# whose paragraphs run on across them, with sub-items, brackets and Option blocks
FIXTURES = [
    (load_draft(HERE / "fisheries.md"), load_variants_file(HERE / "fisheries-variants.json")),
    (load_draft(HERE / "customs-articles.md"), load_variants_file(HERE / "customs-variants.json")),
]
AUTOMATIC = [find_sites(draft.points) for draft, _ in FIXTURES]
MUTATIONS = (
    "shall may not only any all within after 30 thirty 45 two first last Commission "
    "Party Parties Agreement Lake duly formally said such the a its their of to on upon "
    "promptly timely, carefully"
).split()


def _numbers(text: str) -> list[str]:
    return [value for value, _ in number_values(text)]


def _choices(options: tuple[Option, ...]) -> list[tuple[str, int, str | None]]:
    return [(o.key, o.group, o.parent) for o in options]


def _copies_keep_the_version(draft: ParsedDraft, sites: list[Site], codeword: list[int]) -> None:
    texts = apply_codeword([p.text for p in draft.points], sites, codeword)
    for point, copy in zip(draft.points, texts, strict=True):
        assert forbidden_sequence(copy) == forbidden_sequence(point.text)
        assert _numbers(copy) == _numbers(point.text)
        assert capitalised_terms(copy) == capitalised_terms(point.text)
    points = [p.__class__(p.label, t, p.heading) for p, t in zip(draft.points, texts, strict=True)]
    for markdown in (False, True):
        rendered = render_draft(
            points,
            title=draft.title,
            preamble=draft.preamble,
            numbering=Numbering(draft.numbering.value),
            markdown=markdown,
        )
        back = parse_draft(rendered, markdown=markdown)
        assert [p.label for p in back.points] == [p.label for p in draft.points]
        assert [p.text for p in back.points] == texts
        # the same choices (an Option block's wording may carry sites, a bracket's not)
        assert [_choices(p.options) for p in back.points] == [
            _choices(p.options) for p in draft.points
        ]


@st.composite
def chosen(draw: st.DrawFn) -> tuple[int, list[AuthoredPhrase], list[int]]:
    """A fixture, a subset of its phrases each with a subset of its alternatives,
    and a codeword over the merged sites."""
    which = draw(st.integers(0, len(FIXTURES) - 1))
    draft, phrases = FIXTURES[which]
    keep = draw(st.lists(st.booleans(), min_size=len(phrases), max_size=len(phrases)))
    subset = []
    for phrase, kept in zip(phrases, keep, strict=True):
        if not kept:
            continue
        alternatives = draw(st.lists(st.sampled_from(phrase.forms[1:]), min_size=1, unique=True))
        subset.append(AuthoredPhrase(phrase.label, (phrase.forms[0], *alternatives)))
    sites = with_authored(AUTOMATIC[which], authored_sites(draft.points, subset)).sites
    codeword = [draw(st.integers(0, s.arity - 1)) for s in sites]
    return which, subset, codeword


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=chosen())
def test_every_copy_keeps_the_legal_words_numbers_and_terms(
    case: tuple[int, list[AuthoredPhrase], list[int]],
) -> None:
    which, subset, codeword = case
    draft = FIXTURES[which][0]
    merged = with_authored(AUTOMATIC[which], authored_sites(draft.points, subset))
    assert len(merged.sites) == len(codeword)
    _copies_keep_the_version(draft, list(merged.sites), codeword)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[int, AuthoredPhrase, int]:
    """One listed phrase with an alternative mutated at random: a word replaced,
    inserted or dropped, from a vocabulary rich in legal words, numbers and names."""
    which = draw(st.integers(0, len(FIXTURES) - 1))
    phrases = FIXTURES[which][1]
    phrase = draw(st.sampled_from(phrases))
    words = draw(st.sampled_from(phrase.forms[1:])).split()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(words)))
        action = draw(st.sampled_from(["replace", "insert", "drop"]))
        word = draw(st.sampled_from(MUTATIONS))
        if action == "insert" or not words:
            words.insert(at, word)
        elif action == "replace":
            words[min(at, len(words) - 1)] = word
        elif len(words) > 1:
            del words[min(at, len(words) - 1)]
    symbol = draw(st.integers(0, 1))
    return which, AuthoredPhrase(phrase.label, (phrase.forms[0], " ".join(words))), symbol


@settings(max_examples=150, deadline=None)
@given(case=mutated())
def test_what_the_checks_accept_keeps_the_version(case: tuple[int, AuthoredPhrase, int]) -> None:
    which, phrase, symbol = case
    draft = FIXTURES[which][0]
    try:
        sites = authored_sites(draft.points, [phrase])
    except InvalidInput as refused:
        event("refused")
        assert refused.message.startswith(f"point {phrase.label}, ")
        assert "\n" not in refused.message
        return
    event("accepted")
    merged = with_authored(AUTOMATIC[which], sites).sites
    codeword = [symbol if s.kind.value == "authored" else 0 for s in merged]
    _copies_keep_the_version(draft, list(merged), codeword)


@pytest.mark.parametrize("which", range(len(FIXTURES)))
def test_the_full_files_are_accepted(which: int) -> None:
    draft, phrases = FIXTURES[which]
    assert len(authored_sites(draft.points, phrases)) == len(phrases)
