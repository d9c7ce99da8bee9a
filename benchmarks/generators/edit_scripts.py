"""Realistic drafts and edit scripts with a known true alignment.

Used by the alignment tests and ``benchmarks/bench_align.py``. A draft is built
from clause templates of the kind real agreements are made of (many clauses share
most of their wording: "The Parties shall ... within thirty days of the entry into
force of this Agreement"), with fictional parties and places. An edit script then
rewords, moves, splits, merges, inserts and deletes points; the labels of the new
version are renumbered from 1, so every point after an insertion or deletion is
renumbered. The true links come out with the pair.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from onetext.text.align import Alignment, classify

__all__ = [
    "DraftPoint",
    "EditedPair",
    "Score",
    "generate_draft",
    "generate_pair",
    "score_alignment",
]

_ACTORS = (
    "The Parties",
    "Each Party",
    "The Republic of Veldoria",
    "The Ulmar Federation",
    "The Government of Karvenia",
    "The Joint Monitoring Commission",
    "The Mediator",
    "The Senn Islands Authority",
    "The armed forces of both Parties",
    "The Ceasefire Verification Mission",
    "The Interim Council",
    "The Secretariat",
)
_ACTIONS = (
    "shall withdraw all heavy weapons from",
    "shall establish a joint patrol in",
    "shall guarantee safe passage for civilians through",
    "shall release all detained persons held in",
    "shall refrain from any military activity in",
    "shall restore electricity and water supply to",
    "shall open humanitarian corridors to",
    "shall hand over the administration of",
    "shall conduct an inventory of landmines in",
    "shall submit a report on the situation in",
    "shall ensure the return of displaced persons to",
    "shall reopen the border crossings of",
    "shall demilitarise the area of",
    "shall deploy observers along",
    "shall lift the restrictions on trade with",
    "shall protect cultural and religious sites in",
)
_PLACES = (
    "the Aldren Valley",
    "the port of Brisk",
    "the Tavel corridor",
    "the northern districts of Karvenia",
    "the city of Morrow",
    "the Lesser Senn islands",
    "the Ostmark plateau",
    "the coastal zone south of Calder",
    "the Veld river crossings",
    "the airfield at Runa",
    "the eastern bank of the Ulm",
    "the mining region of Hest",
    "the demarcation line agreed in Annex II",
    "the free trade zone of Pellin",
)
_TIMES = (
    "within thirty days of the entry into force of this Agreement",
    "within seventy-two hours of the signature of this Agreement",
    "no later than the first day of the second phase",
    "before the elections referred to in Point 14",
    "within ninety days of the ceasefire",
    "as soon as the Joint Monitoring Commission confirms the ceasefire",
    "during the first phase of implementation",
    "upon request of the Mediator",
    "",
    "",
)
_SECOND = (
    "The Joint Monitoring Commission shall verify compliance and report to the Parties.",
    "Any dispute on the implementation of this Point shall be referred to the Mediator.",
    "The costs shall be borne equally by the Parties.",
    "This obligation shall not prejudice the final status of the territory concerned.",
    "The Parties shall cooperate in good faith with the international observers.",
    "A timetable shall be agreed by the Parties in the Joint Commission.",
    "The Secretariat shall keep a public register of the measures taken.",
    "Exceptions may be granted only by consensus of the Parties.",
    "Nothing in this Point shall affect the rights of third States.",
    "The measures shall be reviewed at the end of each phase.",
)
_CONDITIONS = (
    "Subject to the security guarantees in Annex I,",
    "In accordance with international humanitarian law,",
    "Without prejudice to the final settlement,",
    "Under the supervision of the Mediator,",
    "",
    "",
    "",
)
_SWAPS = (
    ("shall", "will"),
    ("thirty days", "sixty days"),
    ("seventy-two hours", "forty-eight hours"),
    ("all", "any"),
    ("guarantee", "ensure"),
    ("Parties", "signatories"),
    ("Agreement", "Framework"),
    ("ceasefire", "cessation of hostilities"),
    ("report", "written report"),
    ("equally", "in proportion to their contributions"),
    ("first phase", "initial phase"),
    ("observers", "international monitors"),
)
_QUALIFIERS = (
    "in good faith",
    "to the extent possible",
    "in full",
    "without delay",
    "in coordination with the Mediator",
    "and in a verifiable manner",
)


@dataclass(frozen=True, slots=True)
class DraftPoint:
    """A generated point: a label and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class EditedPair:
    """Two versions and the edit script's true links between them."""

    old: tuple[DraftPoint, ...]
    new: tuple[DraftPoint, ...]
    links: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    operations: dict[str, int] = field(default_factory=dict)

    def truth(self) -> Alignment[DraftPoint]:
        """The true alignment: the true links classified by :func:`classify`."""
        return classify(self.old, self.new, self.links)


def _clause(rng: random.Random) -> str:
    condition = rng.choice(_CONDITIONS)
    actor = rng.choice(_ACTORS)
    if condition:
        actor = actor[0].lower() + actor[1:] if actor.startswith("The ") else actor
    time = rng.choice(_TIMES)
    sentence = " ".join(
        part for part in (condition, actor, rng.choice(_ACTIONS), rng.choice(_PLACES), time) if part
    )
    sentence += "."
    if rng.random() < 0.5:
        sentence += " " + rng.choice(_SECOND)
    return sentence


def generate_draft(count: int, rng: random.Random) -> tuple[DraftPoint, ...]:
    """``count`` points of a realistic draft (texts may share most of their words)."""
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < count:
        text = _clause(rng)
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return tuple(DraftPoint(str(k + 1), t) for k, t in enumerate(texts))


def _reword(text: str, rng: random.Random) -> str:
    """Change a few phrases, as a drafter does between rounds."""
    words = text.split()
    edits = rng.randint(1, 3)
    for _ in range(edits):
        move = rng.random()
        if move < 0.4:
            options = [(a, b) for a, b in _SWAPS if a in " ".join(words)]
            if options:
                a, b = rng.choice(options)
                words = " ".join(words).replace(a, b, 1).split()
                continue
        if move < 0.7:
            at = rng.randint(1, len(words) - 1)
            words[at:at] = rng.choice(_QUALIFIERS).split()
        elif len(words) > 8:
            at = rng.randint(1, len(words) - 3)
            del words[at : at + rng.randint(1, 2)]
    return " ".join(words)


def _split_text(text: str) -> tuple[str, str] | None:
    """Cut a two-sentence point into two points; ``None`` for a single sentence."""
    sentences = text.split(". ")
    if len(sentences) < 2:
        return None
    return sentences[0] + ".", ". ".join(sentences[1:])


def generate_pair(
    count: int,
    edited_share: float,
    rng: random.Random,
    kinds: Sequence[str] = ("reword", "move", "split", "merge", "insert", "delete"),
    *,
    renumber: bool = True,
) -> EditedPair:
    """A draft of ``count`` points and a revision in which ``edited_share`` of them
    underwent one of ``kinds``.

    With ``renumber`` (the habit of most drafters) the new labels run from 1, so
    every point after an insertion or deletion is renumbered; without it, points
    keep their numbers where they can and new ones are numbered ``12bis``,
    ``12ter``... after their predecessor (the habit of treaty conferences).
    """
    old = generate_draft(count, rng)
    # Each item: (text, old indexes it comes from, frozen: already edited).
    items: list[tuple[str, tuple[int, ...], bool]] = [
        (p.text, (i,), False) for i, p in enumerate(old)
    ]
    budget = max(1, round(edited_share * count)) if edited_share > 0 else 0
    done: dict[str, int] = dict.fromkeys(kinds, 0)
    attempts = 0
    while budget > 0 and attempts < 20 * count:
        attempts += 1
        kind = rng.choice(list(kinds))
        free = [k for k, item in enumerate(items) if not item[2] and item[1]]
        if not free and kind != "insert":
            continue
        if kind == "reword":
            k = rng.choice(free)
            text, origin, _ = items[k]
            items[k] = (_reword(text, rng), origin, True)
        elif kind == "move":
            k = rng.choice(free)
            item = items.pop(k)
            target = rng.randint(0, len(items))
            if abs(target - k) < 2:
                target = (k + len(items) // 2) % (len(items) + 1)
            items.insert(target, (item[0], item[1], True))
        elif kind == "split":
            splittable = [k for k in free if _split_text(items[k][0]) is not None]
            if not splittable:
                continue
            k = rng.choice(splittable)
            text, origin, _ = items[k]
            parts = _split_text(text)
            assert parts is not None
            items[k : k + 1] = [(parts[0], origin, True), (parts[1], origin, True)]
        elif kind == "merge":
            pairs = [
                k for k in free if k + 1 < len(items) and not items[k + 1][2] and items[k + 1][1]
            ]
            if not pairs:
                continue
            k = rng.choice(pairs)
            (a, oa, _), (b, ob, _) = items[k], items[k + 1]
            items[k : k + 2] = [(a + " " + b, oa + ob, True)]
            budget -= 1  # a merge edits two points
        elif kind == "insert":
            items.insert(rng.randint(0, len(items)), (_clause(rng), (), True))
        elif kind == "delete":
            del items[rng.choice(free)]
        done[kind] += 1
        budget -= 1

    if renumber:
        labels = [str(j + 1) for j in range(len(items))]
    else:
        labels = _keep_numbers([old[origin[0]].label if origin else None for _, origin, _ in items])
    new = tuple(DraftPoint(label, text) for label, (text, _, _) in zip(labels, items, strict=True))
    by_origin: dict[tuple[int, ...], list[int]] = {}
    for j, (_, origin, _) in enumerate(items):
        if origin:
            by_origin.setdefault(origin, []).append(j)
    links = tuple((origin, tuple(news)) for origin, news in by_origin.items())
    return EditedPair(old, new, links, done)


_SUFFIXES = ("bis", "ter", "quater", "quinquies")


def _keep_numbers(wanted: list[str | None]) -> list[str]:
    """Keep each wanted number if it still increases, else number after the last one."""
    labels: list[str] = []
    used: set[str] = set()
    base, extra = 0, 0
    for label in wanted:
        if label is not None and label.isdigit() and int(label) > base and label not in used:
            base, extra = int(label), 0
            labels.append(label)
        else:
            extra += 1
            suffix = _SUFFIXES[extra - 1] if extra <= len(_SUFFIXES) else f".{extra}"
            labels.append(f"{base}{suffix}" if base else f"0{suffix}")
        used.add(labels[-1])
    return labels


@dataclass(frozen=True, slots=True)
class Score:
    """How well an alignment recovers the truth; shares are over units, where a
    unit is an old point or a truly added new point."""

    units: int
    mapped: int
    classified: int

    @property
    def mapped_share(self) -> float:
        return self.mapped / self.units if self.units else 1.0

    @property
    def classified_share(self) -> float:
        return self.classified / self.units if self.units else 1.0


def score_alignment(found: Alignment[Any], truth: Alignment[Any]) -> Score:
    """Compare a found alignment with the true one, point by point."""
    found_map, true_map = found.old_to_new(), truth.old_to_new()
    found_origin = found.new_to_old()
    found_kind = {("old", i): c.kind for c in found.changes for i in c.old}
    found_kind.update({("new", j): c.kind for c in found.changes if not c.old for j in c.new})
    units = mapped = classified = 0
    for change in truth.changes:
        if change.old:
            for i in change.old:
                units += 1
                ok = found_map.get(i, ()) == true_map.get(i, ())
                mapped += ok
                classified += ok and found_kind.get(("old", i)) is change.kind
        else:
            for j in change.new:
                units += 1
                ok = found_origin.get(j, ()) == ()
                mapped += ok
                classified += ok and found_kind.get(("new", j)) is change.kind
    return Score(units, mapped, classified)
