"""Variant sites: what is found, what is never touched, how codewords are applied."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.trace.forbidden import FORBIDDEN_WORDS, forbidden_sequence, word_tokens
from onetext.trace.sites import (
    STRUCTURAL_KINDS,
    Site,
    SiteKind,
    SiteOptions,
    apply_codeword,
    find_sites,
    review_sites,
)
from onetext.trace.variants import (
    HYPHEN_GROUPS,
    PHRASE_GROUPS,
    SPELLING_GROUPS,
    number_in_words,
)

VOCABULARY = (
    "the Parties shall will may can must not organise recognise labour ceasefire "
    "peacekeeping in order to with regard to 30 days 7 weeks 12 per cent upon "
    "unless and or within before after only any each this Agreement cooperation "
    "programme roads, bridges schools, defence centre thirty (30) days follow-up "
    "furthermore assist commence regarding towards subcommittee analyse "
    "neighbouring "
).split()


class P:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text


def test_the_forbidden_list_is_explicit_and_holds_the_legal_words() -> None:
    for word in (
        "shall",
        "will",
        "may",
        "can",
        "must",
        "should",
        "not",
        "and",
        "or",
        "unless",
        "within",
        "before",
        "after",
        "only",
        "any",
        "each",
    ):
        assert word in FORBIDDEN_WORDS
    assert forbidden_sequence("It shall not, and may only") == [
        "shall",
        "not",
        "and",
        "may",
        "only",
    ]


def test_no_variant_table_contains_a_forbidden_word() -> None:
    for group in (*SPELLING_GROUPS, *PHRASE_GROUPS, *HYPHEN_GROUPS):
        for form in group.forms:
            assert not set(word_tokens(form)) & FORBIDDEN_WORDS, form
        assert len(set(group.forms)) == len(group.forms), group


def test_each_kind_is_found_with_the_original_as_first_variant(sample_points: list[P]) -> None:
    sites = find_sites(sample_points)
    kinds = {s.kind for s in sites}
    assert {
        SiteKind.SPELLING,
        SiteKind.NUMBER,
        SiteKind.PHRASE,
        SiteKind.HYPHEN,
        SiteKind.SERIAL_COMMA,
    } <= kinds
    for site in sites:
        assert sample_points[site.point].text[site.start : site.end] == site.variants[0]
        assert site.arity >= 2
    by_text = {sample_points[s.point].text[s.start : s.end]: s for s in sites}
    # "within 30 days": the duration may also be framed ("within a period of 30 days")
    assert by_text["30"].variants == (
        "30",
        "thirty (30)",
        "thirty",
        "a period of 30",
        "a period of thirty (30)",
        "a period of thirty",
    )
    assert by_text["organise"].variants == ("organise", "organize")
    assert by_text["This Agreement"].variants[1] == "The present Agreement"
    # "per cent" / "percent" is a matter of dialect: it follows the copy's spelling
    assert by_text["20 per cent"].variants == ("20 per cent", "20 percent")
    assert by_text["20 per cent"].group == by_text["organise"].group == "dialect"


def test_site_ids_are_stable_and_unique(sample_points: list[P]) -> None:
    first = find_sites(sample_points)
    again = find_sites(sample_points, SiteOptions(digital=True))
    assert len({s.id for s in first}) == len(first)
    visible = {s.id: s for s in again if s.kind is not SiteKind.INVISIBLE}
    assert visible == {s.id: s for s in first}
    assert re.fullmatch(r"1\.s1", first[0].id)


def test_brackets_are_never_a_site(sample_points: list[P]) -> None:
    text = sample_points[0].text
    bracket = text.index("[shall][may]")
    for site in find_sites(sample_points, SiteOptions(digital=True)):
        if site.point == 0:
            assert site.end <= bracket or site.start >= bracket + len("[shall][may]")


def test_sub_items_swap_only_where_the_mediator_allows(sample_points: list[P]) -> None:
    assert not [s for s in find_sites(sample_points) if s.kind is SiteKind.ORDER]
    allowed = find_sites(sample_points, SiteOptions(reorderable=frozenset({"4"})))
    orders = [s for s in allowed if s.kind is SiteKind.ORDER]
    assert len(orders) == 1
    symbols = [1 if s.kind is SiteKind.ORDER else 0 for s in allowed]
    swapped = apply_codeword([p.text for p in sample_points], allowed, symbols)[3]
    assert "(a) the exchange of remains;\n(b) the release of detainees; and" in swapped


def test_sub_items_with_a_forbidden_word_keep_their_place() -> None:
    text = "Measures:\n(a) the parties shall withdraw;\n(b) the release of detainees."
    sites = find_sites([P("1", text)], SiteOptions(reorderable=frozenset({"1"})))
    assert not [s for s in sites if s.kind is SiteKind.ORDER]


@settings(max_examples=60, deadline=None)
@given(
    items=st.lists(
        st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=8), min_size=2, max_size=6
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_reordering_never_moves_a_forbidden_word(items: list[list[str]], seed: int) -> None:
    letters = "abcdefgh"
    body = "\n".join(f"({letters[i]}) {' '.join(words)};" for i, words in enumerate(items))
    text = f"The following apply:\n{body}"
    sites = find_sites([P("1", text)], SiteOptions(reorderable=frozenset({"1"})))
    rng = random.Random(seed)
    copy = apply_codeword([text], sites, [rng.randrange(s.arity) for s in sites])[0]
    assert forbidden_sequence(copy) == forbidden_sequence(text)


def test_serial_comma_needs_a_real_list() -> None:
    def commas(text: str) -> list[Site]:
        return [s for s in find_sites([P("1", text)]) if s.kind is SiteKind.SERIAL_COMMA]

    assert commas("roads, bridges and schools.")
    assert commas("roads, bridges, and schools.")[0].variants == (",", "")
    assert not commas("In that case, the parties and the mediator shall meet.")
    # "an oil or gas well" is one item, not the end of a list: no comma before "or"
    assert not commas("The term includes a mine, an oil or gas well.")
    assert commas("The term includes a mine, a well or a quarry.")
    assert not commas("In the case of Aruba, the Minister of Finance or a representative.")
    assert commas("the seabed, its subsoil and its waters.")


def test_review_vetoes_by_id_and_rejects_unknown_ids(sample_points: list[P]) -> None:
    sites = find_sites(sample_points)
    kept = review_sites(sites, [sites[0].id, sites[3].id])
    assert [s.id for s in kept] == [s.id for s in sites if s.id not in {sites[0].id, sites[3].id}]
    with pytest.raises(InvalidInput, match="unknown variant site"):
        review_sites(sites, ["99.s9"])


def test_the_zero_codeword_is_the_version_and_bad_codewords_are_refused(
    sample_points: list[P],
) -> None:
    texts = [p.text for p in sample_points]
    sites = find_sites(sample_points, SiteOptions(digital=True, reorderable=frozenset({"4"})))
    assert apply_codeword(texts, sites, [0] * len(sites)) == texts
    with pytest.raises(InvalidInput):
        apply_codeword(texts, sites, [0])
    with pytest.raises(InvalidInput):
        apply_codeword(texts, sites, [9] * len(sites))


def test_site_round_trips_through_a_dict(sample_points: list[P]) -> None:
    for site in find_sites(sample_points, SiteOptions(digital=True, reorderable=frozenset({"4"}))):
        assert Site.from_dict(site.to_dict()) == site


def test_numbers_in_words() -> None:
    assert number_in_words(7) == "seven"
    assert number_in_words(35) == "thirty-five"
    assert number_in_words(400) == "four hundred"
    assert number_in_words(101) == "one hundred one"


@st.composite
def draft_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=60))
    separators = draw(
        st.lists(
            st.sampled_from([" ", " ", " ", ", ", "; ", ". "]),
            min_size=len(words),
            max_size=len(words),
        )
    )
    return "".join(w + s for w, s in zip(words, separators, strict=True)).strip()


@settings(max_examples=150, deadline=None)
@given(text=draft_texts(), seed=st.integers(0, 2**32 - 1), digital=st.booleans())
@example(text="the the the the. Parties the the the unless.", seed=0, digital=False)
def test_no_variant_ever_touches_a_forbidden_word(text: str, seed: int, digital: bool) -> None:
    point = P("1", text)
    sites = find_sites([point], SiteOptions(digital=digital))
    rng = random.Random(seed)
    for _ in range(3):
        codeword = [rng.randrange(s.arity) for s in sites]
        copy = apply_codeword([text], sites, codeword)[0]
        # every site varied: each legal word stays, as often (rearrangements may move it;
        # test_trace_quotes holds the words of each sentence together)
        assert Counter(forbidden_sequence(copy)) == Counter(forbidden_sequence(text))
        # substitutions alone: the legal words in the very same order
        fixed = [0 if s.kind in REARRANGING else c for s, c in zip(sites, codeword, strict=True)]
        substituted = apply_codeword([text], sites, fixed)[0]
        assert forbidden_sequence(substituted) == forbidden_sequence(text)
    for site in sites:
        if site.kind in STRUCTURAL_KINDS:
            continue  # two spans trade places: no word of either is rewritten
        if site.kind is SiteKind.LIST:  # the same words in another order
            assert {tuple(sorted(word_tokens(v))) for v in site.variants} == {
                tuple(sorted(word_tokens(site.variants[0])))
            }
            continue
        for variant in site.variants:
            assert not set(word_tokens(variant)) & FORBIDDEN_WORDS


REARRANGING = STRUCTURAL_KINDS | {SiteKind.LIST}
"""Sites that move words rather than replace them."""
