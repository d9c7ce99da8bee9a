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
from onetext.model.document import Option, describe_choice
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


#: the engine's objectives, as a head of delegation would say them
OBJECTIVE_WORDS = {
    "nash": "the most balanced gains for all parties",
    "maxmin": "the best deal for the party that gains least",
    "welfare": "the largest total gain",
    "kalai": "gains in proportion to what each party could hope for",
}


def _name(brief: BriefData, party: str) -> str:
    return brief.board.party_names.get(party, party)


def _names(brief: BriefData, parties: list[str]) -> str:
    return ", ".join(_name(brief, p) for p in parties)


def _level_words(level: str, visibility: str) -> str:
    shared = {
        "private": "not shared",
        "caucus": "shared with the mediator",
        "joint": "shared with all parties",
    }
    return f"{level} level, {shared.get(visibility, visibility)}"


def _point_item(brief: BriefData, point: BoardPoint) -> Item:
    head = f"Point {point.label}" + (f" — {point.heading}" if point.heading else "")
    item = Item(head, [point.text])
    if point.groups:
        item.lines.append(f"Working group: {', '.join(point.groups)}")
    if point.blocked_by:
        item.lines.append(f"Blocked by: {_names(brief, point.blocked_by)}")
    for party in brief.board.parties:
        mark = point.marks.get(party)
        if mark is None:
            item.lines.append(f"{_name(brief, party)}: no stance recorded")
            continue
        line = f"{_name(brief, party)}: {mark.stance} ({_level_words(mark.level, mark.visibility)})"
        if mark.reconfirm:
            line += ", to be re-confirmed on this wording"
        if mark.note:
            line += f" — {mark.note}"
        item.lines.append(line)
    for option in point.options:
        line = f"Option {option.key}: {option.text or '(left out)'}"
        if option.parent:
            line += f" (inside option {option.parent})"
        stances = [f"{_name(brief, party)} {stance}" for party, stance in option.stances.items()]
        if stances:
            line += f" — {', '.join(stances)}"
        elif option.unacceptable_to:
            line += f" (unacceptable to {_names(brief, option.unacceptable_to)})"
        item.lines.append(line)
    return item


def _choice_words(brief: BriefData, label: str, choice: str) -> str:
    """What the engine's choice for a point means in the text: the option's wording,
    the point as written, or the point left out."""
    point = next((p for p in brief.board.points if p.label == label), None)
    if choice == "keep":
        return "as written" if point is None else f"as written: “{point.text}”"
    if choice == "drop":
        return "left out of the package"
    if point is None:
        return f"option {choice}"
    options = [Option(o.key, o.text, o.group, o.parent) for o in point.options]
    return f"the wording {describe_choice(options, choice)}"


def _relax_words(brief: BriefData, entry: dict[str, object]) -> str:
    party = _name(brief, str(entry.get("party", "")))
    if "reservation" in entry:
        return f"{party} would have to accept less than the least it said it could accept"
    label, choice = str(entry.get("point", "")), str(entry.get("option", ""))
    if choice == "keep":
        return f"{party} would have to accept point {label} as written"
    if choice == "drop":
        return f"{party} would have to accept leaving point {label} out"
    return f"{party} would have to accept {_choice_words(brief, label, choice)} in point {label}"


def _engine_section(brief: BriefData) -> Section:
    section = Section("Suggested package")
    run = brief.engine
    if run is None:
        section.intro = brief.engine_note
        return section
    result = run.result
    aim = OBJECTIVE_WORDS.get(str(result.get("objective")), "a balanced outcome")
    if result.get("status") == "optimal":
        section.intro = (
            f"The mediator's tool looked for the package that gives {aim}, "
            "from the stances recorded so far. It is a suggestion, not an agreement."
        )
    else:
        section.intro = (
            "As the stances stand, no package is acceptable to every party: "
            "some party rejects every way of settling at least one point."
        )
    package = result.get("package") or {}
    if package:
        section.items.append(
            Item(
                "Package",
                [
                    f"Point {point}: {_choice_words(brief, str(point), str(choice))}"
                    for point, choice in package.items()
                ],
            )
        )
    utilities = result.get("utilities")
    if isinstance(utilities, dict):
        section.items.append(
            Item(
                "How well it suits each party (higher is better)",
                [f"{_name(brief, party)}: {value:.1f}" for party, value in utilities.items()],
            )
        )
    elif result.get("utility") is not None:
        section.items.append(
            Item(
                "How well it suits you (higher is better)",
                [f"{_name(brief, str(result.get('party')))}: {float(result['utility']):.1f}"],
            )
        )
    relax = result.get("relax")
    if isinstance(relax, list) and relax:
        section.items.append(
            Item("What would open an acceptable package", [_relax_words(brief, r) for r in relax])
        )
    elif run.relax_in_words:
        section.items.append(
            Item("What would open an acceptable package", list(run.relax_in_words))
        )
    return section


def brief_outline(brief: BriefData) -> Outline:
    """The brief as headings and lines, before any format: dated, classified, with
    party names and the options' wording, in words a head of delegation uses."""
    board = brief.board
    viewer_party, _, viewer_handle = board.viewer.partition("/")
    reader = (
        f"{_name(brief, viewer_party)} ({viewer_handle})"
        if viewer_handle
        else "the mediator's secretariat"
    )
    shown = f"Text: {board.version}"
    if board.version_tabled:
        shown += f", tabled {board.version_tabled[:10]}"
    facts = [shown]
    if brief.prepared_at:
        facts.append(f"Prepared on {brief.prepared_at[:16].replace('T', ' ')} UTC")
    facts += [f"Prepared for: {reader}", f"Where things stand: {board.package.words}"]
    sections = []
    for status, title, intro in _SECTIONS:
        points = board.by_status(status)
        sections.append(
            Section(
                f"{title} ({len(points)})",
                intro,
                [_point_item(brief, p) for p in points],
            )
        )
    sections.append(_engine_section(brief))
    if brief.trades:
        sections.append(
            Section("Possible trades", "From the draft as tabled.", [Item("", brief.trades)])
        )
    return Outline(brief.title, facts, sections, banner=brief.classification)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_brief_markdown(brief: BriefData) -> str:
    outline = brief_outline(brief)
    out = [f"**{_md(outline.banner)}**", ""] if outline.banner else []
    out += [f"# {_md(outline.title)}", ""]
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
    ".banner{border:2px solid #900;color:#900;font-weight:bold;text-align:center;padding:.3em}"
)


def render_brief_html(brief: BriefData) -> str:
    """A self-contained page: inline style, no scripts, every text escaped."""
    outline = brief_outline(brief)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(outline.title)}</title><style>{_CSS}</style></head><body>",
        f'<p class="banner" role="note">{e(outline.banner)}</p>' if outline.banner else "",
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
        banner=xml_safe(found.banner),
    )
    document = docx.Document()
    if outline.banner:
        document.add_paragraph().add_run(outline.banner).bold = True
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
