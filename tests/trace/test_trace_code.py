"""The fingerprinting code: reproducible, sized honestly, with a valid innocent bound."""

from __future__ import annotations

import numpy as np
import pytest

from onetext.errors import InvalidInput
from onetext.trace.code import (
    FingerprintCode,
    design_code,
    generate_code,
    innocent_tail,
    pointwise_scores,
    pointwise_tail,
    required_sites,
    symmetric_scores,
)

NAMES = [f"r{i}" for i in range(20)]


def test_codes_are_reproducible_from_the_seed() -> None:
    arities = [2] * 40 + [3] * 10
    first = generate_code(arities, NAMES, np.random.default_rng(7))
    again = generate_code(arities, NAMES, np.random.default_rng(7))
    other = generate_code(arities, NAMES, np.random.default_rng(8))
    assert first == again
    assert first.codewords != other.codewords
    assert FingerprintCode.from_dict(first.to_dict()) == first


def test_biases_follow_the_coalition_size() -> None:
    pairs = generate_code([2] * 30, NAMES, np.random.default_rng(1), coalition=2)
    assert {b for bias in pairs.biases for b in bias} == {0.5}
    fours = generate_code([2] * 200, NAMES, np.random.default_rng(1), coalition=4)
    values = sorted({round(b[1], 4) for b in fours.biases})
    assert values == [0.2113, 0.7887]
    ternary = generate_code([3] * 5, NAMES, np.random.default_rng(1), coalition=2)
    assert all(b == pytest.approx((1 / 3, 1 / 3, 1 / 3)) for b in ternary.biases)


def test_design_states_the_guarantee_it_achieves() -> None:
    assert required_sites(20, 2, 1e-3) == 196
    full = design_code(300, 20, 2, 1e-3)
    assert full.proof_holds and "guarantee holds" in full.statement()
    short = design_code(60, 20, 2, 1e-3)
    assert not short.proof_holds
    assert short.achieved_coalition == 1
    assert 1e-3 < short.achieved_error < 1
    text = short.statement()
    assert "needs 196 sites; this text has 60" in text and "coalitions of up to 1" in text


@pytest.mark.parametrize(
    ("sites", "recipients", "coalition", "error"),
    [(0, 5, 2, 1e-3), (10, 0, 2, 1e-3), (10, 5, 0, 1e-3), (10, 5, 2, 0.0), (10, 5, 2, 1.5)],
)
def test_bad_parameters_are_refused(
    sites: int, recipients: int, coalition: int, error: float
) -> None:
    with pytest.raises(InvalidInput):
        design_code(sites, recipients, coalition, error)


def test_duplicate_recipients_are_refused() -> None:
    with pytest.raises(InvalidInput, match="named twice"):
        generate_code([2, 2], ["a", "b", "a"], np.random.default_rng(0))


def test_the_guilty_recipient_scores_highest() -> None:
    code = generate_code([2] * 60, NAMES, np.random.default_rng(3))
    observed: list[int | None] = list(code.codewords["r5"])
    observed[::3] = [None] * len(observed[::3])
    scores = symmetric_scores(code, observed)
    assert int(np.argmax(scores)) == 5
    tails = innocent_tail(code, observed, scores)
    assert tails[5] < 1e-6


def test_the_innocent_tail_bound_holds_empirically() -> None:
    """Fresh random codewords (innocents) exceed a score no more often than bounded."""
    rng = np.random.default_rng(11)
    arities = [2] * 25 + [3] * 10
    code = generate_code(arities, NAMES, rng, coalition=3)
    observed = [int(rng.integers(q)) for q in arities]
    innocents = np.array([rng.choice(len(p), size=20000, p=p) for p in code.biases]).T
    trial = FingerprintCode(
        biases=code.biases,
        codewords={f"x{j}": tuple(int(v) for v in row) for j, row in enumerate(innocents)},
        design=code.design,
    )
    scores = symmetric_scores(trial, observed)
    for level in (2.0, 4.0, 6.0, 8.0):
        empirical = float(np.mean(scores >= level))
        bound = float(innocent_tail(code, observed, np.array([level]))[0])
        assert empirical <= bound + 3 * np.sqrt(bound / 20000) + 1e-4


def test_no_observation_gives_no_evidence() -> None:
    code = generate_code([2] * 10, NAMES, np.random.default_rng(0))
    observed: list[int | None] = [None] * 10
    scores = symmetric_scores(code, observed)
    assert np.all(scores == 0)
    assert np.all(innocent_tail(code, observed, scores) == 1)


def test_the_pointwise_bound_holds_empirically_and_sees_point_mixes() -> None:
    rng = np.random.default_rng(5)
    arities = [2] * 60 + [3] * 10
    code = generate_code(arities, NAMES, rng)
    groups = [i // 7 for i in range(len(arities))]
    # r1 supplied points 0-4, r2 points 5-9: a leak mixed point by point
    observed: list[int | None] = [
        code.codewords["r1" if groups[i] < 5 else "r2"][i] for i in range(len(arities))
    ]
    plain = innocent_tail(code, observed, symmetric_scores(code, observed))
    by_point = pointwise_scores(code, observed, groups)
    tails = pointwise_tail(code, observed, groups, by_point)
    assert tails[1] < plain[1] and tails[2] < plain[2]
    innocents = np.array([rng.choice(len(p), size=20000, p=p) for p in code.biases]).T
    trial = FingerprintCode(
        biases=code.biases,
        codewords={f"x{j}": tuple(int(v) for v in row) for j, row in enumerate(innocents)},
        design=code.design,
    )
    scores = pointwise_scores(trial, observed, groups)
    for level in (10.0, 15.0, 20.0, 25.0):
        empirical = float(np.mean(scores >= level))
        bound = float(pointwise_tail(code, observed, groups, np.array([level]))[0])
        assert empirical <= bound + 3 * np.sqrt(bound / 20000) + 1e-4
