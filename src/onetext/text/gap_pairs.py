"""The passes of the alignment that weigh context: weak pairs between anchors.

After the anchors (points word for word the same) and the assignment on word
similarity, :func:`onetext.text.align.align` hands the links to these passes:
:func:`fill_gaps` pairs the points left in a gap between two links on weaker
evidence (content words, place, label), and :func:`weak_parts` joins a point
left alone to a neighbour's merge or split when its rare words are there. Pure;
numpy and scipy are imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from onetext.text.align import AlignmentSettings, longest_increasing
from onetext.text.evidence import ContentIndex

if TYPE_CHECKING:
    import numpy as np

__all__ = ["AlignContext", "Links", "fill_gaps", "weak_parts"]

Links = list[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class AlignContext:
    """What the passes after the anchors weigh: word codes, content words, labels."""

    old_codes: list[str]
    new_codes: list[str]
    index: ContentIndex
    old_labels: list[str]
    new_labels: list[str]
    settings: AlignmentSettings
    anchored: int = 0
    """How many points are paired word for word (anchors)."""
    rest_old: list[int] = field(default_factory=list)
    """The old points left after the anchors (with words)."""
    rest_new: list[int] = field(default_factory=list)
    _best: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        return len(self.old_codes)

    def mutual_best(self, i: int, j: int) -> bool:
        """Each is the other's likeliest counterpart among all points left after the
        anchors: a weak pair in a gap must not be a chance likeness."""
        return self._best_of("old", i) == j and self._best_of("new", j) == i

    def _best_of(self, side: str, point: int) -> int:
        key = (side, point)
        if key not in self._best:
            if side == "old":
                row = self.evidence([point], self.rest_new)[0]
                self._best[key] = self.rest_new[int(row.argmax())] if len(row) else -1
            else:
                col = self.evidence(self.rest_old, [point])[:, 0]
                self._best[key] = self.rest_old[int(col.argmax())] if len(col) else -1
        return self._best[key]

    def wording(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray[Any, Any]:
        """Per pair, the word-order similarity (Indel over word codes)."""
        import numpy as np
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        result: np.ndarray[Any, Any] = process.cdist(
            [self.old_codes[i] for i in rows],
            [self.new_codes[j] for j in cols],
            scorer=Indel.normalized_similarity,
            dtype=np.float32,
            workers=-1,
        )
        return result

    def evidence(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray[Any, Any]:
        """Per pair, the stronger of word-order similarity and content-word similarity."""
        import numpy as np

        words = self.wording(rows, cols)
        content = self.index.cosine_matrix(rows, [self.offset + j for j in cols])
        result: np.ndarray[Any, Any] = np.maximum(words, content)
        return result

    def same_label(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray[Any, Any]:
        import numpy as np

        old = np.array([self.old_labels[i] for i in rows], dtype=object)
        new = np.array([self.new_labels[j] for j in cols], dtype=object)
        result: np.ndarray[Any, Any] = (old[:, None] == new[None, :]).astype(np.float32)
        return result


def fill_gaps(links: Links, context: AlignContext) -> Links:
    """Pair weakly similar points that sit in the same gap between two links.

    Between two links that keep their order, the old points left over and the new
    points left over most likely stand for each other: a translation, a heavy
    rewording. There a pair needs only ``gap_threshold`` of evidence, and
    ``lone_gap_threshold`` of content-word similarity (function words are no
    evidence) when the gap holds one point on each side, when the pair sits
    right next to a bounding link on both sides, or when the gap has as many
    points on each side and the pair holds the same place in it. Below
    ``match_threshold``, both points must also be each other's likeliest
    counterpart in the whole text (:meth:`AlignContext.mutual_best`), unless the gap
    is one point on each side: there the context is the evidence. When both
    versions have as many points (give or take one), fewer than half of them
    word for word the same, and a gap holds as many points on each side with the
    same labels in the same order, they are paired in order with no evidence of
    wording at all (two translations of one statement).
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    settings = context.settings
    old_count, new_count = len(context.old_codes), len(context.new_codes)
    ordered = sorted(links)
    keep = longest_increasing([n[0] for _, n in ordered])
    kept = [ordered[k] for k in sorted(keep)]
    bounds = [((-1,), (-1,)), *kept, ((old_count,), (new_count,))]
    linked_old = {i for o, _ in links for i in o}
    linked_new = {j for _, n in links for j in n}
    extra: Links = []
    for (o0, n0), (o1, n1) in pairwise(bounds):
        i0, i1, j0, j1 = max(o0), min(o1), max(n0), min(n1)
        olds = [i for i in range(i0 + 1, i1) if i not in linked_old and context.old_codes[i]]
        news = [j for j in range(j0 + 1, j1) if j not in linked_new and context.new_codes[j]]
        if not olds or not news:
            continue
        # Two wordings of one text (a translation, a counter-proposal): as many
        # points on each side, give or take one, and fewer than half of them word
        # for word the same. A gap with as many points on each side, carrying the
        # same labels in the same order, holds counterparts, whatever their words.
        if (
            abs(old_count - new_count) <= 1
            and 2 * context.anchored < max(old_count, new_count)
            and len(olds) == len(news)
            and all(
                context.old_labels[i] == context.new_labels[j]
                for i, j in zip(olds, news, strict=True)
            )
        ):
            extra += [((i,), (j,)) for i, j in zip(olds, news, strict=True)]
            continue
        scores = context.evidence(olds, news)
        # Weak evidence must be content words: "shall be" alone pairs nothing.
        content = context.index.cosine_matrix(olds, [context.offset + j for j in news])
        place_old = (np.array(olds, dtype=float) - i0) / (i1 - i0)
        place_new = (np.array(news, dtype=float) - j0) / (j1 - j0)
        nearness = 1.0 - np.abs(place_old[:, None] - place_new[None, :])
        bonus = settings.position_bonus * nearness
        bonus += settings.label_bonus * context.same_label(olds, news)
        rows, cols = linear_sum_assignment(-(scores + bonus))
        lone = len(olds) == 1 and len(news) == 1
        for r, c in zip(rows, cols, strict=True):
            i, j = olds[r], news[c]
            # Right next to a link (or the start or end of both texts) on both sides.
            beside = (i == i0 + 1 and j == j0 + 1) or (i == i1 - 1 and j == j1 - 1)
            lenient = lone or beside or (nearness[r, c] == 1.0 and len(olds) == len(news))
            weak_enough = (
                content[r, c] >= settings.lone_gap_threshold
                if lenient
                else scores[r, c] >= settings.gap_threshold
            )
            if scores[r, c] >= settings.match_threshold or (
                weak_enough and (lone or context.mutual_best(i, j))
            ):
                extra.append(((i,), (j,)))
    return links + extra


def weak_parts(links: Links, context: AlignContext) -> Links:
    """Join points left alone to a neighbour's link when their content is in it.

    An old point still unpaired whose content words (weighted by rarity) lie
    largely in the new point of a link of an old neighbour (within
    ``weak_part_reach``), and which explains part of that new point that the
    link's old points do not, was merged into it; the mirror case on new points
    is a split. This finds merges and splits that were reworded on the way, which
    the in-order word containment of :func:`onetext.text.align._containment` misses.
    """
    settings = context.settings
    index, offset = context.index, context.offset
    groups = [(list(o), list(n)) for o, n in links]
    old_group = {i: g for g, (o, _) in enumerate(groups) for i in o}
    new_group = {j: g for g, (_, n) in enumerate(groups) for j in n}

    def best(item: int, row: int, near: dict[int, int], grows: int, other_side: int) -> int | None:
        found: tuple[float, int] | None = None
        for position in range(item - settings.weak_part_reach, item + settings.weak_part_reach + 1):
            g = near.get(position)
            if g is None:
                continue
            members, targets = groups[g][grows], groups[g][other_side]
            if len(targets) != 1:
                continue
            (target,) = targets
            target_row = target + offset if other_side == 1 else target
            if target_row not in index:
                continue
            share = index.contained(row, [target_row])
            member_rows = [m + offset if grows == 1 else m for m in members]
            gain = index.gain(target_row, [row], member_rows)
            strong = share >= settings.weak_part_share and gain >= settings.weak_part_gain
            telling = share >= settings.weak_part_share / 2 and gain >= 2 * settings.weak_part_gain
            if (strong or telling) and (found is None or share > found[0]):
                found = (share, g)
        return None if found is None else found[1]

    for i in range(len(context.old_codes)):
        if i in old_group or i not in index:
            continue
        g = best(i, i, old_group, 0, 1)
        if g is not None:
            groups[g][0].append(i)
            old_group[i] = g
    for j in range(len(context.new_codes)):
        if j in new_group or offset + j not in index:
            continue
        g = best(j, offset + j, new_group, 1, 0)
        if g is not None and len(groups[g][0]) == 1:
            groups[g][1].append(j)
            new_group[j] = g
    return [(tuple(o), tuple(n)) for o, n in groups]
