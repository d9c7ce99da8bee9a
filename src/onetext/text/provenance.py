"""Provenance: where each point's language came from.

For every point of a version, the points of other documents (earlier drafts,
counter-drafts, position papers) that most likely gave it its wording, each with
its document, party and kind, and per document a summary such as "17 of 28
points derive mainly from party north's position papers".

The measure is lexical, on words (case-folded). Candidates are picked on the
longest common subsequence of words (share of the point's words, plus the
symmetric Indel ``similarity``), then scored by ``coverage``: the share of the
point's words that lie in runs of at least ``min_run`` consecutive words shared
with the source. Copied language travels in runs; scattered common words ("the",
"shall") do not make a long paper the source of every point. A point derives
*mainly* from its best source when that source covers at least ``main_coverage``
of its words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from onetext.text.align import TextPoint, WordCodes

__all__ = [
    "PointProvenance",
    "ProvenanceReport",
    "Source",
    "SourceDocument",
    "SummaryLine",
    "shared_wording",
    "trace_provenance",
]


@dataclass(frozen=True)
class SourceDocument:
    """A document whose points may have given language: who tabled it, and what it is."""

    document: str
    party: str
    kind: str
    points: Sequence[TextPoint]


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    party: str
    kind: str
    label: str
    similarity: float
    coverage: float
    shared: tuple[str, ...]
    """The longest runs of words the point shares with the source, longest first."""


@dataclass(frozen=True, slots=True)
class PointProvenance:
    label: str
    sources: tuple[Source, ...]
    main: Source | None


@dataclass(frozen=True, slots=True)
class SummaryLine:
    party: str
    kind: str
    count: int
    total: int

    @property
    def text(self) -> str:
        kinds = self.kind.replace("_", " ") + "s"
        verb = "derives" if self.count == 1 else "derive"
        return f"{self.count} of {self.total} points {verb} mainly from {self.party}'s {kinds}"


@dataclass(frozen=True)
class ProvenanceReport:
    points: tuple[PointProvenance, ...]
    summary: tuple[SummaryLine, ...]
    """Per (party, kind) of main source, most points first."""

    @property
    def without_source(self) -> int:
        return sum(1 for p in self.points if p.main is None)


def _keys(text: str) -> list[str]:
    return ["".join(ch for ch in word.casefold() if ch.isalnum()) for word in text.split()]


def _shared_runs(words: list[str], keys: list[str], source: str, min_words: int) -> list[Any]:
    matcher = SequenceMatcher(None, keys, _keys(source), autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= min_words]
    blocks.sort(key=lambda b: (-b.size, b.a))
    return blocks


def shared_wording(
    text: str, source: str, *, min_words: int = 3, limit: int = 3
) -> tuple[str, ...]:
    """The longest runs of at least ``min_words`` words common to both, longest first,
    in the wording of ``text``."""
    words = text.split()
    blocks = _shared_runs(words, _keys(text), source, min_words)
    return tuple(" ".join(words[b.a : b.a + b.size]) for b in blocks[:limit])


def trace_provenance(
    points: Sequence[TextPoint],
    sources: Sequence[SourceDocument],
    *,
    top: int = 3,
    min_coverage: float = 0.3,
    main_coverage: float = 0.5,
    min_run: int = 3,
) -> ProvenanceReport:
    """Trace each of ``points`` to its ``top`` likeliest sources among ``sources``."""
    codes = WordCodes()
    targets = [codes.encode(p.text) for p in points]
    origin: list[tuple[SourceDocument, TextPoint]] = [
        (doc, point) for doc in sources for point in doc.points
    ]
    source_codes = [codes.encode(point.text) for _, point in origin]
    if origin and targets:
        common = process.cdist(
            targets, source_codes, scorer=LCSseq.similarity, dtype=np.int32, workers=-1
        ).astype(float)
    else:
        common = np.zeros((len(targets), len(origin)))
    target_len = np.array([max(1, len(c)) for c in targets], dtype=float)[:, None]
    source_len = np.array([max(1, len(c)) for c in source_codes], dtype=float)[None, :]
    coverage = common / target_len
    similarity = 2 * common / (target_len + source_len)
    ranking = coverage + similarity
    results: list[PointProvenance] = []
    for row, point in enumerate(points):
        words, keys = point.text.split(), _keys(point.text)
        found: list[Source] = []
        for col in np.argsort(-ranking[row], kind="stable")[: 2 * top + 4]:
            if coverage[row, col] < min_coverage:
                continue
            doc, source_point = origin[col]
            blocks = _shared_runs(words, keys, source_point.text, min_run)
            in_runs = sum(b.size for b in blocks) / max(1, len(words))
            if in_runs < min_coverage:
                continue
            shared = tuple(" ".join(words[b.a : b.a + b.size]) for b in blocks[:3])
            found.append(
                Source(
                    doc.document,
                    doc.party,
                    doc.kind,
                    source_point.label,
                    float(similarity[row, col]),
                    in_runs,
                    shared,
                )
            )
        found.sort(key=lambda s: (-s.coverage, -s.similarity))
        del found[top:]
        main = found[0] if found and found[0].coverage >= main_coverage else None
        results.append(PointProvenance(point.label, tuple(found), main))
    tally = Counter((p.main.party, p.main.kind) for p in results if p.main is not None)
    summary = tuple(
        SummaryLine(party, kind, count, len(results))
        for (party, kind), count in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return ProvenanceReport(tuple(results), summary)
