"""The brief for principals: agreed, open, blocked, the suggested package, trades.

One neutral outline is built from ``BriefData`` (already cut to what its reader
may see by the service) and rendered four ways: self-contained HTML (every
text escaped), Markdown, DOCX and PDF (laid out in ``brief_pdf``). All carry the
same words, so what one format shows the others show too, and nothing else.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx

from onetext.errors import InvalidInput
from onetext.formats.brief_pdf import render_outline_pdf
from onetext.formats.outline import Item, Outline, Section
from onetext.model.escalation import PointStatus
from onetext.views.escalation import BoardPoint, BriefData

__all__ = [
    "BRIEF_FORMATS",
    "brief_outline",
    "render_brief_docx",
    "render_brief_html",
    "render_brief_markdown",
    "render_brief_pdf",
    "write_brief",
]

BRIEF_FORMATS = (".md", ".html", ".docx", ".pdf")


_SECTIONS = (
    (PointStatus.ENDORSED, "Endorsed", "Points every principal has endorsed."),
    (
        PointStatus.AGREED_EXPERT,
        "Agreed at expert level, awaiting principals",
        "Provisional: nothing is agreed until everything is agreed.",
    ),
    (PointStatus.OPEN, "Open", "Points not yet accepted by every party."),
    (
        PointStatus.BLOCKED,
        "Blocked — escalated",
        "Points some party finds unacceptable, with their options and who blocks.",
    ),
)


def _point_item(point: BoardPoint, parties: list[str]) -> Item:
    head = f"Point {point.label}" + (f" — {point.heading}" if point.heading else "")
    item = Item(head, [point.text])
    if point.groups:
        item.lines.append(f"Working group: {', '.join(point.groups)}")
    if point.blocked_by:
        item.lines.append(f"Blocked by: {', '.join(point.blocked_by)}")
    for party in parties:
        mark = point.marks.get(party)
        if mark is None:
            item.lines.append(f"{party}: no mark")
            continue
        line = f"{party}: {mark.stance} ({mark.level}, {mark.visibility})"
        if mark.reconfirm:
            line += ", to be re-confirmed on this wording"
        if mark.note:
            line += f" — {mark.note}"
        item.lines.append(line)
    for option in point.options:
        line = f"Option {option.key}: {option.text or '(left out)'}"
        if option.parent:
            line += f" (inside option {option.parent})"
        stances = [f"{party} {stance}" for party, stance in option.stances.items()]
        if stances:
            line += f" — {', '.join(stances)}"
        elif option.unacceptable_to:
            line += f" (unacceptable to {', '.join(option.unacceptable_to)})"
        item.lines.append(line)
    return item


def _engine_section(brief: BriefData) -> Section:
    section = Section("Suggested package")
    run = brief.engine
    if run is None:
        section.intro = brief.engine_note
        return section
    result = run.result
    section.intro = f"Engine status: {result.get('status')} (objective {result.get('objective')})."
    package = result.get("package") or {}
    if package:
        section.items.append(
            Item("Package", [f"Point {point}: {option}" for point, option in package.items()])
        )
    utilities = result.get("utilities")
    if isinstance(utilities, dict):
        section.items.append(
            Item("Utilities", [f"{party}: {value:.1f}" for party, value in utilities.items()])
        )
    elif result.get("utility") is not None:
        section.items.append(
            Item("Your utility", [f"{result.get('party')}: {float(result['utility']):.1f}"])
        )
    if run.relax_in_words:
        section.items.append(Item("To open an acceptable package", list(run.relax_in_words)))
    return section


def brief_outline(brief: BriefData) -> Outline:
    """The brief as headings and lines, before any format."""
    board = brief.board
    facts = [
        f"Negotiation: {board.negotiation}",
        f"Version: {board.version}",
        f"Prepared for: {board.viewer}",
        f"Package: {board.package.words}",
    ]
    sections = []
    for status, title, intro in _SECTIONS:
        points = board.by_status(status)
        sections.append(
            Section(
                f"{title} ({len(points)})",
                intro,
                [_point_item(p, board.parties) for p in points],
            )
        )
    sections.append(_engine_section(brief))
    if brief.trades:
        sections.append(Section("Trades", "From the draft as tabled.", [Item("", brief.trades)]))
    return Outline(brief.title, facts, sections)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_brief_markdown(brief: BriefData) -> str:
    outline = brief_outline(brief)
    out = [f"# {_md(outline.title)}", ""]
    out += [f"- {_md(fact)}" for fact in outline.facts]
    for section in outline.sections:
        out += ["", f"## {_md(section.title)}", ""]
        if section.intro:
            out += [_md(section.intro), ""]
        for item in section.items:
            if item.head:
                out += [f"### {_md(item.head)}", ""]
            out += [f"- {_md(line)}" for line in item.lines]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSS = (
    "body{font-family:Georgia,serif;max-width:50em;margin:2em auto;color:#222}"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:1.6em}"
    "h3{font-size:1.05em;margin-bottom:.2em}ul{margin-top:.2em}"
    ".facts{color:#444}"
)


def render_brief_html(brief: BriefData) -> str:
    """A self-contained page: inline style, no scripts, every text escaped."""
    outline = brief_outline(brief)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(outline.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(outline.title)}</h1>",
        '<ul class="facts">' + "".join(f"<li>{e(f)}</li>" for f in outline.facts) + "</ul>",
    ]
    for section in outline.sections:
        out.append(f"<section><h2>{e(section.title)}</h2>")
        if section.intro:
            out.append(f"<p>{e(section.intro)}</p>")
        for item in section.items:
            if item.head:
                out.append(f"<h3>{e(item.head)}</h3>")
            out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in item.lines) + "</ul>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_brief_docx(brief: BriefData) -> bytes:
    from onetext.formats.xml_text import xml_safe

    found = brief_outline(brief)
    outline = Outline(
        xml_safe(found.title),
        [xml_safe(fact) for fact in found.facts],
        [
            Section(
                xml_safe(s.title),
                xml_safe(s.intro),
                [Item(xml_safe(i.head), [xml_safe(line) for line in i.lines]) for i in s.items],
            )
            for s in found.sections
        ],
    )
    document = docx.Document()
    document.add_heading(outline.title, level=0)
    for fact in outline.facts:
        document.add_paragraph(fact, style="List Bullet")
    for section in outline.sections:
        document.add_heading(section.title, level=1)
        if section.intro:
            document.add_paragraph(section.intro)
        for item in section.items:
            if item.head:
                document.add_heading(item.head, level=2)
            for line in item.lines:
                document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_brief_pdf(brief: BriefData) -> bytes:
    """The brief as PDF, from the same outline (see ``brief_pdf`` for the font)."""
    return render_outline_pdf(brief_outline(brief))


def write_brief(brief: BriefData, path: Path) -> str:
    """Write the brief in the format the file name asks for; returns that format."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        path.write_text(render_brief_markdown(brief), encoding="utf-8")
    elif suffix in {".html", ".htm"}:
        path.write_text(render_brief_html(brief), encoding="utf-8")
    elif suffix == ".docx":
        path.write_bytes(render_brief_docx(brief))
    elif suffix == ".pdf":
        path.write_bytes(render_brief_pdf(brief))
    else:
        raise InvalidInput(
            f"cannot write a brief as {path.name!r}: use a .md, .html, .docx or .pdf file name"
        )
    return suffix.lstrip(".")
