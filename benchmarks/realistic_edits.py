"""Realistic edits between two versions of a draft, with the true links.

The edit scripts of ``generators.edit_scripts`` change a few phrases at a time.
Real pairs differ more: a second translator rewrites every sentence, a
counter-proposal changes a figure or a name, a point grows a sentence, two
neighbours are merged and reworded on the way. This generator makes such pairs
from the same clause templates:

- ``paraphrase``: several words and phrases replaced by synonyms;
- ``translate``: translation-like rewording: most phrases replaced, the opening
  condition moved to the end, "shall" turned into "are to" / "will";
- ``numbers``: figures and number words changed ("thirty" to "sixty", "15 km" to "20 km");
- ``names``: a party or place renamed ("Veldoria" to "the Northern Republic");
- ``grow`` / ``shrink``: a sentence added, or the second sentence or a phrase cut;
- ``merge``: two neighbours made one, lightly reworded;
- ``split``: a two-sentence point made two, lightly reworded;
- ``insert`` / ``delete``.

A rewritten point gets a second rewrite of another kind three times in ten, as
real revisions often change a figure and reword the sentence at once. Labels
are renumbered from 1. Used by ``benchmarks/bench_align_realistic.py`` and
by the alignment tests (the true kinds come from ``classify`` on the true links).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from generators.edit_scripts import DraftPoint, EditedPair, generate_draft

__all__ = ["REALISTIC_KINDS", "generate_realistic_pair"]

REALISTIC_KINDS = (
    "paraphrase",
    "translate",
    "numbers",
    "names",
    "grow",
    "shrink",
    "merge",
    "split",
    "insert",
    "delete",
)

_SYNONYMS = (
    ("shall withdraw", "shall pull back"),
    ("heavy weapons", "heavy weaponry"),
    ("establish", "set up"),
    ("joint patrol", "common patrol"),
    ("guarantee", "ensure"),
    ("safe passage", "secure transit"),
    ("civilians", "the civilian population"),
    ("release", "set free"),
    ("detained persons", "detainees"),
    ("refrain from", "abstain from"),
    ("military activity", "military operations"),
    ("restore", "re-establish"),
    ("supply", "provision"),
    ("humanitarian corridors", "corridors for humanitarian access"),
    ("hand over", "transfer"),
    ("administration", "management"),
    ("conduct an inventory of", "draw up a list of"),
    ("landmines", "mines"),
    ("submit a report on", "report on"),
    ("situation", "state of affairs"),
    ("ensure the return of", "facilitate the return of"),
    ("displaced persons", "internally displaced people"),
    ("reopen", "open again"),
    ("border crossings", "crossing points"),
    ("demilitarise", "remove all military forces from"),
    ("deploy observers along", "send monitors to"),
    ("lift the restrictions on", "remove the limits on"),
    ("protect", "safeguard"),
    ("cultural and religious sites", "religious and cultural heritage"),
    ("within", "no later than"),
    ("entry into force", "taking effect"),
    ("signature", "signing"),
    ("verify compliance", "check that the obligations are met"),
    ("report to", "inform"),
    ("dispute", "disagreement"),
    ("referred to", "submitted to"),
    ("costs", "expenses"),
    ("borne equally by", "shared equally between"),
    ("cooperate in good faith", "work together honestly"),
    ("timetable", "schedule"),
    ("agreed", "settled"),
    ("public register", "register open to the public"),
    ("measures taken", "steps taken"),
    ("Exceptions", "Derogations"),
    ("consensus", "common agreement"),
    ("reviewed", "re-examined"),
    ("the Parties", "both sides"),
    ("The Parties", "Both sides"),
    ("Each Party", "Every Party"),
    ("this Agreement", "the present Agreement"),
    ("the ceasefire", "the cessation of fire"),
    ("supervision", "oversight"),
    ("in accordance with", "consistent with"),
    ("Without prejudice to", "Without affecting"),
)
_NUMBERS = (
    ("thirty", "sixty"),
    ("ninety", "one hundred and twenty"),
    ("seventy-two", "forty-eight"),
    ("first day", "tenth day"),
    ("second phase", "third phase"),
    ("Point 14", "Point 16"),
    ("Annex II", "Annex III"),
    ("Annex I", "Annex IV"),
)
_NAMES = (
    ("Republic of Veldoria", "Northern Republic"),
    ("Ulmar Federation", "Federation of Ulm"),
    ("Karvenia", "Karvenian Republic"),
    ("Joint Monitoring Commission", "Joint Verification Commission"),
    ("Mediator", "Special Envoy"),
    ("Aldren Valley", "Aldren basin"),
    ("Morrow", "Morrowgate"),
    ("Brisk", "Bryske"),
    ("Ostmark", "Eastmark"),
    ("Calder", "Kalder"),
    ("Hest", "Hesta"),
    ("Pellin", "Pelline"),
    ("Secretariat", "Registry"),
    ("Interim Council", "Transitional Council"),
)
_EXTRA_SENTENCES = (
    "Any violation shall be reported to the guarantor States within forty-eight hours.",
    "The modalities shall be set out in a protocol to be concluded within sixty days.",
    "The international observers shall have unrestricted access for this purpose.",
    "This commitment shall remain in force until the final settlement is concluded.",
    "Funding for these measures shall be provided by the donor conference.",
    "Women shall be represented in all bodies established under this Point.",
)


def _replace_some(
    text: str, table: Sequence[tuple[str, str]], share: float, rng: random.Random
) -> str:
    present = [(a, b) for a, b in table if a in text]
    rng.shuffle(present)
    keep = max(1, round(share * len(present))) if present else 0
    for a, b in present[:keep]:
        text = text.replace(a, b, 1)
    return text


def _paraphrase(text: str, rng: random.Random) -> str:
    changed = _replace_some(text, _SYNONYMS, 0.5, rng)
    return changed if changed != text else text.replace(" shall ", " will ", 1)


def _translate(text: str, rng: random.Random) -> str:
    text = _replace_some(text, _SYNONYMS, 0.9, rng)
    first, dot, rest = text.partition(". ")
    condition = re.match(r"^([A-Z][^,]{10,60}),\s+(.*)$", first)
    if condition:  # "Under the supervision of X, Y shall Z." -> "Y shall Z, under ... X."
        lead, body = condition.groups()
        body = body[0].upper() + body[1:]
        first = body.rstrip(".") + ", " + lead[0].lower() + lead[1:] + "."
    text = first + (dot + rest if dot else "")
    text = text.replace(" shall ", rng.choice([" are to ", " will ", " must "]), 1)
    return text.replace("  ", " ")


def _numbers(text: str, rng: random.Random) -> str:
    changed = _replace_some(text, _NUMBERS, 1.0, rng)
    if changed == text:
        changed = text.rstrip(".") + f" within {rng.choice(['15', '20', '45'])} days."
    return changed


def _names(text: str, rng: random.Random) -> str:
    changed = _replace_some(text, _NAMES, 0.5, rng)
    return changed if changed != text else text.replace("The Parties", "The Signatories", 1)


def _grow(text: str, rng: random.Random) -> str:
    return text + " " + rng.choice(_EXTRA_SENTENCES)


def _shrink(text: str, rng: random.Random) -> str:
    first, dot, rest = text.partition(". ")
    if dot and rest:
        return first + "."
    words = text.rstrip(".").split()
    if len(words) > 10:
        cut = rng.randint(len(words) // 2, len(words) - 3)
        return " ".join(words[:cut] + words[cut + 3 :]) + "."
    return text


def generate_realistic_pair(
    count: int,
    edited_share: float,
    rng: random.Random,
    kinds: Sequence[str] = REALISTIC_KINDS,
) -> EditedPair:
    """A draft of ``count`` points and a revision in which ``edited_share`` of them
    underwent one realistic edit of ``kinds`` (see the module docstring)."""
    old = generate_draft(count, rng)
    items: list[tuple[str, tuple[int, ...], bool]] = [
        (p.text, (i,), False) for i, p in enumerate(old)
    ]
    rewrite = {
        "paraphrase": _paraphrase,
        "translate": _translate,
        "numbers": _numbers,
        "names": _names,
        "grow": _grow,
        "shrink": _shrink,
    }
    budget = max(1, round(edited_share * count)) if edited_share > 0 else 0
    done: dict[str, int] = dict.fromkeys(kinds, 0)
    attempts = 0
    while budget > 0 and attempts < 20 * count:
        attempts += 1
        kind = rng.choice(list(kinds))
        free = [k for k, item in enumerate(items) if not item[2] and item[1]]
        if not free and kind != "insert":
            continue
        if kind in rewrite:
            k = rng.choice(free)
            text, origin, _ = items[k]
            changed = rewrite[kind](text, rng)
            if rng.random() < 0.3:  # real revisions often change a point in two ways
                changed = rewrite[rng.choice(list(rewrite))](changed, rng)
            if changed == text:
                continue
            items[k] = (changed, origin, True)
        elif kind == "merge":
            pairs = [
                k for k in free if k + 1 < len(items) and not items[k + 1][2] and items[k + 1][1]
            ]
            if not pairs:
                continue
            k = rng.choice(pairs)
            (a, oa, _), (b, ob, _) = items[k], items[k + 1]
            joined = a.rstrip(".") + ", and " + b[0].lower() + b[1:]
            items[k : k + 2] = [(_paraphrase(joined, rng), oa + ob, True)]
            budget -= 1  # a merge edits two points
        elif kind == "split":
            splittable = [k for k in free if ". " in items[k][0]]
            if not splittable:
                continue
            k = rng.choice(splittable)
            text, origin, _ = items[k]
            first, _, rest = text.partition(". ")
            items[k : k + 1] = [
                (_paraphrase(first + ".", rng), origin, True),
                (rest, origin, True),
            ]
        elif kind == "insert":
            fresh = generate_draft(1, rng)[0].text
            items.insert(rng.randint(0, len(items)), (fresh, (), True))
        elif kind == "delete":
            del items[rng.choice(free)]
        done[kind] += 1
        budget -= 1

    new = tuple(DraftPoint(str(j + 1), text) for j, (text, _, _) in enumerate(items))
    by_origin: dict[tuple[int, ...], list[int]] = {}
    for j, (_, origin, _) in enumerate(items):
        if origin:
            by_origin.setdefault(origin, []).append(j)
    links = tuple((origin, tuple(news)) for origin, news in by_origin.items())
    return EditedPair(old, new, links, done)
