"""What a reader is shown of a text's open brackets: per version, by Article, and
across versions (the burn-down a secretariat tracks as a text converges)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ArticleBrackets", "BracketStats", "Burndown", "BurndownStep"]


@dataclass(frozen=True, slots=True)
class ArticleBrackets:
    """The open brackets of one Article's units (``article`` None: units outside
    any Article in a text that has some)."""

    article: str | None
    spans: int
    options: int
    bracketed_units: int
    units: int


@dataclass(frozen=True, slots=True)
class BracketStats:
    """One version's open brackets.

    ``spans``: matched ``[ ]`` pairs, notes and links excluded; ``options``: the
    alternatives of choices offering two or more; ``choices``: bracket groups and
    option blocks, a lone ``[phrase]`` included; ``bracketed_units``: units with
    any choice left. The preamble's brackets count in the totals (its own fields
    say how many) but it is no unit. ``articles`` is empty for a flat text.
    """

    ref: str
    document: str
    number: int
    author: str
    created_at: str
    units: int
    bracketed_units: int
    spans: int
    options: int
    choices: int
    notes: int
    preamble_spans: int = 0
    preamble_options: int = 0
    articles: list[ArticleBrackets] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BurndownStep:
    """One version on the burn-down: what was left open when it was tabled."""

    ref: str
    document: str
    number: int
    created_at: str
    spans: int
    options: int
    bracketed_units: int
    units: int


@dataclass(frozen=True, slots=True)
class Burndown:
    """Brackets remaining, version after version (oldest first). ``lineage``: the
    versions the text descends from (earlier documents it was forked or merged
    from, as far as the reader may read them) come first."""

    document: str
    lineage: bool
    steps: list[BurndownStep]
