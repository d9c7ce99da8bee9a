"""Attribution of leaks: normalisation, decoding, verdicts and their error bound."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.formats.drafts import load_draft
from onetext.trace.normalize import normalize_text, retype
from onetext.trace.registry import CopyIssue, CopyRegistry, issue_copies

RECIPIENTS = [f"delegate-{i}" for i in range(12)]
# the fictional 28-point framework the benchmark uses; its first 15 points
LONG_DRAFT = load_draft(
    Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "draft-28.md"
).points[:15]


def _issue(seed: int = 1, digital: bool = False) -> CopyIssue:
    return issue_copies(LONG_DRAFT, RECIPIENTS, seed=seed, digital=digital)


ISSUE = _issue()
TRACER = ISSUE.tracer()


def _leak(issue: CopyIssue, parts: list[tuple[str, int]]) -> str:
    lines = []
    for recipient, index in parts:
        lines.append(f"{issue.points[index].label}. {issue.copy_texts(recipient)[index]}")
    return "\n".join(lines)


def test_normalisation_folds_what_retyping_changes() -> None:
    doctored = "The\u00a0Parties\u200b shall “organise” a cease\u2011fire \u2014 ﬁnal,  Аgreement"
    assert (
        normalize_text(doctored) == 'the parties shall "organise" a cease-fire - final, agreement'
    )
    assert retype("a\u00a0b\u200bc “d”") == 'a bc "d"'


def test_a_whole_retyped_copy_names_its_recipient() -> None:
    leak = retype(_leak(ISSUE, [("delegate-3", i) for i in range(len(LONG_DRAFT))]))
    result = TRACER.attribute(leak)
    assert result.verdict == "delegate-3"
    assert result.candidates[0].false_accusation_probability < 1e-3
    # spelling sites share one symbol (the copy's dialect): they are one column
    columns = len([s for s in ISSUE.sites if not s.group]) + 1
    assert result.sites_observed > 0.8 * columns
    observed, _, _ = TRACER.observe(leak)
    codeword = ISSUE.code.codewords["delegate-3"]
    right = sum(1 for i, y in enumerate(observed) if y is not None and y == codeword[i])
    assert right == result.sites_observed


def test_text_from_elsewhere_gives_no_verdict() -> None:
    result = TRACER.attribute("A recipe: mix flour, water and salt. Bake for 30 minutes.")
    assert result.verdict is None
    assert result.sites_observed == 0
    assert result.points_located == ()


def test_the_json_has_exactly_the_design_keys() -> None:
    data = TRACER.attribute(retype(_leak(ISSUE, [("delegate-1", 0)]))).to_json()
    assert set(data) == {"verdict", "candidates", "sites_observed"}
    assert set(data["candidates"][0]) == {"recipient", "score", "false_accusation_probability"}
    assert len(data["candidates"]) == len(RECIPIENTS)


def test_the_threshold_is_checked() -> None:
    with pytest.raises(InvalidInput):
        TRACER.attribute("text", threshold=0)


def test_invisible_marks_count_only_while_they_survive() -> None:
    issue = _issue(seed=5, digital=True)
    tracer = issue.tracer()
    pasted = _leak(issue, [("delegate-7", 0), ("delegate-7", 1)])
    raw = tracer.attribute(pasted)
    retyped = tracer.attribute(retype(pasted))
    invisible = {s.id for s in issue.sites if s.kind.value == "invisible"}
    raw_invisible = [e for e in raw.evidence if e.site_id in invisible and not e.erased]
    assert raw_invisible
    assert not [e for e in retyped.evidence if e.site_id in invisible and not e.erased]
    assert raw.sites_observed > retyped.sites_observed
    assert raw.candidates[0].recipient == "delegate-7"


def test_registry_round_trips_and_traces() -> None:
    registry = CopyRegistry()
    registry.add(ISSUE)
    again = CopyRegistry.from_dict(registry.to_dict())
    assert again.issues[0].to_dict() == ISSUE.to_dict()
    issue, result = again.trace(retype(_leak(ISSUE, [("delegate-2", i) for i in range(8)])))
    assert issue.id == ISSUE.id and result.verdict == "delegate-2"
    with pytest.raises(InvalidInput):
        CopyRegistry.from_dict({"format": "something-else"})


def test_a_registry_of_several_issues_finds_the_right_one_and_pays_for_the_choice() -> None:
    other = issue_copies(LONG_DRAFT, ["someone", "else"], seed=77)
    single, both = CopyRegistry([ISSUE]), CopyRegistry([other, ISSUE])
    leak = retype(_leak(ISSUE, [("delegate-4", i) for i in range(3, 9)]))
    alone = single.trace(leak)[1]
    issue, result = both.trace(leak)
    assert issue.id == ISSUE.id and result.verdict == "delegate-4"
    assert result.candidates[0].false_accusation_probability == pytest.approx(
        2 * alone.candidates[0].false_accusation_probability
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    colluders=st.integers(1, 3),
    points=st.integers(1, 15),
    paraphrase=st.sampled_from([0.0, 0.1]),
)
def test_verdicts_never_name_an_innocent(
    seed: int, colluders: int, points: int, paraphrase: float
) -> None:
    rng = random.Random(seed)
    guilty = rng.sample(RECIPIENTS, colluders)
    chosen = sorted(rng.sample(range(len(LONG_DRAFT)), points))
    leak = retype(_leak(ISSUE, [(rng.choice(guilty), i) for i in chosen]))
    words = leak.split(" ")
    leak = " ".join(
        rng.choice(["new", "said", "the"]) if rng.random() < paraphrase else w for w in words
    )
    result = TRACER.attribute(leak)
    assert result.verdict is None or result.verdict in guilty
    accused = {c.recipient for c in result.candidates if c.false_accusation_probability < 1e-3}
    assert accused <= set(guilty)
    if colluders == 1 and points >= 8 and paraphrase == 0.0:
        assert result.verdict == guilty[0]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_a_recipient_is_found_from_a_clean_excerpt(seed: int) -> None:
    rng = random.Random(seed)
    recipient = rng.choice(RECIPIENTS)
    start = rng.randrange(0, 6)
    result = TRACER.attribute(
        retype(_leak(ISSUE, [(recipient, i) for i in range(start, start + 10)]))
    )
    assert result.verdict == recipient
