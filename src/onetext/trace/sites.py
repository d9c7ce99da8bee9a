"""Variant sites: places in a version's text where a copy may differ, meaning kept.

A site is a span of one point's text with two or more interchangeable forms;
``variants[0]`` is always the version's own text. Kinds: British/American
spelling, number style (``30 days`` / ``thirty (30) days`` / ``thirty days``),
neutral phrase pairs, hyphenation of compounds, the serial comma, the order of two
interchangeable sub-items (only in points the mediator allows), and, for copies
that stay digital, an invisible layer of special spaces. No site overlaps a
bracketed alternative or a forbidden word (:mod:`onetext.trace.forbidden`).
The mediator reviews the list and vetoes any site by its id.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from onetext.errors import InvalidInput
from onetext.trace.forbidden import FORBIDDEN_WORDS, touches_forbidden, word_tokens
from onetext.trace.variants import (
    HYPHEN_GROUPS,
    NUMBER_UNITS,
    PERCENT_FORMS,
    PHRASE_GROUPS,
    SPELLING_GROUPS,
    VariantGroup,
    number_in_words,
)

__all__ = [
    "INVISIBLE_FORMS",
    "VISIBLE_KINDS",
    "Site",
    "SiteKind",
    "SiteOptions",
    "TextPoint",
    "apply_codeword",
    "apply_to_point",
    "find_sites",
    "review_sites",
]

INVISIBLE_FORMS = (" ", "\u00a0", " \u200b")
"""A word gap written as a space, a no-break space, or a space and a zero-width space."""


class SiteKind(enum.StrEnum):
    SPELLING = "spelling"
    NUMBER = "number"
    PHRASE = "phrase"
    HYPHEN = "hyphen"
    SERIAL_COMMA = "serial_comma"
    ORDER = "order"
    INVISIBLE = "invisible"

    @property
    def prefix(self) -> str:
        return {"serial_comma": "c", "order": "o"}.get(self.value, self.value[0])


VISIBLE_KINDS = frozenset(SiteKind) - {SiteKind.INVISIBLE}


class TextPoint(Protocol):
    """What the finder needs of a point: its label and text."""

    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Site:
    """One variant site. For ``ORDER``, ``start..end`` and ``start2..end2`` are the
    two sub-item bodies and the symbol says which comes first (0: as in the version).
    """

    id: str
    point: int
    label: str
    kind: SiteKind
    start: int
    end: int
    variants: tuple[str, ...]
    start2: int = 0
    end2: int = 0

    @property
    def arity(self) -> int:
        return len(self.variants)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "point": self.point,
            "label": self.label,
            "kind": self.kind.value,
            "start": self.start,
            "end": self.end,
            "variants": list(self.variants),
        }
        if self.kind is SiteKind.ORDER:
            data |= {"start2": self.start2, "end2": self.end2}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Site:
        return cls(
            id=str(data["id"]),
            point=int(data["point"]),
            label=str(data["label"]),
            kind=SiteKind(data["kind"]),
            start=int(data["start"]),
            end=int(data["end"]),
            variants=tuple(str(v) for v in data["variants"]),
            start2=int(data.get("start2", 0)),
            end2=int(data.get("end2", 0)),
        )


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """What the finder may use: ``reorderable`` names the points whose sub-items the
    mediator allows to swap; ``digital`` adds one invisible site every
    ``invisible_every`` word gaps."""

    digital: bool = False
    reorderable: frozenset[str] = field(default_factory=frozenset)
    invisible_every: int = 3
    kinds: frozenset[SiteKind] = VISIBLE_KINDS


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: SiteKind
    start: int
    end: int
    variants: tuple[str, ...]
    start2: int = 0
    end2: int = 0


def _build_group_index() -> tuple[re.Pattern[str], dict[str, tuple[SiteKind, VariantGroup]]]:
    index: dict[str, tuple[SiteKind, VariantGroup]] = {}
    for kind, groups in (
        (SiteKind.SPELLING, SPELLING_GROUPS),
        (SiteKind.PHRASE, PHRASE_GROUPS),
        (SiteKind.HYPHEN, HYPHEN_GROUPS),
    ):
        for group in groups:
            for form in group.forms[:1] if group.one_way else group.forms:
                key = form.lower()
                if key in index:
                    raise AssertionError(f"variant form {form!r} is in two groups")
                index[key] = (kind, group)
    alternatives = sorted(index, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s") for a in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), index


_GROUP_PATTERN, _GROUP_INDEX = _build_group_index()
_UNITS = "|".join(sorted((re.escape(u) for u in NUMBER_UNITS), key=len, reverse=True))
_WORD_NUMBERS = {number_in_words(n): n for n in range(1, 1000)}
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<words>{_WORD_NUMBER})\s\((?P<both>\d{{1,3}})\)"
    rf"|(?P<digits>\d{{1,3}})|(?P<word>{_WORD_NUMBER}))(?=\s(?:{_UNITS})\b)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{1,2})?)(?P<form> per cent| percent|%)")
_CONJUNCTION = re.compile(r"(?P<comma>,?) (?:and|or) ")
_CLAUSE_STOP = re.compile(r"[;:.()\[\]\n]")
_SUBITEM = re.compile(r"^\((?:[a-z]{1,3}|[ivx]{1,6})\)\s+", re.MULTILINE)
_ITEM_TAIL = re.compile(r"(?:[;,.]?(?:\s+(?:and|or))?[;,.:]?)\s*$")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GAP = re.compile(r"(?<=[\w,;.])( )(?=[\w(])")


def _match_case(form: str, original: str) -> str:
    if len(original) > 1 and original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _group_candidates(text: str) -> Iterable[_Candidate]:
    for match in _GROUP_PATTERN.finditer(text):
        found = match.group(0)
        kind, group = _GROUP_INDEX[re.sub(r"\s", " ", found.lower())]
        own = next(f for f in group.forms if f.lower() == re.sub(r"\s", " ", found.lower()))
        if any(c.isupper() for c in own[1:]) and own[1:] != found[1:]:
            continue  # a defined term keeps its capitals: "this Agreement" only
        if "\n" in found:
            continue
        others = [_match_case(f, found) for f in group.forms if f != own]
        yield _Candidate(kind, match.start(), match.end(), (found, *others))


def _number_candidates(text: str) -> Iterable[_Candidate]:
    for match in _NUMBER.finditer(text):
        found = match.group(0)
        if match.group("both"):
            value = int(match.group("both"))
            if _WORD_NUMBERS.get(match.group("words").lower()) != value:
                continue
        elif match.group("digits"):
            value = int(match.group("digits"))
        else:
            value = _WORD_NUMBERS[match.group("word").lower()]
        if not 1 <= value <= 999:
            continue
        words = _match_case(number_in_words(value), found)
        forms = [str(value), f"{words} ({value})", words]
        others = [f for f in forms if f.lower() != found.lower()]
        yield _Candidate(SiteKind.NUMBER, match.start(), match.end(), (found, *others))
    for match in _PERCENT.finditer(text):
        n = match.group("n")
        forms = [f.format(n=n) for f in PERCENT_FORMS]
        others = [f for f in forms if f != match.group(0)]
        yield _Candidate(SiteKind.NUMBER, match.start(), match.end(), (match.group(0), *others))


def _clause_start(text: str, position: int) -> int:
    stops = [m.end() for m in _CLAUSE_STOP.finditer(text, 0, position)]
    return stops[-1] if stops else 0


def _serial_comma_candidates(text: str) -> Iterable[_Candidate]:
    """``A, B and C`` / ``A, B, and C``: a list of three or more in one clause, whose
    last two items are short and carry no forbidden word."""
    for match in _CONJUNCTION.finditer(text):
        clause = text[_clause_start(text, match.start()) : match.start()]
        items = [item.strip() for item in clause.split(",")]
        stop = _CLAUSE_STOP.search(text, match.end())
        last = text[match.end() : stop.start() if stop else len(text)].split(",", maxsplit=1)[0]
        if len(items) < 2 or len(items[-1].split()) > 4 or len(last.split()) > 6:
            continue
        if any(w in FORBIDDEN_WORDS for w in word_tokens(items[-1] + " " + last)):
            continue
        point = match.start()
        if match.group("comma"):
            yield _Candidate(SiteKind.SERIAL_COMMA, point, point + 1, (",", ""))
        else:
            yield _Candidate(SiteKind.SERIAL_COMMA, point, point, ("", ","))


def _order_candidates(text: str) -> Iterable[_Candidate]:
    bodies: list[tuple[int, int]] = []
    for match in _SUBITEM.finditer(text):
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[match.end() : line_end]
        tail = _ITEM_TAIL.search(line)
        end = match.end() + (tail.start() if tail else len(line))
        if end > match.end():
            bodies.append((match.end(), end))
    for (s1, e1), (s2, e2) in zip(bodies[0::2], bodies[1::2], strict=False):
        yield _Candidate(SiteKind.ORDER, s1, e1, (text[s1:e1], text[s2:e2]), s2, e2)


def _gap_candidates(text: str, every: int) -> Iterable[_Candidate]:
    for number, match in enumerate(_GAP.finditer(text)):
        if number % every == every - 1:
            yield _Candidate(SiteKind.INVISIBLE, match.start(), match.end(), INVISIBLE_FORMS)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    a_end, b_end = max(a[1], a[0] + 1), max(b[1], b[0] + 1)  # an insertion holds its place
    return a[0] < b_end and b[0] < a_end


def _admissible(text: str, candidate: _Candidate, protected: list[tuple[int, int]]) -> bool:
    spans = [(candidate.start, candidate.end)]
    if candidate.kind is SiteKind.ORDER:
        spans.append((candidate.start2, candidate.end2))
    if any(_overlaps(span, p) for span in spans for p in protected):
        return False
    if candidate.kind is SiteKind.ORDER:
        # whole sub-items move, words unchanged; an item with a forbidden word (a
        # condition, an obligation) is not interchangeable and keeps its place
        return not any(w in FORBIDDEN_WORDS for v in candidate.variants for w in word_tokens(v))
    if touches_forbidden(text, candidate.start, candidate.end):
        return False
    if any(w in FORBIDDEN_WORDS for v in candidate.variants for w in word_tokens(v)):
        return False
    return len(set(candidate.variants)) == len(candidate.variants)


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _point_candidates(label: str, text: str, options: SiteOptions) -> list[_Candidate]:
    protected = [(m.start(), m.end()) for m in _BRACKETS.finditer(text)]
    found: list[_Candidate] = []
    kinds = options.kinds
    if kinds & {SiteKind.SPELLING, SiteKind.PHRASE, SiteKind.HYPHEN}:
        found += [c for c in _group_candidates(text) if c.kind in kinds]
    if SiteKind.NUMBER in kinds:
        found += _number_candidates(text)
    if SiteKind.SERIAL_COMMA in kinds:
        found += _serial_comma_candidates(text)
    found = [c for c in found if _admissible(text, c, protected)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for candidate in found:
        if not any(_overlaps((candidate.start, candidate.end), (k.start, k.end)) for k in kept):
            kept.append(candidate)
    if SiteKind.ORDER in kinds and label in options.reorderable:
        for order in _order_candidates(text):
            if not _admissible(text, order, protected):
                continue
            bodies = ((order.start, order.end), (order.start2, order.end2))
            clean = all(
                any(_inside((k.start, k.end), b) for b in bodies)
                or not any(_overlaps((k.start, k.end), b) for b in bodies)
                for k in kept
            )
            if clean:
                kept.append(order)
    if options.digital:
        taken = [(k.start - 1, k.end + 1) for k in kept if k.kind is not SiteKind.ORDER]
        for gap in _gap_candidates(text, max(1, options.invisible_every)):
            span = (gap.start, gap.end)
            if not any(_overlaps(span, t) for t in taken + protected):
                kept.append(gap)
    kept.sort(key=lambda c: (c.start, c.end))
    return kept


def find_sites(points: Sequence[TextPoint], options: SiteOptions | None = None) -> tuple[Site, ...]:
    """Every variant site of a version, in text order; ids look like ``12.s2``
    (point 12, second spelling site)."""
    options = options or SiteOptions()
    sites: list[Site] = []
    for index, point in enumerate(points):
        counters: dict[SiteKind, int] = {}
        for c in _point_candidates(point.label, point.text, options):
            counters[c.kind] = counters.get(c.kind, 0) + 1
            sites.append(
                Site(
                    id=f"{point.label}.{c.kind.prefix}{counters[c.kind]}",
                    point=index,
                    label=point.label,
                    kind=c.kind,
                    start=c.start,
                    end=c.end,
                    variants=c.variants,
                    start2=c.start2,
                    end2=c.end2,
                )
            )
    return tuple(sites)


def review_sites(sites: Sequence[Site], veto: Iterable[str]) -> tuple[Site, ...]:
    """The sites the mediator keeps: all but the vetoed ids (unknown ids are an error)."""
    vetoed = set(veto)
    unknown = vetoed - {s.id for s in sites}
    if unknown:
        raise InvalidInput(f"unknown variant site id(s): {', '.join(sorted(unknown))}")
    return tuple(s for s in sites if s.id not in vetoed)


def apply_to_point(text: str, sites: Sequence[Site], symbols: Sequence[int]) -> str:
    """One point's text with each site written in the variant its symbol names."""
    edits = sorted(
        (
            (s.start, s.end, s.variants[k])
            for s, k in zip(sites, symbols, strict=True)
            if s.kind is not SiteKind.ORDER
        ),
    )
    pieces: list[str] = []
    shifts: list[tuple[int, int]] = []  # (original end, length change)
    cursor = 0
    for start, end, replacement in edits:
        pieces += [text[cursor:start], replacement]
        shifts.append((end, len(replacement) - (end - start)))
        cursor = end
    pieces.append(text[cursor:])
    out = "".join(pieces)

    def moved(position: int) -> int:
        return position + sum(delta for end, delta in shifts if end <= position)

    orders = [(s, k) for s, k in zip(sites, symbols, strict=True) if s.kind is SiteKind.ORDER]
    for site, symbol in sorted(orders, key=lambda sk: -sk[0].start):
        if symbol % 2 == 0:
            continue
        a1, b1, a2, b2 = (moved(p) for p in (site.start, site.end, site.start2, site.end2))
        out = out[:a1] + out[a2:b2] + out[b1:a2] + out[a1:b1] + out[b2:]
    return out


def apply_codeword(
    texts: Sequence[str], sites: Sequence[Site], codeword: Sequence[int]
) -> list[str]:
    """Every point's text for one recipient: ``codeword[i]`` picks site ``i``'s variant."""
    if len(codeword) != len(sites):
        raise InvalidInput(f"codeword has {len(codeword)} symbols for {len(sites)} sites")
    by_point: dict[int, tuple[list[Site], list[int]]] = {}
    for site, symbol in zip(sites, codeword, strict=True):
        if not 0 <= symbol < site.arity:
            raise InvalidInput(f"symbol {symbol} out of range for site {site.id}")
        entry = by_point.setdefault(site.point, ([], []))
        entry[0].append(site)
        entry[1].append(symbol)
    return [
        apply_to_point(text, *by_point[i]) if i in by_point else text
        for i, text in enumerate(texts)
    ]
