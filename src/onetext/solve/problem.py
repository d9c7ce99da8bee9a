"""The problem the compromise engine solves, and its compiled array form.

A problem has parties, points with options, each party's preferences over the
points (weight, a score for every option, red lines) and links between points.
``Problem`` is the readable, validated model; ``CompiledProblem`` turns it into
the numpy arrays every solver and the brute-force reference share, so that one
package's utilities are computed in exactly one place.

Utility of party p for a package x (one option per point):
``U_p = sum_i w_pi * s_pi(x_i) / sum_i w_pi``, in [0, 100].
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from onetext.errors import InvalidInput

__all__ = [
    "ACCEPT_TOLERANCE",
    "NASH_MIN_SURPLUS",
    "SCORE_MAX",
    "CompiledProblem",
    "Link",
    "PartySpec",
    "PointSpec",
    "Preference",
    "Problem",
]

SCORE_MAX = 100.0
"""Scores, reservations and utilities live on a 0-100 scale."""

ACCEPT_TOLERANCE = 1e-7
"""A package meets a reservation when ``U >= reservation - ACCEPT_TOLERANCE``."""

NASH_MIN_SURPLUS = 1e-6
"""Nash needs ``U_p > d_p``; it is read as ``U_p >= d_p + NASH_MIN_SURPLUS``."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class PartySpec:
    """A party: its reservation utility (walk-away level) and disagreement point."""

    id: str
    reservation: float = 0.0
    disagreement: float | None = None

    @property
    def disagreement_point(self) -> float:
        """``d_p``: the disagreement utility, which defaults to the reservation."""
        return self.reservation if self.disagreement is None else self.disagreement


@dataclass(frozen=True, slots=True)
class PointSpec:
    """A point and the options a package may choose for it."""

    id: str
    options: tuple[str, ...]
    label: str | None = None

    @property
    def display(self) -> str:
        """What people read: the printed label if known, else the id."""
        return self.label or self.id


@dataclass(frozen=True, slots=True)
class Preference:
    """One party's view of one point: how much it matters, scores, red lines."""

    weight: float
    scores: Mapping[str, float]
    unacceptable: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Link:
    """If every ``when`` option is chosen, each ``then`` point takes one of its options."""

    when: Mapping[str, str]
    then: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Problem:
    """A validated compromise problem; build it directly, from a file or from marks."""

    parties: tuple[PartySpec, ...]
    points: tuple[PointSpec, ...]
    preferences: Mapping[str, Mapping[str, Preference]]
    links: tuple[Link, ...] = field(default=())

    def __post_init__(self) -> None:
        _validate(self)

    @cached_property
    def compiled(self) -> CompiledProblem:
        """The array form, built once per problem."""
        return CompiledProblem.build(self)

    def party(self, party_id: str) -> PartySpec:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise InvalidInput(f"unknown party {party_id!r}")

    def point(self, point_id: str) -> PointSpec:
        for point in self.points:
            if point.id == point_id:
                return point
        raise InvalidInput(f"unknown point {point_id!r}")

    def package_from_mapping(self, package: Mapping[str, str]) -> IntArray:
        """Option index per point for ``{point: option}``; every point must be given."""
        choice = np.empty(len(self.points), dtype=np.int64)
        for i, point in enumerate(self.points):
            if point.id not in package:
                raise InvalidInput(f"the package gives no option for point {point.id!r}")
            option = package[point.id]
            if option not in point.options:
                raise InvalidInput(
                    f"point {point.id!r} has no option {option!r} "
                    f"(options: {', '.join(point.options)})"
                )
            choice[i] = point.options.index(option)
        extra = set(package) - {p.id for p in self.points}
        if extra:
            raise InvalidInput(f"the package names unknown points: {', '.join(sorted(extra))}")
        return choice

    def package_to_mapping(self, choice: Sequence[int] | IntArray) -> dict[str, str]:
        return {
            point.id: point.options[int(c)] for point, c in zip(self.points, choice, strict=True)
        }


def _validate(problem: Problem) -> None:
    """Invariants a hand-built problem must meet (the file reader reports paths first)."""
    party_ids = [p.id for p in problem.parties]
    if not party_ids:
        raise InvalidInput("a problem needs at least one party")
    if len(set(party_ids)) != len(party_ids):
        raise InvalidInput("party ids must be unique")
    point_ids = [p.id for p in problem.points]
    if not point_ids:
        raise InvalidInput("a problem needs at least one point")
    if len(set(point_ids)) != len(point_ids):
        raise InvalidInput("point ids must be unique")
    options_of = {p.id: p.options for p in problem.points}
    for point in problem.points:
        if not point.options or len(set(point.options)) != len(point.options):
            raise InvalidInput(f"point {point.id!r} needs one or more distinct options")
    for party in problem.parties:
        for what, value in (
            ("reservation", party.reservation),
            ("disagreement", party.disagreement),
        ):
            if value is not None and not (math.isfinite(value) and 0 <= value <= SCORE_MAX):
                raise InvalidInput(f"party {party.id!r}: {what} must be within 0-100")
    for party_id, entries in problem.preferences.items():
        if party_id not in party_ids:
            raise InvalidInput(f"preferences for unknown party {party_id!r}")
        for point_id, pref in entries.items():
            where = f"preferences.{party_id}.{point_id}"
            if point_id not in options_of:
                raise InvalidInput(f"{where}: unknown point")
            if not (math.isfinite(pref.weight) and pref.weight >= 0):
                raise InvalidInput(f"{where}: weight must be a number >= 0")
            if set(pref.scores) != set(options_of[point_id]):
                raise InvalidInput(f"{where}: scores must cover exactly the point's options")
            for score in pref.scores.values():
                if not (math.isfinite(score) and 0 <= score <= SCORE_MAX):
                    raise InvalidInput(f"{where}: scores must be within 0-100")
            if not pref.unacceptable <= set(options_of[point_id]):
                raise InvalidInput(f"{where}: unacceptable names an unknown option")
    for party_id in party_ids:
        total = sum(p.weight for p in problem.preferences.get(party_id, {}).values())
        if total <= 0:
            raise InvalidInput(f"party {party_id!r} gives no point a positive weight")
    for n, link in enumerate(problem.links):
        if not link.when or not link.then:
            raise InvalidInput(f"links[{n}]: needs 'if' and 'then'")
        for point_id, option in link.when.items():
            if option not in options_of.get(point_id, ()):
                raise InvalidInput(f"links[{n}].if.{point_id}: unknown point or option")
        for point_id, options in link.then.items():
            if not options or not set(options) <= set(options_of.get(point_id, ())):
                raise InvalidInput(f"links[{n}].then.{point_id}: unknown point or option")


@dataclass(frozen=True, eq=False)
class CompiledProblem:
    """Arrays over the flat list of (point, option) columns.

    ``coef[p, c]`` is party p's utility contribution when column c is chosen, so a
    package's utilities are ``coef[:, cols].sum(axis=1)``.
    """

    n_parties: int
    n_points: int
    offsets: IntArray  # first column of each point; len n_points + 1
    coef: FloatArray  # (P, n_cols)
    scores: FloatArray  # (P, n_cols) raw 0-100 scores (0 where the party has no entry)
    weights: FloatArray  # (P, n_points)
    forbidden: BoolArray  # (n_cols,) any party's red line
    red_lines: tuple[tuple[int, int], ...]  # (party, column)
    reservation: FloatArray  # (P,)
    disagreement: FloatArray  # (P,)
    links: tuple[tuple[tuple[int, ...], tuple[tuple[int, ...], ...]], ...]
    # each link: (if-columns, tuple of allowed-column sets, one per then-point)

    @staticmethod
    def build(problem: Problem) -> CompiledProblem:
        sizes = [len(p.options) for p in problem.points]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        n_cols = int(offsets[-1])
        n_parties = len(problem.parties)
        scores = np.zeros((n_parties, n_cols))
        weights = np.zeros((n_parties, len(problem.points)))
        forbidden = np.zeros(n_cols, dtype=bool)
        red_lines: list[tuple[int, int]] = []
        column = {
            (pt.id, opt): int(offsets[i]) + k
            for i, pt in enumerate(problem.points)
            for k, opt in enumerate(pt.options)
        }
        for p, party in enumerate(problem.parties):
            for i, point in enumerate(problem.points):
                pref = problem.preferences.get(party.id, {}).get(point.id)
                if pref is None:
                    continue
                weights[p, i] = pref.weight
                for k, option in enumerate(point.options):
                    scores[p, offsets[i] + k] = pref.scores[option]
                for option in sorted(pref.unacceptable, key=point.options.index):
                    red_lines.append((p, column[(point.id, option)]))
                    forbidden[column[(point.id, option)]] = True
        col_point = np.repeat(np.arange(len(sizes)), sizes)
        col_weight = weights[:, col_point]
        coef = col_weight * scores / weights.sum(axis=1, keepdims=True)
        links = tuple(
            (
                tuple(column[(pid, opt)] for pid, opt in link.when.items()),
                tuple(tuple(column[(pid, o)] for o in opts) for pid, opts in link.then.items()),
            )
            for link in problem.links
        )
        return CompiledProblem(
            n_parties=n_parties,
            n_points=len(sizes),
            offsets=offsets,
            coef=coef,
            scores=scores,
            weights=weights,
            forbidden=forbidden,
            red_lines=tuple(red_lines),
            reservation=np.array([p.reservation for p in problem.parties], dtype=float),
            disagreement=np.array([p.disagreement_point for p in problem.parties], dtype=float),
            links=links,
        )

    @property
    def n_cols(self) -> int:
        return int(self.offsets[-1])

    @cached_property
    def col_point(self) -> IntArray:
        return np.repeat(np.arange(self.n_points), np.diff(self.offsets))

    def with_scores(self, scores: FloatArray) -> CompiledProblem:
        """The same problem with other raw scores (for sensitivity analysis)."""
        col_weight = self.weights[:, self.col_point]
        coef = col_weight * scores / self.weights.sum(axis=1, keepdims=True)
        return CompiledProblem(
            n_parties=self.n_parties,
            n_points=self.n_points,
            offsets=self.offsets,
            coef=coef,
            scores=scores,
            weights=self.weights,
            forbidden=self.forbidden,
            red_lines=self.red_lines,
            reservation=self.reservation,
            disagreement=self.disagreement,
            links=self.links,
        )

    def columns(self, choice: IntArray) -> IntArray:
        """The chosen column of each point."""
        return self.offsets[:-1] + np.asarray(choice, dtype=np.int64)

    def utilities(self, choice: IntArray) -> FloatArray:
        """Exact utilities of one package, straight from the scores."""
        return np.asarray(self.coef[:, self.columns(choice)].sum(axis=1), dtype=np.float64)

    def upper_utilities(self) -> FloatArray:
        """Each party's best utility ignoring every constraint (a cheap bound)."""
        best = np.maximum.reduceat(self.coef, self.offsets[:-1], axis=1)
        return np.asarray(best.sum(axis=1), dtype=np.float64)

    def violations(self, choice: IntArray) -> list[str]:
        """Why a package is not acceptable (empty when it is); used to verify solvers."""
        cols = self.columns(choice)
        chosen = set(cols.tolist())
        problems = [f"red line on column {c}" for c in cols if self.forbidden[c]]
        for n, (when, then) in enumerate(self.links):
            if all(c in chosen for c in when) and not all(chosen & set(s) for s in then):
                problems.append(f"link {n}")
        utilities = self.utilities(choice)
        for p in np.flatnonzero(utilities < self.reservation - ACCEPT_TOLERANCE):
            problems.append(f"reservation of party {p}")
        return problems
