"""The site families of the second extension (issue 14): each is found where it
should be, left alone where a drafter would notice, and never changes a legal word;
checked on hand-written sentences and on corpora the tables were not tuned on."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.formats.drafts import load_draft
from onetext.text.parse import parse_draft
from onetext.trace.forbidden import FORBIDDEN_WORDS, forbidden_sequence, word_tokens
from onetext.trace.registry import issue_copies
from onetext.trace.sites import STRUCTURAL_KINDS, SiteKind, apply_codeword, find_sites
from onetext.trace.structure import shift_rewrites
from onetext.trace.variants import PHRASE_GROUPS

ROOT = Path(__file__).resolve().parents[2]
LEAK = ROOT / "benchmarks" / "data" / "leak"
HELD_OUT = sorted(LEAK.glob("heldout*.md"))


class P:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text


def _sites(text: str) -> list[tuple[SiteKind, tuple[str, ...]]]:
    return [(s.kind, s.variants) for s in find_sites([P("1", text)])]


def _all_copies(text: str) -> set[str]:
    """Every copy of a one-point text (all codewords when there are few sites)."""
    sites = find_sites([P("1", text)])
    out = set()
    rng = random.Random(7)
    for _ in range(40):
        codeword = [rng.randrange(s.arity) for s in sites]
        out.add(apply_codeword([text], sites, codeword)[0])
    return out


def test_the_complementizer_that_is_optional_after_a_vetted_verb() -> None:
    text = "The Parties shall ensure that the data are protected."
    assert (SiteKind.PHRASE, ("that ", "")) in _sites(text)
    assert _all_copies(text) == {text, "The Parties shall ensure the data are protected."}
    for kept in (
        "The General Assembly decides that the report shall be considered.",  # a formula
        "The Parties shall ensure that that rule is kept.",  # "that that" reads badly
        "The Parties note the measures that the Committee adopted.",  # a relative pronoun
        "The Parties shall ensure that, where possible, data are shared.",  # no subject next
    ):
        assert (SiteKind.PHRASE, ("that ", "")) not in _sites(kept), kept


def test_the_comma_after_an_introductory_clause_is_optional() -> None:
    text = (
        "If the Committee fails to reach a solution within three months, the dispute "
        "shall be settled through diplomatic channels."
    )
    copies = _all_copies(text)
    assert any("three months the dispute" in c for c in copies)
    assert any("three months, the dispute" in c for c in copies)
    assert all(forbidden_sequence(c) == forbidden_sequence(text) for c in copies)
    # a clause longer than sixteen words keeps its comma; so does a comma before a verb
    long_clause = (
        "If the Committee established under the present Agreement by the Parties fails to "
        "reach a solution on the matter within three months, the dispute shall be settled."
    )
    assert not any("months the dispute" in c for c in _all_copies(long_clause))
    assert not any(
        k is SiteKind.COMMA for k, _ in _sites("Where appropriate, shall be notified at once.")
    )


def test_a_time_adverbial_shifts_between_modal_and_verb() -> None:
    text = "The consulate shall take a decision within thirty days."
    shifts = [s for s in find_sites([P("1", text)]) if s.kind is SiteKind.SHIFT]
    assert len(shifts) == 1
    sites = find_sites([P("1", text)])
    assert len(shifts[0].variants) == 3

    def written(shift: int, others: int = 0) -> str:
        codeword = [shift if s.kind is SiteKind.SHIFT else others for s in sites]
        return apply_codeword([text], sites, codeword)[0]

    assert written(1) == "The consulate shall within thirty days take a decision."
    assert written(2) == "Within thirty days, the consulate shall take a decision."
    # an edit inside a moved span moves with it
    assert written(2, 1) == "Within 30 days, the consulate shall make a decision."
    number = next(s for s in sites if s.kind is SiteKind.NUMBER)
    assert number.variants[0] == "thirty" and "a period of thirty (30)" in number.variants
    # after "will" (prose) the adverbial never stands between modal and verb
    prose = "We will close the last power stations by 2030."
    assert _all_copies(prose) == {prose, "By 2030, we will close the last power stations."}


@pytest.mark.parametrize(
    "text",
    [
        "The Parties shall take measures to reduce emissions within five years.",  # 2 verbs
        "The Parties shall notify each other of such crossings as soon as possible.",
        "The Parties shall withdraw and shall report within thirty days.",  # 2 modals
        "The Committee shall inspect vessels within the fishing zone.",  # a place
        "The Parties shall not withdraw their forces within thirty days.",  # negation
        "Vessels fishing in the zone shall report within twelve hours.",  # fine subject
    ],
)
def test_the_shift_is_refused_where_the_scope_could_change(text: str) -> None:
    shifts = list(shift_rewrites(text))
    if text.startswith("Vessels"):
        # the subject may hold anything without a comma: only the verb phrase is crossed
        assert len(shifts) == 1 and shifts[0].variants[1] == (
            "Vessels fishing in the zone shall within twelve hours report"
        )
    else:
        assert shifts == []


def test_q_ary_phrase_groups_hold_their_new_forms() -> None:
    forms = {f for g in PHRASE_GROUPS for f in g.forms}
    for new in ("as regards", "take account of", "at the earliest opportunity", "notably"):
        assert new in forms
    text = "The Committee shall meet as soon as possible with regard to the report."
    arities = sorted(len(v) for k, v in _sites(text) if k is SiteKind.PHRASE)
    assert arities[-1] == 6  # with regard to / regarding / ... / as regards


SENTENCES = [
    "The consulate shall take a decision within thirty days",
    "If the Committee fails to reach a solution within three months, the dispute "
    "shall be settled through diplomatic channels",
    "The Parties shall ensure that the data are protected",
    "We will publish the forecast on a public website every six hours",
    "To reach that goal, we will close the last two stations",
    "The Secretariat shall inform the Parties without delay",
    "Each agency will publish its data by the end of the second year",
    "The working groups shall take into account the views of each Party",
    "Amendments shall commence as soon as possible in cooperation with the Committee",
    "Only the Committee may decide that no vessel shall fish in the zone",
    "Any dispute shall be settled by mutual consent of the Parties",
]


@settings(max_examples=80, deadline=None)
@given(
    sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4),
    seed=st.integers(0, 2**32 - 1),
)
def test_no_new_site_changes_a_legal_word_or_its_order(sentences: list[str], seed: int) -> None:
    text = ". ".join(sentences) + "."
    sites = find_sites([P("1", text)])
    rng = random.Random(seed)
    own = sorted(forbidden_sequence(text))
    for _ in range(4):
        codeword = [rng.randrange(s.arity) for s in sites]
        copy = apply_codeword([text], sites, codeword)[0]
        assert sorted(forbidden_sequence(copy)) == own
        # a sentence that keeps its place (no sentence swap or join applies to a
        # single sentence) keeps the same legal words
        if len(sentences) == 1:
            assert sorted(forbidden_sequence(copy)) == sorted(forbidden_sequence(text))
            assert copy.count(".") == text.count(".")
        assert [p.label for p in parse_draft(f"1. {copy}").points] == ["1"]


def _numbers(text: str) -> Counter[str]:
    return Counter(re.findall(r"\d[\d,.]*\d|\d", re.sub(r"\([^)]*\)", "", text)))


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.stem)
def test_no_copy_of_a_text_we_did_not_tune_on_changes_a_legal_word(path: Path) -> None:
    """Texts the tables were not tuned on: every copy keeps the forbidden words, the
    numbers written in figures, the capitalised terms, and parses to the same points."""
    draft = load_draft(path)
    issue = issue_copies(draft.points, [f"r{i}" for i in range(6)], seed=11)
    for recipient in issue.recipients:
        copy = issue.copy_texts(recipient)
        for version, mine in zip((p.text for p in draft.points), copy, strict=True):
            assert sorted(forbidden_sequence(mine)) == sorted(forbidden_sequence(version))
            assert Counter(re.findall(r"(?<=[\w,)] )[A-Z][\w-]*", mine)) == Counter(
                re.findall(r"(?<=[\w,)] )[A-Z][\w-]*", version)
            )
            digits_kept = _numbers(version) - _numbers(mine)
            # a figure may only be written out in words (thirty (30) keeps it)
            assert all(int(d.replace(",", "")) < 100 for d in digits_kept), digits_kept
        numbered = "\n\n".join(f"{p.label}. {t}" for p, t in zip(draft.points, copy, strict=True))
        assert [p.label for p in parse_draft(numbered).points] == [p.label for p in draft.points]
    edits = [s for s in issue.sites if s.kind not in STRUCTURAL_KINDS | {SiteKind.LIST}]
    assert edits and all(
        w not in FORBIDDEN_WORDS for s in edits for v in s.variants for w in word_tokens(v)
    )


def test_a_resolution_retyped_into_one_sentence_is_located_point_by_point() -> None:
    texts = [
        "Recalling its earlier resolutions on the protection of coastal wetlands, and "
        "welcoming the regional action plan adopted by the coastal States,",
        "Encourages Member States to organise joint surveys of migratory birds in "
        "cooperation with the regional centres, with regard to the wintering sites;",
        "Requests the Secretariat to prepare, in consultation with the coastal States, a "
        "catalogue of the wetlands of international importance as soon as possible;",
        "Invites donors to take into account the needs of the smallest coastal States "
        "when they allocate funding for the monitoring programme;",
    ]
    points = [P(str(i + 1), t) for i, t in enumerate(texts)]
    names = [f"r{i}" for i in range(4)]
    issue = issue_copies(points, names, seed=2)
    tracer = issue.tracer()
    copy = issue.copy_texts("r2")
    leak = " ".join(copy[1:4])  # no full stop at all: one long "sentence"
    _, evidence, labels = tracer.observe(leak)
    assert labels == ["2", "3", "4"]
    assert sum(1 for e in evidence if not e.erased) >= 4


def test_a_paragraph_number_is_not_a_sentence_end_to_join() -> None:
    from onetext.trace.structure import join_rewrites

    assert not list(join_rewrites('Tax (the "tax"). 4. The Convention shall apply.'))
    assert not list(join_rewrites("The debts are settled. (b). The Parties shall meet."))
    assert list(join_rewrites("It applies to civil. The Parties shall meet."))
    assert list(join_rewrites("It applies. The Parties shall meet."))


def test_a_relative_that_may_be_which() -> None:
    from onetext.trace.sites import SiteKind, find_sites

    class Point:
        def __init__(self, text: str) -> None:
            self.label, self.text = "1", text

    def forms(text: str) -> set[tuple[str, ...]]:
        return {s.variants for s in find_sites([Point(text)]) if s.kind is SiteKind.PHRASE}

    assert ("that", "which") in forms("The Parties shall list the measures that may affect it.")
    # "where" is forbidden (it also opens a condition): "in which" stays
    assert ("in which", "where") not in forms("Tax is due in the State in which he resides.")
    # a complementizer or a demonstrative keeps its "that"
    assert ("that", "which") not in forms("The Parties agree that is the rule.")
    assert ("that", "which") not in forms("It applies provided that is so.")


def test_what_a_short_draft_needs_is_the_edge_of_the_guarantee() -> None:
    import statistics
    from pathlib import Path

    from onetext.formats.drafts import load_draft
    from onetext.trace.likelihood import quote_bound
    from onetext.trace.registry import issue_copies
    from onetext.trace.strength import what_a_short_draft_needs

    corpus = Path(__file__).parents[2] / "benchmarks" / "data" / "leak"
    draft = load_draft(corpus / "tune-border-agreement.md")
    issue = issue_copies(draft.points, [f"r{i}" for i in range(20)], seed=4)
    needs = what_a_short_draft_needs(issue.points, issue.sites, 20)
    robust = [s for s in issue.sites if not s.group]
    arities = [[s.arity for s in robust if s.point == i] for i in range(len(draft.points))]

    def median(k: int, n: int) -> float:
        return float(statistics.median(quote_bound(arities, n, k)))

    assert needs.points_needed is not None
    assert median(needs.points_needed, 20) < 1e-3
    assert needs.points_needed == 1 or median(needs.points_needed - 1, 20) >= 1e-3
    if needs.recipients_for >= 1:
        assert median(3, needs.recipients_for) < 1e-3
    assert median(3, needs.recipients_for + 1) >= 1e-3
    # every unproven 3-point passage holds one of the thin points named
    labels = [p.label for p in draft.points]
    bounds = quote_bound(arities, 20, 3)
    unproven = [labels[i : i + 3] for i, b in enumerate(bounds) if b >= 1e-3]
    assert unproven and all(set(window) & set(needs.thin) for window in unproven[:8])


def test_a_relative_clause_of_be_may_be_reduced() -> None:
    text = "The taxes which are imposed by the State shall be listed."
    assert _all_copies(text) == {
        text,
        "The taxes that are imposed by the State shall be listed.",
        "The taxes imposed by the State shall be listed.",
    }
    person = "A person who is liable to tax shall register."
    assert _all_copies(person) == {person, "A person liable to tax shall register."}
    for kept in (
        "Persons who are residents of a State shall register.",  # a noun, not a participle
        "The data which are not needed for it shall be deleted.",  # a negation follows
        "The taxes which are imposed by X and which are levied by Y apply.",  # parallel
        "It is agreed that is imposed by law.",  # no noun before the pronoun
    ):
        assert all(variants[-1] != "" for _, variants in _sites(kept)), kept
