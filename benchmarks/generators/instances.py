"""Random problems for tests and benchmarks, reproducible from a numpy Generator."""

from __future__ import annotations

import numpy as np

from onetext.solve.problem import Link, PartySpec, PointSpec, Preference, Problem

__all__ = ["random_problem"]


def random_problem(
    rng: np.random.Generator,
    n_points: int,
    n_options: int,
    n_parties: int,
    *,
    opposed: float = 0.0,
    red_line_rate: float = 0.0,
    n_links: int = 0,
    reservation: float = 0.0,
    integer_scores: bool = True,
) -> Problem:
    """A problem with uniform scores and weights 1-5.

    ``opposed`` in [0, 1] mixes in a zero-sum structure: party 0's scores are
    drawn, the others score ``100 - s`` plus noise, so with ``opposed=1`` and two
    parties ``U_0 + U_1`` is the same for every package and ties abound.
    ``reservation`` is drawn per party in [0, reservation].
    """
    points = tuple(
        PointSpec(f"p{i + 1}", tuple(f"o{k + 1}" for k in range(n_options)))
        for i in range(n_points)
    )
    base = rng.uniform(0, 100, size=(n_points, n_options))
    shared_weights = rng.integers(1, 6, size=n_points).astype(float)
    parties = []
    preferences: dict[str, dict[str, Preference]] = {}
    for p in range(n_parties):
        own = rng.uniform(0, 100, size=(n_points, n_options))
        mirror = base if p == 0 else 100.0 - base
        scores = opposed * mirror + (1 - opposed) * own
        if integer_scores:
            scores = np.round(scores)
        weights = (
            shared_weights if opposed >= 1 else rng.integers(1, 6, size=n_points).astype(float)
        )
        party_id = f"party{p + 1}"
        res = float(np.round(rng.uniform(0, reservation))) if reservation > 0 else 0.0
        parties.append(PartySpec(party_id, reservation=res))
        entries: dict[str, Preference] = {}
        for i, point in enumerate(points):
            red = frozenset(
                o for o in point.options if red_line_rate and rng.random() < red_line_rate
            )
            entries[point.id] = Preference(
                weight=float(weights[i]),
                scores={o: float(scores[i, k]) for k, o in enumerate(point.options)},
                unacceptable=red,
            )
        preferences[party_id] = entries
    links = []
    for _ in range(n_links):
        a, b = rng.choice(n_points, size=2, replace=n_points < 2)
        then_options = rng.choice(n_options, size=max(1, n_options // 2), replace=False)
        links.append(
            Link(
                when={points[a].id: points[a].options[int(rng.integers(n_options))]},
                then={points[b].id: tuple(points[b].options[int(k)] for k in sorted(then_options))},
            )
        )
    return Problem(tuple(parties), points, preferences, tuple(links))
