"""Read and write drafts as DOCX with python-docx.

Word's automatic numbering is read from the numbering part: a paragraph with a
level-0 number becomes a point labelled with its computed number, a deeper level a
sub-item ``(a)`` of the current point. Headings and the Title style are kept.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from onetext.errors import DocumentParseError
from onetext.formats.docx_limits import check_docx_limits
from onetext.formats.xml_text import xml_safe
from onetext.text.parse import Numbering, ParsedDraft, parse_lines
from onetext.text.render import RenderablePoint, format_label

__all__ = [
    "read_docx",
    "write_docx",
    "xml_safe",
]


def _roman(number: int) -> str:
    values = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


class _Numbering:
    """Computes the numbers Word would display for numbered paragraphs."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, int]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels: dict[int, tuple[str, int]] = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            abstract_id = ref.get(qn("w:val"))
            self.abstract_of[num.get(qn("w:numId"))] = abstract_id
            for level, spec in abstract.get(abstract_id, {}).items():
                self.formats[(num.get(qn("w:numId")), level)] = spec

    def next_label(self, num_id: str, level: int, style_level: int) -> tuple[int, str]:
        fmt, start = self.formats.get((num_id, level), ("decimal", 1))
        effective = max(level, style_level)
        key = (self.abstract_of.get(num_id, num_id), effective)
        if effective > 0:
            key = ("sub", effective)
        value = self.counters.get(key, start - 1) + 1
        self.counters[key] = value
        if effective == 0:
            for deeper in [k for k in self.counters if k[1] > 0]:
                del self.counters[deeper]
            return 0, f"{value}."
        level = effective
        if fmt == "lowerLetter":
            return level, f"({chr(ord('a') + value - 1)})"
        if fmt == "upperLetter":
            return level, f"({chr(ord('A') + value - 1)})"
        if fmt == "lowerRoman":
            return level, f"({_roman(value)})"
        if fmt == "bullet":
            return level, "-"
        return level, f"({chr(ord('a') + value - 1)})"


def _style_level(style_name: str) -> int:
    """``List Number 2`` is a second-level list even without an ``ilvl``."""
    last = style_name.rsplit(" ", 1)[-1]
    if style_name.startswith(("List Number", "List Bullet")) and last.isdigit():
        return int(last) - 1
    return 0


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        if ppr is None:
            continue
        num_pr = ppr.find(qn("w:numPr"))
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None or num_id.get(qn("w:val")) == "0":
            return None
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    return None


def docx_lines(path: Path) -> list[str]:
    """The lines of a DOCX draft as Markdown, automatic numbering written out."""
    if not zipfile.is_zipfile(path):
        raise DocumentParseError(f"{path.name} is not a DOCX file (not a ZIP package)")
    try:
        check_docx_limits(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DocumentParseError(f"{path.name} is not a readable DOCX file: {error}") from None
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several unrelated types
        raise DocumentParseError(f"{path.name} is not a readable DOCX file: {error}") from None
    numbering = _Numbering(document)
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            lines.append("")
            continue
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        if style == "Title":
            lines.append(f"# {text}")
            continue
        if style.startswith("Heading"):
            lines.append(f"## {text}")
            continue
        if style == "Sub-item":
            lines += [text, ""]
            continue
        num = _num_pr(paragraph)
        if num is not None:
            level, label = numbering.next_label(*num, _style_level(style))
            lines += [f"{label} {text}" if level == 0 or label != "-" else f"- {text}", ""]
            continue
        lines.append(text)
        lines.append("")  # a Word paragraph is a paragraph, not a wrapped line
    return lines


def read_docx(path: Path, *, lenient: bool = False) -> ParsedDraft:
    """Parse a DOCX draft, automatic numbering included."""
    return parse_lines(docx_lines(path), markdown=True, lenient=lenient)


def write_docx(
    path: Path,
    points: Sequence[RenderablePoint],
    *,
    title: str | None = None,
    preamble: str = "",
    numbering: Numbering = Numbering.PLAIN,
) -> None:
    """Write points as a DOCX that ``read_docx`` reads back to the same points."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    if "Sub-item" not in [s.name for s in document.styles]:
        sub = document.styles.add_style("Sub-item", WD_STYLE_TYPE.PARAGRAPH)
        sub.base_style = normal
        sub.paragraph_format.left_indent = Pt(24)
    if title:
        document.add_heading(xml_safe(title), level=0)
    for paragraph in xml_safe(preamble).split("\n") if preamble else []:
        document.add_paragraph(paragraph)
    for point in points:
        if point.heading:
            document.add_heading(xml_safe(point.heading), level=2)
        head, *rest = xml_safe(point.text).split("\n")
        label = xml_safe(format_label(point.label, numbering))
        if numbering is Numbering.ARTICLE:
            document.add_paragraph().add_run(label).bold = True
            document.add_paragraph(head)
        else:
            numbered = document.add_paragraph()
            numbered.add_run(label).bold = True
            numbered.add_run(f" {head}")
        for extra in rest:
            is_sub = extra.startswith("(") or extra[:2] in {"- ", "* ", "• "}
            document.add_paragraph(extra, style="Sub-item" if is_sub else None)
    document.save(str(path))
