"""Coordination-order sites (issue 14): two coordinated items trade places where a
drafter reading one copy could not tell the original order, and stay put wherever
the order or the attachment of a neighbour could carry meaning. Hand-written
treaty-like sentences, a property test on generated ones, and a round trip through
a retyped quote."""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.text.parse import parse_draft
from onetext.trace.coordination import coordination_spans, related_items
from onetext.trace.forbidden import FORBIDDEN_WORDS, forbidden_sequence
from onetext.trace.registry import issue_copies
from onetext.trace.sites import SiteKind, apply_codeword, find_sites
from onetext.trace.structure import FIXED_PAIRS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from leak_model import newspaper_retype  # noqa: E402


class P:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text


def _swaps(text: str) -> set[tuple[str, str]]:
    """The pairs of spans that trade places in ``text`` (item sites only)."""
    return {
        (text[s.start : s.end], text[s.start2 : s.end2])
        for s in find_sites([P("1", text)])
        if s.kind is SiteKind.ITEMS
    }


def _copies(text: str) -> set[str]:
    sites = find_sites([P("1", text)])
    rng = random.Random(3)
    return {
        apply_codeword([text], sites, [rng.randrange(s.arity) for s in sites])[0] for _ in range(40)
    }


@pytest.mark.parametrize(
    ("text", "pair", "variant"),
    [
        (
            "The levy on timber and on minerals shall be reviewed every year.",
            ("timber", "minerals"),
            "The levy on minerals and on timber shall be reviewed",
        ),
        (
            "Charges shall be raised on fuel or on lubricants, as the Board decides.",
            ("fuel", "lubricants"),
            "on lubricants or on fuel, as the Board",
        ),
        (
            "The Authority may decide to withdraw or suspend such licences at any time.",
            ("withdraw", "suspend"),
            "to suspend or withdraw such licences",
        ),
        (
            "The Parties shall provide scientific and technical assistance to the Basin Office.",
            ("scientific", "technical"),
            "provide technical and scientific assistance",
        ),
        (
            "The inspectors and the observers shall meet twice a year.",
            ("inspectors", "observers"),
            "The observers and the inspectors shall meet",
        ),
        (
            "The term 'operator' means a company or an association, whatever its form.",
            ("a company", "an association"),
            "means an association or a company, whatever",
        ),
        (
            "Each Party shall promote and strengthen regional fisheries management.",
            ("promote", "strengthen"),
            "shall strengthen and promote regional",
        ),
        (
            "Each request shall go to the Board, which shall inform the inspectors and "
            "the observers.",
            ("the inspectors", "the observers"),
            "inform the observers and the inspectors.",
        ),
        (
            "No fee shall be charged to any vessel or aircraft within the zone.",
            ("vessel", "aircraft"),
            "to any aircraft or vessel within",
        ),
    ],
)
def test_a_coordinated_pair_trades_places(text: str, pair: tuple[str, str], variant: str) -> None:
    assert pair in _swaps(text)
    copies = _copies(text)
    assert any(variant in c for c in copies)
    assert text in copies


@pytest.mark.parametrize(
    "text",
    [
        # an item refers back, quantifies or counts
        "The levy on vessels and on their cargo shall be reviewed every year.",
        "Charges shall be raised on fuel or on such lubricants, as the Board decides.",
        "The levy on fuel and on the same goods shall be reviewed every year.",
        "The levy on two vessels and on three barges shall be reviewed every year.",
        # the sentence fixes the order
        "The levy on timber and on minerals shall be two and three per cent respectively.",
        # the second item has something hanging on it alone
        "The levy on timber and on minerals carried by road shall be reviewed.",
        "The levy on timber and on minerals which are perishable shall be reviewed.",
        # the preposition already opens a longer phrase of the same shape
        "A share of the proceeds of fuel or of lubricants, as the Board decides, is due.",
        # the first item lacks its noun (ellipsis)
        "Incidents may be of a civilian and of a military nature.",
        # the second item opens a longer list
        "Any amount of customs duties and of interest, surcharges and costs is due.",
        # one item is the other's inflection or prefix
        "The Board shall define the class or classes of shares concerned.",
        "The report shall name the offender and the alleged offender.",
        # conventional binomials
        "The Parties shall respect the rights and obligations of the Parties.",
        "Nothing shall affect the laws and regulations of either Party.",
        "Each Party shall sign and ratify the Protocol within one year.",
        # a sequence of steps, joined by "and"
        "The Committee shall review and approve the budget.",
        "The Parties shall develop and implement a joint plan.",
        # an adverb or a formula list before the adjectives
        "The Parties shall provide purely technical and financial assistance.",
        "Discrimination on grounds of national, ethnic or social origin is prohibited.",
        # the article would not fit the other adjective
        "The dispute shall go to an international or regional tribunal.",
        # a preposition after a noun could bind one item only
        "The decision of the Commission and the Secretariat shall be final.",
        # a noun before the pair's preposition, even behind a modal
        "The Registrar shall keep the minutes of the Commission and the Secretariat.",
        # parties and institutions keep their order of protocol
        "The Commission and the Secretariat shall meet twice a year.",
        "Each State, the Holy See or the Union shall notify the Depositary.",
        # the name of an instrument
        "Nothing in the Agreement between the Republic and the Agency shall apply.",
        # a defined term in quotes
        'The term "inbound or outbound flight" means a scheduled flight.',
        # an infinitive after a repeated "to": the object would change verbs
        "The Unit shall meet in order to review incidents and to plan the patrols.",
        # the sentence says the order matters
        "The Board shall meet alternately in Aldern and in Brevia.",
        "Taxes of every kind and description shall be covered.",
        # the verb agrees with the nearer item
        "The levy on timber or on minerals is due at the border.",
    ],
)
def test_a_pair_whose_order_could_carry_meaning_stays(text: str) -> None:
    assert not _swaps(text), _swaps(text)


def test_related_items_are_inflections_prefixes_or_shared_words() -> None:
    assert related_items("class", "classes")
    assert related_items("the offender", "the alleged offender")
    assert related_items("body", "bodies")
    assert not related_items("income", "capital")
    assert related_items("tangible", "intangible")
    assert not related_items("inbound", "outbound")
    assert not related_items("national", "international")


def test_order_words_and_the_whole_fixed_list_keep_a_sentence_intact() -> None:
    assert not list(coordination_spans("The levy on fuel and on oil respectively is due."))
    assert not list(coordination_spans("Fees on land and on sea, in that order, are due."))
    for first, second in sorted(FIXED_PAIRS):
        sentence = f"The Parties shall consider the {first} and the {second}, as agreed."
        assert not list(coordination_spans(sentence, FIXED_PAIRS)), (first, second)


ANCHORED = FORBIDDEN_WORDS | {"its", "their", "such", "same", "other", "thereof", "those"}

FRONTS = [
    "The Parties shall levy a fee",
    "Each Party may decide to impose charges",
    "The Committee shall report",
    "Nothing shall prevent the Authority from acting",
]
PAIRS = [
    "on timber and on minerals",
    "on fuel or on lubricants",
    "to the Commission and to the Secretariat",
    "of a company or of an association",
    "on the cargo and on their crews",
    "on 30 vessels and on 12 barges",
    "on any vessel or aircraft",
    "on its vessels and on the barges",
    "to the Commission and to such other bodies",
    "on fuel and on the same goods",
    "on scientific and technical grounds",
    "on timber and on minerals carried by road",
]
TAILS = [
    ".",
    ", as the Board decides.",
    " within thirty (30) days.",
    " unless the Council decides otherwise.",
    " and shall not withdraw or suspend such licences.",
    " to revoke or suspend all licences.",
]


@settings(max_examples=80, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(FRONTS), st.sampled_from(PAIRS), st.sampled_from(TAILS)),
        min_size=1,
        max_size=3,
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_no_coordination_variant_changes_words_legal_words_or_numbers(
    parts: list[tuple[str, str, str]], seed: int
) -> None:
    texts = [f"{front} {pair}{tail}" for front, pair, tail in parts]
    points = [P(str(i + 1), t) for i, t in enumerate(texts)]
    sites = [s for s in find_sites(points) if s.kind is SiteKind.ITEMS]
    rng = random.Random(seed)
    for _ in range(4):
        copy = apply_codeword(texts, sites, [rng.randrange(s.arity) for s in sites])
        for version, mine in zip(texts, copy, strict=True):
            assert Counter(re.findall(r"[\w'-]+|[^\w\s]", mine)) == Counter(
                re.findall(r"[\w'-]+|[^\w\s]", version)
            )
            assert forbidden_sequence(mine) == forbidden_sequence(version)
            assert re.findall(r"\d+", mine) == re.findall(r"\d+", version)
            # a word that refers back, counts or binds stays where it was
            ours, theirs = version.split(), mine.split()
            for at, word in enumerate(ours):
                if word.strip(",.").lower() in ANCHORED or re.search(r"\d", word):
                    assert theirs[at] == word, (version, mine)
        numbered = "\n\n".join(f"{i + 1}. {t}" for i, t in enumerate(copy))
        assert [p.label for p in parse_draft(numbered).points] == [
            str(i + 1) for i in range(len(texts))
        ]


def test_a_coordination_site_is_read_back_from_a_retyped_quote() -> None:
    texts = [
        "The levy on timber and on minerals shall be reviewed by the “Board” every year.",
        "The Authority may decide to withdraw or suspend such licences, as it sees fit.",
        "The inspectors and the observers shall provide scientific and technical "
        "assistance to the riparian States.",
    ]
    points = [P(str(i + 1), t) for i, t in enumerate(texts)]
    names = [f"r{i}" for i in range(8)]
    issue = issue_copies(points, names, seed=5)
    items = [n for n, s in enumerate(issue.sites) if s.kind is SiteKind.ITEMS]
    assert len(items) >= 4
    tracer = issue.tracer()
    for name in names:
        leak = newspaper_retype(issue.copy_texts(name))
        observed, _, labels = tracer.observe(leak)
        assert labels == ["1", "2", "3"]
        codeword = issue.code.codewords[name]
        for number in items:
            assert observed[number] == codeword[number], (name, issue.sites[number].id)
