"""The brief is written for a head of delegation (issue 16): dated, classified, with
party names, the options' wording and plain words instead of the engine's jargon."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import docx
import pypdf
import pytest

from onetext.formats.brief import (
    render_brief_docx,
    render_brief_html,
    render_brief_markdown,
    render_brief_pdf,
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
from tests_support import build_small_record, must

JARGON = re.compile(
    r"\b(keep|drop|nash|maxmin|kalai|welfare|certified gap|tardos|objective)\b", re.I
)
NAMES = {"rep-ardania": "Republic of Ardania", "fed-borea": "Federation of Borea"}
BANNER = "CONFIDENTIAL — REPUBLIC OF ARDANIA DELEGATION ONLY"


def _point(label: str, text: str, options: list[BoardOption], status: PointStatus) -> BoardPoint:
    mark = BoardMark("reservations", "expert", "ard-expert", "caucus", "Hold firm.", False)
    return BoardPoint(
        label=label,
        heading=None,
        text=text,
        status=status,
        status_words=status.words,
        groups=[],
        marks={"rep-ardania": mark, "fed-borea": None},
        blocked_by=["fed-borea"] if status is PointStatus.BLOCKED else [],
        options=options,
    )


def _brief(result: dict[str, object]) -> BriefData:
    points = [
        _point(
            "4",
            "Heavy weapons shall be withdrawn [15 km][30 km] from the line.",
            [BoardOption("a", "15 km", []), BoardOption("b", "30 km", ["fed-borea"])],
            PointStatus.BLOCKED,
        ),
        _point("5", "Sanctions shall be lifted in stages.", [], PointStatus.OPEN),
        _point("6", "A joint commission shall meet monthly.", [], PointStatus.OPEN),
    ]
    board = Board(
        "ardania-borea",
        "framework@3",
        "rep-ardania/ard-principal",
        ["rep-ardania", "fed-borea"],
        points,
        PackageView.of(package_status(p.status for p in points)),
        version_tabled="2026-10-14T09:00:00+00:00",
        party_names=NAMES,
    )
    run = EngineRun("framework@3", "rep-ardania/ard-principal", True, result, [])
    return BriefData(
        "Brief for principals — Ardania and Borea",
        board,
        run,
        "",
        [],
        prepared_at="2026-10-20T16:45:00+00:00",
        classification=f"{BANNER}. Contains your delegation's private notes.",
    )


PACKAGE = {
    "status": "optimal",
    "objective": "nash",
    "package": {"4": "b", "5": "keep", "6": "drop"},
    "party": "rep-ardania",
    "utility": 61.5,
}
INFEASIBLE = {
    "status": "infeasible",
    "objective": "maxmin",
    "package": {},
    "party": "rep-ardania",
    "utility": None,
    "relax": [
        {"party": "rep-ardania", "point": "5", "option": "keep"},
        {"party": "rep-ardania", "point": "4", "option": "a"},
    ],
}


def _texts(brief: BriefData) -> dict[str, str]:
    pdf = pypdf.PdfReader(io.BytesIO(render_brief_pdf(brief)))
    return {
        "md": re.sub(r"\\(.)", r"\1", render_brief_markdown(brief)),
        "html": render_brief_html(brief),
        "docx": "\n".join(
            p.text for p in docx.Document(io.BytesIO(render_brief_docx(brief))).paragraphs
        ),
        "pdf": " ".join(" ".join(page.extract_text().split()) for page in pdf.pages),
    }


@pytest.mark.parametrize("result", [PACKAGE, INFEASIBLE], ids=["package", "infeasible"])
def test_every_format_is_dated_classified_and_names_the_parties(
    result: dict[str, object],
) -> None:
    for kind, text in _texts(_brief(result)).items():
        flat = " ".join(text.split()).split("<body>")[-1]
        assert BANNER in flat, kind
        assert flat.index(BANNER) < flat.index("Brief for principals"), kind  # on top
        assert "2026-10-20" in flat, kind  # the day it was prepared
        assert "framework@3, tabled 2026-10-14" in flat, kind
        assert "Republic of Ardania" in flat and "Federation of Borea" in flat, kind
        assert "rep-ardania" not in flat and "fed-borea" not in flat, kind
        assert not JARGON.search(flat), (kind, JARGON.search(flat))


def test_the_package_is_the_options_wording() -> None:
    markdown = _texts(_brief(PACKAGE))["md"]
    assert "Point 4: the wording “30 km”" in markdown
    assert "Point 5: as written: “Sanctions shall be lifted in stages.”" in markdown
    assert "Point 6: left out of the package" in markdown
    assert "most balanced gains" in markdown


def test_what_would_open_a_package_is_said_in_words() -> None:
    markdown = _texts(_brief(INFEASIBLE))["md"]
    assert "Republic of Ardania would have to accept point 5 as written" in markdown
    assert "Republic of Ardania would have to accept the wording “15 km” in point 4" in markdown
    assert "option 'a'" not in markdown


@pytest.fixture
def record(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> str:
    template = tmp_path_factory.mktemp("brief-template") / "talks.db"
    build_small_record(f"sqlite:///{template}")
    copy = tmp_path / "talks.db"
    shutil.copy(template, copy)
    return str(copy)


@pytest.mark.parametrize(
    ("member", "banner"),
    [
        ("n-expert", "CONFIDENTIAL — NORTH DELEGATION ONLY"),
        ("chief", "CONFIDENTIAL — MEDIATOR'S SECRETARIAT ONLY"),
    ],
)
def test_the_brief_from_the_record_is_classified_for_its_reader(
    record: str, tmp_path: Path, member: str, banner: str
) -> None:
    out = tmp_path / "brief.md"
    must("brief", "--out", str(out), "--as-member", member, "--db", record)
    text = re.sub(r"\\(.)", r"\1", out.read_text(encoding="utf-8"))
    assert text.startswith(f"**{banner}")
    assert re.search(r"Prepared on \d{4}-\d\d-\d\d \d\d:\d\d UTC", text)
    assert re.search(r"Text: framework@1, tabled \d{4}-\d\d-\d\d", text)
    # party names, not the short names the record uses
    assert "North:" in text and "South:" in text
    assert "north:" not in text and "south:" not in text
    assert not JARGON.search(text), JARGON.search(text)
    listed = json.loads(must("versions", "--db", record, "--json"))
    assert listed[0]["ref"] == "framework@1"
