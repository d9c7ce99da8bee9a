"""What a fingerprinted issue can prove, said before it is issued.

Only what survives retyping counts: the visible sites, with every site that shares a
symbol (the copy's dialect) left out, since a short quote may not show it. For every
run of ``k`` consecutive points, :func:`onetext.trace.likelihood.quote_bound` gives
the false-accusation probability a verdict on a quote of exactly those points
reaches when every site is read correctly: the best it can state, for this draft
and this number of recipients.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from onetext.trace.likelihood import quote_bound
from onetext.trace.sites import Site, SiteKind, TextPoint

__all__ = ["QuoteGuarantee", "quote_guarantees", "robust_bits_per_100_words"]


def _robust(sites: Sequence[Site]) -> list[Site]:
    return [s for s in sites if s.kind is not SiteKind.INVISIBLE and not s.group]


def robust_bits_per_100_words(points: Sequence[TextPoint], sites: Sequence[Site]) -> float:
    """Bits of the code that survive retyping, per 100 words of the text (a group of
    linked sites counts once)."""
    words = sum(len(p.text.split()) for p in points)
    bits = sum(math.log2(s.arity) for s in _robust(sites))
    groups = {s.group: s.arity for s in sites if s.group and s.kind is not SiteKind.INVISIBLE}
    bits += sum(math.log2(q) for q in groups.values())
    return 100 * bits / words if words else 0.0


@dataclass(frozen=True, slots=True)
class QuoteGuarantee:
    """For quotes of ``points`` consecutive points: the median and worst passage's
    best false-accusation probability, and how many passages reach ``threshold``."""

    points: int
    median: float
    worst: float
    passages: int
    proven: int
    threshold: float

    def statement(self, recipients: int) -> str:
        return (
            f"A retyped quote of {self.points} point{'s' if self.points > 1 else ''} names its "
            f"source among {recipients} recipients with false-accusation probability "
            f"<= {self.median:.2g} (median passage; worst {self.worst:.2g}); "
            f"{self.proven} of {self.passages} passages reach the {self.threshold:g} threshold."
        )

    def to_dict(self) -> dict[str, float | int]:
        return {
            "points": self.points,
            "false_accusation_probability": self.median,
            "worst": self.worst,
            "passages": self.passages,
            "passages_proven": self.proven,
        }


def quote_guarantees(
    points: Sequence[TextPoint],
    sites: Sequence[Site],
    recipients: int,
    lengths: Sequence[int] = (1, 3, 10),
    threshold: float = 1e-3,
) -> list[QuoteGuarantee]:
    """What a retyped quote of each length can prove for this draft."""
    robust = _robust(sites)
    arities = [[s.arity for s in robust if s.point == i] for i in range(len(points))]
    out = []
    for k in lengths:
        if k > len(points):
            continue
        bounds = quote_bound(arities, recipients, k)
        out.append(
            QuoteGuarantee(
                points=k,
                median=float(statistics.median(bounds)),
                worst=max(bounds),
                passages=len(bounds),
                proven=sum(1 for b in bounds if b < threshold),
                threshold=threshold,
            )
        )
    return out
