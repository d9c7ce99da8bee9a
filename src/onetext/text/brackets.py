"""The bracket grammar of negotiating texts.

A UN negotiating text marks what is not yet agreed with square brackets:
``[shall][should]`` offers alternatives (adjacent spans, or spans joined by
``/``), a lone ``[phrase]`` may be kept or dropped, and spans nest: in
``[take [ambitious] action]`` the inner choice only matters if the outer phrase
is kept. ``Option 1:`` / ``Option 2:`` lines inside a unit are alternatives
too. Footnote markers ``[^4]``, editorial notes (``[Note: ...]``,
``*[...]*``) and Markdown links are notes or links, never options.

Every choice is an :class:`~onetext.model.Option`; options of one choice share
a ``group`` (numbered in reading order) and a nested choice names the option it
sits in as its ``parent``. A point with one choice has keys ``a``, ``b``...;
with several, ``1a``, ``1b``, ``2a``...; the "leave it out" alternative of a
lone span is ``none`` (or ``2none``) with empty text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from onetext.errors import DocumentParseError
from onetext.model.document import Option, option_readings, reading_count

__all__ = [
    "OMIT_KEY",
    "AlternativeSpan",
    "BracketCount",
    "alternative_spans",
    "check_balance",
    "count_brackets",
    "extract_notes",
    "extract_options",
    "option_readings",
    "reading_count",
    "stray_brackets",
]

OMIT_KEY = "none"
"""Key suffix of the alternative "leave the bracketed phrase out"."""

_NOTE_START = re.compile(
    r"\[\s*(?:\^|(?:Note|NOTE|N\.B\.|Nota|Editor(?:'|’)?s\s+note|Editorial\s+note|"
    r"Placeholder|PLACEHOLDER|Footnote|Translator(?:'|’)?s\s+note|Facilitator(?:'|’)?s\s+note|"
    r"Co-?[Cc]hairs?(?:'|’)?s?\s+note|Secretariat\s+note)\b)"
)
_LINK_TARGET = re.compile(r"\((?:https?://|mailto:|www\.|/|#|\.\.?/)[^\s()]*\)")
_OPTION_LINE = re.compile(
    r"^(?P<open>\[\s*)?(?P<word>Option|OPTION|Alternative|ALTERNATIVE)\s+"
    r"(?P<num>\d{1,3}|[A-Z])(?:\s*\([^()]{1,80}\))?\s*(?:[:.)\-–—]|$)\s*"
)
_JOINER = re.compile(r"[ \t]*/[ \t]*")


@dataclass(slots=True)
class _Region:
    """A bracketed span or an ``Option N:`` block: one alternative of a choice."""

    start: int
    end: int
    kind: str  # "bracket" | "option"
    block: int = 0  # option blocks: which run of Option lines
    children: list[_Region] = field(default_factory=list)
    opened: bool = True  # False: a ']' whose '[' lies before the text (no '[' to skip)

    def text_of(self, text: str) -> str:
        if self.kind == "bracket":
            return text[self.start + (1 if self.opened else 0) : self.end - 1].strip()
        return text[self.start : self.end].strip()


_BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]]", re.DOTALL)


def _matching_closes(text: str) -> dict[int, int]:
    """Offset just past the ``]`` matching each ``[`` (escapes skipped), in one pass:
    looking each close up from its ``[`` made a text of unclosed brackets quadratic."""
    closes: dict[int, int] = {}
    opened: list[int] = []
    for found in _BRACKET_OR_ESCAPE.finditer(text):
        char = found.group()
        if char == "[":
            opened.append(found.start())
        elif char == "]" and opened:
            closes[opened.pop()] = found.end()
    return closes


def _note_end(text: str, i: int, closes: dict[int, int]) -> int | None:
    """If a note or a link starts at ``i`` (a ``[``), the offset past it."""
    italic = i > 0 and text[i - 1] in "*_"
    if _NOTE_START.match(text, i) or italic:
        end = closes.get(i)
        if end is None:
            return None
        if not italic or text[end : end + 1] == text[i - 1]:
            return end
        return None
    end = closes.get(i)
    if end is not None and _LINK_TARGET.match(text, end):
        return end
    return None


@dataclass(frozen=True, slots=True)
class _Scan:
    spans: tuple[_Region, ...]
    notes: tuple[tuple[int, int], ...]
    strays: tuple[tuple[int, str], ...]  # (offset, what is wrong) of unmatched brackets


def _scan(text: str) -> _Scan:
    """Bracket spans (as a forest), note offsets and unmatched brackets.

    An unmatched ``]`` closes a span opened before the text began and an unclosed
    ``[`` runs to its end: within one unit that is a bracket crossing units (or, in
    a whole document read leniently, the nearest reading of a lost bracket).
    """
    top: list[_Region] = []
    stack: list[tuple[int, list[_Region]]] = []
    notes: list[tuple[int, int]] = []
    strays: list[tuple[int, str]] = []
    closes = _matching_closes(text)
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            end = _note_end(text, i, closes)
            if end is not None:
                notes.append((i, end))
                i = end
                continue
            stack.append((i, []))
        elif char == "]":
            if stack:
                start, children = stack.pop()
                region = _Region(start, i + 1, "bracket", children=children)
                (stack[-1][1] if stack else top).append(region)
            else:
                strays.append((i, "']' closes a bracket that was never opened"))
                top = [_Region(0, i + 1, "bracket", children=top, opened=False)]
        i += 1
    strays.extend((start, "'[' is never closed") for start, _children in stack)
    while stack:
        start, children = stack.pop()
        region = _Region(start, len(text) + 1, "bracket", children=children)
        (stack[-1][1] if stack else top).append(region)
    return _Scan(tuple(top), tuple(notes), tuple(strays))


STRAYS_SHOWN = 6
"""How many unbalanced brackets one error message lists."""


def stray_brackets(source: str, *, first_line: int = 1) -> tuple[str, ...]:
    """Every bracket of ``source`` that does not balance, as ``what (line L, column C)``."""
    return _describe_strays(source, _scan(source).strays, first_line)


def _describe_strays(
    source: str, strays: Sequence[tuple[int, str]], first_line: int
) -> tuple[str, ...]:
    # line starts found once: counting from the text's start for each stray made a
    # text of thousands of unbalanced brackets quadratic
    line_starts = [0, *(found.end() for found in re.finditer("\n", source))]
    described = []
    for offset, message in strays:
        line = bisect_right(line_starts, offset) - 1
        column = offset - line_starts[line] + 1
        described.append(f"{message} (line {first_line + line}, column {column})")
    return tuple(described)


def check_balance(source: str, *, first_line: int = 1) -> None:
    """Raise ``DocumentParseError`` naming every unbalanced bracket (the first with
    its line and column as the error's position), so one pass fixes them all."""
    offsets = _scan(source).strays
    if not offsets:
        return
    strays = _describe_strays(source, offsets, first_line)
    first = offsets[0][0]
    before = source[:first]
    shown = "; ".join(strays[:STRAYS_SHOWN])
    more = len(strays) - STRAYS_SHOWN
    tail = f"; and {more} more" if more > 0 else ""
    hint = f"{len(strays)} unbalanced brackets: " if len(strays) > 1 else "unbalanced brackets: "
    error = DocumentParseError(
        f"{hint}{shown}{tail}. Fix them, or read the text leniently (--lenient): "
        "a stray ']' then closes a span opened at the start of its unit, a stray '[' "
        "runs to the unit's end"
    )
    error.line = first_line + before.count("\n")
    error.column = first - (before.rfind("\n") + 1) + 1
    raise error


def extract_notes(text: str) -> tuple[str, ...]:
    """The notes of a unit's text: footnote markers and editorial notes, as written."""
    return _notes(text, _scan(text))


def _notes(text: str, scan: _Scan) -> tuple[str, ...]:
    found: list[str] = []
    for start, end in scan.notes:
        note = text[start:end]
        if _NOTE_START.match(text, start) or (start > 0 and text[start - 1] in "*_"):
            found.append(note)
    return tuple(found)


def _option_regions(text: str) -> list[_Region]:
    """``Option N:`` lines of a unit: each runs to the next one (or the unit's end)."""
    regions: list[_Region] = []
    offset = 0
    starts: list[tuple[int, int]] = []  # (where the option's words start, where its line starts)
    for line in text.split("\n"):
        found = _OPTION_LINE.match(line)
        if found:
            starts.append((offset + found.end(), offset))
        offset += len(line) + 1
    for index, (content, _line_start) in enumerate(starts):
        end = starts[index + 1][1] - 1 if index + 1 < len(starts) else len(text)
        regions.append(_Region(content, max(content, end), "option", block=1))
    return regions


def _nest(spans: Sequence[_Region], options: Sequence[_Region]) -> list[_Region]:
    """One forest of alternatives: option blocks placed among the bracket spans."""
    flat: list[_Region] = []

    def walk(regions: Sequence[_Region]) -> None:
        for region in regions:
            flat.append(region)
            walk(region.children)
            region.children = []

    walk(spans)
    for option in options:
        for span in flat:
            if span.start < option.start < span.end < option.end:
                option.end = span.end - 1
    # an Option block whose words are one bracketed phrase holds that phrase
    everything = sorted(
        [*flat, *options], key=lambda r: (r.start, -r.end, 0 if r.kind == "option" else 1)
    )
    top: list[_Region] = []
    stack: list[_Region] = []
    for region in everything:
        while stack and region.start >= stack[-1].end:
            stack.pop()
        (stack[-1].children if stack else top).append(region)
        stack.append(region)
    return top


def _groups(text: str, regions: Sequence[_Region]) -> list[list[_Region]]:
    """Sibling regions grouped into choices: adjacent spans, one run of options."""
    groups: list[list[_Region]] = []
    for region in regions:
        if groups:
            last = groups[-1][-1]
            if region.kind == "option" and last.kind == "option" and region.block == last.block:
                groups[-1].append(region)
                continue
            between = text[last.end : region.start]
            if region.kind == last.kind == "bracket" and (
                between == "" or _JOINER.fullmatch(between)
            ):
                groups[-1].append(region)
                continue
        groups.append([region])
    return groups


def _forest(text: str, scan: _Scan) -> list[list[_Region]]:
    """The choices of a text, nested; takes the scan's spans apart (read them first)."""
    return _groups(text, _nest(scan.spans, _option_regions(text)))


def extract_options(label: str, text: str) -> tuple[Option, ...]:
    """Every choice of a unit's text as options (see the module docstring for keys)."""
    del label  # kept for callers; the choices do not depend on the label
    ordered: list[tuple[list[_Region], tuple[int, int] | None]] = []

    def visit(groups: list[list[_Region]], parent: tuple[int, int] | None) -> None:
        for group in groups:
            ordered.append((group, parent))
            number = len(ordered)
            for position, region in enumerate(group):
                if region.children:
                    visit(_groups(text, region.children), (number, position))

    visit(_forest(text, _scan(text)), None)
    numbered = len(ordered) > 1

    def key(number: int, position: int | None) -> str:
        prefix = str(number) if numbered else ""
        if position is None:
            return prefix + OMIT_KEY
        letter = chr(ord("a") + position) if position < 26 else f"z{position}"
        return prefix + letter

    options: list[Option] = []
    for number, (group, parent) in enumerate(ordered, start=1):
        parent_key = key(*parent) if parent is not None else None
        for position, region in enumerate(group):
            options.append(Option(key(number, position), region.text_of(text), number, parent_key))
        if len(group) == 1:
            options.append(Option(key(number, None), "", number, parent_key))
    return tuple(options)


@dataclass(frozen=True, slots=True)
class BracketCount:
    """What is still open in a text: bracketed spans, alternatives offered, notes."""

    spans: int = 0
    options: int = 0
    choices: int = 0
    notes: int = 0

    def __add__(self, other: BracketCount) -> BracketCount:
        return BracketCount(
            self.spans + other.spans,
            self.options + other.options,
            self.choices + other.choices,
            self.notes + other.notes,
        )

    @property
    def bracketed(self) -> bool:
        return self.choices > 0


def count_brackets(text: str) -> BracketCount:
    """Spans (matched ``[ ]`` pairs, notes excluded), options (alternatives of a
    choice with two or more, ``Option N`` blocks included) and choices."""
    scan = _scan(text)
    spans = 0

    def walk(regions: Sequence[_Region]) -> None:
        nonlocal spans
        for region in regions:
            spans += 1
            walk(region.children)

    walk(scan.spans)
    options = 0
    choices = 0

    def visit(groups: list[list[_Region]]) -> None:
        nonlocal options, choices
        for group in groups:
            choices += 1
            if len(group) > 1:
                options += len(group)
            for region in group:
                if region.children:
                    visit(_groups(text, region.children))

    visit(_forest(text, scan))
    notes = len(_notes(text, scan))
    return BracketCount(spans=spans, options=options, choices=choices, notes=notes)


@dataclass(frozen=True, slots=True)
class AlternativeSpan:
    """Where one alternative of a unit's text sits, by the key ``extract_options`` gives
    it: a bracketed span from its ``[`` to past its ``]``, an Option block's words."""

    key: str
    group: int
    kind: str  # "bracket" | "option"
    start: int
    end: int


def alternative_spans(text: str) -> tuple[AlternativeSpan, ...]:
    """Every alternative of a choice in ``text`` with its offsets, keyed as
    ``extract_options`` keys them (the "leave it out" alternatives have no span)."""
    ordered: list[list[_Region]] = []

    def visit(groups: list[list[_Region]]) -> None:
        for group in groups:
            ordered.append(group)
            for region in group:
                if region.children:
                    visit(_groups(text, region.children))

    visit(_forest(text, _scan(text)))
    numbered = len(ordered) > 1
    found: list[AlternativeSpan] = []
    for number, group in enumerate(ordered, start=1):
        for position, region in enumerate(group):
            letter = chr(ord("a") + position) if position < 26 else f"z{position}"
            key = (str(number) if numbered else "") + letter
            found.append(AlternativeSpan(key, number, region.kind, region.start, region.end))
    return tuple(found)
