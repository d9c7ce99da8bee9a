"""``onetext diff`` and ``onetext provenance`` on files, and the HTML and DOCX exports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from onetext.cli import app, main
from onetext.formats.drafts import load_draft, save_draft

FIXTURES = Path(__file__).parent / "fixtures"
V1, V2 = str(FIXTURES / "ceasefire_v1.txt"), str(FIXTURES / "ceasefire_v2.txt")
runner = CliRunner()


def test_align_cli_diff_json_follows_the_design_contract() -> None:
    result = runner.invoke(app, ["diff", V1, V2, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"changes"}
    kinds = {"unchanged", "reworded", "moved", "renumbered", "split", "merged", "added", "removed"}
    fields = {"kind", "old", "new", "similarity", "typographic", "old_text", "new_text"}
    for change in data["changes"]:
        assert set(change) == fields | {"redline"}
        assert change["kind"] in kinds
        assert 0.0 <= change["similarity"] <= 1.0
        ops = {s["op"] for s in change["redline"]}
        assert ops <= {"equal", "insert", "delete"}
        # The redline gives back both texts (up to whitespace).
        old = "".join(s["text"] for s in change["redline"] if s["op"] != "insert")
        new = "".join(s["text"] for s in change["redline"] if s["op"] != "delete")
        assert old.split() == change["old_text"].split()
        assert new.split() == change["new_text"].split()
    split = next(c for c in data["changes"] if c["kind"] == "split")
    assert (split["old"], split["new"], split["similarity"]) == (["3"], ["3", "4"], 1.0)
    # Unchanged entries only with --all.
    assert sorted({c["kind"] for c in data["changes"]}) == sorted(kinds - {"unchanged"})
    every = json.loads(runner.invoke(app, ["diff", V1, V2, "--json", "--all"]).stdout)
    assert sorted({c["kind"] for c in every["changes"]}) == sorted(kinds)
    assert len(every["changes"]) == len(data["changes"]) + 2


def test_align_cli_diff_text_keeps_word_diff_markers_when_piped(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("1. Troops shall number 600,000 in Europe.\n", encoding="utf-8")
    new.write_text("1. Troops shall number 800,000 in NATO.\n", encoding="utf-8")
    out = runner.invoke(app, ["diff", str(old), str(new)]).stdout
    assert "number [-600,000-]{+800,000+} in [-Europe-]{+NATO+}." in out


def test_align_cli_diff_marks_typography_only_changes(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("1. The Party's rules apply *mutatis mutandis*.\n2. Same.\n", encoding="utf-8")
    new.write_text("1. The Party’s rules apply mutatis mutandis.\n2. Same.\n", encoding="utf-8")
    quiet = json.loads(runner.invoke(app, ["diff", str(old), str(new), "--json"]).stdout)
    assert quiet == {"changes": []}
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "--json", "--all"]).stdout)
    first = data["changes"][0]
    assert (first["kind"], first["typographic"], first["similarity"]) == ("unchanged", True, 1.0)
    assert {"op": "insert", "text": "’"} in first["redline"]
    assert data["changes"][1]["typographic"] is False
    text = runner.invoke(app, ["diff", str(old), str(new), "--all"]).stdout
    assert "typography only" in text and "1 with typographic changes only" in text
    page = tmp_path / "page.html"
    assert runner.invoke(app, ["diff", str(old), str(new), "--html", str(page)]).exit_code == 0
    assert page.read_text(encoding="utf-8").count("<small>typography only</small>") == 1


def test_align_cli_diff_readable_output_shows_changes_and_redline() -> None:
    result = runner.invoke(app, ["diff", V1, V2])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "14 points → 14 points" in out
    assert "moved      7 → 13" in out and "split      3 → 3, 4" in out
    assert "multiple rocket launchers" in out  # the redline of the reworded point
    assert "unchanged  1 → 1" not in out  # unchanged points only with --all
    assert "unchanged  1 → 1" in runner.invoke(app, ["diff", V1, V2, "--all"]).stdout


def test_align_cli_diff_writes_html_and_docx(tmp_path: Path) -> None:
    html, report = tmp_path / "redline.html", tmp_path / "redline.docx"
    result = runner.invoke(app, ["diff", V1, V2, "--html", str(html), "--docx", str(report)])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page
    assert "<ins>and multiple rocket launchers </ins>" in page
    assert "<del>thirty </del><ins>forty </ins>" in page

    document = docx.Document(str(report))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Change", "Old", "New", "Similarity"]
    assert ["split", "3", "3, 4", "100%"] in [[c.text for c in r.cells] for r in table.rows]
    body = document.element.body
    inserted = ["".join(t.text for t in ins.iter(qn("w:t"))) for ins in body.iter(qn("w:ins"))]
    struck = ["".join(t.text for t in d.iter(qn("w:delText"))) for d in body.iter(qn("w:del"))]
    assert "forty " in inserted and "thirty " in struck
    assert any("exchange maps of minefields" in text for text in inserted)  # the added point
    marks = [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]
    assert all(m.get(qn("w:author")) == "onetext" for m in marks)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m.get(qn("w:date"))) for m in marks)
    ids = [m.get(qn("w:id")) for m in marks]
    assert len(set(ids)) == len(ids)
    # Deleted text sits only in w:delText, never in a w:t that Word would show as kept.
    assert all(not list(d.iter(qn("w:t"))) for d in body.iter(qn("w:del")))


def test_align_compare_docx_accept_all_gives_the_new_text(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from onetext.formats.compare_docx import write_comparison_docx
    from onetext.text.align import align

    old = load_draft(Path(V1)).points
    new = load_draft(Path(V2)).points
    alignment = align(old, new)
    path = tmp_path / "tracked.docx"
    when = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)
    write_comparison_docx(path, alignment, author="Secretariat", when=when)
    body = docx.Document(str(path)).element.body
    assert {m.get(qn("w:date")) for m in body.iter(qn("w:ins"))} == {"2026-11-30T01:02:03Z"}
    paragraphs = list(body.iter(qn("w:p")))

    def accepted(p: object, keep: str) -> str:
        out = []
        for node in p.iter(qn("w:t"), qn("w:delText"), qn("w:br")):  # type: ignore[attr-defined]
            inside_del = any(a.tag == qn("w:del") for a in node.iterancestors())
            inside_ins = any(a.tag == qn("w:ins") for a in node.iterancestors())
            if (keep == "new" and inside_del) or (keep == "old" and inside_ins):
                continue
            out.append("\n" if node.tag == qn("w:br") else node.text)
        return "".join(out)

    reworded = next(c for c in alignment.changes if c.kind.value == "reworded")
    want_new = new[reworded.new[0]].text
    want_old = old[reworded.old[0]].text
    assert any(accepted(p, "new").split() == want_new.split() for p in paragraphs)
    assert any(accepted(p, "old").split() == want_old.split() for p in paragraphs)


def test_align_cli_html_escapes_draft_text(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("1. The Parties shall meet.\n", encoding="utf-8")
    new.write_text(
        "1. The Parties shall meet <script>alert(1)</script> & talk.\n", encoding="utf-8"
    )
    page = tmp_path / "page.html"
    assert runner.invoke(app, ["diff", str(old), str(new), "--html", str(page)]).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text and "&amp; talk" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "file not found"),
        (["image.txt"], "binary"),
        (["draft.pdf"], "unsupported file type"),
        ([V2, "--html", "no/such/dir.html"], "cannot write the HTML redline"),
        ([V2, "--docx", "."], "cannot write the DOCX comparison"),
    ],
)
def test_align_cli_bad_files_give_one_clear_line(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["onetext", "diff", V1, *args])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_align_cli_console_script_reports_a_missing_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from onetext.cli import main; main()",
            "diff",
            V1,
            str(tmp_path / "missing.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: file not found: {tmp_path / 'missing.txt'}"


def test_align_cli_provenance(tmp_path: Path) -> None:
    north = f"north:position_paper={FIXTURES / 'north_position.md'}"
    result = runner.invoke(
        app, ["provenance", V2, "--source", f"mediator:draft={V1}", "--source", north, "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    point = next(p for p in data["points"] if p["label"] == "11")
    assert point["main"]["party"] == "north" and point["main"]["kind"] == "position_paper"
    assert (
        data["summary"][1]["text"] == "1 of 14 points derives mainly from north's position papers"
    )
    readable = runner.invoke(app, ["provenance", V2, "--source", V1]).stdout
    assert "ceasefire_v1's documents" in readable
    bad = runner.invoke(app, ["provenance", V2, "--source", "=x.txt"])
    assert bad.exit_code != 0


def test_align_cli_diff_reads_docx_drafts(tmp_path: Path) -> None:
    first = tmp_path / "first.docx"
    save_draft(first, load_draft(Path(V1)))
    from_docx = runner.invoke(app, ["diff", str(first), V2, "--json"])
    from_text = runner.invoke(app, ["diff", V1, V2, "--json"])
    assert from_docx.exit_code == 0, from_docx.output
    assert json.loads(from_docx.stdout) == json.loads(from_text.stdout)
