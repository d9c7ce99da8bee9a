"""Variant sites the mediator writes and vouches for (``onetext copies --variants``).

The automatic finder reaches only a few robust bits per 100 words of flat treaty
language; a short draft then cannot prove the source of a three-point quote. The
mediator knows which phrases of a point can be said two, three or eight ways with
the same legal effect, and lists them. Each listed phrase becomes one q-ary site of
kind ``authored``: the codeword picks one form per recipient, the tracer reads it
back like any other site, the registry stores it.

The mediator vouches for the meaning; the tool refuses what it can check: the
phrase must stand exactly once in its point, outside brackets and off a line's
label; the forms must be distinct, even once retyped, one line each, at most
:data:`MAX_FORMS` forms of at most :data:`MAX_WORDS` words; and every alternative
must keep the original's sequence of forbidden words
(:mod:`onetext.trace.forbidden`), its numbers by value and its capitalised
(defined) terms. Automatic sites that overlap an authored one, and word-order sites
whose spans hold one, are dropped and named: the mediator's choice wins.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from onetext.errors import InvalidInput
from onetext.trace.forbidden import FORBIDDEN_WORDS, forbidden_sequence
from onetext.trace.normalize import normalize_text
from onetext.trace.sites import Site, SiteKind, TextPoint
from onetext.trace.variants import number_in_words

__all__ = [
    "MAX_FORMS",
    "MAX_WORDS",
    "AuthoredMerge",
    "AuthoredPhrase",
    "authored_sites",
    "capitalised_terms",
    "number_values",
    "parse_variants",
    "with_authored",
]

MAX_FORMS = 8
"""Forms of one phrase (the original and seven alternatives): three bits at most."""
MAX_WORDS = 40
"""Words of one form: a sentence, not a paragraph."""


@dataclass(frozen=True, slots=True)
class AuthoredPhrase:
    """A phrase of point ``label`` (``forms[0]``, as the version writes it) and its
    equivalent alternatives, as the mediator listed them."""

    label: str
    forms: tuple[str, ...]

    def describe(self) -> str:
        return f'point {self.label}, "{_short(self.forms[0]) if self.forms else ""}"'


@dataclass(frozen=True, slots=True)
class AuthoredMerge:
    """The sites of an issue with the authored ones in, and the automatic sites
    dropped because they overlapped an authored phrase."""

    sites: tuple[Site, ...]
    dropped: tuple[Site, ...]


def _short(text: str, limit: int = 48) -> str:
    """A form as an error message shows it: on one line, cut if long."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _one_entry(label: str, entry: Any, where: str) -> AuthoredPhrase:
    if not isinstance(entry, list) or not all(isinstance(f, str) for f in entry):
        raise InvalidInput(f"{where}: point {label}: each entry is a list of phrases (strings)")
    forms = tuple(re.sub(r"[ \t]+", " ", f).strip() for f in entry)
    return AuthoredPhrase(label, forms)


def _is_one_entry(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(e, str) for e in value)


def parse_variants(data: Any, where: str = "variants file") -> tuple[AuthoredPhrase, ...]:
    """The phrases of a decoded variants file: a mapping from point label to a list
    of entries, each entry a list of forms (the version's own first). A point with
    one entry may give it as a plain list of strings."""
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{where}: expected a mapping from point label to lists of phrases")
    phrases: list[AuthoredPhrase] = []
    for key, given in data.items():
        label = str(key).strip()
        entries = [given] if _is_one_entry(given) else given
        if not isinstance(entries, list) or not entries:
            raise InvalidInput(f"{where}: point {label}: expected a list of phrase lists")
        phrases += [_one_entry(label, entry, where) for entry in entries]
    if not phrases:
        raise InvalidInput(f"{where}: lists no phrase")
    return tuple(phrases)


# -- legal safety ---------------------------------------------------------------------

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_TENTH_ORDINALS = {
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "last": -1,
    "final": -1,
}
_NUMBER_WORDS: dict[str, str] = {number_in_words(n): str(n) for n in range(1, 100)}
_NUMBER_WORDS |= {"zero": "0", "hundred": "x100", "thousand": "x1000", "million": "x10^6"}
_NUMBER_WORDS |= {"billion": "x10^9", "half": "1/2", "quarter": "1/4", "third": "1/3"}
_NUMBER_WORDS |= {w: f"#{n}" for n, w in enumerate(_ORDINALS, start=1) if w != "third"}
_NUMBER_WORDS |= {w: f"#{n}" for w, n in _TENTH_ORDINALS.items()}
_NUMBER_WORDS |= {"once": "1x", "twice": "2x", "thrice": "3x", "double": "2x", "triple": "3x"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[A-Za-z]+(?:-[A-Za-z]+)*", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\(\w{1,4}\)\s+)$")
_CAPITALISED = re.compile(r"[A-Za-z][\w-]*")  # a possessive 's is not part of the term
_FUNCTION_WORDS = frozenset(
    """the a an this that these those it its their his her our we they such in on at
    for to of upon with as on under over through about between among against
    furthermore moreover however also thereafter there here""".split()
)


def number_values(text: str) -> list[tuple[str, str]]:
    """The numbers of ``text`` in order, each as (value, as written): ``thirty (30)
    days`` and ``30 days`` both give the value ``30`` once (a value written twice in
    a row counts once); ordinals and ``last``/``final`` count too."""
    values: list[tuple[str, str]] = []
    for match in _NUMBER.finditer(text):
        token = match.group(0).lower()
        if token[0].isdigit():
            value = re.sub(r"(?<=\d),(?=\d{3}\b)", "", re.sub(r"(st|nd|rd|th)$", "", token))
            if token[-2:] in ("st", "nd", "rd", "th"):
                value = f"#{value}"
        elif token in _NUMBER_WORDS:
            value = _NUMBER_WORDS[token]
        else:
            continue
        if not values or values[-1][0] != value:
            values.append((value, match.group(0)))
    return values


def capitalised_terms(text: str) -> Counter[str]:
    """The capitalised words of ``text`` (defined terms, names, acronyms); a word that
    starts a sentence counts unless it is a function word or a forbidden word."""
    terms: Counter[str] = Counter()
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        if not word[0].isupper():
            continue
        if _SENTENCE_START.search(text[: match.start()]) and (
            word.lower() in _FUNCTION_WORDS or word.lower() in FORBIDDEN_WORDS
        ):
            continue
        terms[word] += 1
    return terms


def _first_change(
    old: Sequence[str],
    new: Sequence[str],
    old_shown: Sequence[str] | None = None,
    new_shown: Sequence[str] | None = None,
) -> str:
    """``'shall' becomes 'must'``, ``drops 'not'``, ``adds 'only'``: the first place
    where ``new`` differs from ``old`` (compared as given, shown as ``*_shown``)."""
    old_shown, new_shown = old_shown or old, new_shown or new
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        gone, come = " ".join(old_shown[i1:i2]), " ".join(new_shown[j1:j2])
        if tag == "replace":
            return f"'{gone}' becomes '{come}'"
        if tag == "delete":
            return f"drops '{gone}'"
        if tag == "insert":
            return f"adds '{come}'"
    return "reorders them"


def _legal_change(original: str, alternative: str) -> str | None:
    """Why ``alternative`` may not stand for ``original``, if it may not."""
    old, new = forbidden_sequence(original), forbidden_sequence(alternative)
    if old != new:
        return f"changes the legal words: {_first_change(old, new)}"
    numbers, other = number_values(original), number_values(alternative)
    if [v for v, _ in numbers] != [v for v, _ in other]:
        change = _first_change(
            [v for v, _ in numbers],
            [v for v, _ in other],
            [w for _, w in numbers],
            [w for _, w in other],
        )
        return f"changes the numbers: {change}"
    terms, others = capitalised_terms(original), capitalised_terms(alternative)
    if terms != others:
        lost = sorted((terms - others).elements())
        gained = sorted((others - terms).elements())
        if lost and gained:
            return f"changes the capitalised terms: '{lost[0]}' becomes '{gained[0]}'"
        if lost:
            return f"changes the capitalised terms: drops '{lost[0]}'"
        return f"changes the capitalised terms: adds '{gained[0]}'"
    return None


# -- placing phrases -------------------------------------------------------------------


def _bracket_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for char in text:
        if char == "[":
            depth += 1
        depths.append(depth)
        if char == "]":
            depth = max(0, depth - 1)
    return depths


_LABEL = re.compile(
    r"^[ \t]*(?:\((?:[a-z]{1,3}|[ivxlc]{1,6}|\d{1,3})\)|Option[ \t]+\w{1,3}[ \t]*[:.)]"
    r"|\d{1,3}(?:\.\d{1,3})*[.)])",
    re.MULTILINE | re.IGNORECASE,
)
"""A label that opens a line of a point: a sub-item ``(a)``, an ``Option 1:`` block, a
paragraph number. It keeps its place, or the copy would not parse to the same points."""


def _pattern(form: str, flags: int = 0) -> re.Pattern[str]:
    body = r"[ \t\u00a0]+".join(re.escape(word) for word in form.split(" "))
    left = r"(?<!\w)" if form[:1].isalnum() or form[:1] == "_" else ""
    right = r"(?!\w)" if form[-1:].isalnum() or form[-1:] == "_" else ""
    return re.compile(left + body + right, flags)


def _check_forms(phrase: AuthoredPhrase) -> None:
    where = phrase.describe()
    forms = phrase.forms
    if len(forms) < 2:
        raise InvalidInput(f"{where}: give the phrase and at least one alternative")
    if len(forms) > MAX_FORMS:
        raise InvalidInput(f"{where}: {len(forms)} forms; at most {MAX_FORMS} are allowed")
    for form in forms:
        if not form:
            raise InvalidInput(f"{where}: a form is empty")
        if "\n" in form or "\r" in form:
            raise InvalidInput(f'{where}: "{_short(form)}" spans lines; a form is one line')
        if "[" in form or "]" in form:
            raise InvalidInput(f'{where}: "{_short(form)}" has a bracket; forms stay outside them')
        if len(form.split()) > MAX_WORDS:
            raise InvalidInput(
                f'{where}: "{_short(form)}" has {len(form.split())} words; at most {MAX_WORDS}'
            )
    seen: dict[str, int] = {}
    for number, form in enumerate(forms):
        key = normalize_text(form)
        if key in seen:
            earlier = forms[seen[key]]
            how = "repeats" if earlier == form else "reads the same once retyped as"
            what = "the original" if seen[key] == 0 else f'"{_short(earlier)}"'
            raise InvalidInput(f'{where}: alternative "{_short(form)}" {how} {what}')
        seen[key] = number
    for alternative in forms[1:]:
        why = _legal_change(forms[0], alternative)
        if why is not None:
            raise InvalidInput(f'{where}: alternative "{_short(alternative)}" {why}')


def _locate(phrase: AuthoredPhrase, text: str) -> tuple[int, int]:
    where = phrase.describe()
    found = list(_pattern(phrase.forms[0]).finditer(text))
    if not found:
        loose = _pattern(phrase.forms[0], re.IGNORECASE).search(text)
        hint = f' (the text has "{_short(loose.group(0))}")' if loose else ""
        raise InvalidInput(f"{where}: the phrase is not in the point's text{hint}")
    if len(found) > 1:
        raise InvalidInput(
            f"{where}: the phrase stands {len(found)} times in the point; "
            "lengthen it so that it stands once"
        )
    start, end = found[0].span()
    depths = _bracket_depths(text)
    if any(depths[i] for i in range(start, end)):
        raise InvalidInput(f"{where}: the phrase is inside brackets (an open choice)")
    for label in _LABEL.finditer(text):
        if start < label.end() and label.start() < end and label.group(0).strip():
            raise InvalidInput(
                f'{where}: the phrase covers the label "{label.group(0).strip()}", '
                "which keeps its place"
            )
    return start, end


def authored_sites(
    points: Sequence[TextPoint], phrases: Sequence[AuthoredPhrase]
) -> tuple[Site, ...]:
    """One site per phrase, in text order, ids ``4.a1``, ``4.a2``... Raises
    :class:`InvalidInput` naming the point and the phrase on the first bad entry."""
    index: dict[str, int] = {}
    for number, point in enumerate(points):
        index.setdefault(point.label, number)
    located: list[tuple[int, int, int, AuthoredPhrase]] = []
    for phrase in phrases:
        if phrase.label not in index:
            known = ", ".join(p.label for p in points[:12])
            more = ", ..." if len(points) > 12 else ""
            raise InvalidInput(
                f"{phrase.describe()}: the draft has no point {phrase.label} "
                f"(its points: {known}{more})"
            )
        _check_forms(phrase)
        number = index[phrase.label]
        start, end = _locate(phrase, points[number].text)
        for other_number, other_start, other_end, other in located:
            if other_number == number and start < other_end and other_start < end:
                raise InvalidInput(
                    f'{phrase.describe()}: overlaps the listed phrase "{_short(other.forms[0])}"'
                )
        located.append((number, start, end, phrase))
    located.sort(key=lambda item: (item[0], item[1]))
    sites: list[Site] = []
    counters: dict[int, int] = {}
    for number, start, end, phrase in located:
        counters[number] = counters.get(number, 0) + 1
        label = points[number].label
        original = points[number].text[start:end]
        sites.append(
            Site(
                id=f"{label}.{SiteKind.AUTHORED.prefix}{counters[number]}",
                point=number,
                label=label,
                kind=SiteKind.AUTHORED,
                start=start,
                end=end,
                variants=(original, *phrase.forms[1:]),
            )
        )
    return tuple(sites)


# -- merging with the automatic sites ---------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    a_end, b_end = max(a[1], a[0] + 1), max(b[1], b[0] + 1)  # an insertion holds its place
    return a[0] < b_end and b[0] < a_end


def _yields_to(site: Site, span: tuple[int, int]) -> bool:
    """Whether automatic ``site`` must give way to an authored phrase at ``span``.
    A word-order site gives way to a phrase anywhere between its ends: the tracer
    reads a moved span whole, and a phrase varied inside it blurs that reading."""
    if site.kind is SiteKind.INVISIBLE:
        return _overlaps((site.start, site.end), (span[0] - 1, span[1] + 1))
    return _overlaps(site.hull, span)


def with_authored(automatic: Sequence[Site], authored: Sequence[Site]) -> AuthoredMerge:
    """The automatic sites that do not overlap an authored one, and the authored
    sites, in text order."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for site in authored:
        spans.setdefault(site.point, []).append((site.start, site.end))
    kept: list[Site] = []
    dropped: list[Site] = []
    for site in automatic:
        if any(_yields_to(site, span) for span in spans.get(site.point, ())):
            dropped.append(site)
        else:
            kept.append(site)
    merged = sorted([*kept, *authored], key=lambda s: (s.point, s.start, s.end))
    return AuthoredMerge(sites=tuple(merged), dropped=tuple(dropped))
