"""The brief as PDF: real files, read back with a PDF text extractor.

Extracted text is compared with all white space removed and without each
page's footer: the PDF wraps long lines (and breaks an over-long word anywhere)
and numbers its pages, so a note could otherwise hide across a line or page
break and make a "not in it" check pass for the wrong reason.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from test_brief_formats import brief_with
from test_escalation_confidentiality import (  # the same record and viewers as the other formats
    CASES,
    PARTIES,
    VIEWERS,
    Views,
    database,
    may_read,
    note_of,
    seen_by,
)

from onetext.errors import OnetextError
from onetext.formats.brief import BRIEF_FORMATS, render_brief_pdf, write_brief
from onetext.formats.brief_pdf import find_brief_font, render_outline_pdf
from onetext.model.escalation import PointStatus
from onetext.service.demo import demo_scenario
from onetext.views.escalation import EngineRun
from tests_support import CliResult, must

__all__ = ["database", "seen_by"]  # fixtures reused from the confidentiality matrix

Cli = Callable[..., CliResult]
NON_LATIN_1 = "Zürich – “quoted” — Łódź, Ελλάδα, Київ"


FOOTER = re.compile(r"\nPage \d+ of \d+$")


def pdf_text(data: bytes) -> str:
    """The words of every page, in order, without the page-number footers."""
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    assert all(FOOTER.search(page) for page in pages)
    return "\n".join(FOOTER.sub("", page) for page in pages)


def squash(text: str) -> str:
    return "".join(text.split())


def test_headings_points_and_parties_are_in_the_pdf() -> None:
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
    data = render_brief_pdf(brief_with("keep the mission small", PointStatus.BLOCKED, run))
    text = pdf_text(data)
    lines = text.splitlines()
    assert lines[0] == "Brief for principals — Talks"
    for heading in (
        "Endorsed (0)",
        "Agreed at expert level, awaiting principals (0)",
        "Open (0)",
        "Blocked — escalated (1)",
        "Suggested package",
        "Possible trades",
    ):
        assert heading in lines, heading
    assert "Point 7 — Monitoring <b>" in lines  # taken as text, never as markup
    assert "• A mission shall observe [weekly][daily]." in lines
    assert (
        "• north: unacceptable (expert level, shared with all parties) — keep the mission small"
        in lines
    )
    assert "• south: no stance recorded" in lines and "• Blocked by: north" in lines
    assert "• north: 70.0" in lines and "• south: 100.0" in lines
    assert "• north yields on point 7" in lines
    # the section titles are the PDF's bookmarks, the points nested under them
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == "Brief for principals — Talks"
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "Endorsed (0)",
        "Agreed at expert level, awaiting principals (0)",
        "Open (0)",
        "Blocked — escalated (1)",
        "Suggested package",
        "Possible trades",
    ]
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert [i.title for i in nested[0]] == ["Point 7 — Monitoring <b>"]


def test_non_latin_1_text_survives_the_round_trip() -> None:
    text = pdf_text(render_brief_pdf(brief_with(NON_LATIN_1, PointStatus.OPEN)))
    line = f"north: unacceptable (expert level, shared with all parties) — {NON_LATIN_1}"
    assert squash(line) in squash(text)  # the longer line may wrap


def test_the_page_count_alias_in_a_note_is_printed_as_written() -> None:
    text = pdf_text(render_brief_pdf(brief_with("see {nb} pages", PointStatus.OPEN)))
    assert "— see {nb} pages" in text


def test_a_character_without_a_glyph_shows_as_a_replacement_mark() -> None:
    text = pdf_text(render_brief_pdf(brief_with("price 中文 agreed", PointStatus.OPEN)))
    assert "price \ufffd\ufffd agreed" in text


def test_a_long_brief_runs_over_pages_and_loses_nothing() -> None:
    note = " ".join(f"WORD{n:04d}" for n in range(900))
    data = render_brief_pdf(brief_with(note, PointStatus.OPEN))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    assert squash(note) in squash(pdf_text(data))
    last = reader.pages[-1].extract_text()
    assert last.endswith(f"Page {len(reader.pages)} of {len(reader.pages)}")


FONT = find_brief_font()
GLYPHS = set(TTFont(FONT.regular).getBestCmap()) & set(TTFont(FONT.bold).getBestCmap())
# characters both faces of the font cover, across scripts, with markup and punctuation
COVERED = st.text(
    alphabet=(
        st.characters(categories=("L", "N", "P", "S", "Zs"), max_codepoint=0x4FF)
        | st.sampled_from("–—‘’“”„…•‰€")
    ).filter(lambda c: ord(c) in GLYPHS),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None)
@given(COVERED)
def test_notes_in_covered_scripts_come_back_word_for_word(note: str) -> None:
    text = pdf_text(render_brief_pdf(brief_with(note, PointStatus.BLOCKED)))
    assert squash(note) in squash(text)


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30))
def test_any_note_makes_a_readable_pdf(note: str) -> None:
    text = pdf_text(render_brief_pdf(brief_with(note, PointStatus.OPEN)))
    assert "Point 7 — Monitoring <b>" in text and "Option b: daily" in text


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_a_pdf_brief_shows_a_viewer_only_what_it_may_read(seen_by: Views, viewer: str) -> None:
    _board, brief = seen_by[viewer]
    text = squash(pdf_text(render_brief_pdf(brief)))
    for owner, visibility, stance in CASES:
        note = note_of(owner, visibility, stance)
        assert (note in text) is may_read(viewer, owner, visibility), (viewer, note)
    party = VIEWERS[viewer].party
    # the brief's words for utilities (issue 16): "how well it suits each party / you"
    if viewer in {"mediator", "operator"}:
        assert "Howwellitsuitseachparty" in text
    elif party in PARTIES:
        other = next(p for p in PARTIES if p != party)
        yours = text.lower().split("howwellitsuitsyou")
        assert len(yours) == 2 and f"{party}:" in yours[1]
        assert "Howwellitsuitseachparty" not in text and "Possibletrades" not in text
        assert f"{other}:" not in yours[1].split("possibletrades")[0]


def test_the_font_is_found_in_a_given_folder_or_refused_by_name(tmp_path: Path) -> None:
    default = find_brief_font()
    assert default.regular.is_file() and default.bold.is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(OnetextError, match="fonts-dejavu-core"):
        find_brief_font((empty,))
    half = tmp_path / "half"
    half.mkdir()
    shutil.copy(default.regular, half / default.regular.name)
    with pytest.raises(OnetextError):
        find_brief_font((half,))  # both faces or none: a brief is never half bold
    full = tmp_path / "full"
    full.mkdir()
    for face in (default.regular, default.bold):
        shutil.copy(face, full / face.name)
    found = find_brief_font((empty, half, full))
    assert found.regular == full / "DejaVuSans.ttf" and found.bold == full / "DejaVuSans-Bold.ttf"
    from onetext.formats.brief import brief_outline

    data = render_outline_pdf(brief_outline(brief_with(NON_LATIN_1, PointStatus.OPEN)), found)
    assert squash(NON_LATIN_1) in squash(pdf_text(data))  # the longer line may wrap


def test_write_brief_picks_pdf_from_the_suffix(tmp_path: Path) -> None:
    assert ".pdf" in BRIEF_FORMATS
    out = tmp_path / "Brief.PDF"
    assert write_brief(brief_with("fine", PointStatus.OPEN), out) == "pdf"
    assert "Brief for principals — Talks" in pdf_text(out.read_bytes())


# --- the command, on the demo record: a party's PDF keeps the other side's confidences


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("brief-pdf") / "onetext.db")
    must("demo", "--db", db, "--no-show")
    return db


def _paper_wording(paper: str) -> str:
    """The first point of a position paper given in caucus, as stored."""
    from importlib import resources

    file = next(d["file"] for d in demo_scenario()["documents"] if d["document"] == paper)
    text = resources.files("onetext.demo").joinpath(file).read_text("utf-8")
    first = next(line for line in text.splitlines() if line.startswith("**1.**"))
    return " ".join(first.removeprefix("**1.**").split()[:8])


def test_a_party_pdf_holds_no_confidence_of_the_other_side(
    cli: Cli, demo_db: str, tmp_path: Path
) -> None:
    secret = {
        m["note"]: m["visibility"]
        for m in demo_scenario()["marks"]
        if m["party"] == "ostrel" and m["visibility"] != "joint" and m.get("note")
    }
    assert secret
    out = tmp_path / "varnia.pdf"
    done = cli("brief", "--as-member", "varnia-expert", "--out", str(out), "--db", demo_db)
    assert done.code == 0, done.err
    assert squash(done.out) == squash(f"wrote the brief for principals (pdf) to {out}")
    text = squash(pdf_text(out.read_bytes()))
    # parties by name ("Republic of Varnia"), not by short name (issue 16)
    assert "Blocked—escalated" in text and "varnia" in text.lower() and "ostrel" in text.lower()
    for note in secret:
        assert squash(note) not in text, note
    mediator = tmp_path / "mediator.pdf"
    as_mediator = ("--as-member", "envoy-chief", "--db", demo_db)
    assert cli("brief", "--out", str(mediator), *as_mediator).code == 0
    markdown = tmp_path / "mediator.md"
    assert cli("brief", "--out", str(markdown), *as_mediator).code == 0
    in_markdown = squash(re.sub(r"\\(.)", r"\1", markdown.read_text("utf-8")))
    seen = squash(pdf_text(mediator.read_bytes()))
    # the mediator reads ostrel's caucus notes in force: the same ones in both formats
    caucus = [n for n, v in secret.items() if v == "caucus" and squash(n) in in_markdown]
    assert len(caucus) >= 5 and all(squash(n) in seen for n in caucus)


def test_a_caucus_paper_reaches_no_other_party_as_pdf(
    cli: Cli, demo_db: str, tmp_path: Path
) -> None:
    wording = squash(_paper_wording("ostrel-positions"))
    out = tmp_path / "paper.pdf"
    refused = cli(
        "brief",
        "--version",
        "ostrel-positions",
        "--as-member",
        "varnia-negotiator",
        "--out",
        str(out),
        "--db",
        demo_db,
    )
    assert refused.code in (3, 4) and not out.exists()
    assert wording not in squash(refused.out + refused.err)
    framework = tmp_path / "framework.pdf"
    as_varnia = ("--as-member", "varnia-negotiator", "--db", demo_db)
    assert cli("brief", "--out", str(framework), *as_varnia).code == 0
    assert wording not in squash(pdf_text(framework.read_bytes()))
    own = tmp_path / "own.pdf"
    as_mediator = ("--as-member", "envoy-chief", "--db", demo_db)
    assert cli("brief", "--version", "ostrel-positions", "--out", str(own), *as_mediator).code == 0
    assert wording in squash(pdf_text(own.read_bytes()))  # the mediator reads the paper


@pytest.mark.parametrize("name", ["brief.rtf", "brief", "brief.pdf.txt"])
def test_an_unknown_suffix_is_one_line_and_writes_nothing(
    cli: Cli, demo_db: str, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    done = cli("brief", "--out", str(out), "--db", demo_db)
    assert done.code == 2 and done.out == ""
    assert done.err.strip().count("\n") == 0 and ".pdf" in done.err
    assert "Traceback" not in done.err
    assert list(tmp_path.iterdir()) == []


def test_the_json_summary_names_the_pdf(cli: Cli, demo_db: str, tmp_path: Path) -> None:
    import json

    out = tmp_path / "b.pdf"
    done = cli("brief", "--version", "framework@1", "--out", str(out), "--json", "--db", demo_db)
    assert done.code == 0, done.err
    summary = json.loads(done.out)
    assert summary["format"] == "pdf" and summary["file"] == str(out)
    assert "Brief for principals" in pdf_text(out.read_bytes())
