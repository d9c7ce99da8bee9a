"""Render points back to text and Markdown, in a form ``parse_draft`` reads back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from onetext.text.parse import Numbering, is_plain_heading

__all__ = ["RenderablePoint", "format_label", "render_draft"]


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


def render_draft(
    points: Sequence[RenderablePoint],
    *,
    title: str | None = None,
    preamble: str = "",
    numbering: Numbering = Numbering.PLAIN,
    markdown: bool = False,
) -> str:
    """A draft as text (or Markdown) that parses back to the same points."""
    out: list[str] = []
    if title:
        out += [f"# {title}" if markdown else title, ""]
    if preamble:
        out += [*_paragraphs(preamble), ""]
    for point in points:
        if point.heading:
            plain_ok = not markdown and is_plain_heading(point.heading)
            out += [point.heading if plain_ok else f"## {point.heading}", ""]
        head, *rest = point.text.split("\n")
        label = format_label(point.label, numbering)
        if markdown:
            label = f"**{label}**"
        if numbering is Numbering.ARTICLE:
            out.append(label)
            out.append(head)
        else:
            out.append(f"{label} {head}")
        for paragraph in rest:
            if paragraph.startswith("(") or paragraph[:2] in {"- ", "* ", "• "}:
                out.append(f"    {paragraph}")
            else:
                out += ["", paragraph]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _paragraphs(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if lines:
            lines.append("")
        lines.append(paragraph)
    return lines
