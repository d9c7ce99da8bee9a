"""Short retyped quotes: legally identical copies, one dialect, exact scoring, PDF."""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.formats.copies import write_copy
from onetext.formats.drafts import load_draft
from onetext.text.parse import parse_draft
from onetext.trace.code import FingerprintCode, generate_code
from onetext.trace.likelihood import likelihood_attribution, quote_bound
from onetext.trace.registry import issue_copies
from onetext.trace.sites import SiteKind, SiteOptions, apply_codeword, find_sites
from onetext.trace.strength import quote_guarantees, robust_bits_per_100_words
from onetext.trace.structure import sentence_spans
from onetext.trace.variants import NUMBER_WORDS, SPELLING_GROUPS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from leak_model import cut_mid_sentence, mixed_quote, newspaper_retype, quote  # noqa: E402

DEMO = load_draft(ROOT / "benchmarks" / "data" / "draft-28.md")
HELD_OUT = load_draft(ROOT / "benchmarks" / "data" / "leak" / "heldout-water-convention.md")

MODALS = {"shall", "will", "may", "can", "must", "should", "might", "could", "would", "cannot"}
NEGATIONS = {"not", "no", "nor", "never", "neither", "none", "nothing", "without"}
QUANTIFIERS = {"all", "any", "each", "every", "some", "only", "either", "both", "least", "most"}
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: i for i, w in enumerate(NUMBER_WORDS)} | {
    t: 20 + 10 * i for i, t in enumerate(_TENS)
}
_FUNCTION = {"the", "a", "an", "each", "within", "upon", "in", "to", "for", "on", "at", "with"}


class P:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text


def _values(text: str) -> Counter[int]:
    """Every number's value once: ``thirty (30)`` is one thirty."""
    text = re.sub(r"\b([a-z-]+(?: [a-z-]+)?) \((\d+)\)", r"\2", text.lower())
    values: Counter[int] = Counter(
        int(d) for d in re.findall(r"\d+(?:\.\d+)?", text) if "." not in d
    )
    for match in re.finditer(r"\b(" + "|".join(_TENS) + r")(?:-([a-z]+))?\b", text):
        values[_WORD_VALUES[match.group(1)] + _WORD_VALUES.get(match.group(2) or "", 0)] += 1
    for word in re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text):
        if word in _WORD_VALUES and _WORD_VALUES[word] < 20 and word not in {"zero", "one"}:
            values[_WORD_VALUES[word]] += 1
    return values


def _defined_terms(text: str) -> Counter[str]:
    """Capitalised words inside a sentence (not its first word): names, defined terms."""
    return Counter(re.findall(r"(?<=[\w,)] )[A-Z][\w-]*", text))


def _profile(text: str, words: set[str]) -> Counter[tuple[str, ...]]:
    """Per sentence (or ;-clause joined back), the sorted words of a class."""
    out: Counter[tuple[str, ...]] = Counter()
    flat = re.findall(r"[a-z]+", text.lower())
    out[tuple(sorted(w for w in flat if w in words))] += 1
    return out


def _legally_identical(version: str, copy: str) -> None:
    for words in (MODALS, NEGATIONS, QUANTIFIERS):
        assert _profile(copy, words) == _profile(version, words)
    # every sentence keeps its modal, negation and quantifier words
    own = Counter(
        tuple(
            sorted(
                w
                for w in re.findall(r"[a-z]+", version[a:b].lower())
                if w in MODALS | NEGATIONS | QUANTIFIERS
            )
        )
        for a, b in sentence_spans(version)
    )
    mine = Counter(
        tuple(
            sorted(
                w for w in re.findall(r"[a-z]+", s.lower()) if w in MODALS | NEGATIONS | QUANTIFIERS
            )
        )
        for part in re.split(r"(?<=[.;]) ", copy)
        for s in [part]
    )
    assert sum(own.values()) >= 1 and sum(mine.values()) >= 1
    assert sorted(w for k in own.elements() for w in k) == sorted(
        w for k in mine.elements() for w in k
    )
    assert _values(copy) == _values(version)
    assert _defined_terms(copy) == _defined_terms(version)


CLAUSES = [
    "Within thirty days, the Parties shall withdraw their forces",
    "The Commission shall, upon request, inform the Mediator",
    "Each Party shall not deploy more than 12 teams",
    "No Party may use roads, bridges and schools",
    "The Mission shall organise 3 meetings every year",
    "Furthermore, the Monitoring Mission shall analyse food and medicine deliveries",
    "In accordance with Annex I, either Party may notify the other Party in writing",
    "The Parties shall exchange lists of prisoners and shall release them within 45 days",
    "Only the Joint Commission may authorise 20 per cent of the crossings",
    "To that end, the Red Cross shall assist in the identification, registration and return",
    "Civilians shall never be detained without a decision of a court",
    "Any dispute concerning this Agreement shall be settled through consultations",
]


@settings(max_examples=120, deadline=None)
@given(
    clauses=st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=5),
    joins=st.lists(st.sampled_from([". ", ". ", "; "]), min_size=5, max_size=5),
    seed=st.integers(0, 2**32 - 1),
    strong=st.booleans(),
)
def test_no_variant_changes_a_modal_negation_number_term_or_quantifier(
    clauses: list[str], joins: list[str], seed: int, strong: bool
) -> None:
    text = "".join(c + j for c, j in zip(clauses, joins, strict=False)).strip()
    text = text.rstrip(";") + ("" if text.endswith(".") else ".")
    sites = find_sites([P("1", text)], SiteOptions(strong=strong))
    rng = random.Random(seed)
    for _ in range(3):
        codeword = [rng.randrange(s.arity) for s in sites]
        copy = apply_codeword([text], sites, codeword)[0]
        _legally_identical(text, copy)
        back = parse_draft(f"1. {copy}")
        assert [p.label for p in back.points] == ["1"]


def test_the_vetted_sites_appear_in_treaty_sentences() -> None:
    text = (
        "Within thirty days, the Parties shall withdraw their forces. "
        "The Commission shall, upon request, inform the Mediator. "
        "Goods for personal use, including food, medicine and fuel in vehicles, are exempt."
    )
    sites = find_sites([P("1", text)])
    kinds = Counter(s.kind for s in sites)
    assert kinds[SiteKind.MOVE] == 2
    assert kinds[SiteKind.LIST] == 1
    assert kinds[SiteKind.NUMBER] == 1
    moved = apply_codeword([text], sites, [1 if s.kind is SiteKind.MOVE else 0 for s in sites])[0]
    assert moved.startswith("The Parties shall, within thirty days, withdraw their forces.")
    assert "Upon request, the Commission shall inform the Mediator." in moved


def test_every_copy_keeps_one_dialect_and_the_house_number_style() -> None:
    issue = issue_copies(DEMO.points, [f"r{i}" for i in range(8)], seed=3)
    british = {g.forms[0].lower() for g in SPELLING_GROUPS if not g.one_way}
    american = {g.forms[1].lower() for g in SPELLING_GROUPS if not g.one_way}
    dialects = set()
    for recipient in issue.recipients:
        words = set(re.findall(r"[a-z]+(?: cent)?", " ".join(issue.copy_texts(recipient)).lower()))
        uk, us = bool(words & (british - american)), bool(words & (american - british))
        assert not (uk and us), recipient
        dialects.add(us)
        assert not re.search(r"hundred [a-z -]+ \(\d+\)", " ".join(issue.copy_texts(recipient)))
    assert dialects == {False, True}


def test_exact_innocent_tail_matches_simulation() -> None:
    rng = np.random.default_rng(4)
    arities = [2] * 18 + [3] * 6
    names = [f"r{i}" for i in range(20)]
    code = generate_code(arities, names, rng)
    groups = [i // 6 for i in range(len(arities))]
    observed: list[int | None] = list(code.codewords["r3"])
    result = likelihood_attribution(code.matrix(), code.biases, observed, groups)
    assert int(np.argmax(result.statistic)) == 3
    assert result.false_accusation[3] < 1e-3
    # innocents: fresh codewords; the stated tail must bound, and nearly equal, their rate
    innocents = np.array([rng.choice(len(p), size=40000, p=p) for p in code.biases]).T
    trial = FingerprintCode(
        biases=code.biases,
        codewords={f"x{j}": tuple(int(v) for v in row) for j, row in enumerate(innocents)},
        design=code.design,
    )
    sims = likelihood_attribution(trial.matrix(), code.biases, observed, groups)
    from onetext.trace.likelihood import _tail, point_distribution

    p = np.array([code.biases[i][y] for i, y in enumerate(observed) if y is not None])
    dists = [point_distribution(p[np.array(groups) == g]) for g in range(4)]
    # nobody else explains the leak, so every innocent is scored alone
    assert all(e == () for e in sims.explained_by)
    for level in (2.0, 4.0, 6.0):
        empirical = float(np.mean(sims.statistic >= level))
        stated = float(_tail(dists, np.zeros(4), np.array([level]))[0])
        assert empirical <= stated + 3 * np.sqrt(stated / 40000) + 1e-4
        assert stated <= 1.5 * empirical + 1e-3


def test_a_mix_of_two_copies_is_explained_by_a_coalition() -> None:
    rng = np.random.default_rng(9)
    code = generate_code([2] * 40 + [3] * 20, [f"r{i}" for i in range(20)], rng)
    groups = [i // 6 for i in range(60)]
    observed: list[int | None] = [
        code.codewords["r1" if groups[i] % 2 else "r2"][i] for i in range(60)
    ]
    result = likelihood_attribution(code.matrix(), code.biases, observed, groups)
    assert set(result.coalition) == {1, 2}
    accused = {j for j in range(20) if result.false_accusation[j] < 1e-3}
    assert accused == {1, 2}
    assert result.explained_by[1] == (2,) and result.explained_by[2] == (1,)


def test_what_a_quote_can_prove_is_said_before_issuing() -> None:
    issue = issue_copies(DEMO.points, [f"r{i}" for i in range(20)], seed=1)
    three = quote_guarantees(issue.points, issue.sites, 20)[1]
    assert three.points == 3 and three.median < 1e-3
    assert "A retyped quote of 3 points" in three.statement(20)
    assert robust_bits_per_100_words(issue.points, issue.sites) > 10
    # the bound is what a perfect read of that passage reaches, never better
    leak = quote(issue.copy_texts("r5"), 4, 3)
    stated = issue.tracer().attribute(leak).candidates[0].false_accusation_probability
    best = quote_bound(
        [[s.arity for s in issue.sites if s.point == i and not s.group] for i in range(4, 7)], 20, 3
    )[0]
    assert stated >= best * 0.99 or stated < 1e-3
    one_point = issue_copies(DEMO.points[:1], ["a", "b"], seed=1)
    assert quote_guarantees(one_point.points, one_point.sites, 2, lengths=(3,)) == []


def test_newspaper_quotes_name_their_source_without_accusing_innocents() -> None:
    names = [f"r{i:02d}" for i in range(20)]
    rng = random.Random(14)
    # the demo draft (tuned on) and a held-out treaty text the tables never saw
    for draft, k, copies_mixed, needed in ((DEMO, 3, 1, 18), (HELD_OUT, 10, 2, 14)):
        issue = issue_copies(draft.points, names, seed=21)
        tracer = issue.tracer()
        texts = {r: issue.copy_texts(r) for r in names}
        named = 0
        for _ in range(20):
            guilty = rng.sample(names, copies_mixed)
            first = rng.randrange(len(draft.points) - k + 1)
            leak, _ = mixed_quote([texts[g] for g in guilty], first, k, rng)
            if rng.random() < 0.5:
                leak = cut_mid_sentence(leak, rng)
            result = tracer.attribute(leak)
            accused = {
                c.recipient for c in result.candidates if c.false_accusation_probability < 1e-3
            }
            assert accused <= set(guilty)
            named += result.verdict in guilty
        assert named >= needed


def test_the_leak_model_prints_a_quote_as_a_newspaper_would() -> None:
    printed = newspaper_retype(
        ["**3.** The \u201cParties\u201d shall\u00a0meet \u2014 *twice*.", "4. Done\u200b."]
    )
    assert printed == 'The "Parties" shall meet - twice. Done.'


def test_a_pdf_copy_reads_back_to_the_same_points_and_traces(tmp_path: Path) -> None:
    issue = issue_copies(
        DEMO.points,
        ["Ministry A", "Envoy B", "Observer C"],
        seed=5,
        title=DEMO.title,
        numbering=DEMO.numbering.value,
        headings=[p.heading for p in DEMO.points],
    )
    for recipient in issue.recipients:
        path = write_copy(tmp_path / f"{recipient}.pdf", issue, recipient, "pdf")
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
        back = parse_draft(text)
        assert [p.label for p in back.points] == [p.label for p in DEMO.points]
        wanted = issue.copy_texts(recipient)
        assert [" ".join(p.text.split()) for p in back.points] == [
            " ".join(t.split()) for t in wanted
        ]
        paragraphs = [" ".join(p.text.split()) for p in back.points][10:13]
        assert issue.tracer().attribute(newspaper_retype(paragraphs)).verdict == recipient


def test_what_a_drafter_would_notice_is_left_alone() -> None:
    text = (
        "During that period, the notifying Party shall not implement the activity. "
        "The instruments of ratification, acceptance or approval shall be deposited "
        "with the depositary."
    )
    kinds = {s.kind for s in find_sites([P("1", text)])}
    assert SiteKind.MOVE not in kinds and SiteKind.LIST not in kinds
    assert SiteKind.JOIN in kinds  # the full stop between them may still be a semicolon
