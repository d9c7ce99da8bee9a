"""Render units back to text and Markdown, in a form ``parse_draft`` reads back.

A unit's divisions (Part, Chapter, Article, Option block) are written once, when
the reading enters them; a unit prints its marker as the source did
(``Point 7:``, ``1bis.``, ``Article 4 — Title``), its items indented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from onetext.model.document import Division, open_depth
from onetext.text.parse import Numbering, is_plain_heading

__all__ = ["RenderablePoint", "format_label", "render_draft"]

_CONTAINERS = {"part", "chapter", "section", "article"}
_ITEM_START = re.compile(
    r"^(?:\([A-Za-z0-9]{1,7}\)|[a-z]{1,2}[.)]|[ivxlc]{1,7}[.)]|[A-Z]\)|[-–—•→▪◦+*]\s"
    r"|\d{1,2}\.\s)"  # "1." items of a nested list, indented so they stay items
)
_WORD_MARK = re.compile(r"^[A-Za-z§]")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:")


class RenderablePoint(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def heading(self) -> str | None: ...


def format_label(label: str, numbering: Numbering) -> str:
    """The label as the draft prints it before the text."""
    if numbering is Numbering.POINT:
        return f"Point {label}:"
    if numbering is Numbering.ARTICLE:
        return f"Article {label}"
    return f"{label}."


def _division_line(division: Division, *, markdown: bool) -> list[str]:
    label, heading = division.label, division.heading
    if division.level == "paragraph":  # an Option block ("Option I (paras 6-9bis):")
        return [f"{label} ({heading}):" if heading else f"{label}:", ""]
    if not label:
        text = heading or ""
        if markdown:
            return [f"## {text}", ""]
        return [text, "-" * max(3, len(text)), ""]
    if _WORD_MARK.match(label) and not re.fullmatch(r"[IVXLC]+|[A-Z]", label):
        line = f"{label} — {heading}" if heading else label
    elif heading:
        line = f"{label}. {heading}"
    else:
        word = {"part": "Part", "chapter": "Chapter", "section": "Section"}.get(
            division.level, "Article"
        )
        line = f"{word} {label}"
    return [f"## {line}" if markdown else line, ""]


def _heading_lines(heading: str, *, markdown: bool) -> list[str]:
    plain_ok = not markdown and is_plain_heading(heading)
    return [heading if plain_ok else f"## {heading}", ""]


def _marker(point: RenderablePoint, number: str, numbering: Numbering) -> str:
    if not number:
        return format_label(point.label, numbering)
    if _WORD_MARK.match(number):
        return f"{number}:"
    return f"{number}."


def render_draft(
    points: Sequence[RenderablePoint],
    *,
    title: str | None = None,
    preamble: str = "",
    numbering: Numbering = Numbering.PLAIN,
    markdown: bool = False,
) -> str:
    """A draft as text (or Markdown) that parses back to the same units."""
    out: list[str] = []
    if title:
        out += [f"# {title}" if markdown else title, ""]
    if preamble:
        out += [*_paragraphs(preamble), ""]
    open_path: list[str] = []
    for point in points:
        path: tuple[Division, ...] = getattr(point, "path", ())
        level: str = getattr(point, "level", "paragraph")
        number: str = getattr(point, "number", "")
        refs = [d.ref for d in path]
        for division in path[open_depth(open_path, refs) :]:
            out += _division_line(division, markdown=markdown)
        open_path = refs
        head, *rest = point.text.split("\n")
        if level in _CONTAINERS or (number.startswith("Option")):
            division = Division(level, number or point.label, point.label, point.heading)
            header = _division_line(division, markdown=markdown)
            if number.startswith("Option"):
                note = f" ({point.heading})" if point.heading else ""
                out.append(f"{number}{note}: {head}")
            elif division.heading and not _WORD_MARK.match(division.label or "x"):
                out += [header[0], "", head]  # "1. Budget", a blank line, then its prose
            else:
                out += [header[0], head]
            open_path = [*refs, point.label]
        else:
            if point.heading:
                out += _heading_lines(point.heading, markdown=markdown)
            marker = _marker(point, number, numbering)
            if markdown and not number:
                marker = f"**{marker}**"
            if not number and numbering is Numbering.ARTICLE:
                out += [marker, head]
            else:
                out.append(f"{marker} {head}")
        for paragraph in rest:
            if _ITEM_START.match(paragraph):
                out.append(f"    {paragraph}")
            else:
                out += ["", paragraph]
        out.append("")
    footnotes = [
        note
        for point in points
        for note in getattr(point, "notes", ())
        if _FOOTNOTE_DEFINITION.match(note)
    ]
    out += [*dict.fromkeys(footnotes)]
    return "\n".join(out).rstrip() + "\n"


def _paragraphs(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if lines:
            lines.append("")
        lines.append(paragraph)
    return lines
