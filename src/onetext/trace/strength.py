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

__all__ = [
    "QuoteGuarantee",
    "ShortDraft",
    "quote_guarantees",
    "robust_bits_per_100_words",
    "what_a_short_draft_needs",
]


def _robust(sites: Sequence[Site]) -> list[Site]:
    return [s for s in sites if s.kind is not SiteKind.INVISIBLE and not s.group]


def _arities_by_point(points: Sequence[TextPoint], sites: Sequence[Site]) -> list[list[int]]:
    """The alphabet size of every robust site, point by point."""
    robust = _robust(sites)
    return [[s.arity for s in robust if s.point == i] for i in range(len(points))]


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
    arities = _arities_by_point(points, sites)
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


@dataclass(frozen=True, slots=True)
class ShortDraft:
    """What it takes to prove a typical quote of this draft: ``points_needed``, the
    shortest quote (consecutive points) whose median passage reaches the threshold
    among the issue's recipients (``None``: not even the whole draft), and
    ``recipients_for``, the most recipients among whom a typical quote of
    ``points`` points still reaches it (0: not even one)."""

    points: int
    points_needed: int | None
    recipients_for: int
    thin: tuple[str, ...] = ()
    """Labels of the points that leave passages unproven (the point with the fewest
    marks in each passage that misses the threshold): where more marks help most."""

    def statement(self, recipients: int) -> str:
        if self.points_needed is None:
            need = "not even a quote of the whole draft reaches it"
        else:
            need = f"a typical quote needs {self.points_needed} consecutive points"
        if self.recipients_for >= 2:
            audience = (
                f"{self.points} points suffice among at most {self.recipients_for} recipients"
            )
        else:
            audience = f"{self.points} points carry too few marks to prove a source at all"
        thin = f" The thinnest points: {', '.join(self.thin)}." if self.thin else ""
        return f"Among {recipients} recipients {need}; {audience}.{thin}"

    def to_dict(self) -> dict[str, int | list[str] | None]:
        return {
            "points": self.points,
            "points_needed": self.points_needed,
            "recipients_for": self.recipients_for,
            "thin_points": list(self.thin),
        }


def what_a_short_draft_needs(
    points: Sequence[TextPoint],
    sites: Sequence[Site],
    recipients: int,
    quote: int = 3,
    threshold: float = 1e-3,
) -> ShortDraft:
    """How long a quote, or how few recipients, a typical passage needs to be proven
    (median passage; every site read correctly)."""
    arities = _arities_by_point(points, sites)

    def proven(k: int, n: int) -> bool:
        return statistics.median(quote_bound(arities, n, k)) < threshold

    needed: int | None = None
    low, high = 1, len(points)
    if high and proven(high, recipients):
        while low < high:  # the median bound falls as quotes grow
            middle = (low + high) // 2
            if proven(middle, recipients):
                high = middle
            else:
                low = middle + 1
        needed = low
    span = min(quote, len(points))
    tail = statistics.median(quote_bound(arities, 1, span)) if span else 1.0
    audience = min(int(threshold / tail), 10**6) if tail > 0 else 10**6
    if audience >= 1 and not proven(span, audience):
        audience -= 1  # the bound is not exactly linear once clipped at 1
    bits = [sum(math.log2(q) for q in arity) for arity in arities]
    thin: list[int] = []
    for first, bound in enumerate(quote_bound(arities, recipients, span) if span else []):
        if bound >= threshold:
            weakest = min(range(first, first + span), key=lambda i: bits[i])
            if weakest not in thin:
                thin.append(weakest)
    thin.sort(key=lambda i: bits[i])
    return ShortDraft(
        points=span,
        points_needed=needed,
        recipients_for=max(audience, 0),
        thin=tuple(points[i].label for i in sorted(thin[:8])),
    )
