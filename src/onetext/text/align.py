"""Point-level alignment of two versions of a draft.

Given the points of an old and a new version (anything with ``.label`` and
``.text``: :class:`onetext.model.Point`, :class:`onetext.text.parse.ParsedPoint`),
:func:`align` finds which new points continue which old ones and classifies each
link. It works in these passes:

1. **Anchors.** Points whose text is identical up to typography (quotes,
   dashes, spaces, emphasis: :func:`onetext.text.evidence.normalise_typography`),
   then points whose words are identical (up to case and punctuation), are
   paired; repeated texts are paired in reading order.
2. **Assignment.** The remaining points are scored on a word-level similarity
   matrix (``rapidfuzz.process.cdist``, Indel similarity over word codes), with
   small bonuses for sitting where the anchors say the point should be and for
   carrying the same label, and paired by an optimal assignment
   (``scipy.optimize.linear_sum_assignment``); pairs under ``match_threshold``
   are dropped, and so are pairs far from their expected place under the
   stricter ``moved_threshold``.
3. **Containment.** A new point still unpaired whose words lie (in order) inside
   an old point near it is a part of that point: parts that together cover the
   old point make a *split*. The mirror test on old points makes a *merge*. A
   single contained part is a reworded (shortened or lengthened) point. A
   reworded pair out of order may be reclaimed here, word for word, as a part.
4. **Context** (:mod:`onetext.text.gap_pairs`). Points left in a gap between two
   links are paired on weaker evidence: content words weighted by rarity
   (names, numbers: :mod:`onetext.text.evidence`), place in the gap, label;
   a point left alone joins a neighbour's merge or split when its rare words are
   there; two wordings of one text (a translation) pair by labels in order.
5. **Classification** (:func:`classify`), a pure function of the links.

Kinds, precisely:

- ``unchanged``: same text (up to whitespace), same label, order kept. A change
  of typography only keeps the kind (unchanged, renumbered or moved) and sets
  :attr:`Change.typographic`.
- ``renumbered``: same text, different label, order kept: the label changed only
  because points were inserted, deleted, split or merged around it.
- ``reworded``: text changed, order kept (label may have changed too).
- ``moved``: the point's relative order among the matched points changed. The
  matched links (1:1 pairs, and splits and merges as single items) are taken in
  old order; the largest set of them whose new positions also increase (a
  longest increasing subsequence; among equally long ones, the one patience
  sorting ends with, so of two swapped neighbours the earlier old point is the
  one reported moved) keeps its order; every 1:1 pair outside that set is
  *moved*, whether its text changed or not (see :attr:`Change.text_changed`).
  A point that jumped over others is thus moved, and the points it jumped over
  are only renumbered.
- ``split``: one old point continues as two or more new points.
- ``merged``: two or more old points continue as one new point.
- ``added`` / ``removed``: no counterpart.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from onetext.errors import InvalidInput
from onetext.text.evidence import ContentIndex, normalise_typography

if TYPE_CHECKING:
    import numpy as np

    from onetext.text.gap_pairs import AlignContext

__all__ = [
    "Alignment",
    "AlignmentSettings",
    "Change",
    "ChangeKind",
    "Lineage",
    "TextPoint",
    "WordCodes",
    "align",
    "classify",
    "longest_increasing",
    "normalise_typography",
    "squash_whitespace",
]


class ChangeKind(enum.StrEnum):
    """What happened to a point between two versions."""

    UNCHANGED = "unchanged"
    REWORDED = "reworded"
    MOVED = "moved"
    RENUMBERED = "renumbered"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"


class TextPoint(Protocol):
    """What alignment needs of a point."""

    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...


P = TypeVar("P", bound=TextPoint)

_WORD = re.compile(r"\w+")
_CODE_BASE = 0x10000  # supplementary planes: no surrogates, room for a million words
_CODE_SPACE = 0x100000


class WordCodes:
    """Maps each distinct (case-folded) word to one character.

    Comparing the coded strings with rapidfuzz compares texts word by word at the
    speed of its character kernels.
    """

    def __init__(self) -> None:
        self._chars: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def encode(self, text: str) -> str:
        known = self._texts.get(text)  # most points recur unchanged in the other version
        if known is not None:
            return known
        chars = self._chars
        words = _WORD.findall(text.casefold())
        for word in words:
            if word not in chars:
                chars[word] = chr(_CODE_BASE + len(chars) % _CODE_SPACE)
        coded = self._texts[text] = "".join([chars[word] for word in words])
        return coded


def squash_whitespace(text: str) -> str:
    """The text with every run of whitespace made one space: what "same text" means."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class AlignmentSettings:
    """Thresholds of the alignment; the defaults are tuned by ``benchmarks/bench_align.py``."""

    match_threshold: float = 0.55
    """Least word similarity for two points to be paired by the assignment."""
    moved_threshold: float = 0.7
    """Least word similarity for a pair far from where the anchors expect it: a
    point both moved and reworded needs more evidence than one reworded in place."""
    containment_threshold: float = 0.75
    """Least share of a part's words found, in order, inside the whole."""
    coverage_threshold: float = 0.7
    """Least share of the whole's words found in its parts for a split or merge."""
    min_part_words: int = 3
    """Parts shorter than this are never taken for pieces of a split or merge."""
    position_bonus: float = 0.04
    """Bonus to the similarity of a pair that sits where the anchors expect it."""
    position_window: int = 8
    """How many places away from the expected one the bonus fades to nothing."""
    label_bonus: float = 0.03
    """Bonus to a pair whose points carry the same label."""
    gap_threshold: float = 0.3
    """Least evidence (word or content similarity) for a pair inside a gap between
    two anchors, where the surrounding pairs say both points stand in for each other."""
    lone_gap_threshold: float = 0.12
    """Least evidence when the gap holds exactly one old and one new point."""
    weak_part_share: float = 0.35
    """Least share of a point's content weight found in a neighbour's partner for it
    to be read as merged into it (or split out of it)."""
    weak_part_gain: float = 0.05
    """Least share of the partner's content weight that only the extra point explains."""
    weak_part_reach: int = 2
    """How far (in points) from a group member an extra merged or split part may stand."""


DEFAULT_SETTINGS = AlignmentSettings()


@dataclass(frozen=True, slots=True)
class Change:
    """One link between the versions; ``old`` and ``new`` are indexes into them."""

    kind: ChangeKind
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float
    moved: bool = False
    """The link left its relative order (true for every ``moved``, and for splits
    and merges that moved)."""
    text_changed: bool = False
    """The words differ (true for reworded, split and merged; may be true for moved)."""
    typographic: bool = False
    """The texts differ only in typography (quotes, dashes, spaces, emphasis): the
    kind stays unchanged, renumbered or moved and ``text_changed`` stays false."""

    @property
    def reconfirm(self) -> bool:
        """Stances on the old point(s) must be re-confirmed, not carried over."""
        return self.kind in (ChangeKind.SPLIT, ChangeKind.MERGED) or self.text_changed


@dataclass(frozen=True, slots=True)
class Lineage:
    """Where one new point comes from, in terms of point identities.

    ``uid`` is the identity the new point keeps (``None``: it needs a fresh one);
    ``sources`` are the old identities its text derives from; ``reconfirm`` says
    that stances marked on the sources must be shown as "to be re-confirmed".
    """

    new_index: int
    kind: ChangeKind
    uid: str | None
    sources: tuple[str, ...]
    reconfirm: bool

    @property
    def carries_stances(self) -> bool:
        """Stances on ``uid`` stay in force as they are (unchanged, renumbered, or
        moved with the same words)."""
        return self.uid is not None and not self.reconfirm


@dataclass(frozen=True)
class Alignment(Generic[P]):
    """The result of :func:`align`: both versions and the links between them.

    ``changes`` are in reading order of the new version, each removed point placed
    where it stood relative to the points around it.
    """

    old: tuple[P, ...]
    new: tuple[P, ...]
    changes: tuple[Change, ...]

    def old_to_new(self) -> dict[int, tuple[int, ...]]:
        """Each old index to the new indexes it continues as (``()`` if removed)."""
        mapping: dict[int, tuple[int, ...]] = {}
        for change in self.changes:
            for index in change.old:
                mapping[index] = change.new
        return mapping

    def new_to_old(self) -> dict[int, tuple[int, ...]]:
        """Each new index to the old indexes it derives from (``()`` if added)."""
        mapping: dict[int, tuple[int, ...]] = {}
        for change in self.changes:
            for index in change.new:
                mapping[index] = change.old
        return mapping

    def counts(self) -> dict[ChangeKind, int]:
        """How many changes of each kind (every kind present, zero included)."""
        found = Counter(change.kind for change in self.changes)
        return {kind: found.get(kind, 0) for kind in ChangeKind}

    def labels(self, change: Change) -> tuple[list[str], list[str]]:
        """The old and the new labels of a change, as the drafts print them."""
        return [self.old[i].label for i in change.old], [self.new[j].label for j in change.new]

    def to_json(self, *, show_all: bool = True) -> dict[str, Any]:
        """The ``onetext diff --json`` document (see DESIGN.md): per change its kind,
        labels, similarity, old and new text and word-level redline; ``typographic``
        flags a change of typography only. Unchanged entries (typographic ones
        included) only with ``show_all``."""
        from onetext.text.redline import redline_change

        changes = []
        for change in self.changes:
            if change.kind is ChangeKind.UNCHANGED and not show_all:
                continue
            old, new = self.labels(change)
            changes.append(
                {
                    "kind": change.kind.value,
                    "old": old,
                    "new": new,
                    "similarity": round(change.similarity, 4),
                    "typographic": change.typographic,
                    "old_text": "\n".join(self.old[i].text for i in change.old),
                    "new_text": "\n".join(self.new[j].text for j in change.new),
                    "redline": [
                        {"op": segment.op.value, "text": segment.text}
                        for segment in redline_change(self, change)
                    ],
                }
            )
        return {"changes": changes}

    def lineage(self, old_uids: Sequence[str]) -> tuple[Lineage, ...]:
        """Carry point identities (``old_uids[i]`` is old point ``i``'s uid) across.

        One per new point, in new order. Unchanged, renumbered, reworded and moved
        points keep their uid. In a split, the part holding most of the old text
        keeps the uid and the other parts get new ones; in a merge, the merged
        point keeps the uid of the old point that gave it most text; both flag
        ``reconfirm``. Added points get ``uid=None`` and no sources.
        """
        if len(old_uids) != len(self.old):
            raise InvalidInput(f"expected {len(self.old)} old uids, got {len(old_uids)}")
        codes = WordCodes()
        result: dict[int, Lineage] = {}
        for change in self.changes:
            sources = tuple(old_uids[i] for i in change.old)
            if change.kind is ChangeKind.SPLIT:
                whole = codes.encode(self.old[change.old[0]].text)
                keeper = max(
                    change.new,
                    key=lambda j: (_common(whole, codes.encode(self.new[j].text)), -j),
                )
                for j in change.new:
                    result[j] = Lineage(
                        j, change.kind, sources[0] if j == keeper else None, sources, True
                    )
            elif change.kind is ChangeKind.MERGED:
                (j,) = change.new
                merged = codes.encode(self.new[j].text)
                main = max(
                    change.old,
                    key=lambda i: (_common(merged, codes.encode(self.old[i].text)), -i),
                )
                result[j] = Lineage(j, change.kind, old_uids[main], sources, True)
            else:
                for j in change.new:
                    uid = sources[0] if sources else None
                    result[j] = Lineage(j, change.kind, uid, sources, change.reconfirm)
        return tuple(result[j] for j in range(len(self.new)))


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # tails[k]: smallest tail value of an increasing run of length k+1
    tail_pos: list[int] = []
    parent: list[int] = [-1] * len(values)
    for pos, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[k] = value
            tail_pos[k] = pos
        parent[pos] = tail_pos[k - 1] if k > 0 else -1
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        keep.add(pos)
        pos = parent[pos]
    return keep


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel  # rapidfuzz loads its process module: lazily

    return float(Indel.normalized_similarity(a, b))


def _common(a: str, b: str) -> int:
    """Length of the longest common subsequence of two word-code strings."""
    from rapidfuzz.distance import LCSseq

    return int(LCSseq.similarity(a, b))


def classify(
    old: Sequence[P],
    new: Sequence[P],
    links: Iterable[tuple[Sequence[int], Sequence[int]]],
    *,
    codes: WordCodes | None = None,
    encoded: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Alignment[P]:
    """Turn links (old indexes, new indexes) into a classified :class:`Alignment`.

    Each link is 1:1, 1:k (split) or k:1 (merge); indexes not in any link are
    removed or added. This is the definition of the kinds (module docstring), used
    by :func:`align` and to derive the true kinds of a known edit script.
    ``encoded``: the word codes of both versions, if the caller has them.
    """
    old_t, new_t = tuple(old), tuple(new)
    if encoded is not None:
        old_codes, new_codes = encoded
    else:
        codes = codes or WordCodes()
        old_codes = [codes.encode(p.text) for p in old_t]
        new_codes = [codes.encode(p.text) for p in new_t]
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    for olds, news in links:
        o, n = tuple(sorted(olds)), tuple(sorted(news))
        if not o or not n or (len(o) > 1 and len(n) > 1):
            raise InvalidInput(f"a link must be 1:1, 1:k or k:1, got {len(o)}:{len(n)}")
        if seen_old.intersection(o) or seen_new.intersection(n):
            raise InvalidInput("a point can be in one link only")
        if not (all(0 <= i < len(old_t) for i in o) and all(0 <= j < len(new_t) for j in n)):
            raise InvalidInput("a link names a point that does not exist")
        seen_old.update(o)
        seen_new.update(n)
        groups.append((o, n))

    groups.sort()
    kept = longest_increasing([n[0] for _, n in groups])
    changes: list[Change] = []
    for pos, (o, n) in enumerate(groups):
        moved = pos not in kept
        if len(n) > 1:
            sim = _similarity(old_codes[o[0]], "".join(new_codes[j] for j in n))
            changes.append(Change(ChangeKind.SPLIT, o, n, sim, moved, True))
            continue
        if len(o) > 1:
            sim = _similarity("".join(old_codes[i] for i in o), new_codes[n[0]])
            changes.append(Change(ChangeKind.MERGED, o, n, sim, moved, True))
            continue
        before, after = old_t[o[0]], new_t[n[0]]
        same_text = squash_whitespace(before.text) == squash_whitespace(after.text)
        typographic = not same_text and normalise_typography(before.text) == normalise_typography(
            after.text
        )
        same_text = same_text or typographic
        sim = 1.0 if same_text else _similarity(old_codes[o[0]], new_codes[n[0]])
        if not same_text and sim >= 1.0:  # only case or punctuation changed
            sim = min(
                0.999,
                _similarity(
                    squash_whitespace(before.text).casefold(),
                    squash_whitespace(after.text).casefold(),
                ),
            )
        if moved:
            kind = ChangeKind.MOVED
        elif not same_text:
            kind = ChangeKind.REWORDED
        elif before.label != after.label:
            kind = ChangeKind.RENUMBERED
        else:
            kind = ChangeKind.UNCHANGED
        changes.append(Change(kind, o, n, sim, moved, not same_text, typographic))

    changes.extend(
        Change(ChangeKind.ADDED, (), (j,), 0.0) for j in range(len(new_t)) if j not in seen_new
    )
    # A removed point goes just after the new position of the nearest earlier kept old point.
    anchor_after: dict[int, int] = {}
    last = -1
    old_home = {i: n[0] for o, n in groups for i in o}
    for i in range(len(old_t)):
        if i in old_home:
            last = old_home[i]
        else:
            anchor_after[i] = last
            changes.append(Change(ChangeKind.REMOVED, (i,), (), 0.0))

    def reading_order(change: Change) -> tuple[float, int, int]:
        if change.new:
            return (change.new[0], 0, 0)
        i = change.old[0]
        return (anchor_after[i] + 0.5, 1, i)

    changes.sort(key=reading_order)
    return Alignment(old_t, new_t, tuple(changes))


def align(
    old: Sequence[P], new: Sequence[P], *, settings: AlignmentSettings = DEFAULT_SETTINGS
) -> Alignment[P]:
    """Align two versions point by point (see the module docstring)."""
    old_t, new_t = tuple(old), tuple(new)
    old_plain = [normalise_typography(p.text) for p in old_t]
    new_plain = [normalise_typography(p.text) for p in new_t]
    codes = WordCodes()
    old_codes = [codes.encode(t) for t in old_plain]
    new_codes = [codes.encode(t) for t in new_plain]

    pairs: dict[int, int] = {}
    _anchor(pairs, old_plain, new_plain)
    _anchor(pairs, old_codes, new_codes, skip_empty=True)
    anchored_old = set(pairs)
    anchored_new = set(pairs.values())
    offset = len(old_t)
    index = ContentIndex(
        {i: old_plain[i] for i in range(len(old_t)) if i not in anchored_old}
        | {offset + j: new_plain[j] for j in range(len(new_t)) if j not in anchored_new}
    )
    from onetext.text.gap_pairs import AlignContext, fill_gaps, weak_parts

    context = AlignContext(
        old_codes,
        new_codes,
        index,
        [p.label for p in old_t],
        [p.label for p in new_t],
        settings,
        anchored=len(anchored_old),
    )
    context.rest_old.extend(i for i in range(len(old_t)) if i not in anchored_old and old_codes[i])
    context.rest_new.extend(j for j in range(len(new_t)) if j not in anchored_new and new_codes[j])
    _assign(pairs, context)
    links = _containment(pairs, anchored_old, old_codes, new_codes, settings)
    links = fill_gaps(links, context)
    links = weak_parts(links, context)
    links = fill_gaps(links, context)
    return classify(old_t, new_t, links, encoded=(old_codes, new_codes))


def _anchor(
    pairs: dict[int, int], old_keys: list[str], new_keys: list[str], *, skip_empty: bool = False
) -> None:
    """Pair equal keys not yet paired; the k-th old occurrence with the k-th new one."""
    taken_new = set(pairs.values())
    waiting: dict[str, list[int]] = defaultdict(list)
    for j, key in enumerate(new_keys):
        if j not in taken_new and not (skip_empty and not key):
            waiting[key].append(j)
    for queue in waiting.values():
        queue.reverse()
    for i, key_text in enumerate(old_keys):
        if i in pairs:
            continue
        found = waiting.get(key_text)
        if found:
            pairs[i] = found.pop()


def _expected_positions(pairs: Mapping[int, int], old_count: int) -> np.ndarray[Any, Any]:
    """Where each old point should land in the new version, by the pairs' order.

    Pairs that keep their order are interpolated; beyond the first and the last
    of them, one place per point.
    """
    import numpy as np

    ordered = sorted(pairs.items())
    keep = longest_increasing([j for _, j in ordered])
    anchors = [ordered[k] for k in sorted(keep)]
    places = np.arange(old_count, dtype=float)
    if not anchors:
        return places
    xs = np.array([i for i, _ in anchors], dtype=float)
    ys = np.array([j for _, j in anchors], dtype=float)
    inside = np.interp(places, xs, ys)
    before = ys[0] - (xs[0] - places)
    after = ys[-1] + (places - xs[-1])
    result: np.ndarray[Any, Any] = np.where(
        places < xs[0], before, np.where(places > xs[-1], after, inside)
    )
    return result


def _assign(pairs: dict[int, int], context: AlignContext) -> None:
    """Pair the rest by an optimal assignment on word similarity plus position and
    label bonuses; a pair far from its expected place needs stronger evidence.
    Content words alone pair nothing here: they need the context of a gap."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    settings = context.settings
    taken_new = set(pairs.values())
    rest_old = [i for i in range(len(context.old_codes)) if i not in pairs and context.old_codes[i]]
    rest_new = [
        j for j in range(len(context.new_codes)) if j not in taken_new and context.new_codes[j]
    ]
    if not rest_old or not rest_new:
        return
    scores = context.wording(rest_old, rest_new)
    expected = _expected_positions(pairs, len(context.old_codes))[rest_old]
    distance = np.abs(expected[:, None] - np.array(rest_new, dtype=float)[None, :])
    nearness = np.clip(1.0 - distance / settings.position_window, 0, 1)
    bonus = settings.position_bonus * nearness
    bonus += settings.label_bonus * context.same_label(rest_old, rest_new)
    rows, cols = linear_sum_assignment(-(scores + bonus))
    for r, c in zip(rows, cols, strict=True):
        needed = settings.match_threshold if nearness[r, c] > 0 else settings.moved_threshold
        if scores[r, c] >= needed:
            pairs[rest_old[r]] = rest_new[c]


def _containment(
    pairs: dict[int, int],
    anchored_old: set[int],
    old_codes: list[str],
    new_codes: list[str],
    settings: AlignmentSettings,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Find splits and merges among the unpaired points; return all links."""
    import numpy as np

    new_to_old = {j: i for i, j in pairs.items()}
    # A reworded pair out of order ("moved") is weak evidence: such a point may
    # still be claimed, word for word, as a part of a split or merge near it.
    ordered = sorted(pairs.items())
    in_order = longest_increasing([j for _, j in ordered])
    loose = {
        ordered[k]
        for k in range(len(ordered))
        if k not in in_order and old_codes[ordered[k][0]] != new_codes[ordered[k][1]]
    }
    loose_old, loose_new = {i for i, _ in loose}, {j for _, j in loose}
    # Splits: unpaired new points inside an old point that is not an exact anchor.
    free_new = [j for j in range(len(new_codes)) if j not in new_to_old or j in loose_new]
    wholes = [i for i in range(len(old_codes)) if i not in anchored_old]
    expected = _expected_positions(pairs, len(old_codes))
    here = np.arange(len(new_codes), dtype=float)
    split_parts = _parts_by_whole(
        free_new,
        new_codes,
        wholes,
        old_codes,
        (here, expected),
        settings=settings,
        strict=loose_new,
    )
    splits: dict[int, tuple[int, ...]] = {}
    claimed_new: set[int] = set()
    for i, parts in split_parts.items():
        group = _grow_group(old_codes[i], pairs.get(i), parts, new_codes, settings)
        if group is None:
            continue
        if len(group) == 1:
            (j,) = group
            if i not in pairs and j not in new_to_old and j not in claimed_new:  # shortened
                pairs[i] = j
                new_to_old[j] = i
            continue
        if any(j in new_to_old and new_to_old[j] != i for j in group if j not in loose_new):
            continue
        if any(j in claimed_new for j in group):
            continue  # a part already taken by another split
        for j in group:
            if j in loose_new and j in new_to_old and new_to_old[j] != i:
                del pairs[new_to_old.pop(j)]
        splits[i] = group
        claimed_new.update(group)
        if i in pairs:
            del new_to_old[pairs.pop(i)]
    in_split = {j for group in splits.values() for j in group}

    # Merges: unpaired old points inside a new point that is not in a split.
    free_old = [
        i for i in range(len(old_codes)) if (i not in pairs or i in loose_old) and i not in splits
    ]
    targets = [
        j
        for j in range(len(new_codes))
        if j not in in_split and not (j in new_to_old and new_to_old[j] in anchored_old)
    ]
    merge_parts = _parts_by_whole(
        free_old,
        old_codes,
        targets,
        new_codes,
        (expected, here),
        settings=settings,
        strict=loose_old,
    )
    merges: dict[int, tuple[int, ...]] = {}
    claimed_old: set[int] = set()
    for j, parts in merge_parts.items():
        group = _grow_group(new_codes[j], new_to_old.get(j), parts, old_codes, settings)
        if group is None:
            continue
        if len(group) == 1:
            (i,) = group
            if j not in new_to_old and i not in pairs and i not in claimed_old:  # lengthened
                pairs[i] = j
                new_to_old[j] = i
            continue
        if any(i in pairs and pairs[i] != j for i in group if i not in loose_old):
            continue
        if any(i in claimed_old for i in group):
            continue  # a part already taken by another merge
        for i in group:
            if i in loose_old and i in pairs and pairs[i] != j:
                del new_to_old[pairs.pop(i)]
        merges[j] = group
        claimed_old.update(group)
        if j in new_to_old:
            del pairs[new_to_old.pop(j)]

    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = [((i,), (j,)) for i, j in pairs.items()]
    links += [((i,), group) for i, group in splits.items()]
    links += [(group, (j,)) for j, group in merges.items()]
    return links


def _parts_by_whole(
    part_ids: list[int],
    part_codes: list[str],
    whole_ids: list[int],
    whole_codes: list[str],
    places: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]],
    *,
    settings: AlignmentSettings,
    strict: set[int] | frozenset[int] = frozenset(),
) -> dict[int, list[int]]:
    """Group candidate parts under the whole that contains most of their words.

    ``places`` give every part and every whole a position in the new version;
    a part must sit near its whole (within ``position_window``) unless nearly all
    its words are in it, and among wholes that contain it the nearest wins.
    Parts in ``strict`` (already paired, out of order) must be near and nearly
    whole inside.
    """
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

    parts = [p for p in part_ids if len(part_codes[p]) >= settings.min_part_words]
    if not parts or not whole_ids:
        return {}
    common = process.cdist(
        [part_codes[p] for p in parts],
        [whole_codes[w] for w in whole_ids],
        scorer=LCSseq.similarity,
        dtype=np.int32,
        workers=-1,
    )
    lengths = np.array([len(part_codes[p]) for p in parts], dtype=float)
    share = common / lengths[:, None]
    part_places, whole_places = places
    distance = np.abs(part_places[parts][:, None] - whole_places[whole_ids][None, :])
    nearness = np.clip(1.0 - distance / settings.position_window, 0, 1)
    eligible = (share >= settings.containment_threshold) & ((nearness > 0) | (share >= 0.95))
    if strict:  # parts already paired elsewhere: whole, and near
        held = np.array([p in strict for p in parts])[:, None]
        eligible &= ~held | ((share >= 0.95) & (nearness > 0))
    ranked = np.where(eligible, share + settings.position_bonus * 2 * nearness, -1.0)
    best = ranked.argmax(axis=1)
    grouped: dict[int, list[int]] = defaultdict(list)
    for row, col in enumerate(best):
        if eligible[row, col]:
            grouped[whole_ids[col]].append(parts[row])
    return grouped


def _grow_group(
    whole: str,
    current: int | None,
    candidates: list[int],
    part_codes: list[str],
    settings: AlignmentSettings,
) -> tuple[int, ...] | None:
    """The parts (current partner first considered) that together cover ``whole``.

    A candidate joins only if it raises the coverage of the whole; ``None`` when
    the parts do not cover enough of it.
    """
    members: list[int] = []
    covered = 0
    if current is not None:
        part = part_codes[current]
        if _common(whole, part) >= settings.containment_threshold * len(part):
            members.append(current)
            covered = _common(whole, part)
    for candidate in sorted(candidates, key=lambda p: -len(part_codes[p])):
        if candidate in members:
            continue  # the current partner may be a candidate too (a loose pair)
        trial = sorted([*members, candidate])
        joined = "".join(part_codes[p] for p in trial)
        gain = _common(whole, joined) - covered
        if gain >= settings.min_part_words:
            members = trial
            covered += gain
    if not members or covered < settings.coverage_threshold * len(whole):
        return None
    if current is not None and current not in members:
        return None  # the whole already has a partner that is not one of its parts
    return tuple(members)
