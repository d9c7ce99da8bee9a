"""Variant sites: places in a version's text where a copy may differ, meaning kept.

A site is a span of one point's text with two or more interchangeable forms;
``variants[0]`` is always the version's own text. Kinds: British/American
spelling (one site for the whole copy: a copy never mixes dialects), number style
(``30 days`` / ``thirty (30) days`` / ``thirty days``, words only below 100),
neutral phrase pairs, hyphenation of compounds, the serial comma, optional commas,
the order of independent sentences and of coordinated words, the position of a
movable adverbial (:mod:`onetext.trace.structure`), the order of two sub-items
(only in points the mediator allows, or everywhere with strong marking), and, for
copies that stay digital, an invisible layer of special spaces. No site overlaps a
bracketed alternative; no edit touches a forbidden word
(:mod:`onetext.trace.forbidden`), and the word-order sites keep every forbidden
word in its sentence. The mediator reviews the list and vetoes any site by its id.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from onetext.errors import InvalidInput
from onetext.trace.forbidden import (
    FORBIDDEN_WORDS,
    forbidden_sequence,
    touches_forbidden,
    word_tokens,
)
from onetext.trace.structure import (
    comma_rewrites,
    common_words,
    item_rewrites,
    join_rewrites,
    lower_first,
    move_rewrites,
    sentence_rewrites,
    sentence_spans,
    shift_rewrites,
    upper_first,
)
from onetext.trace.variants import (
    CLOSED_CLASHES,
    HYPHEN_GROUPS,
    HYPHEN_PREFIXES,
    NUMBER_UNITS,
    PHRASE_GROUPS,
    SPELLING_GROUPS,
    VariantGroup,
    number_in_words,
)

__all__ = [
    "DIALECT_GROUP",
    "INVISIBLE_FORMS",
    "STRUCTURAL_KINDS",
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
    COMMA = "comma"
    SENTENCES = "sentences"
    ITEMS = "items"
    MOVE = "move"
    SHIFT = "shift"
    JOIN = "join"
    LIST = "list"
    INVISIBLE = "invisible"
    AUTHORED = "authored"  # written by the mediator (onetext.trace.authored), never found

    @property
    def prefix(self) -> str:
        special = {
            "serial_comma": "c",
            "order": "o",
            "comma": "k",
            "sentences": "t",
            "items": "x",
            "list": "l",
            "shift": "f",
        }
        return special.get(self.value, self.value[0])


VISIBLE_KINDS = frozenset(SiteKind) - {SiteKind.INVISIBLE}
STRUCTURAL_KINDS = frozenset(
    {SiteKind.ORDER, SiteKind.SENTENCES, SiteKind.ITEMS, SiteKind.MOVE, SiteKind.SHIFT}
)
"""Kinds that rearrange two spans (``start..end`` and ``start2..end2``)."""
DIALECT_GROUP = "dialect"
"""Spelling sites share one symbol: British or American for the whole copy."""


class TextPoint(Protocol):
    """What the finder needs of a point: its label and text."""

    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Site:
    """One variant site. For the structural kinds, ``start..end`` and
    ``start2..end2`` are the two spans that trade places (0: as in the version).
    Sites with the same non-empty ``group`` always carry the same symbol."""

    id: str
    point: int
    label: str
    kind: SiteKind
    start: int
    end: int
    variants: tuple[str, ...]
    start2: int = 0
    end2: int = 0
    group: str = ""

    @property
    def arity(self) -> int:
        return len(self.variants)

    @property
    def hull(self) -> tuple[int, int]:
        """The span of text the site may change."""
        if self.kind in STRUCTURAL_KINDS:
            return self.start, self.end2
        return self.start, self.end

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
        if self.kind in STRUCTURAL_KINDS:
            data |= {"start2": self.start2, "end2": self.end2}
        if self.group:
            data["group"] = self.group
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
            group=str(data.get("group", "")),
        )


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """What the finder may use: ``reorderable`` names the points whose sub-items the
    mediator allows to swap (``strong``: every point's); ``digital`` adds one
    invisible site every ``invisible_every`` word gaps."""

    digital: bool = False
    reorderable: frozenset[str] = field(default_factory=frozenset)
    invisible_every: int = 3
    kinds: frozenset[SiteKind] = VISIBLE_KINDS
    strong: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: SiteKind
    start: int
    end: int
    variants: tuple[str, ...]
    start2: int = 0
    end2: int = 0
    group: str = ""


def _build_group_index() -> tuple[
    re.Pattern[str], re.Pattern[str], dict[str, tuple[SiteKind, VariantGroup]]
]:
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

    def pattern(keys: list[str], edge: str) -> re.Pattern[str]:
        body = "|".join(re.escape(a).replace(r"\ ", r"\s") for a in sorted(keys, key=len)[::-1])
        return re.compile(rf"(?<!{edge})(?:{body})(?!{edge})", re.IGNORECASE)

    spelling = [k for k, (kind, _) in index.items() if kind is SiteKind.SPELLING]
    # a spelling is respelt inside a hyphenated compound too ("air-defence")
    return pattern(list(index), r"[\w-]"), pattern(spelling, r"\w"), index


_GROUP_PATTERN, _SPELLING_PATTERN, _GROUP_INDEX = _build_group_index()
_UNITS = "|".join(sorted((re.escape(u) for u in NUMBER_UNITS), key=len, reverse=True))
_WORD_NUMBERS = {number_in_words(n): n for n in range(1, 100)}
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<words>{_WORD_NUMBER}|[a-z]+ hundred(?: [a-z -]+)?)"
    rf"\s\((?P<both>\d{{1,3}})\)"
    rf"|(?P<digits>\d{{1,3}})|(?P<word>{_WORD_NUMBER}))"
    rf"(?=\s(?:[a-z]+\s)?(?:(?P<unit>{_UNITS})|(?P<noun>[a-z]{{3,}}s))\b(?![-']))",
    re.IGNORECASE,
)
_NOT_NOUNS = frozenset(
    "this thus has was its his is as us less unless across towards afterwards plus whereas "
    "besides sometimes perhaps always".split()
)
_REFERENCE_WORDS = frozenset(
    """article articles paragraph paragraphs annex annexes section sections chapter chapters
    part parts point points item items rule rules resolution resolutions no nos number page
    pages schedule appendix clause clauses protocol volume table figure line step phase stage
    level category zone sector option round group class lot room route gate station
    subparagraph sub-paragraph decision regulation directive law act""".split()
)
_PERCENT = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{1,2})?)(?P<form> per cent| percent|%)")
_CONJUNCTION = re.compile(r"(?P<comma>,?) (?:and|or) ")
_CLAUSE_STOP = re.compile(r"[;:.()\[\]\n]")
_SUBITEM = re.compile(r"^\((?:[a-z]{1,3}|[ivx]{1,6})\)\s+", re.MULTILINE)
_ITEM_TAIL = re.compile(r"(?:[;,.]?(?:\s+(?:and|or))?[;,.:]?)\s*$")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GAP = re.compile(r"(?<=[\w,;.])( )(?=[\w(])")
_BRITISH = frozenset(g.forms[0].lower() for g in SPELLING_GROUPS if not g.one_way)
_AMERICAN = frozenset(g.forms[1].lower() for g in SPELLING_GROUPS if not g.one_way)


def _match_case(form: str, original: str) -> str:
    if len(original) > 1 and original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _inside_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a match stands inside a sentence (not at its start or a sub-item's)."""
    before = text[: match.start()].rstrip()
    return bool(before) and not re.search(r"(?:[.!?:;\n]|^\(\w{1,4}\))[\"')\]]*$", before)


def _group_candidates(text: str) -> Iterable[_Candidate]:
    matches = [*_GROUP_PATTERN.finditer(text), *_SPELLING_PATTERN.finditer(text)]
    for match in matches:
        found = match.group(0)
        kind, group = _GROUP_INDEX[re.sub(r"\s", " ", found.lower())]
        own = next(f for f in group.forms if f.lower() == re.sub(r"\s", " ", found.lower()))
        if any(c.isupper() for c in own[1:]) and own[1:] != found[1:]:
            continue  # a defined term keeps its capitals: "this Agreement" only
        if "\n" in found:
            continue
        if kind is not SiteKind.PHRASE and found[:1].isupper() and _inside_sentence(text, match):
            continue  # a name or title ("International Labour Organisation") is as written
        others = [_match_case(f, found) for f in group.forms if f != own]
        group_name = DIALECT_GROUP if kind is SiteKind.SPELLING and not group.one_way else ""
        yield _Candidate(kind, match.start(), match.end(), (found, *others), group=group_name)


_PREFIXED = re.compile(
    rf"(?<![\w-])(?P<prefix>{'|'.join(HYPHEN_PREFIXES)})-(?P<base>[a-z]{{4,}})(?![\w-])",
    re.IGNORECASE,
)
_WHICH = re.compile(r"(?<=[a-z] )which(?= [a-z])")


def _prefix_candidates(text: str) -> Iterable[_Candidate]:
    """``non-binding`` / ``nonbinding``: a vetted prefix before a lower-case word,
    unless the closed form is another word."""
    for match in _PREFIXED.finditer(text):
        closed = match.group("prefix") + match.group("base")
        if closed.lower() in CLOSED_CLASHES or match.group("base")[0] == match.group("prefix")[-1]:
            continue
        yield _Candidate(SiteKind.HYPHEN, match.start(), match.end(), (match.group(0), closed))


def _which_candidates(text: str) -> Iterable[_Candidate]:
    """A restrictive ``which`` (no comma before it, after a noun) may be ``that``."""
    for match in _WHICH.finditer(text):
        before = text[: match.start()].split()
        if before and before[-1].lower() in _RELATIVE_BLOCKERS:
            continue
        yield _Candidate(SiteKind.PHRASE, match.start(), match.end(), ("which", "that"))


_REDUCIBLE = re.compile(
    r"(?<=[a-z] )(?P<rel>(?P<pronoun>which|that|who) (?P<verb>is|are) )"
    r"(?=(?P<word>[a-z]+) (?:to|by|in|for|of|under|at|with|from|on|after|before|within|"
    r"pursuant|between|among|during|against|upon|into|through|throughout)\b)"
)
_PREDICATIVE = frozenset(
    """liable subject responsible competent capable necessary applicable eligible available
    pending due valid entitled present resident relevant similar equivalent identical
    consistent compatible incompatible contrary appropriate sufficient adequate party
    accessible attributable comparable""".split()
)
_PARTICIPLES = frozenset(
    """made taken given held laid set drawn known done paid sent kept found shown brought
    bound written chosen born borne built spent lent meant put read run sold told thought
    understood undertaken withdrawn forbidden arisen""".split()
) - {"party"}
_COORDINATED_RELATIVE = re.compile(r"\b(?:and|or) (?:which|that|who)\b")


def _reduced_relative_candidates(text: str) -> Iterable[_Candidate]:
    """``the taxes which are imposed by`` / ``that are imposed by`` / ``imposed by``: a
    relative clause of ``be`` and a participle or a predicative adjective with its
    complement may be reduced (``who``, for persons, is never ``that``)."""
    spans = sentence_spans(text)
    for match in _REDUCIBLE.finditer(text):
        word = match.group("word")
        if not (
            word in _PREDICATIVE or word in _PARTICIPLES or (word.endswith("ed") and len(word) > 4)
        ):
            continue
        if not _after_a_noun(text, match.start()):
            continue
        end = next((e for s, e in spans if s <= match.start() < e), len(text))
        if _COORDINATED_RELATIVE.search(text, match.end(), end):
            continue  # "which are X and which are Y" keeps its parallel clauses
        rel, pronoun, verb = match.group("rel"), match.group("pronoun"), match.group("verb")
        if pronoun == "who":
            forms: tuple[str, ...] = (rel, "")
        else:
            other = "that" if pronoun == "which" else "which"
            forms = (rel, f"{other} {verb} ", "")
        yield _Candidate(SiteKind.PHRASE, match.start("rel"), match.end("rel"), forms)


_RELATIVE_THAT = re.compile(
    r"(?<=[a-z] )that(?= (?:is|are|was|were|has|have|had|may|shall|will|can|could|would|"
    r"must|should|might|apply|applies|affect|affects|exceed|exceeds|relate|relates|concern|"
    r"concerns|arise|arises|result|results|contain|contains|govern|governs)\b)"
)
"""``the measures that may affect`` / ``which may affect``: ``that`` between a noun and
a finite verb is a relative pronoun (a complementizer would need a subject first)."""
_NOT_NOUNS = frozenset(
    """so such provided except extent event ensure ensures ensured agree agrees agreed
    given now order note notes noted recognise recognises recognize recognizes
    considering provide provides say says said decide decides decided determine
    determines determined find finds found consider considers believe believes
    understanding understand understands show shows shown fact effect condition view
    assuming assume assumes request requests requested require requires required""".split()
)


def _after_a_noun(text: str, position: int) -> bool:
    """Whether the word before ``position`` can head a relative clause (not a function
    word, a verb of saying or a legal word)."""
    before = text[:position].split()
    if not before:
        return False
    word = before[-1].lower()
    return not (word in _RELATIVE_BLOCKERS or word in _NOT_NOUNS or word in FORBIDDEN_WORDS)


def _relative_that_candidates(text: str) -> Iterable[_Candidate]:
    """A relative ``that`` after a noun may be ``which`` (``where`` for ``in which`` would
    bring in a forbidden word: ``where`` also opens a condition)."""
    for match in _RELATIVE_THAT.finditer(text):
        if not _after_a_noun(text, match.start()):
            continue
        yield _Candidate(SiteKind.PHRASE, match.start(), match.end(), ("that", "which"))


_THAT = re.compile(
    r"(?<![\w-])(?:ensures?|ensured|ensuring|agrees?|agreed|agreeing|recogni[sz]es?|"
    r"recogni[sz]ed|recogni[sz]ing|acknowledges?|acknowledged|acknowledging|confirms?|"
    r"confirmed|confirming|understands?|understood|believes?|believed|expects?|expected) "
    r"(?P<that>that )(?=(?:the|a|an|its|their|our|his|her|these|those|such|we|they|it|"
    r"[A-Z][a-z]+) (?!that\b|which\b)[\w-])"
)
"""``ensure that the data are`` / ``ensure the data are``: the complementizer after a
vetted verb of saying or securing, before a clause that starts with a subject."""


def _that_candidates(text: str) -> Iterable[_Candidate]:
    """The optional ``that`` of a complement clause (written, left out)."""
    for match in _THAT.finditer(text):
        start, end = match.span("that")
        yield _Candidate(SiteKind.PHRASE, start, end, ("that ", ""))


_PERIOD_FRAME = re.compile(r"(?<![\w-])(?:within|for) (?P<frame>a period of )?$", re.IGNORECASE)
"""A duration after ``within`` or ``for`` may be framed: ``within a period of thirty
days``; the frame is part of the number's site, read with it."""


def _is_duration(unit: str | None) -> bool:
    return unit is not None and unit.split()[-1].lower() in {"days", "weeks", "months", "years"}


_RELATIVE_BLOCKERS = frozenset(
    "of in to for on at with from by into upon under through about between among during "
    "than that those these this the a an and or".split()
)


def number_style(texts: Sequence[str]) -> str:
    """The document's house style for compound number words: ``twenty-one`` unless
    the text writes them open (``twenty one``)."""
    joined = " ".join(texts).lower()
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    hyphened = len(re.findall(rf"\b(?:{tens})-[a-z]+", joined))
    spaced = len(
        re.findall(rf"\b(?:{tens}) (?:one|two|three|four|five|six|seven|eight|nine)\b", joined)
    )
    return "open" if spaced > hyphened else "hyphen"


def _words(value: int, style: str) -> str:
    words = number_in_words(value)
    return words.replace("-", " ") if style == "open" else words


def _number_candidates(text: str, style: str = "hyphen") -> Iterable[_Candidate]:
    """Figures, words and words with figures, in the document's style; words only
    below 100 (never ``one hundred twenty (120)``); a reference (``Article 5``) and
    the number one before anything but a unit of time or measure are left alone."""
    for match in _NUMBER.finditer(text):
        found = match.group(0)
        previous = text[: match.start()].split()
        if previous and previous[-1].lower().strip("(,") in _REFERENCE_WORDS:
            continue
        noun = match.group("noun")
        if noun and noun.lower() in _NOT_NOUNS:
            continue
        if match.group("both"):
            value = int(match.group("both"))
            spoken = re.sub(r"[\s-]+", " ", match.group("words").lower())
            if value < 100 and _WORD_NUMBERS.get(number_in_words(value)) != value:
                continue
            if value < 100 and spoken != number_in_words(value).replace("-", " "):
                continue
        elif match.group("digits"):
            value = int(match.group("digits"))
        else:
            value = _WORD_NUMBERS[match.group("word").lower()]
        if value < 1 or (value == 1 and not match.group("unit")):
            continue
        if value >= 100:
            forms = [str(value)]
        else:
            words = _match_case(_words(value, style), found)
            forms = [str(value), f"{words} ({value})", words]
        written = [found, *(f for f in forms if f.lower() != found.lower())]
        start = match.start()
        frame = _PERIOD_FRAME.search(text, 0, start) if _is_duration(match.group("unit")) else None
        if frame is not None:  # "within thirty days" / "within a period of thirty days"
            own = frame.group("frame") or ""
            start -= len(own)
            written = [own + found] + [
                f"{p}{f}" for p in ("", "a period of ") for f in written if f"{p}{f}" != own + found
            ]
        if len(written) > 1:
            yield _Candidate(SiteKind.NUMBER, start, match.end(), tuple(written))
    for match in _PERCENT.finditer(text):
        if match.group("form") == "%":
            continue
        n, own = match.group("n"), match.group(0)
        other = f"{n} percent" if "per cent" in own else f"{n} per cent"
        yield _Candidate(
            SiteKind.SPELLING, match.start(), match.end(), (own, other), group=DIALECT_GROUP
        )


def _clause_start(text: str, position: int) -> int:
    stops = [m.end() for m in _CLAUSE_STOP.finditer(text, 0, position)]
    return stops[-1] if stops else 0


_DETERMINERS = frozenset(
    "a an the its their his her our this that these those such any each".split()
)
_PREPOSITIONS = frozenset(
    "in on of for to by with from at under within between among into through upon".split()
)


def _item_class(item: str) -> str:
    """What a list item starts with: the items of one list start alike."""
    words = item.split()
    head = words[0].lower() if words else ""
    if head in _DETERMINERS:
        return "determiner"
    if head in _PREPOSITIONS:
        return "preposition"
    return "bare"


def _parallel(items: list[str], last: str) -> bool:
    """Whether ``items`` (before the conjunction) and ``last`` read as one list: a
    preposition on one side only, or an article before the conjunction and none after
    (``a mine, an oil or gas well``), mean the last two words are one item; two items
    after a lead-in phrase (``In the case of Aruba, the Minister or a delegate``) are
    a pair, not a list."""
    before, after = _item_class(items[-1]), _item_class(last)
    if (before == "preposition") != (after == "preposition"):
        return False
    if before == "determiner" and after == "bare":
        return False
    lead_in = len(items) == 2 and _item_class(items[0]) == "preposition"
    return not (lead_in and before == after == "determiner")


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
        if not _parallel(items, last):
            continue  # not parallel: "a mine, an oil or gas well", "In that case, the Minister or"
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


def _structural_candidates(text: str, kinds: frozenset[SiteKind]) -> Iterable[_Candidate]:
    finders = (
        (SiteKind.MOVE, move_rewrites),
        (SiteKind.SENTENCES, sentence_rewrites),
        (SiteKind.ITEMS, item_rewrites),
        (SiteKind.COMMA, comma_rewrites),
        (SiteKind.SHIFT, shift_rewrites),
    )
    for kind, finder in finders:
        if kind in kinds:
            for r in finder(text):
                if r.kind == kind.value:
                    yield _Candidate(kind, r.start, r.end, r.variants, r.start2, r.end2)


def _gap_candidates(text: str, every: int) -> Iterable[_Candidate]:
    for number, match in enumerate(_GAP.finditer(text)):
        if number % every == every - 1:
            yield _Candidate(SiteKind.INVISIBLE, match.start(), match.end(), INVISIBLE_FORMS)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    a_end, b_end = max(a[1], a[0] + 1), max(b[1], b[0] + 1)  # an insertion holds its place
    return a[0] < b_end and b[0] < a_end


def _hull(c: _Candidate) -> tuple[int, int]:
    return (c.start, c.end2) if c.kind in STRUCTURAL_KINDS else (c.start, c.end)


def _admissible(text: str, candidate: _Candidate, protected: list[tuple[int, int]]) -> bool:
    if any(_overlaps(_hull(candidate), p) for p in protected):
        return False
    if candidate.kind in STRUCTURAL_KINDS:
        if candidate.kind in (SiteKind.MOVE, SiteKind.SENTENCES):
            return True  # whole phrases or sentences move, words unchanged: vetted in structure
        if candidate.kind is SiteKind.SHIFT:  # vetted in structure: same legal words
            own = sorted(forbidden_sequence(candidate.variants[0]))
            return all(sorted(forbidden_sequence(v)) == own for v in candidate.variants)
        # whole spans trade places, words unchanged; a span with a forbidden word (a
        # condition, an obligation) is not interchangeable and keeps its place
        return not any(w in FORBIDDEN_WORDS for v in candidate.variants for w in word_tokens(v))
    if candidate.kind is SiteKind.LIST:  # the words reorder, the conjunction stays
        own = forbidden_sequence(candidate.variants[0])
        same = all(forbidden_sequence(v) == own for v in candidate.variants)
        return same and len(set(candidate.variants)) == len(candidate.variants)
    if touches_forbidden(text, candidate.start, candidate.end):
        return False
    if any(w in FORBIDDEN_WORDS for v in candidate.variants for w in word_tokens(v)):
        return False
    return len(set(candidate.variants)) == len(candidate.variants)


def _strictly_inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    """Inside ``outer``; an insertion on its edge is outside (it stays in place)."""
    if span[0] == span[1] and span[0] in outer:
        return False
    return outer[0] <= span[0] and span[1] <= outer[1]


def _bodies(c: _Candidate) -> tuple[tuple[int, int], tuple[int, int]]:
    return (c.start, c.end), (c.start2, c.end2)


def _nests(new: _Candidate, kept: _Candidate) -> bool:
    """Whether ``new`` (structural) can live with ``kept``: apart, or one inside a
    span of the other; an edit between a move's spans is not allowed."""
    span = (kept.start, kept.end) if kept.kind not in STRUCTURAL_KINDS else _hull(kept)
    if not _overlaps(span, _hull(new)) and not (span[0] == span[1] and span[0] in _hull(new)):
        return True
    if any(_strictly_inside(span, b) for b in _bodies(new)):
        return True
    if kept.kind in STRUCTURAL_KINDS:
        return any(_strictly_inside(_hull(new), b) for b in _bodies(kept))
    if new.kind is SiteKind.MOVE:
        return False
    return not any(_overlaps(span, b) for b in _bodies(new))


def _point_candidates(
    label: str,
    text: str,
    options: SiteOptions,
    style: str = "hyphen",
    common: frozenset[str] = frozenset(),
) -> list[_Candidate]:
    protected = [(m.start(), m.end()) for m in _BRACKETS.finditer(text)]
    found: list[_Candidate] = []
    kinds = options.kinds
    if kinds & {SiteKind.SPELLING, SiteKind.PHRASE, SiteKind.HYPHEN}:
        found += [c for c in _group_candidates(text) if c.kind in kinds]
    if SiteKind.HYPHEN in kinds:
        found += _prefix_candidates(text)
    if SiteKind.PHRASE in kinds:
        found += _which_candidates(text)
        found += _that_candidates(text)
        found += _relative_that_candidates(text)
        found += _reduced_relative_candidates(text)
    if SiteKind.NUMBER in kinds:
        found += _number_candidates(text, style)
    if SiteKind.LIST in kinds:
        for r in item_rewrites(text):
            if r.kind == "list" and not _GROUP_PATTERN.search(text, r.start, r.end):
                found.append(_Candidate(SiteKind.LIST, r.start, r.end, r.variants))
    if SiteKind.SERIAL_COMMA in kinds:
        found += _serial_comma_candidates(text)
    moves = list(_structural_candidates(text, kinds & {SiteKind.MOVE}))
    commas = _structural_candidates(text, kinds & {SiteKind.COMMA})
    found += [c for c in commas if not any(_overlaps((c.start, c.end), _hull(m)) for m in moves)]
    found = [c for c in found if _admissible(text, c, protected)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for candidate in found:
        if not any(_overlaps((candidate.start, candidate.end), (k.start, k.end)) for k in kept):
            kept.append(candidate)
    structural = moves + list(
        _structural_candidates(text, kinds & STRUCTURAL_KINDS - {SiteKind.MOVE})
    )
    if SiteKind.ORDER in kinds and (options.strong or label in options.reorderable):
        structural += _order_candidates(text)
    for candidate in structural:
        if not _admissible(text, candidate, protected):
            continue
        if all(_nests(candidate, k) for k in kept):
            kept.append(candidate)
    if SiteKind.JOIN in kinds:
        swaps = [_hull(k) for k in kept if k.kind is SiteKind.SENTENCES]
        for r in join_rewrites(text, swaps, common):
            join = _Candidate(SiteKind.JOIN, r.start, r.end, r.variants)
            if not _admissible(text, join, protected):
                continue
            span = (join.start, join.end)
            if any(
                _overlaps(span, (k.start, k.end)) for k in kept if k.kind not in STRUCTURAL_KINDS
            ):
                continue
            if all(_nests(k, join) for k in kept if k.kind in STRUCTURAL_KINDS):
                kept.append(join)
    if options.digital:
        taken = [(k.start - 1, k.end + 1) for k in kept if k.kind not in STRUCTURAL_KINDS]
        for gap in _gap_candidates(text, max(1, options.invisible_every)):
            span = (gap.start, gap.end)
            if not any(_overlaps(span, t) for t in taken + protected):
                kept.append(gap)
    kept.sort(key=lambda c: (c.start, c.end))
    return kept


def _dialect_form(variant: str) -> str:
    """The spelling a dialect site shows: ``20 per cent`` -> ``per cent``."""
    return re.sub(r"^[\d.]+\s*", "", variant.lower())


def _dominant_dialect(candidates: Iterable[_Candidate]) -> frozenset[str]:
    british = american = 0
    for c in candidates:
        if c.group == DIALECT_GROUP:
            form = _dialect_form(c.variants[0])
            british += form in _BRITISH
            american += form in _AMERICAN
    return _AMERICAN if american > british else _BRITISH


def find_sites(points: Sequence[TextPoint], options: SiteOptions | None = None) -> tuple[Site, ...]:
    """Every variant site of a version, in text order; ids look like ``12.s2``
    (point 12, second spelling site). Spelling sites written in the document's
    minority dialect are left alone, so that no copy mixes the two."""
    options = options or SiteOptions()
    style = number_style([p.text for p in points])
    common = common_words(p.text for p in points)
    per_point = [_point_candidates(p.label, p.text, options, style, common) for p in points]
    dialect = _dominant_dialect(c for cs in per_point for c in cs)
    sites: list[Site] = []
    for index, point in enumerate(points):
        counters: dict[SiteKind, int] = {}
        for c in per_point[index]:
            if c.group == DIALECT_GROUP and _dialect_form(c.variants[0]) not in dialect:
                continue
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
                    group=c.group,
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
    """One point's text with each site written in the variant its symbol names.

    Edits are written first; then the structural sites, innermost (last) first,
    take their spans from the edited text, so an edit inside a span moves with it.
    """
    edits = sorted(
        (s.start, s.end, s.variants[k])
        for s, k in zip(sites, symbols, strict=True)
        if s.kind not in STRUCTURAL_KINDS
    )
    pieces: list[str] = []
    shifts: list[tuple[int, int, int]] = []  # (original start, original end, length change)
    cursor = 0
    for start, end, replacement in edits:
        pieces += [text[cursor:start], replacement]
        shifts.append((start, end, len(replacement) - (end - start)))
        cursor = end
    pieces.append(text[cursor:])
    out = "".join(pieces)

    def opening(position: int) -> int:
        return position + sum(d for _, end, d in shifts if end <= position)

    def closing(position: int) -> int:
        return position + sum(d for start, end, d in shifts if end <= position and start < position)

    moves = [(s, k) for s, k in zip(sites, symbols, strict=True) if s.kind in STRUCTURAL_KINDS]
    for site, symbol in sorted(moves, key=lambda sk: (-sk[0].start, sk[0].end2)):
        if symbol == 0 or (symbol % 2 == 0 and site.kind is not SiteKind.SHIFT):
            continue
        a1, b1 = opening(site.start), closing(site.end)
        a2, b2 = opening(site.start2), closing(site.end2)
        first, between, second = out[a1:b1], out[b1:a2], out[a2:b2]
        if site.kind is SiteKind.SHIFT:
            replacement = _shifted(site, symbol, first, second)
        elif site.kind is SiteKind.MOVE:
            if out[b2 : b2 + 1] == ",":  # "SUBJECT MODAL, ADV, verb" -> "ADV, subject modal verb"
                replacement = f"{upper_first(second)}, {lower_first(first)}"
                b2 += 1
            else:  # "ADV, SUBJECT MODAL verb" -> "Subject modal, adv, verb"
                replacement = f"{upper_first(lower_first(second))}, {lower_first(first)},"
        else:
            replacement = second + between + first
        out = out[:a1] + replacement + out[b2:]
        delta = len(replacement) - (b2 - a1)
        if delta:
            shifts.append((site.end2, site.end2, delta))
    return out


_MODAL_WORD = re.compile(r"\b(?:shall|may|will|must|should) ")


def _shifted(site: Site, symbol: int, head: str, adverbial: str) -> str:
    """A ``shift`` site written in position ``symbol`` (see
    :func:`onetext.trace.structure.shift_rewrites`): ``head`` is ``SUBJ MODAL vp``
    and ``adverbial`` the adverbial, both as edited."""
    own_adverbial = site.variants[0][site.start2 - site.start :]
    form = site.variants[symbol]
    if form.startswith(upper_first(own_adverbial) + ", "):
        return f"{upper_first(adverbial)}, {lower_first(head)}"
    modal = _MODAL_WORD.search(head)
    if modal is None:  # cannot happen: the finder saw the modal
        return f"{head} {adverbial}"
    return f"{head[: modal.end()]}{adverbial} {head[modal.end() :]}"


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
