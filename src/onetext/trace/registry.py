"""Issues of fingerprinted copies and the registry of who got which codeword.

An issue is everything needed to reproduce and trace one batch of copies: the
version's points as issued, the reviewed sites, the code (biases and codewords,
drawn from a stored seed) and the file written for each recipient. The registry is
plain data with ``to_dict``/``from_dict``: the CLI keeps it in a JSON file, the
store can keep it in the database. It is for the mediator's eyes only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from onetext.errors import InvalidInput, NotFound
from onetext.trace.attribute import DEFAULT_THRESHOLD, Attribution, Tracer, verdict_of
from onetext.trace.authored import AuthoredPhrase, authored_sites, with_authored
from onetext.trace.code import FingerprintCode, generate_code
from onetext.trace.sites import (
    Site,
    SiteOptions,
    TextPoint,
    apply_codeword,
    find_sites,
    review_sites,
)

__all__ = [
    "MARKINGS",
    "REGISTRY_FORMAT",
    "CopyIssue",
    "CopyRegistry",
    "IssuedPoint",
    "issue_copies",
]

REGISTRY_FORMAT = "onetext-copies/1"
MARKINGS = ("standard", "strong")


@dataclass(frozen=True, slots=True)
class IssuedPoint:
    """A point as the version had it when the copies were issued."""

    label: str
    text: str
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class CopyIssue:
    """One batch of per-recipient copies of one text."""

    id: str
    title: str | None
    preamble: str
    numbering: str
    points: tuple[IssuedPoint, ...]
    sites: tuple[Site, ...]
    code: FingerprintCode
    seed: int
    digital: bool = False
    vetoed: tuple[str, ...] = ()
    reorderable: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    marking: str = "standard"
    overridden: tuple[str, ...] = ()
    """Automatic sites left out because a phrase the mediator listed overlaps them."""

    @property
    def recipients(self) -> list[str]:
        return self.code.recipients

    def copy_texts(self, recipient: str) -> list[str]:
        """The text of every point in ``recipient``'s copy."""
        if recipient not in self.code.codewords:
            raise NotFound(f"no copy was issued to {recipient!r}")
        return apply_codeword(
            [p.text for p in self.points], self.sites, self.code.codewords[recipient]
        )

    def copy_points(self, recipient: str) -> list[IssuedPoint]:
        return [
            IssuedPoint(p.label, text, p.heading)
            for p, text in zip(self.points, self.copy_texts(recipient), strict=True)
        ]

    def tracer(self) -> Tracer:
        return Tracer(self.points, self.sites, self.code)

    def with_files(self, files: Mapping[str, str]) -> CopyIssue:
        return CopyIssue(
            id=self.id,
            title=self.title,
            preamble=self.preamble,
            numbering=self.numbering,
            points=self.points,
            sites=self.sites,
            code=self.code,
            seed=self.seed,
            digital=self.digital,
            vetoed=self.vetoed,
            reorderable=self.reorderable,
            files=dict(files),
            marking=self.marking,
            overridden=self.overridden,
        )

    def to_dict(self) -> dict[str, Any]:
        extra = {"overridden": list(self.overridden)} if self.overridden else {}
        return {
            "id": self.id,
            "title": self.title,
            "preamble": self.preamble,
            "numbering": self.numbering,
            "seed": self.seed,
            "digital": self.digital,
            "vetoed": list(self.vetoed),
            "reorderable": list(self.reorderable),
            "points": [
                {"label": p.label, "text": p.text, "heading": p.heading} for p in self.points
            ],
            "sites": [s.to_dict() for s in self.sites],
            "code": self.code.to_dict(),
            "files": dict(self.files),
            "marking": self.marking,
            **extra,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CopyIssue:
        return cls(
            id=str(data["id"]),
            title=data.get("title"),
            preamble=str(data.get("preamble", "")),
            numbering=str(data.get("numbering", "plain")),
            points=tuple(
                IssuedPoint(str(p["label"]), str(p["text"]), p.get("heading"))
                for p in data["points"]
            ),
            sites=tuple(Site.from_dict(s) for s in data["sites"]),
            code=FingerprintCode.from_dict(data["code"]),
            seed=int(data["seed"]),
            digital=bool(data.get("digital", False)),
            vetoed=tuple(str(v) for v in data.get("vetoed", ())),
            reorderable=tuple(str(r) for r in data.get("reorderable", ())),
            files={str(k): str(v) for k, v in data.get("files", {}).items()},
            marking=str(data.get("marking", "standard")),
            overridden=tuple(str(i) for i in data.get("overridden", ())),
        )


def issue_copies(
    points: Sequence[TextPoint],
    recipients: Sequence[str],
    *,
    seed: int,
    title: str | None = None,
    preamble: str = "",
    numbering: str = "plain",
    headings: Sequence[str | None] | None = None,
    coalition: int = 2,
    error: float = 1e-3,
    digital: bool = False,
    reorderable: Iterable[str] = (),
    veto: Iterable[str] = (),
    marking: str = "standard",
    authored: Sequence[AuthoredPhrase] = (),
) -> CopyIssue:
    """Find and review the sites, draw the code from ``seed``, and describe the issue.
    ``marking="strong"`` also lets every point's sub-items trade places; ``authored``
    phrases (:mod:`onetext.trace.authored`) become sites of their own, and the
    automatic sites they overlap are left out (a veto may name those too)."""
    if not recipients:
        raise InvalidInput("name at least one recipient (--to NAME)")
    if marking not in MARKINGS:
        raise InvalidInput(f"unknown marking {marking!r}: expected one of {', '.join(MARKINGS)}")
    allowed = frozenset(reorderable)
    options = SiteOptions(digital=digital, reorderable=allowed, strong=marking == "strong")
    vetoed = tuple(veto)
    mine = authored_sites(points, authored) if authored else ()
    merged = with_authored(find_sites(points, options), mine)
    overridden = tuple(s.id for s in merged.dropped)
    sites = review_sites(merged.sites, [v for v in vetoed if v not in overridden])
    code = generate_code(
        [s.arity for s in sites],
        recipients,
        np.random.default_rng(seed),
        coalition=coalition,
        error=error,
        links=[s.group for s in sites],
    )
    issued = tuple(
        IssuedPoint(p.label, p.text, headings[i] if headings else None)
        for i, p in enumerate(points)
    )
    digest = hashlib.sha256()
    for p in issued:
        digest.update(f"{p.label}\x00{p.text}\x00".encode())
    digest.update(f"{seed}\x00{','.join(code.recipients)}".encode())
    if marking != "standard":
        digest.update(f"\x00{marking}".encode())
    for site in mine:
        digest.update(f"\x00{site.id}\x00{chr(1).join(site.variants)}".encode())
    return CopyIssue(
        id=digest.hexdigest()[:12],
        title=title,
        preamble=preamble,
        numbering=numbering,
        points=issued,
        sites=sites,
        code=code,
        seed=seed,
        digital=digital,
        vetoed=vetoed,
        reorderable=tuple(sorted(allowed)),
        marking=marking,
        overridden=overridden,
    )


@dataclass(slots=True)
class CopyRegistry:
    """Every issue of copies the mediator has made."""

    issues: list[CopyIssue] = field(default_factory=list)

    def add(self, issue: CopyIssue) -> None:
        self.issues = [i for i in self.issues if i.id != issue.id] + [issue]

    def to_dict(self) -> dict[str, Any]:
        return {"format": REGISTRY_FORMAT, "issues": [i.to_dict() for i in self.issues]}

    @classmethod
    def from_dict(cls, data: Any) -> CopyRegistry:
        if not isinstance(data, Mapping) or data.get("format") != REGISTRY_FORMAT:
            raise InvalidInput(f"not a copy registry: expected format {REGISTRY_FORMAT!r}")
        try:
            return cls([CopyIssue.from_dict(i) for i in data.get("issues", [])])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InvalidInput(f"copy registry is damaged: {error!r}") from None

    def trace(
        self, leak: str, threshold: float = DEFAULT_THRESHOLD
    ) -> tuple[CopyIssue, Attribution]:
        """Attribute ``leak`` within the issue that explains it best.

        Choosing among issues is one more comparison: every false-accusation
        probability is multiplied by the number of issues (a union bound).
        """
        if not self.issues:
            raise NotFound("the copy registry has no issued copies to trace against")
        results = [(issue, issue.tracer().attribute(leak, threshold)) for issue in self.issues]
        issue, result = min(
            results,
            key=lambda r: (
                r[1].candidates[0].false_accusation_probability if r[1].candidates else 1.0,
                -r[1].sites_observed,
            ),
        )
        factor = len(self.issues)
        if factor == 1:
            return issue, result
        candidates = tuple(
            replace(
                c, false_accusation_probability=min(1.0, factor * c.false_accusation_probability)
            )
            for c in result.candidates
        )
        verdict = verdict_of(candidates, threshold)
        return issue, replace(result, candidates=candidates, verdict=verdict)
