"""The collusion-resistant fingerprinting code: symmetric Tardos over each site's
own alphabet (q-ary where a site has more than two variants).

Every site ``i`` gets a bias vector ``p_i`` over its variants; each recipient's
symbol at ``i`` is drawn independently from ``p_i``. Binary sites draw ``p_i`` from
the discrete bias distributions of Nuida et al. (Gauss-Legendre nodes of the
arcsine law: ``1/2`` for coalitions up to 2, ``0.21/0.79`` up to 4, ...); q-ary
sites use uniform biases up to 2 colluders and a clipped Dirichlet(1/2) beyond.

Accusation uses the symmetric score of Skoric, Katzenbeisser and Celik: at an
observed symbol ``y`` with bias ``p = p_i[y]``, a recipient holding ``y`` gains
``sqrt((1-p)/p)``, any other loses ``sqrt(p/(1-p))``. For a recipient who is not
in the coalition, the symbols are independent of the leak, so the score is a sum
of independent mean-0 terms whatever the leak is; :func:`innocent_tail` bounds its
upper tail with a Chernoff bound. That bound, not the code length, is what a
verdict relies on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from onetext.errors import InvalidInput

__all__ = [
    "CodeDesign",
    "FingerprintCode",
    "column_leaders",
    "design_code",
    "generate_code",
    "innocent_tail",
    "pointwise_scores",
    "pointwise_tail",
    "required_sites",
    "symmetric_scores",
]

FloatArray = npt.NDArray[np.float64]
_GRID = 0.05
_LAMBDAS = np.concatenate([np.linspace(0.005, 1.0, 60), np.geomspace(1.0, 80.0, 120)[1:]])


def required_sites(recipients: int, coalition: int, error: float) -> int:
    """Sites the symmetric Tardos proof needs: ``(pi^2/2) c^2 ln(n/eps)``, the
    asymptotic optimum of the symmetric score (Laarhoven and de Weger, 2014)."""
    return math.ceil(math.pi**2 / 2 * coalition**2 * math.log(max(recipients, 2) / error))


@dataclass(frozen=True, slots=True)
class CodeDesign:
    """What was asked of the code and what this text's sites achieve."""

    recipients: int
    coalition: int
    error: float
    sites: int

    @property
    def required_sites(self) -> int:
        return required_sites(self.recipients, self.coalition, self.error)

    @property
    def proof_holds(self) -> bool:
        return self.sites >= self.required_sites

    @property
    def achieved_coalition(self) -> int:
        """Largest coalition the proof covers at the asked error with these sites."""
        c = 0
        while (
            c < self.coalition and required_sites(self.recipients, c + 1, self.error) <= self.sites
        ):
            c += 1
        return c

    @property
    def achieved_error(self) -> float:
        """The error the proof gives for the asked coalition with these sites."""
        exponent = 2 * self.sites / (math.pi**2 * self.coalition**2)
        return min(1.0, max(self.recipients, 2) * math.exp(-exponent))

    def statement(self) -> str:
        asked = (
            f"The symmetric Tardos proof for coalitions of up to {self.coalition} among "
            f"{self.recipients} recipients at false-accusation probability {self.error:g} "
            f"needs {self.required_sites} sites; this text has {self.sites}"
        )
        if self.proof_holds:
            return asked + ": the guarantee holds."
        covered = (
            f"coalitions of up to {self.achieved_coalition} at {self.error:g}"
            if self.achieved_coalition
            else f"no coalition at {self.error:g}"
        )
        return (
            f"{asked}: the proof covers {covered}, or coalitions of {self.coalition} at "
            f"{self.achieved_error:.2g}. Every verdict still states its own false-accusation "
            "probability from the sites observed and is withheld above the threshold: a short "
            "text loses power to name colluders, not protection of the innocent."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "coalition": self.coalition,
            "error": self.error,
            "sites": self.sites,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CodeDesign:
        return cls(
            recipients=int(data["recipients"]),
            coalition=int(data["coalition"]),
            error=float(data["error"]),
            sites=int(data["sites"]),
        )


def design_code(sites: int, recipients: int, coalition: int = 2, error: float = 1e-3) -> CodeDesign:
    """Check the parameters and size the code for them."""
    if recipients < 1:
        raise InvalidInput("a fingerprinted issue needs at least one recipient")
    if coalition < 1:
        raise InvalidInput(f"coalition size must be at least 1, not {coalition}")
    if not 0 < error < 1:
        raise InvalidInput(f"error target must be between 0 and 1, not {error}")
    if sites < 1:
        raise InvalidInput("the text has no variant site: it cannot be fingerprinted")
    return CodeDesign(recipients=recipients, coalition=coalition, error=error, sites=sites)


def _binary_bias_law(coalition: int) -> tuple[FloatArray, FloatArray]:
    """Nuida et al.'s discrete bias distribution for ``coalition`` colluders."""
    nodes, weights = np.polynomial.legendre.leggauss(math.ceil(coalition / 2))
    biases = (1.0 + nodes) / 2.0
    mass = weights / np.sqrt(biases * (1.0 - biases))
    return biases, mass / mass.sum()


def _draw_biases(
    arities: Sequence[int], coalition: int, rng: np.random.Generator
) -> list[FloatArray]:
    nodes, mass = _binary_bias_law(coalition)
    out: list[FloatArray] = []
    for q in arities:
        if q < 2:
            raise InvalidInput("a variant site needs at least two variants")
        if q == 2:
            p = float(rng.choice(nodes, p=mass))
            out.append(np.array([1.0 - p, p]))
        elif coalition <= 2:
            out.append(np.full(q, 1.0 / q))
        else:
            floor = 1.0 / (10.0 * coalition * q)
            raw = np.maximum(rng.dirichlet(np.full(q, 0.5)), floor)
            out.append(raw / raw.sum())
    return out


@dataclass(frozen=True, slots=True)
class FingerprintCode:
    """Biases per site and one codeword (a variant index per site) per recipient."""

    biases: tuple[tuple[float, ...], ...]
    codewords: Mapping[str, tuple[int, ...]]
    design: CodeDesign

    @property
    def recipients(self) -> list[str]:
        return list(self.codewords)

    def matrix(self) -> npt.NDArray[np.int64]:
        """Codewords as a recipients x sites array, in :attr:`recipients` order."""
        return np.array([self.codewords[r] for r in self.codewords], dtype=np.int64).reshape(
            len(self.codewords), len(self.biases)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "design": self.design.to_dict(),
            "biases": [list(b) for b in self.biases],
            "codewords": {r: list(w) for r, w in self.codewords.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FingerprintCode:
        return cls(
            biases=tuple(tuple(float(x) for x in b) for b in data["biases"]),
            codewords={str(r): tuple(int(x) for x in w) for r, w in data["codewords"].items()},
            design=CodeDesign.from_dict(data["design"]),
        )


def generate_code(
    arities: Sequence[int],
    recipients: Sequence[str],
    rng: np.random.Generator,
    *,
    coalition: int = 2,
    error: float = 1e-3,
    links: Sequence[str] | None = None,
) -> FingerprintCode:
    """Draw biases, then every recipient's codeword, from ``rng`` (reproducible from
    its seed). ``arities[i]`` is the number of variants of site ``i``; sites with
    the same non-empty ``links[i]`` get one shared symbol (a copy's dialect)."""
    names = [r.strip() for r in recipients]
    if any(not n for n in names):
        raise InvalidInput("a recipient needs a name")
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise InvalidInput(f"recipient named twice: {', '.join(dupes)}")
    design = design_code(len(arities), len(names), coalition, error)
    leaders = column_leaders(links or [""] * len(arities))
    independent = [i for i, lead in enumerate(leaders) if lead == i]
    drawn = _draw_biases([arities[i] for i in independent], coalition, rng)
    own = dict(zip(independent, drawn, strict=True))
    drawn_columns = {i: rng.choice(len(own[i]), size=len(names), p=own[i]) for i in independent}
    biases = [own[lead] for lead in leaders]
    columns = [drawn_columns[lead] for lead in leaders]
    words = np.array(columns, dtype=np.int64).T.reshape(len(names), len(arities))
    return FingerprintCode(
        biases=tuple(tuple(float(x) for x in p) for p in biases),
        codewords={n: tuple(int(x) for x in words[j]) for j, n in enumerate(names)},
        design=design,
    )


def column_leaders(links: Sequence[str]) -> list[int]:
    """For every site, the first site sharing its link (itself when unlinked)."""
    first: dict[str, int] = {}
    leaders = []
    for i, link in enumerate(links):
        leaders.append(first.setdefault(link, i) if link else i)
    return leaders


def _observed_terms(
    code: FingerprintCode, observed: Sequence[int | None]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
    if len(observed) != len(code.biases):
        raise InvalidInput(f"{len(observed)} observations for {len(code.biases)} sites")
    index = np.array([i for i, y in enumerate(observed) if y is not None], dtype=np.int64)
    symbols = np.array([observed[i] for i in index], dtype=np.int64)
    probability = np.array([code.biases[i][y] for i, y in zip(index, symbols, strict=True)])
    return index, symbols, probability.astype(np.float64)


def symmetric_scores(code: FingerprintCode, observed: Sequence[int | None]) -> FloatArray:
    """Each recipient's symmetric Tardos score over the observed (non-erased) sites."""
    index, symbols, p = _observed_terms(code, observed)
    if index.size == 0:
        return np.zeros(len(code.codewords))
    match = code.matrix()[:, index] == symbols[None, :]
    gain, loss = np.sqrt((1 - p) / p), np.sqrt(p / (1 - p))
    scores: FloatArray = np.where(match, gain[None, :], -loss[None, :]).sum(axis=1)
    return scores


def innocent_tail(
    code: FingerprintCode, observed: Sequence[int | None], scores: FloatArray
) -> FloatArray:
    """Upper bound on P(an innocent recipient scores at least ``score``), each score.

    Chernoff: ``P(S >= s) <= min_l exp(K(l) - l s)`` with ``K`` the log moment
    generating function of the innocent score, exact for independent sites.
    """
    _, _, p = _observed_terms(code, observed)
    if p.size == 0:
        return np.ones_like(scores)
    gain, loss = np.sqrt((1 - p) / p), np.sqrt(p / (1 - p))
    lam = _LAMBDAS[:, None]
    log_mgf = np.logaddexp(np.log(p) + lam * gain, np.log1p(-p) - lam * loss).sum(axis=1)
    exponent = log_mgf[None, :] - _LAMBDAS[None, :] * scores[:, None]
    bound: FloatArray = np.minimum(1.0, np.exp(exponent.min(axis=1)))
    return bound


def _group_matrix(groups: Sequence[int], index: npt.NDArray[np.int64]) -> FloatArray:
    """A sites x groups 0/1 matrix for the observed sites."""
    labels = np.asarray(groups, dtype=np.int64)[index]
    _, inverse = np.unique(labels, return_inverse=True)
    onehot = np.zeros((index.size, int(inverse.max()) + 1 if index.size else 0))
    onehot[np.arange(index.size), inverse] = 1.0
    return onehot


def pointwise_scores(
    code: FingerprintCode, observed: Sequence[int | None], groups: Sequence[int]
) -> FloatArray:
    """Sum over quoted points of the positive part of each point's symmetric score.

    A leak mixed point by point from several copies matches each colluder on some
    points only; the positive part keeps those points and mutes the others, where
    the plain sum would let them drown the evidence. ``groups[i]`` is site ``i``'s point.
    """
    index, symbols, p = _observed_terms(code, observed)
    if index.size == 0:
        return np.zeros(len(code.codewords))
    match = code.matrix()[:, index] == symbols[None, :]
    terms = np.where(match, np.sqrt((1 - p) / p)[None, :], -np.sqrt(p / (1 - p))[None, :])
    per_point = terms @ _group_matrix(groups, index)
    scores: FloatArray = np.maximum(per_point, 0.0).sum(axis=1)
    return scores


def pointwise_tail(
    code: FingerprintCode,
    observed: Sequence[int | None],
    groups: Sequence[int],
    scores: FloatArray,
) -> FloatArray:
    """Upper bound on P(an innocent's :func:`pointwise_scores` is at least ``score``).

    Each point's innocent score distribution is computed exactly on a grid of
    ``_GRID`` (every term rounded up, so the bound stays an upper bound); the points
    are independent, so a Chernoff bound over their positive parts applies.
    """
    index, _, p = _observed_terms(code, observed)
    if index.size == 0:
        return np.ones_like(scores)
    up_gain = np.ceil(np.sqrt((1 - p) / p) / _GRID).astype(np.int64)
    up_loss = np.ceil(-np.sqrt(p / (1 - p)) / _GRID).astype(np.int64)
    membership = _group_matrix(groups, index)
    log_mgf = np.zeros(_LAMBDAS.size)
    for column in membership.T:
        low, dist = 0, np.ones(1)
        for site in np.flatnonzero(column):
            a, b, q = int(up_gain[site]), int(up_loss[site]), float(p[site])
            grown = np.zeros(dist.size + a - b)
            grown[a - b :] += q * dist
            grown[: dist.size] += (1 - q) * dist
            low, dist = low + b, grown
        values = np.maximum((low + np.arange(dist.size)) * _GRID, 0.0)
        keep = dist > 0
        exponents = np.log(dist[keep])[None, :] + _LAMBDAS[:, None] * values[keep][None, :]
        peak = exponents.max(axis=1)
        log_mgf += peak + np.log(np.exp(exponents - peak[:, None]).sum(axis=1))
    exponent = log_mgf[None, :] - _LAMBDAS[None, :] * scores[:, None]
    bound: FloatArray = np.minimum(1.0, np.exp(exponent.min(axis=1)))
    return bound
