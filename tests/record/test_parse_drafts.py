"""Parsing numbered drafts: the forms real drafts use, errors, and round trips."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onetext.errors import DocumentParseError, InvalidInput
from onetext.formats.drafts import load_draft, save_draft
from onetext.text.parse import Numbering, ParsedDraft, ParsedPoint, parse_draft
from onetext.text.render import render_draft

REAL_FORMS = """CEASEFIRE FRAMEWORK

Recalling the talks held in Lakemont,

PART I. CESSATION OF HOSTILITIES
1. The parties [shall][should] cease all hostilities within 24 hours.
2) The monitoring mission observes the line of contact
and reports weekly.
    (a) patrols along the line;
    (b) written reports to both parties.
12bis. An exchange of prisoners takes place [and its territorial waters].
Point 14: Humanitarian corridors open [within 30 days][within 60 days] and [daily][weekly].
Article 15 — Withdrawal
Heavy weapons are withdrawn 30 km from the line.
3(a). A sub-point numbered on its own.
"""


def test_real_forms_are_recognised() -> None:
    draft = parse_draft(REAL_FORMS)
    assert draft.title == "CEASEFIRE FRAMEWORK"
    assert draft.preamble == "Recalling the talks held in Lakemont,"
    # "3(a)." after Article 15 is a paragraph of that Article: its citation says so
    assert [p.label for p in draft.points] == ["1", "2", "12bis", "14", "15", "15.3(a)"]
    one, two, bis, fourteen, fifteen, _ = draft.points
    assert one.heading is None
    assert [(d.level, d.label, d.heading) for d in one.path] == [
        ("part", "PART I", "CESSATION OF HOSTILITIES")
    ]
    assert [(o.key, o.text) for o in one.options] == [("a", "shall"), ("b", "should")]
    assert two.text == (
        "The monitoring mission observes the line of contact and reports "
        "weekly.\n(a) patrols along the line;\n(b) written reports to both parties."
    )
    # a lone bracketed phrase may be kept or left out
    assert [(o.key, o.text) for o in bis.options] == [
        ("a", "and its territorial waters"),
        ("none", ""),
    ]
    assert [o.key for o in fourteen.options] == ["1a", "1b", "2a", "2b"]
    assert (fifteen.level, fifteen.number, fifteen.heading) == (
        "article",
        "Article 15",
        "Withdrawal",
    )
    assert fifteen.text == "Heavy weapons are withdrawn 30 km from the line."


def test_markdown_headings_title_and_emphasis() -> None:
    draft = parse_draft(
        "# The Title\n\nPreamble.\n\n## Security\n\n**1.** First.\n\n**2.** Second.\n",
        markdown=True,
    )
    assert draft.title == "The Title"
    assert [(p.label, p.heading, p.text) for p in draft.points] == [
        ("1", "Security", "First."),
        ("2", None, "Second."),
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Just a letter.\nNo numbers here at all.\n", "expected a numbered draft"),
        ("1. One.\n2. Two.\n1. One again.\n", "paragraph 1 appears twice"),
        ("1. The parties [shall cease.\n", r"unbalanced.*line 1, column 16"),
        ("1. Stray ] closing.\n2. Two.\n", r"never opened.*line 1, column 10"),
        ("1.\n2. Two.\n", "point 1 has no text"),
    ],
)
def test_malformed_drafts_say_what_was_expected_and_where(source: str, message: str) -> None:
    with pytest.raises(DocumentParseError, match=message):
        parse_draft(source)


def test_duplicate_label_names_the_line_where_parsing_stopped() -> None:
    with pytest.raises(DocumentParseError, match=r"first at line 1.*\(line 3\)"):
        parse_draft("1. One.\n2. Two.\n1. Again.\n")


def test_files_that_are_not_text_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "draft.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(DocumentParseError, match="binary"):
        load_draft(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("1. Caf\xe9.".encode("latin-1"))
    with pytest.raises(DocumentParseError, match="UTF-8"):
        load_draft(latin)
    fake = tmp_path / "fake.docx"
    fake.write_text("1. not a zip")
    with pytest.raises(DocumentParseError, match="not a DOCX"):
        load_draft(fake)
    with pytest.raises(InvalidInput, match="unsupported file type"):
        load_draft(tmp_path / "draft.pdf")
    with pytest.raises(InvalidInput, match="file not found"):
        load_draft(tmp_path / "missing.md")


def test_word_automatic_numbering_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Automatic Numbering Draft", style="Title")
    document.add_heading("Security", level=1)
    document.add_paragraph("The ceasefire holds.", style="List Number")
    document.add_paragraph("Monitors are deployed.", style="List Number")
    document.add_paragraph("along the line", style="List Number 2")
    document.add_paragraph("at the crossings", style="List Number 2")
    document.add_paragraph("Prisoners are exchanged [all for all][in stages].", style="List Number")
    path = tmp_path / "auto.docx"
    document.save(str(path))
    draft = load_draft(path)
    assert draft.title == "Automatic Numbering Draft"
    assert [p.label for p in draft.points] == ["1", "2", "3"]
    assert draft.points[0].heading == "Security"
    assert (
        draft.points[1].text == "Monitors are deployed.\n(a) along the line\n(b) at the crossings"
    )
    assert [o.text for o in draft.points[2].options] == ["all for all", "in stages"]


WORDS = st.sampled_from(
    [
        "the",
        "parties",
        "shall",
        "ensure",
        "monitoring",
        "of",
        "line",
        "contact",
        "within",
        "days",
        "prisoners",
        "corridor",
        "security",
        "guarantees",
        "withdrawal",
        "heavy",
        "weapons",
        "commission",
        "joint",
        "reconstruction",
        "fund",
        "amnesty",
        "elections",
        "sanctions",
        "relief",
        "territory",
    ]
)
SENTENCE = st.lists(WORDS, min_size=2, max_size=10).map(lambda ws: " ".join(ws).capitalize() + ".")
OPTION_GROUP = st.lists(
    st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=3
).map(lambda alts: "".join(f"[{a}]" for a in alts))
SUB_ITEMS = st.lists(SENTENCE, max_size=3).map(
    lambda items: [f"({chr(97 + i)}) {s}" for i, s in enumerate(items)]
)


@st.composite
def point_bodies(draw: st.DrawFn) -> str:
    head = draw(SENTENCE)
    if draw(st.booleans()):
        head = head[:-1] + " " + draw(OPTION_GROUP) + "."
    paragraphs = [head, *draw(SUB_ITEMS)]
    if draw(st.booleans()):
        paragraphs.append(draw(SENTENCE))
    return "\n".join(paragraphs)


def _units(draft: ParsedDraft) -> list[tuple[str, str, str | None, tuple[object, ...]]]:
    """What a flat draft says of each point (how the file prints markers aside)."""
    return [(p.label, p.text, p.heading, p.options) for p in draft.points]


@st.composite
def drafts(draw: st.DrawFn) -> ParsedDraft:
    count = draw(st.integers(min_value=1, max_value=12))
    numbers = sorted(draw(st.sets(st.integers(1, 400), min_size=count, max_size=count)))
    labels = [f"{n}{draw(st.sampled_from(['', '', 'bis', '(a)']))}" for n in numbers]
    labels = list(dict.fromkeys(labels))
    points = []
    for label in labels:
        text = draw(point_bodies())
        heading = draw(
            st.none()
            | st.sampled_from(["Security", "PRISONERS AND DETAINEES", "Humanitarian matters"])
        )
        parsed = parse_draft(f"1. {text}").points[0]
        points.append(ParsedPoint(label=label, text=text, heading=heading, options=parsed.options))
    title = draw(st.sampled_from(["FRAMEWORK FOR PEACE", "Draft Agreement on Prisoners"]))
    numbering = draw(st.sampled_from(list(Numbering)))
    return ParsedDraft(
        title=title,
        preamble=draw(st.sampled_from(["", "Recalling the talks."])),
        points=tuple(points),
        numbering=numbering,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(), st.booleans())
def test_text_and_markdown_round_trip_keep_every_point_label_and_option(
    draft: ParsedDraft, markdown: bool
) -> None:
    text = render_draft(
        draft.points,
        title=draft.title,
        preamble=draft.preamble,
        numbering=draft.numbering,
        markdown=markdown,
    )
    again = parse_draft(text, markdown=markdown)
    assert _units(again) == _units(draft)
    assert again.title == draft.title
    assert again.preamble == draft.preamble


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(drafts())
def test_docx_round_trip_keeps_every_point_label_and_option(
    tmp_path: Path, draft: ParsedDraft
) -> None:
    path = tmp_path / "draft.docx"
    save_draft(path, draft)
    again = load_draft(path)
    assert _units(again) == _units(draft)
    assert again.title == draft.title
