"""The brief's three formats carry the same words, escaped, whatever the notes say."""

from __future__ import annotations

import html
import io
import re

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.formats.brief import (
    render_brief_docx,
    render_brief_html,
    render_brief_markdown,
)
from onetext.model.escalation import PointStatus, package_status
from onetext.views.escalation import (
    Board,
    BoardMark,
    BoardOption,
    BoardPoint,
    BriefData,
    EngineRun,
    PackageView,
)

# text python-docx can store (XML 1.0 characters), including markup and Markdown
NOTE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")


def brief_with(note: str, status: PointStatus, engine: EngineRun | None = None) -> BriefData:
    mark = BoardMark("unacceptable", "expert", "n-expert", "joint", note, False)
    point = BoardPoint(
        label="7",
        heading="Monitoring <b>",
        text="A mission shall observe [weekly][daily].",
        status=status,
        status_words=status.words,
        groups=["security"],
        marks={"north": mark, "south": None},
        blocked_by=["north"] if status is PointStatus.BLOCKED else [],
        options=[BoardOption("a", "weekly", ["north"]), BoardOption("b", "daily", [])],
    )
    board = Board(
        "talks",
        "framework@1",
        "operator:operator",
        ["north", "south"],
        [point],
        PackageView.of(package_status([status])),
    )
    return BriefData(
        "Brief for principals — Talks", board, engine, "no engine here", ["north yields on point 7"]
    )


@settings(max_examples=60, deadline=None)
@given(NOTE, st.sampled_from(list(PointStatus)))
def test_notes_are_escaped_and_present_in_every_format(note: str, status: PointStatus) -> None:
    brief = brief_with(note, status)
    page = render_brief_html(brief)
    assert html.escape(note) in page
    body = page.split("<body>", 1)[1]
    # no tag comes from the data: every "<" in the body opens one of our own tags
    assert set(re.findall(r"<(/?[a-z0-9]+)", body)) <= {
        "h1",
        "/h1",
        "h2",
        "/h2",
        "h3",
        "/h3",
        "ul",
        "/ul",
        "li",
        "/li",
        "p",
        "/p",
        "section",
        "/section",
        "/body",
        "/html",
    }
    words = " ".join(note.split())
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_brief_docx(brief))).paragraphs)
    assert note in text
    markdown = render_brief_markdown(brief)
    unescaped = re.sub(r"\\(.)", r"\1", markdown)
    assert words in unescaped
    heading = {
        PointStatus.BLOCKED: "Blocked — escalated (1)",
        PointStatus.AGREED_EXPERT: "Agreed at expert level, awaiting principals (1)",
        PointStatus.OPEN: "Open (1)",
        PointStatus.ENDORSED: "Endorsed (1)",
    }[status]
    assert f"## {heading}" in markdown and heading in text and html.escape(heading) in page


def test_engine_and_trades_sections() -> None:
    run = EngineRun(
        version="framework@1",
        viewer="operator:operator",
        blind=False,
        result={
            "status": "optimal",
            "objective": "nash",
            "package": {"7": "b"},
            "utilities": {"north": 70.0, "south": 100.0},
        },
        relax_in_words=[],
    )
    markdown = render_brief_markdown(brief_with("fine", PointStatus.OPEN, run))
    assert "- Point 7: the wording “daily”" in markdown  # the option's text, not its key
    assert "- north: 70.0" in markdown and "- south: 100.0" in markdown
    assert "## Possible trades" in markdown and "north yields on point 7" in markdown
    blind = EngineRun(
        version="framework@1",
        viewer="north/n-expert",
        blind=True,
        result={
            "party": "north",
            "status": "optimal",
            "objective": "nash",
            "package": {"7": "b"},
            "utility": 70.0,
        },
        relax_in_words=[],
    )
    markdown = render_brief_markdown(brief_with("fine", PointStatus.OPEN, blind))
    assert (
        "### How well it suits you" in markdown
        and "south" not in markdown.split("## Suggested")[1].split("## Possible trades")[0]
    )
    assert "no engine here" in render_brief_markdown(brief_with("x", PointStatus.OPEN))
