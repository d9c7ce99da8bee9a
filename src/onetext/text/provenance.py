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

Language also travels sentence by sentence: a grown point may open with an
older plan's sentence word for word and go on in new words. Each sentence of a
point is therefore matched on its own against every sentence of the sources:
shared wording (at least ``sentence_share`` of its words in order) or a close
paraphrase (content-word similarity, :mod:`onetext.text.evidence`, of at least
``paraphrase_similarity``, or 0.15 less with half the wording shared). A point
whose whole text has no main source takes as main the source point whose
sentences cover most of its words (each matched sentence counting its share of
wording), if they cover at least two thirds of ``min_coverage``: a whole
sentence taken over is evidence enough.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from onetext.text.align import TextPoint, WordCodes
from onetext.text.evidence import ContentIndex, normalise_typography

__all__ = [
    "PointProvenance",
    "ProvenanceReport",
    "SentenceMatch",
    "Source",
    "SourceDocument",
    "SummaryLine",
    "shared_wording",
    "split_sentences",
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
class SentenceMatch:
    """One sentence of the point and the source sentence it most likely came from."""

    sentence: str
    document: str
    party: str
    kind: str
    label: str
    source_sentence: str
    share: float
    """Share of the sentence's words found, in order, in the source sentence."""
    paraphrase: bool
    """Close in content (rare words shared) more than in wording."""


@dataclass(frozen=True, slots=True)
class PointProvenance:
    label: str
    sources: tuple[Source, ...]
    main: Source | None
    sentences: tuple[SentenceMatch, ...] = ()
    """Per sentence of the point that has a likely source, that source."""


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
    sentence_share: float = 0.6,
    paraphrase_similarity: float = 0.65,
) -> ProvenanceReport:
    """Trace each of ``points`` to its ``top`` likeliest sources among ``sources``."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

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
    sentence_matches = _match_sentences(
        points, sources, codes, sentence_share=sentence_share, paraphrase=paraphrase_similarity
    )
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
        matches = sentence_matches[row]
        _add_sentence_sources(found, matches, point.text, min_coverage)
        found.sort(key=lambda s: (-s.coverage, -s.similarity))
        del found[top:]
        main = found[0] if found and found[0].coverage >= main_coverage else None
        if main is None and found and any(m.label == found[0].label for m in matches):
            main = found[0] if found[0].coverage >= min_coverage * 2 / 3 else None
        results.append(PointProvenance(point.label, tuple(found), main, tuple(matches)))
    tally = Counter((p.main.party, p.main.kind) for p in results if p.main is not None)
    summary = tuple(
        SummaryLine(party, kind, count, len(results))
        for (party, kind), count in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return ProvenanceReport(tuple(results), summary)


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[\"'(\[A-Z0-9])|\n+")


def split_sentences(text: str) -> list[str]:
    """The sentences of a point (and its sub-items, one per line), as written."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def _match_sentences(
    points: Sequence[TextPoint],
    sources: Sequence[SourceDocument],
    codes: WordCodes,
    *,
    sentence_share: float,
    paraphrase: float,
    min_words: int = 4,
) -> list[list[SentenceMatch]]:
    """Per point, its sentences that have a likely source sentence."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

    mine = [(row, s) for row, p in enumerate(points) for s in split_sentences(p.text)]
    mine = [(row, s) for row, s in mine if len(s.split()) >= min_words]
    theirs = [
        (doc, point, s)
        for doc in sources
        for point in doc.points
        for s in split_sentences(point.text)
        if len(s.split()) >= min_words
    ]
    result: list[list[SentenceMatch]] = [[] for _ in points]
    if not mine or not theirs:
        return result
    mine_codes = [codes.encode(normalise_typography(s)) for _, s in mine]
    their_codes = [codes.encode(normalise_typography(s)) for _, _, s in theirs]
    common = process.cdist(
        mine_codes, their_codes, scorer=LCSseq.similarity, dtype=np.int32, workers=-1
    ).astype(float)
    lengths = np.array([max(1, len(c)) for c in mine_codes], dtype=float)[:, None]
    their_lengths = np.array([max(1, len(c)) for c in their_codes], dtype=float)[None, :]
    share = common / lengths
    # Symmetric, so a short sentence is not "found" in every long one.
    overlap = 2 * common / (lengths + their_lengths)
    index = ContentIndex(
        {k: s for k, (_, s) in enumerate(mine)}
        | {len(mine) + k: s for k, (_, _, s) in enumerate(theirs)}
    )
    content = index.cosine_matrix(range(len(mine)), range(len(mine), len(mine) + len(theirs)))
    for k, (row, sentence) in enumerate(mine):
        best_words = int(np.argmax(share[k] + overlap[k]))
        best_content = int(np.argmax(content[k]))
        if share[k, best_words] >= sentence_share and overlap[k, best_words] >= sentence_share / 2:
            col, is_paraphrase = best_words, False
        elif content[k, best_content] >= paraphrase or (
            content[k, best_content] >= paraphrase - 0.15
            and share[k, best_content] >= sentence_share / 2
        ):
            col, is_paraphrase = best_content, True
        else:
            continue
        doc, point, source_sentence = theirs[col]
        result[row].append(
            SentenceMatch(
                sentence,
                doc.document,
                doc.party,
                doc.kind,
                point.label,
                source_sentence,
                float(share[k, col]),
                is_paraphrase,
            )
        )
    return result


def _add_sentence_sources(
    found: list[Source], matches: list[SentenceMatch], text: str, min_coverage: float
) -> None:
    """Raise (or add) the sources whose sentences cover the point's words."""
    total = max(1, len(text.split()))
    covered: dict[tuple[str, str], float] = {}
    info: dict[tuple[str, str], SentenceMatch] = {}
    for match in matches:
        key = (match.document, match.label)
        covered[key] = covered.get(key, 0.0) + match.share * len(match.sentence.split())
        info.setdefault(key, match)
    for key, words in covered.items():
        coverage = min(1.0, words / total)
        if coverage < min_coverage * 2 / 3:
            continue
        existing = next((s for s in found if (s.document, s.label) == key), None)
        if existing is not None and existing.coverage >= coverage:
            continue
        if existing is not None:
            found.remove(existing)
        first = info[key]
        shared = tuple(
            m.sentence for m in matches if (m.document, m.label) == key and not m.paraphrase
        )[:3]
        found.append(
            Source(
                first.document,
                first.party,
                first.kind,
                first.label,
                existing.similarity if existing is not None else coverage,
                coverage,
                shared or (existing.shared if existing is not None else ()),
            )
        )
