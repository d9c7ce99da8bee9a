"""A document outline (title, facts, sections of headed items) that every brief format
lays out: built once from the brief's data, rendered as Markdown, HTML, DOCX or PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Item", "Outline", "Section"]


@dataclass
class Item:
    head: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    intro: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    facts: list[str]
    sections: list[Section]
    banner: str = ""
    """The classification line printed above everything else (empty: none)."""
