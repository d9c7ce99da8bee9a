"""Parse numbered-point drafts from plain text and Markdown.

Real drafts number their points as ``1.``, ``12)``, ``12bis.``, ``Point 7:``,
``Article 3``; sub-items ``(a)``, ``(b)`` belong to their point; bracketed
alternatives ``[shall][should]`` become options; headings (Markdown ``#`` lines,
ALL-CAPS lines, ``Part II``/``Section 3`` lines) introduce the next point.

The canonical text of a point keeps one line per paragraph or sub-item: lines of
one paragraph are joined with a space, paragraphs and sub-items with a newline.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from onetext.errors import DocumentParseError
from onetext.model.document import Option, validate_label

__all__ = [
    "Numbering",
    "ParsedDraft",
    "ParsedPoint",
    "extract_options",
    "is_plain_heading",
    "normalize_label",
    "parse_draft",
    "parse_lines",
]


class Numbering(enum.StrEnum):
    """How a draft prints its labels; kept so an export looks like the import."""

    PLAIN = "plain"  # 12. text
    POINT = "point"  # Point 12: text
    ARTICLE = "article"  # Article 12 (text on the next lines)


@dataclass(frozen=True, slots=True)
class ParsedPoint:
    label: str
    text: str
    heading: str | None = None
    options: tuple[Option, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ParsedDraft:
    title: str | None
    preamble: str
    points: tuple[ParsedPoint, ...]
    numbering: Numbering = Numbering.PLAIN


_SUFFIX = r"(?:\s?(?:bis|ter|quater|quinquies))?"
_SUB = r"(?:\([a-z]{1,3}\))*"
_NUMBER = rf"(?P<num>\d{{1,4}}{_SUFFIX}{_SUB})"
_EMPH = r"(?:\*\*|__)?"

_ARTICLE = re.compile(
    rf"^{_EMPH}(?:Article|ARTICLE|Art\.)\s+{_NUMBER}\.?{_EMPH}"
    r"(?:\s*(?:[.:—–-])\s*(?P<rest>.*)|\s*$)"
)
_POINT = re.compile(
    rf"^{_EMPH}(?:Point|POINT|Paragraph|Item)\s+{_NUMBER}\s*[.:)]{_EMPH}\s*(?P<rest>.*)$"
)
_PLAIN = re.compile(rf"^{_EMPH}{_NUMBER}(?:[.)]|\.\)){_EMPH}(?:\s+(?P<rest>.*))?$")
_SUBITEM = re.compile(r"^(?:\([a-z]{1,4}\)|[a-z]\)|\([ivx]{1,6}\)|[-*•]\s)")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_SECTION = re.compile(
    r"^(?:Part|PART|Section|SECTION|Chapter|CHAPTER|Annex|ANNEX|Title|TITLE)\s+"
    r"(?:[IVXLC]+|\d+|[A-Z])\b.*$"
)
_BRACKET_GROUP = re.compile(r"\[[^\[\]\n]+\](?:[ \t]*\[[^\[\]\n]+\])*")
_BRACKET = re.compile(r"\[([^\[\]\n]+)\]")


def normalize_label(raw: str) -> str:
    """``12 bis`` → ``12bis``; the label a point is known by."""
    return validate_label(re.sub(r"\s+", "", raw))


def is_plain_heading(line: str) -> bool:
    """A heading plain text can show without ``#``: ALL CAPS, or ``Part II``-style."""
    letters = [c for c in line if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters) and len(line) <= 120
    return (caps or bool(_SECTION.match(line))) and _match_point(line) is None


def extract_options(label: str, text: str) -> tuple[Option, ...]:
    """Bracketed alternatives of a point: each run of adjacent ``[..]`` is a group."""
    depth = 0
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth not in (0, 1):
            break
    if depth != 0:
        raise DocumentParseError(
            f"unbalanced or nested brackets in point {label}: "
            "bracketed alternatives must look like [shall][should]"
        )
    groups = [
        [m.group(1).strip() for m in _BRACKET.finditer(g.group(0))]
        for g in _BRACKET_GROUP.finditer(text)
    ]
    options: list[Option] = []
    single = len(groups) == 1
    for number, alternatives in enumerate(groups, start=1):
        for index, alternative in enumerate(alternatives):
            letter = chr(ord("a") + index) if index < 26 else f"z{index}"
            key = letter if single else f"{number}{letter}"
            options.append(Option(key=key, text=alternative, group=number))
    return tuple(options)


@dataclass
class _Building:
    label: str
    line: int
    heading: str | None
    paragraphs: list[str]
    fresh_paragraph: bool = False

    def add(self, text: str, *, new_paragraph: bool) -> None:
        if not text:
            return
        if self.paragraphs and not new_paragraph and not self.fresh_paragraph:
            self.paragraphs[-1] = f"{self.paragraphs[-1]} {text}"
        else:
            self.paragraphs.append(text)
        self.fresh_paragraph = False

    def finish(self) -> ParsedPoint:
        text = "\n".join(p.strip() for p in self.paragraphs if p.strip())
        if not text:
            raise DocumentParseError(f"point {self.label} has no text", line=self.line)
        return ParsedPoint(
            label=self.label,
            text=text,
            heading=self.heading,
            options=extract_options(self.label, text),
            line=self.line,
        )


def _match_point(line: str) -> tuple[str, str, Numbering] | None:
    for pattern, style in ((_ARTICLE, Numbering.ARTICLE), (_POINT, Numbering.POINT)):
        found = pattern.match(line)
        if found:
            return found.group("num"), (found.group("rest") or "").strip(), style
    found = _PLAIN.match(line)
    if found:
        return found.group("num"), (found.group("rest") or "").strip(), Numbering.PLAIN
    return None


def parse_lines(lines: Sequence[str], *, markdown: bool = False) -> ParsedDraft:
    """Parse already-split lines; ``markdown`` enables ``#`` headings and emphasis."""
    title: str | None = None
    preamble: list[str] = []
    points: list[ParsedPoint] = []
    first_line: dict[str, int] = {}
    styles: list[Numbering] = []
    pending_heading: str | None = None
    current: _Building | None = None
    blank_before = False

    def close() -> None:
        nonlocal current
        if current is not None:
            points.append(current.finish())
            current = None

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            blank_before = True
            if current is not None:
                current.fresh_paragraph = True
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            inner = heading.group("text").strip()
            as_point = _match_point(inner)
            if as_point is None:
                close()
                if len(heading.group("hashes")) == 1 and title is None and not points:
                    title = inner
                else:
                    pending_heading = inner
                blank_before = False
                continue
            line = inner
        found = _match_point(line)
        if found is not None:
            raw_label, rest, style = found
            label = normalize_label(raw_label)
            close()
            if label in first_line:
                raise DocumentParseError(
                    f"point {label} appears twice (first at line {first_line[label]}); "
                    "parsing stopped here",
                    line=number,
                )
            first_line[label] = number
            styles.append(style)
            current = _Building(label=label, line=number, heading=pending_heading, paragraphs=[])
            pending_heading = None
            current.add(rest, new_paragraph=True)
            if style is Numbering.ARTICLE and rest:
                current.fresh_paragraph = True
            blank_before = False
            continue
        if not markdown and is_plain_heading(line):
            close()
            if title is None and not points and not preamble:
                title = line
            else:
                pending_heading = line
            blank_before = False
            continue
        if current is None:
            if not markdown and title is None and not preamble:
                title = line
            elif blank_before and preamble:
                preamble.append("\n" + line)
            else:
                preamble.append(line)
            blank_before = False
            continue
        current.add(line, new_paragraph=bool(_SUBITEM.match(line)))
        blank_before = False
    close()
    if not points:
        raise DocumentParseError(
            "expected a numbered draft: points starting with '1.', '12)', '12bis.', "
            f"'Point 7:' or 'Article 3'; found none in {len(lines)} lines"
        )
    numbering = max(set(styles), key=styles.count)
    return ParsedDraft(
        title=title,
        preamble=_join_preamble(preamble),
        points=tuple(points),
        numbering=numbering,
    )


def _join_preamble(parts: Iterable[str]) -> str:
    text = " ".join(parts)
    return "\n".join(p.strip() for p in text.split("\n") if p.strip())


def parse_draft(source: str, *, markdown: bool = False) -> ParsedDraft:
    """Parse a whole draft given as text."""
    if "\x00" in source:
        raise DocumentParseError("expected a text document, found binary data")
    return parse_lines(source.splitlines(), markdown=markdown)
