"""Exact likelihood scoring for the small recipient counts of diplomacy.

Every observed column (a site, or a group of sites that share one symbol) adds to a
recipient's per-point log-likelihood ratio: ``log((1-e)/p)`` when the recipient's
symbol is the one seen, ``log(e/(1-p))`` when not, where ``p`` is the chance that a
codeword drawn from the code's biases shows the observed symbol and ``e`` the rate
at which a retyped site is misread.

A recipient ``A`` is scored against the best explanation *without* it: ``B``, the
colluders that other recipients' evidence alone makes significant (chosen
greedily, at most 3; the best joint coalition is also found by enumerating every
pair, and every triple when there are at most 30 recipients). Its statistic is
``T_A = sum over points of max(0, l_A(point) - max(0, l_B(point)))``: what ``A``
explains that ``B`` does not. For a single-source leak ``B`` is empty and ``T_A``
is the sum of the positive per-point likelihood ratios.

Why the probability is exact: if ``A`` is innocent its codeword was drawn
independently of the leak and of every other codeword, and ``B`` was chosen
without looking at ``A``. So, given everything observed, ``T_A`` is a function of
``A``'s random codeword only; its distribution is computed by convolution, per
point and across points, on a grid of ``GRID`` nats with every term rounded up
(the tail can only be overstated). The false-accusation probability of ``A`` is
``n`` times that tail (a union over the ``n`` recipients).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "EPSILON",
    "GRID",
    "LikelihoodResult",
    "best_coalition",
    "likelihood_attribution",
    "point_distribution",
    "quote_bound",
]

EPSILON = 0.02
"""Assumed rate at which a decoded site reads the wrong symbol."""
GRID = 0.05
"""Resolution, in nats, of the exact innocent distributions."""
SELECT = 0.01
"""False-accusation level at which another recipient joins the explanation ``B``."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _weights(p: FloatArray) -> tuple[FloatArray, FloatArray]:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log((1 - EPSILON) / p), np.log(EPSILON / (1 - p))


def point_distribution(p: Sequence[float] | FloatArray) -> tuple[int, FloatArray]:
    """The innocent's per-point log-likelihood ratio on the grid: ``(low, pmf)``,
    ``pmf[k]`` the chance of ``(low + k) * GRID``; terms rounded up."""
    probabilities = np.asarray(p, dtype=np.float64)
    gains, losses = _weights(probabilities)
    low, pmf = 0, np.ones(1)
    for q, gain, loss in zip(probabilities, gains, losses, strict=True):
        a = math.ceil(gain / GRID - 1e-9)
        b = math.ceil(loss / GRID - 1e-9)
        grown = np.zeros(pmf.size + a - b)
        grown[a - b :] += q * pmf
        grown[: pmf.size] += (1 - q) * pmf
        low, pmf = low + b, grown
    return low, pmf


def _shifted_positive(low: int, pmf: FloatArray, floor: float) -> FloatArray:
    """Distribution (on the grid, from 0) of ``max(0, X - floor)``, rounded up."""
    values = np.ceil(((low + np.arange(pmf.size)) * GRID - floor) / GRID - 1e-9)
    index = np.maximum(values, 0).astype(np.int64)
    out: FloatArray = np.bincount(index, weights=pmf).astype(np.float64)
    return out


def _tail(
    distributions: Sequence[tuple[int, FloatArray]], floors: FloatArray, scores: FloatArray
) -> FloatArray:
    total = np.ones(1)
    for (low, pmf), floor in zip(distributions, floors, strict=True):
        total = np.convolve(total, _shifted_positive(low, pmf, float(floor)))
    survival = np.concatenate([np.cumsum(total[::-1])[::-1], [0.0]])
    index = np.clip(np.ceil(scores / GRID - 1e-6).astype(np.int64), 0, total.size)
    tails: FloatArray = np.minimum(1.0, survival[index])
    return tails


@dataclass(frozen=True, slots=True)
class LikelihoodResult:
    """Per recipient: the statistic, its exact tail and false-accusation probability,
    and the explanation it was measured against; the best joint coalition."""

    statistic: FloatArray
    tail: FloatArray
    false_accusation: FloatArray
    explained_by: tuple[tuple[int, ...], ...]
    per_point: FloatArray
    coalition: tuple[int, ...]
    coalition_score: float


def _statistics(per_point: FloatArray, partners: Sequence[int]) -> tuple[FloatArray, FloatArray]:
    if partners:
        floors = np.maximum(per_point[list(partners)].max(axis=0), 0.0)
    else:
        floors = np.zeros(per_point.shape[1])
    stats: FloatArray = np.maximum(per_point - floors[None, :], 0.0).sum(axis=1)
    return stats, floors


def _greedy(
    per_point: FloatArray,
    distributions: Sequence[tuple[int, FloatArray]],
    pool: list[int],
    limit: int,
    n: int,
) -> list[int]:
    chosen: list[int] = []
    while len(chosen) < limit:
        stats, floors = _statistics(per_point, chosen)
        rest = [r for r in pool if r not in chosen]
        if not rest:
            break
        best = max(rest, key=lambda r: stats[r])
        tail = _tail(distributions, floors, np.array([stats[best]]))[0]
        if n * tail >= SELECT or stats[best] <= 0:
            break
        chosen.append(best)
    return chosen


def best_coalition(per_point: FloatArray, size: int) -> tuple[tuple[int, ...], float]:
    """The coalition of up to ``size`` recipients that jointly explains most:
    ``sum over points of max(0, best member's l(point))``, by enumeration."""
    n = per_point.shape[0]
    positive = np.maximum(per_point, 0.0)
    best: tuple[tuple[int, ...], float] = ((), 0.0)
    for k in range(1, min(size, n) + 1):
        for members in itertools.combinations(range(n), k):
            score = float(positive[list(members)].max(axis=0).sum())
            if score > best[1] + 1e-9:
                best = (members, score)
    return best


def likelihood_attribution(
    matrix: IntArray,
    biases: Sequence[Sequence[float]],
    observed: Sequence[int | None],
    groups: Sequence[int],
) -> LikelihoodResult:
    """Score every recipient (rows of ``matrix``) on the observed columns.

    ``groups[i]`` is column ``i``'s point: a leak mixed from several copies is
    mixed point by point, so the per-point ratio is the unit of explanation.
    """
    n = matrix.shape[0]
    index = [i for i, y in enumerate(observed) if y is not None]
    points = sorted({groups[i] for i in index})
    if not index:
        zeros = np.zeros(n)
        return LikelihoodResult(zeros, np.ones(n), np.ones(n), ((),) * n, np.zeros((n, 0)), (), 0.0)
    symbols = np.array([observed[i] for i in index], dtype=np.int64)
    p = np.array([biases[i][y] for i, y in zip(index, symbols, strict=True)], dtype=np.float64)
    gains, losses = _weights(p)
    match = matrix[:, index] == symbols[None, :]
    terms = np.where(match, gains[None, :], losses[None, :])
    membership = np.zeros((len(index), len(points)))
    where = {g: j for j, g in enumerate(points)}
    for row, i in enumerate(index):
        membership[row, where[groups[i]]] = 1.0
    per_point: FloatArray = terms @ membership
    distributions = [point_distribution(p[membership[:, j] > 0]) for j in range(len(points))]
    limit = 3  # the explanation is greedy: cheap at any n; enumeration is bounded below
    greedy = _greedy(per_point, distributions, list(range(n)), limit, n)
    statistic = np.zeros(n)
    tail = np.ones(n)
    explained: list[tuple[int, ...]] = [()] * n
    outside = [r for r in range(n) if r not in greedy]
    stats, floors = _statistics(per_point, greedy)
    if outside:
        statistic[outside] = stats[outside]
        tail[outside] = _tail(distributions, floors, stats[outside])
        for r in outside:
            explained[r] = tuple(greedy)
    for r in greedy:
        pool = [x for x in range(n) if x != r]
        partners = _greedy(per_point, distributions, pool, limit - 1, n)
        own, own_floors = _statistics(per_point, partners)
        statistic[r] = own[r]
        tail[r] = _tail(distributions, own_floors, own[r : r + 1])[0]
        explained[r] = tuple(partners)
    if n <= 200:
        coalition, joint = best_coalition(per_point, limit if n <= 30 else 2)
    else:  # too many to enumerate: the greedy explanation stands in
        coalition = tuple(greedy)
        joint = float(_statistics(per_point, [])[0][list(greedy)].max()) if greedy else 0.0
    return LikelihoodResult(
        statistic=statistic,
        tail=tail,
        false_accusation=np.minimum(1.0, n * tail),
        explained_by=tuple(explained),
        per_point=per_point,
        coalition=coalition,
        coalition_score=joint,
    )


def quote_bound(arities_by_point: Sequence[Sequence[int]], recipients: int, k: int) -> list[float]:
    """For every run of ``k`` consecutive points: the false-accusation probability a
    retyped quote of them reaches when every site is read correctly (uniform biases),
    the best a verdict on such a quote can state for this draft."""
    bounds: list[float] = []
    count = len(arities_by_point)
    for first in range(max(count - k + 1, 1)):
        window = arities_by_point[first : first + k]
        distributions = []
        score = 0.0
        for arities in window:
            p = np.array([1.0 / q for q in arities], dtype=np.float64)
            if p.size == 0:
                continue
            distributions.append(point_distribution(p))
            score += float(_weights(p)[0].sum())
        if not distributions:
            bounds.append(1.0)
            continue
        floors = np.zeros(len(distributions))
        tail = _tail(distributions, floors, np.array([score]))[0]
        bounds.append(float(min(1.0, recipients * tail)))
    return bounds
