"""`onetext brackets` on the worked example of docs/brackets.md: the numbers the docs
quote, the JSON, the chart, and one-line refusals that write nothing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bracket_support import ROOT, worked_example

from tests_support import run_cli

DOC = ROOT / "docs" / "brackets.md"
CHART = ROOT / "docs" / "brackets-burndown.svg"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("example") / "lindmark.db")
    assert worked_example().build_example(db) == ["basin@1", "basin@2", "basin@3"]
    return db


def brackets(db: str, *args: str) -> dict[str, object]:
    result = run_cli("brackets", "basin", *args, "--json", "--db", db)
    assert result.code == 0, result.err
    loaded: dict[str, object] = json.loads(result.out)
    return loaded


def docs_rows(marker: str) -> list[list[str]]:
    """The rows of the Markdown table that follows ``marker`` in docs/brackets.md."""
    text = DOC.read_text(encoding="utf-8")
    after = text[text.index(marker) :]
    table: list[list[str]] = []
    for line in after.splitlines()[1:]:
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip("|").split("|")])
        elif table:
            break
    assert len(table) > 2, f"no table after {marker} in {DOC}"
    return table[2:]  # after the header and its rule


def test_the_burndown_is_the_one_the_docs_quote(example_db: str) -> None:
    chart = brackets(example_db, "--burndown")
    steps = chart["steps"]
    assert isinstance(steps, list)
    got = [
        [
            s["ref"],
            s["created_at"][:10],
            *(str(s[k]) for k in ("spans", "options", "bracketed_units", "units")),
        ]
        for s in steps
    ]
    assert got == docs_rows("<!-- burndown table -->")
    assert [s["spans"] for s in steps] == [44, 18, 2]


def test_a_version_by_article_is_the_one_the_docs_quote(example_db: str) -> None:
    first = brackets(example_db, "--version", "1")
    articles = first["articles"]
    assert isinstance(articles, list)
    got = [
        [
            f"Article {a['article']}",
            *(str(a[k]) for k in ("spans", "options", "bracketed_units", "units")),
        ]
        for a in articles
    ]
    got.append(["preamble", str(first["preamble_spans"]), str(first["preamble_options"]), "", ""])
    got.append(
        ["total", *(str(first[k]) for k in ("spans", "options", "bracketed_units", "units"))]
    )
    assert got == [[cell.strip("*") for cell in row] for row in docs_rows("<!-- basin@1 table -->")]


def test_the_latest_version_by_default(example_db: str) -> None:
    latest = brackets(example_db)
    assert latest["ref"] == "basin@3"
    assert (latest["spans"], latest["options"], latest["bracketed_units"]) == (2, 2, 1)
    assert latest["notes"] == 1  # the footnote marker of Article 1.2 is no bracket


def test_people_read_a_table(example_db: str) -> None:
    result = run_cli("brackets", "basin", "--version", "2", "--db", example_db)
    assert result.code == 0
    assert "basin@2" in result.out and "Article" in result.out and "total" in result.out
    assert re.search(r"total\s*│\s*18\s*│\s*16\s*│\s*9\s*│\s*12", result.out)
    burndown = run_cli("brackets", "basin", "--burndown", "--db", example_db)
    assert burndown.code == 0
    assert [
        line.split("│")[1].strip()
        for line in burndown.out.splitlines()
        if "basin@" in line and "│" in line
    ] == [
        "basin@1",
        "basin@2",
        "basin@3",
    ]


def test_the_chart_is_an_svg_with_every_version(example_db: str, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    chart = brackets(example_db, "--burndown", "--svg", str(target))
    assert chart["document"] == "basin"
    root = ElementTree.parse(target).getroot()
    assert root.tag == f"{SVG}svg"
    words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for needed in ("basin@1", "basin@2", "basin@3", "2026-10-05", "44", "18"):
        assert needed in words
    again = tmp_path / "again.svg"
    brackets(example_db, "--burndown", "--svg", str(again))
    assert again.read_bytes() == target.read_bytes()  # reproducible: no date, fixed ids
    png = tmp_path / "chart.png"
    brackets(example_db, "--burndown", "--svg", str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_committed_chart_shows_the_example() -> None:
    root = ElementTree.parse(CHART).getroot()
    words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for needed in ("basin@1", "basin@3", "44", "41", "12"):
        assert needed in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--svg", "{out}/x.svg"], "--lineage and --svg go with --burndown"),
        (["--lineage"], "--lineage and --svg go with --burndown"),
        (["--burndown", "--version", "2"], "--burndown shows them all"),
        (["--burndown", "--svg", "{out}/x.txt"], "use a .svg or .png file name"),
        (["--burndown", "--svg", "{out}/missing/x.svg"], "does not exist"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    example_db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_cli(
        "brackets", "basin", *(a.format(out=tmp_path) for a in args), "--db", example_db
    )
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err and result.out == ""
    assert list(tmp_path.iterdir()) == []


def test_unknown_documents_and_versions(example_db: str) -> None:
    unknown = run_cli("brackets", "basins", "--db", example_db)
    assert unknown.code == 3 and "unknown document 'basins'" in unknown.err
    later = run_cli("brackets", "basin", "--version", "4", "--db", example_db)
    assert later.code == 3 and "no version 'basin@4'" in later.err
    zero = run_cli("brackets", "basin", "--version", "0", "--db", example_db)
    assert zero.code == 2
