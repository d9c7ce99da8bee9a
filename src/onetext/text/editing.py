"""Structured edits of a text's units: reword, insert, delete, move, and add or remove
a bracketed alternative.

The editor never works on a free-form document: a draft is a list of units, each
continuing a unit of the version it started from (``point``, its identity) or new.
The operations here are pure; they refuse what would break the text (unbalanced
brackets, a phrase that is not there) with one line naming the unit, and
``read_back_problem`` says whether a unit's words would read back, through the same
reader that imports drafts, as that one unit with the same alternatives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from onetext.errors import DocumentParseError, InvalidInput
from onetext.model.document import validate_label
from onetext.text.brackets import (
    OMIT_KEY,
    AlternativeSpan,
    alternative_spans,
    check_balance,
    extract_options,
)
from onetext.text.parse import ParsedPoint, parse_draft
from onetext.text.render import render_draft

__all__ = [
    "MAX_UNIT_TEXT",
    "OPERATIONS",
    "DraftUnit",
    "EditOperation",
    "add_alternative",
    "apply_operation",
    "bracket_problem",
    "delete_unit",
    "insert_after",
    "move_unit",
    "next_label",
    "read_back",
    "read_back_problem",
    "remove_alternative",
]

MAX_UNIT_TEXT = 20_000
"""The longest wording of one unit the editor takes."""

_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies")


@dataclass(frozen=True, slots=True)
class DraftUnit:
    """One unit of a draft: ``point`` is the identity of the unit it continues (None: new)."""

    point: str | None
    label: str
    text: str
    heading: str | None = None


def bracket_problem(text: str) -> str | None:
    """The grammar's message (line and column in the unit) if the brackets do not balance."""
    try:
        check_balance(text)
    except DocumentParseError as error:
        return error.message
    return None


def next_label(after: str, taken: Sequence[str]) -> str:
    """A free label for a unit inserted after ``after``: ``2bis``, then ``2ter``..."""
    stem = after
    for suffix in _SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    for suffix in _SUFFIXES:
        candidate = f"{stem}{suffix}"
        if candidate not in taken and len(candidate) <= 40:
            return candidate
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _index(units: Sequence[DraftUnit], index: int) -> None:
    if not 0 <= index < len(units):
        raise InvalidInput(f"no unit {index + 1} in this draft of {len(units)} units")


def insert_after(units: Sequence[DraftUnit], index: int) -> tuple[DraftUnit, ...]:
    """A new, empty unit after unit ``index`` (-1: at the top), with a free label."""
    if index != -1:
        _index(units, index)
    taken = [u.label for u in units]
    after = units[index].label if index >= 0 else (units[0].label if units else "1")
    label = next_label(after, taken) if index >= 0 else next_label(f"0{after}", taken)
    new = DraftUnit(point=None, label=label, text="")
    return (*units[: index + 1], new, *units[index + 1 :])


def delete_unit(units: Sequence[DraftUnit], index: int) -> tuple[DraftUnit, ...]:
    _index(units, index)
    return (*units[:index], *units[index + 1 :])


def move_unit(units: Sequence[DraftUnit], index: int, step: int) -> tuple[DraftUnit, ...]:
    """Unit ``index`` moved one place up (``step`` -1) or down (+1)."""
    _index(units, index)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(units):
        where = "first" if step < 0 else "last"
        raise InvalidInput(f"unit {units[index].label} is the {where} unit: it cannot move there")
    moved = list(units)
    moved[index], moved[target] = moved[target], moved[index]
    return tuple(moved)


def _balanced(unit: DraftUnit) -> None:
    problem = bracket_problem(unit.text)
    if problem:
        raise InvalidInput(f"unit {unit.label}: {problem}")


def _splice(text: str, start: int, end: int, insert: str = "") -> str:
    """``text`` with ``[start, end)`` replaced by ``insert``; a space left doubled or
    before punctuation where the cut was is taken out (nothing else is touched)."""
    before, after = text[:start], insert + text[end:]
    if before.endswith((" ", "\t")) and after[:1] in {" ", "\t", ".", ",", ";", ":", ")"}:
        before = before[:-1]
    elif not before and after[:1] in {" ", "\t"}:
        after = after[1:]
    return before + after


def add_alternative(unit: DraftUnit, *, wording: str, phrase: str = "", to: str = "") -> DraftUnit:
    """Offer ``wording`` as an alternative: to the choice holding alternative ``to``
    (a key such as ``a`` or ``2b``), or, naming a ``phrase`` of the text, as a new
    choice ``[phrase][wording]`` (an empty wording brackets the phrase alone: keep it
    or leave it out)."""
    _balanced(unit)
    wording = wording.strip()
    if "[" in wording or "]" in wording:
        raise InvalidInput("an alternative's wording may not contain brackets: add it, then nest")
    text = unit.text
    if to:
        spans = [s for s in alternative_spans(text) if s.key == to.strip()]
        if not spans:
            raise InvalidInput(f"unit {unit.label} has no alternative {to.strip()!r}")
        if not wording:
            raise InvalidInput("type the wording of the alternative to add")
        group = [s for s in alternative_spans(text) if s.group == spans[0].group]
        last = group[-1]
        if last.kind == "option":
            number = len(group) + 1
            text = f"{text[: last.end].rstrip()}\nOption {number}: {wording}{text[last.end :]}"
        else:
            text = f"{text[: last.end]}[{wording}]{text[last.end :]}"
    else:
        phrase = phrase.strip()
        if not phrase:
            raise InvalidInput("name the phrase of the text to bracket")
        at = text.find(phrase)
        if at < 0:
            raise InvalidInput(f"unit {unit.label} does not contain the phrase {phrase!r}")
        bracketed = f"[{phrase}]" + (f"[{wording}]" if wording else "")
        text = text[:at] + bracketed + text[at + len(phrase) :]
    result = replace(unit, text=text)
    _balanced(result)
    return result


def _inner(text: str, span: AlternativeSpan) -> str:
    return (
        text[span.start + 1 : span.end - 1]
        if span.kind == "bracket"
        else text[span.start : span.end]
    )


def remove_alternative(unit: DraftUnit, key: str) -> DraftUnit:
    """Take alternative ``key`` out of its choice. Of two alternatives, the other one
    stays as plain (agreed) wording; of a lone ``[phrase]``, removing the phrase
    deletes it and removing ``none`` (leave it out) keeps it unbracketed."""
    _balanced(unit)
    key = key.strip()
    text = unit.text
    spans = alternative_spans(text)
    if key.endswith(OMIT_KEY):
        prefix = key[: -len(OMIT_KEY)]
        lone = [s for s in spans if s.key == f"{prefix}a"]
        group = [s for s in spans if lone and s.group == lone[0].group]
        if len(group) != 1 or group[0].kind != "bracket":
            raise InvalidInput(f"unit {unit.label} has no alternative {key!r}")
        span = group[0]
        return replace(unit, text=_splice(text, span.start, span.end, _inner(text, span)))
    found = [s for s in spans if s.key == key]
    if not found:
        raise InvalidInput(f"unit {unit.label} has no alternative {key!r}")
    span = found[0]
    group = [s for s in spans if s.group == span.group]
    if span.kind == "option":
        if len(group) < 2:
            raise InvalidInput(f"alternative {key} is the only Option of its block")
        line_start = text.rfind("\n", 0, span.start) + 1
        end = span.end + 1 if text[span.end : span.end + 1] == "\n" else span.end
        text = text[:line_start] + text[end:]
        return replace(unit, text=text.rstrip())
    if len(group) == 1:
        text = _splice(text, span.start, span.end)
    elif len(group) == 2:
        other = group[1] if group[0] is span else group[0]
        text = _splice(text, group[0].start, group[-1].end, _inner(text, other))
    else:
        position = group.index(span)
        if position == 0:
            text = _splice(text, span.start, group[1].start)
        else:
            text = _splice(text, group[position - 1].end, span.end)
    return replace(unit, text=text)


def read_back(unit: DraftUnit) -> str:
    """The unit's wording as the reader that imports drafts reads it back (blank lines
    and spacing as that reader keeps them); ``InvalidInput`` when it would read back as
    something else: split into several units, a heading, other alternatives."""
    problem = _early_problem(unit)
    if problem:
        raise InvalidInput(problem)
    rendered = render_draft([ParsedPoint(label="1", text=unit.text.strip())])
    try:
        parsed = parse_draft(rendered)
    except DocumentParseError as error:
        raise InvalidInput(f"the wording does not read back as a unit: {error.message}") from None
    if len(parsed.points) != 1:
        second = parsed.points[1].text.split("\n")[0][:60]
        raise InvalidInput(
            f"the wording would read back as {len(parsed.points)} units: a line that starts "
            f"like a numbered paragraph or an Article begins a new one ({second!r})"
        )
    point = parsed.points[0]
    if _words(point.text) != _words(unit.text) or parsed.title or parsed.preamble:
        raise InvalidInput(
            "the wording would not read back as typed: a line of capitals reads as a "
            "heading, and a marker at a line's start as numbering"
        )
    if point.options != extract_options(unit.label, point.text):
        raise InvalidInput("the alternatives would read back differently: check the Option lines")
    return point.text


def _words(text: str) -> list[str]:
    return text.split()


def _early_problem(unit: DraftUnit) -> str | None:
    try:
        validate_label(unit.label)
    except InvalidInput as error:
        return error.message
    if not unit.text.strip():
        return "a unit needs some wording (delete the unit instead)"
    if len(unit.text) > MAX_UNIT_TEXT:
        return f"a unit's wording has at most {MAX_UNIT_TEXT} characters"
    if "\x00" in unit.text:
        return "text may not contain NUL characters"
    return bracket_problem(unit.text)


def read_back_problem(unit: DraftUnit) -> str | None:
    """Why the unit's words would not read back as this one unit, or None."""
    try:
        read_back(unit)
    except InvalidInput as error:
        return error.message
    return None


@dataclass(frozen=True, slots=True)
class EditOperation:
    """One change the editor's buttons ask for: ``kind`` is insert, delete, up, down,
    add-alternative or remove-alternative; ``index`` the unit (from 0)."""

    kind: str
    index: int
    key: str = ""
    phrase: str = ""
    wording: str = ""


OPERATIONS = ("insert", "delete", "up", "down", "add-alternative", "remove-alternative")


def apply_operation(units: Sequence[DraftUnit], operation: EditOperation) -> tuple[DraftUnit, ...]:
    """The draft after ``operation``; ``InvalidInput`` (and the draft unchanged) if it
    cannot be done."""
    kind, index = operation.kind, operation.index
    if kind == "insert":
        return insert_after(units, index)
    if kind == "delete":
        return delete_unit(units, index)
    if kind in ("up", "down"):
        return move_unit(units, index, -1 if kind == "up" else 1)
    if kind in ("add-alternative", "remove-alternative"):
        _index(units, index)
        unit = units[index]
        if kind == "add-alternative":
            changed = add_alternative(
                unit, wording=operation.wording, phrase=operation.phrase, to=operation.key
            )
        else:
            changed = remove_alternative(unit, operation.key)
        return (*units[:index], changed, *units[index + 1 :])
    raise InvalidInput(f"unknown edit {kind!r}: expected one of {', '.join(OPERATIONS)}")
